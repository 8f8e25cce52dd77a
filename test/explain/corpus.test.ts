// The corpus: realistic inputs people paste after the real Entra refused them (error bodies, SDK
// messages, Chrome/Fiddler HARs, curl commands, raw HTTP), each in test/fixtures/explain/<case>/
// with an optional manifest.json and expected.json:
//   { "description", "exit": 0 | 1, "codes": [first = the first finding's code, all must appear;
//     null for a finding without a code, e.g. a problem seen in the request alone],
//     "observed"?: false (the first finding is predicted, not returned by Entra), "tags"?: [...],
//     "fix"?: [phrases in the findings' fixes], "why"?: [phrases in their evidence],
//     "text"?: [phrases in the text output], "notText"?: [phrases that must appear in neither output],
//     "once"?: [values the text output prints exactly once (trace and correlation ids)],
//     "stderr"?: [phrases in the error output, for exit 1], "secrets"?: [values that must never be printed] }
// Every case is run in text and --json mode, and both outputs are scanned for every secret-ish value
// of the input — also with the scrubbing safety net switched off, to prove nothing prints them.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExplain, type ExplainIo } from '../../src/explain/cli.js';
import { diagnose } from '../../src/explain/diagnose.js';
import { parseInput } from '../../src/explain/parse/index.js';
import { readManifest } from '../../src/manifest/read.js';
import { renderJson, renderText } from '../../src/explain/render.js';
import type { Report } from '../../src/explain/report.js';
import { secretValues } from '../../src/explain/secrets.js';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'explain');
const NOW = new Date('2026-11-26T12:00:00Z');

interface Expected {
  description: string;
  exit: 0 | 1;
  codes: Array<number | null>;
  observed?: boolean;
  tags?: string[];
  fix?: string[];
  why?: string[];
  text?: string[];
  notText?: string[];
  once?: string[];
  stderr?: string[];
  secrets?: string[];
}

const cases = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function memoryIo(): ExplainIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
    readFile: async (p: string) => readFileSync(p, 'utf8'),
    readStdin: async () => '',
    now: () => NOW,
  };
  return io;
}

async function run(args: string[]) {
  const io = memoryIo();
  const code = await runExplain(args, io);
  return { code, out: io.out, err: io.err };
}

function inputFile(dir: string): string {
  const name = readdirSync(dir).find((f) => f.startsWith('input.'));
  if (!name) throw new Error(`${dir} has no input.* file`);
  return join(dir, name);
}

/** A secret must not appear as is, JSON-escaped, or form-encoded. */
function expectAbsent(output: string, secret: string, where: string) {
  for (const variant of new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])) {
    if (output.includes(variant)) throw new Error(`${where} contains a secret value (${secret.length} characters, starting ${JSON.stringify(secret.slice(0, 4))})`);
  }
}

describe('entrada explain corpus', () => {
  it('has at least 25 cases covering every required diagnosis', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    const expected = cases.map((c) => JSON.parse(readFileSync(join(ROOT, c, 'expected.json'), 'utf8')) as Expected);
    const covered = new Set(expected.flatMap((e) => e.codes));
    for (const code of [7000218, 700025, 9002326, 9002327, 9002325, 50011, 54005, 7000215, 7000222, 700016, 90002, 1002012, 65001, 50126, 901002, 700038, 50194, 50105]) {
      expect(covered, `code ${code}`).toContain(code);
    }
    // Issue 13's classes: each has a case of its own (inputs written for this corpus).
    const tags = new Set(expected.flatMap((e) => e.tags ?? []));
    for (const tag of ['wrapped-codes', 'client-id', 'client-id-mismatch', 'single-tenant-alias', 'login-host', 'cloud', 'authority-path', 'v1-scope', 'model-differs', 'placeholder-redirect-uri', 'secret-in-url']) {
      expect(tags, `tag ${tag}`).toContain(tag);
    }
    expect(expected.filter((e) => e.exit === 1 && e.stderr).length, 'a broken-input case').toBeGreaterThan(0);
    expect(expected.filter((e) => (e.once ?? []).length > 0).length, 'an ids-printed-once case').toBeGreaterThan(0);
    expect(expected.filter((e) => (e.notText ?? []).length > 0).length, 'an advice-that-must-not-appear case').toBeGreaterThan(0);
  });

  it.each(cases)('%s', async (name) => {
    const dir = join(ROOT, name);
    const exp = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
    const input = inputFile(dir);
    const manifestPath = join(dir, 'manifest.json');
    const args = [input, ...(existsSync(manifestPath) ? ['--manifest', manifestPath] : [])];

    const text = await run(args);
    const json = await run([...args, '--json']);
    expect(text.code, text.err).toBe(exp.exit);
    expect(json.code, json.err).toBe(exp.exit);
    const report = JSON.parse(json.out) as Report;

    if (exp.exit === 1) {
      expect(report.requests).toHaveLength(0);
      for (const phrase of exp.stderr ?? ['found nothing to explain']) expect(text.err).toContain(phrase);
      return;
    }

    const findings = report.findings;
    expect(findings.length, text.out).toBeGreaterThan(0);
    expect(findings[0].code, text.out).toBe(exp.codes[0]);
    expect(findings[0].observed, text.out).toBe(exp.observed ?? true);
    const codes = findings.map((f) => f.code);
    for (const c of exp.codes) expect(codes, text.out).toContain(c);
    const tags = findings.flatMap((f) => f.tags);
    for (const t of exp.tags ?? []) expect(tags, text.out).toContain(t);
    const fixes = findings.flatMap((f) => f.fix).join('\n');
    for (const phrase of exp.fix ?? []) expect(fixes, text.out).toContain(phrase);
    const whys = findings.flatMap((f) => f.why).join('\n');
    for (const phrase of exp.why ?? []) expect(whys, text.out).toContain(phrase);
    for (const phrase of exp.text ?? []) expect(text.out).toContain(phrase);
    for (const phrase of exp.notText ?? []) {
      expect(text.out).not.toContain(phrase);
      expect(json.out).not.toContain(phrase);
    }
    for (const id of exp.once ?? []) expect(text.out.split(id).length - 1, `${id} in\n${text.out}`).toBe(1);

    // Never a secret: neither through the CLI, nor (safety net off) from the renderers themselves.
    const raw = readFileSync(input, 'utf8');
    const parsed = parseInput(raw);
    const secrets = [...secretValues(parsed.exchanges), ...(exp.secrets ?? [])];
    const manifest = existsSync(manifestPath) ? manifestContext(readFileSync(manifestPath, 'utf8')) : null;
    const unscrubbed = diagnose({ parsed, manifest, now: NOW });
    const outputs: Array<[string, string]> = [
      ['text output', text.out],
      ['JSON output', json.out],
      ['unscrubbed text', renderText(unscrubbed, [])],
      ['unscrubbed JSON', renderJson(unscrubbed, [])],
    ];
    for (const [where, output] of outputs) {
      for (const s of secrets) expectAbsent(output, s, where);
      expect(output, where).not.toContain('(redacted)');
    }
  });
});

function manifestContext(text: string) {
  const j = JSON.parse(text) as Record<string, unknown>;
  const r = readManifest(j, '00000000-0000-0000-0000-000000000000');
  if (!r.ok) throw new Error(r.errors.join('; '));
  const { ok: _ok, ...read } = r;
  return { read, publisherDomain: typeof j['publisherDomain'] === 'string' ? j['publisherDomain'] : null };
}
