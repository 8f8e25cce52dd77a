// The built `entrada` command, spawned as a user runs it (npm test builds dist/ first; in a
// local run, `npm run build` before): strict arguments, where the data is, no database created
// where there is none, --json, server.json, a busy port, and what `--help` loads. Few and fast:
// one successful start in all.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/open.js';
import { DAEMON } from '../support/demo-seed.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'entrada.cjs');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a user who set nothing of Entrada's. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ENTRADA_PASSWORD_HASH_COST: '14', ...extra };
  for (const name of ['ENTRADA_HOME', 'ENTRADA_DATABASE_URL', 'ENTRADA_URL', 'ENTRADA_PORT', 'ENTRADA_SEED', 'NODE_EXTRA_CA_CERTS']) delete env[name];
  return env;
}

function entrada(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: options.env ?? cleanEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

let dir: string;
beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
  dir = mkdtempSync(join(tmpdir(), 'entrada-strict-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('strict arguments', () => {
  it('start --prot 9843: exit 2 naming --port, and nothing started or created', async () => {
    const home = join(dir, 'typo-home');
    const r = await entrada(['start', '--prot', '9843', '--home', home]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("entrada: 'entrada start' has no flag --prot; did you mean --port?");
    expect(r.stderr).toContain('Usage:\n  entrada start [--seed FILE]');
    expect(r.stdout).toBe('');
    expect(existsSync(home)).toBe(false);
  });

  it('an unknown command: exit 2 with the closest; no command: the usage, exit 0; --help after a command: its usage', async () => {
    const unknown = await entrada(['frobnicate']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toBe("entrada: unknown command 'entrada frobnicate'. `entrada --help` lists the commands.\n");
    const typo = await entrada(['lgos', '--json']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown command 'entrada lgos'; did you mean logs?");
    const none = await entrada([]);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/^Usage:\n {2}entrada start /);
    const help = await entrada(['logs', '--limit', '5', '--help']);
    expect(help).toMatchObject({ code: 0, stdout: 'Usage:\n  entrada logs [--follow] [--app APP_ID] [--failed] [--limit N] [--json] [--home DIR] [--database URL]\n' });
    const explain = await entrada(['explain', '--jsn', 'x.txt']);
    expect(explain.code).toBe(2);
    expect(explain.stderr).toContain("'entrada explain' has no flag --jsn; did you mean --json?");
    const directory = await entrada(['app', 'lst']);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toContain("unknown command 'entrada app lst'; did you mean app list?");
  });
});

describe('where the data is', () => {
  it('in a folder without a database, commands say where they looked, exit 2 and create nothing', async () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    const where = `entrada: home ${join(empty, '.entrada')}, SQLite ${join(empty, '.entrada', 'entrada.db')}`;
    const expected = `No Entrada database at ${join(empty, '.entrada', 'entrada.db')} (the home from the default ./.entrada in the current folder)`;
    for (const args of [['logs'], ['export', DAEMON.id], ['import', 'manifest.json'], ['app', 'list']]) {
      const r = await entrada(args, { cwd: empty });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.slice(0, where.length), args.join(' ')).toBe(where);
      expect(r.stderr, args.join(' ')).toContain(expected);
      expect(r.stdout, args.join(' ')).toBe('');
    }
    expect(readdirSync(empty)).toEqual([]);
  });

  it('logs --json: one JSON object a line on stdout, where the data is on stderr', async () => {
    const home = join(dir, 'home');
    const storage = await openStorage({ home });
    const at = (s: number) => new Date(Date.UTC(2026, 10, 26, 10, 0, s)).toISOString();
    const base = { endpoint: 'token', tenant: 't', appId: DAEMON.id, appDisplayName: 'Demo Daemon', userId: null, userPrincipalName: null, grantType: 'client_credentials', correlationId: 'c', clientAddress: null, userAgent: null, decision: null } as const;
    await storage.signInLog.insertMany([
      { ...base, id: '00000000-0000-4000-8000-000000000001', createdAt: at(1), outcome: 'success', errorCode: null, oauthError: null, detail: null },
      { ...base, id: '00000000-0000-4000-8000-000000000002', createdAt: at(2), outcome: 'failure', errorCode: 7000215, oauthError: 'invalid_client', detail: 'Invalid client secret provided.' },
    ]);
    await storage.close();
    const r = await entrada(['logs', '--json', '--home', home]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`entrada: home ${home}, SQLite ${join(home, 'entrada.db')}\n`);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.id, l.outcome, l.errorCode])).toEqual([
      ['00000000-0000-4000-8000-000000000001', 'success', null],
      ['00000000-0000-4000-8000-000000000002', 'failure', 7000215],
    ]);
  });

  it('start records where it listens in <home>/server.json; the other commands use it; a clean stop removes it', async () => {
    const home = join(dir, 'home');
    const server = spawn(process.execPath, [BIN, 'start', '--home', home, '--port', '0', '--mi-port', 'off', '--quiet'], { cwd: ROOT, env: cleanEnv() });
    const exited = new Promise<number | null>((done) => server.on('close', done));
    try {
      const file = join(home, 'server.json');
      for (let i = 0; i < 300 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
      const info = JSON.parse(readFileSync(file, 'utf8')) as { url: string; pid: number; caPath: string; startedAt: string };
      expect(info).toMatchObject({ pid: server.pid, caPath: join(home, 'tls', 'ca.pem') });
      expect(info.url).toMatch(/^https:\/\/localhost:\d+$/);
      // No --url, no ENTRADA_URL, ENTRADA_PORT unset (8443): the port comes from server.json.
      const certs = await entrada(['app', 'list-certs', DAEMON.id, '--json', '--home', home]);
      expect(certs.stderr).toBe(`entrada: home ${home}, SQLite ${join(home, 'entrada.db')}, server ${info.url} (${file}, pid ${server.pid})\n`);
      expect(certs.code).toBe(0);
      expect(Array.isArray(JSON.parse(certs.stdout))).toBe(true);
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(existsSync(join(home, 'server.json'))).toBe(false);
  }, 40_000);

  it('a busy port: one line naming --port, exit 2, no stack trace, no server.json', async () => {
    const home = join(dir, 'home');
    const blocker: Server = createServer();
    await new Promise<void>((done) => blocker.listen(0, 'localhost', done));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const r = await entrada(['start', '--home', home, '--port', String(port), '--mi-port', 'off']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toEqual([
        `entrada: home ${home}, SQLite ${join(home, 'entrada.db')}`,
        `entrada: port ${port} on localhost is already in use (another Entrada?). Stop it, or start on another port with --port N (ENTRADA_PORT).`,
      ]);
      expect(existsSync(join(home, 'server.json'))).toBe(false);
    } finally {
      await new Promise((done) => blocker.close(done));
    }
  }, 30_000);
});

describe('lazy loading', () => {
  it('`entrada --help` loads neither the server, the storage, the explain engine nor the directory commands', () => {
    const loaded = staticImports(join(ROOT, 'dist', 'cli', 'main.js')).map((f) => f.slice(join(ROOT, 'dist').length + 1));
    expect(loaded).toContain('cli/args.js');
    for (const heavy of ['compose.js', 'storage/open.js', 'explain/diagnose.js', 'cli/directory/commands.js', 'config/config.js', 'seed/load.js']) {
      expect(loaded).not.toContain(heavy);
    }
  });
});

/** The files `file` imports statically (import … from / export … from, not import()), transitively. */
function staticImports(file: string, seen = new Set<string>()): string[] {
  for (const [, spec] of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gm)) {
    const target = resolve(dirname(file), spec);
    if (seen.has(target)) continue;
    seen.add(target);
    staticImports(target, seen);
  }
  return [...seen];
}
