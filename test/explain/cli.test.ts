import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExplain, type ExplainIo } from '../../src/explain/cli.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const ROPC = join(FIXTURES, 'explain', 'ropc-7000218-curl', 'input.txt');

function io(files: Record<string, string> = {}, stdin = '') {
  const x = {
    out: '',
    err: '',
    stdout: (t: string) => {
      x.out += t;
    },
    stderr: (t: string) => {
      x.err += t;
    },
    readFile: async (p: string) => {
      if (p in files) return files[p];
      return readFileSync(p, 'utf8');
    },
    readStdin: async () => stdin,
    now: () => new Date('2026-11-26T12:00:00Z'),
  } satisfies ExplainIo & { out: string; err: string };
  return x;
}

describe('entrada explain (command line)', () => {
  it('usage errors exit 2', async () => {
    for (const argv of [[], ['--bogus', ROPC], [ROPC, ROPC], [ROPC, '--manifest'], ['/nonexistent/file.txt']]) {
      const x = io();
      expect(await runExplain(argv, x), argv.join(' ')).toBe(2);
      expect(x.err).toMatch(/entrada explain: /);
    }
  });

  it('a manifest that cannot be read, is not JSON, or is not a manifest: exit 2', async () => {
    const files = { 'bad.json': '{not json', 'other.json': '{"hello":"world"}' };
    for (const m of ['/nonexistent/manifest.json', 'bad.json', 'other.json']) {
      const x = io(files);
      expect(await runExplain([ROPC, '--manifest', m], x), m).toBe(2);
    }
    const x = io(files);
    await runExplain([ROPC, '--manifest=other.json'], x);
    expect(x.err).toContain('none of the fields of an app manifest');
  });

  it("a binary manifest: exit 2, and none of its bytes are echoed", async () => {
    const bytes = 'PK\u0003\u0004\u0014\u0000\u0008\u0000SECRETBYTES\uFFFD\uFFFD';
    const x = io({ 'm.zip': bytes });
    expect(await runExplain([ROPC, '--manifest', 'm.zip'], x)).toBe(2);
    expect(x.err).toContain('it is a binary file');
    expect(x.err).not.toContain('SECRETBYTES');
    expect(x.err).not.toContain('PK');
  });

  it('broken or truncated JSON: says so, exits 1, describes no request', async () => {
    const har = readFileSync(join(FIXTURES, 'explain', 'code-reused-54005-har', 'input.har'), 'utf8');
    const files = { 'cut.har': har.slice(0, Math.floor(har.length / 2)) };
    const x = io(files);
    expect(await runExplain(['cut.har'], x)).toBe(1);
    expect(x.out).toBe('');
    expect(x.err).toContain('cut.har: the input is not valid JSON: the HAR file is cut off after');
    const j = io(files);
    expect(await runExplain(['cut.har', '--json'], j)).toBe(1);
    expect(JSON.parse(j.out)).toMatchObject({ input: { kind: 'har', requests: 0 }, requests: [], findings: [] });
  });

  it('--help prints the usage and exits 0', async () => {
    const x = io();
    expect(await runExplain(['--help'], x)).toBe(0);
    expect(x.out).toContain('Usage: entrada explain <file|-> [--manifest FILE] [--json]');
  });

  it('reads stdin with -, and --json before the file is not taken as its value', async () => {
    const x = io({}, readFileSync(ROPC, 'utf8'));
    expect(await runExplain(['--json', '-'], x)).toBe(0);
    const report = JSON.parse(x.out) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['version', 'input', 'manifest', 'requests', 'findings']);
    expect(report['version']).toBe(1);
  });

  it('nothing recognised: exit 1, with the formats it accepts', async () => {
    const x = io({ 'n.txt': 'hello world' });
    expect(await runExplain(['n.txt'], x)).toBe(1);
    expect(x.err).toContain('a HAR file');
    const j = io({ 'n.txt': 'hello world' });
    expect(await runExplain(['n.txt', '--json'], j)).toBe(1);
    expect(JSON.parse(j.out)).toMatchObject({ requests: [], findings: [] });
  });

  it('the JSON shape: stable field names on requests and findings', async () => {
    const x = io();
    await runExplain([ROPC, '--json'], x);
    const report = JSON.parse(x.out) as { requests: Array<Record<string, unknown>>; findings: Array<Record<string, unknown>> };
    expect(Object.keys(report.requests[0])).toEqual([
      'index', 'source', 'method', 'url', 'endpoint', 'grantType', 'grantKind', 'responseType', 'clientId', 'redirectUri', 'credentials',
      'origin', 'scope', 'resource', 'username', 'pkce', 'secrets', 'library', 'notes', 'response', 'decision',
    ]);
    expect(Object.keys(report.findings[0])).toEqual(['request', 'code', 'title', 'observed', 'tags', 'why', 'fix']);
    expect(report.requests[0]['decision']).toMatchObject({ basis: 'scenarios', grant: 'password' });
  });

  it('escapes control characters from the input in text mode', async () => {
    const x = io({ 'e.txt': 'AADSTS50011: The redirect URI \'http://x/\u001b[31mred\' specified in the request does not match' });
    await runExplain(['e.txt'], x);
    expect(x.out).not.toContain('\u001b');
    expect(x.out).toContain('\\u001b');
  });
});
