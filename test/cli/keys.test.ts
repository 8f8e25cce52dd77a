// `entrada keys list|rotate|retire` (the built command, spawned as a user runs it; `npm run build`
// first) against the SQLite file a running Entrada uses: the server hears of each change through
// PRAGMA data_version and publishes, or stops publishing, the key.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEntrada, type SigningKeyInfo, type StartedEntrada } from '../../src/api/index.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'entrada.cjs');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function entradaCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  const clean: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const name of ['ENTRADA_HOME', 'ENTRADA_DATABASE_URL', 'ENTRADA_URL', 'ENTRADA_KEY_ROTATION', 'ENTRADA_KEY_PUBLISH_LEAD']) if (!(name in env)) delete clean[name];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: clean });
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

/** Polls `read` (up to 10 s) until `ok`: the server polls data_version every 250 ms. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() >= deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

let dir: string;
let database: string;
let server: StartedEntrada;

const published = async () =>
  ((await (await server.fetch(`${server.authority()}/discovery/v2.0/keys`)).json()) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
const listJson = async () => JSON.parse((await entradaCli(['keys', 'list', '--json', '--database', database])).stdout) as SigningKeyInfo[];

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
  dir = mkdtempSync(join(tmpdir(), 'entrada-keys-cli-'));
  const file = join(dir, 'entrada.db');
  database = `sqlite:${file}`;
  server = await startEntrada({ storage: file });
});
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('entrada keys', () => {
  it('list shows the first key as current; --json has every field; the where-line goes to stderr', async () => {
    const r = await entradaCli(['keys', 'list', '--database', database]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`SQLite ${join(dir, 'entrada.db')}`);
    const [header, row, ...rest] = r.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^KID\s+STATE\s+CREATED\s+ACTIVATES\s+RETIRES \/ RETIRED$/);
    expect(rest).toEqual([]);
    const [key] = await listJson();
    expect(key).toMatchObject({ state: 'current', generation: 1, retiresAt: null, retiredAt: null });
    expect(row).toMatch(new RegExp(`^${key.kid}\\s+current\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+\\S+\\s+-$`));
  });

  it('retire refuses the only key, saying what to do (exit 1); an unknown kid exits 3', async () => {
    const [key] = await listJson();
    const r = await entradaCli(['keys', 'retire', key.kid, '--database', database]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`entrada: Signing key ${key.kid} is the current signing key and no other key is ready to take over.`);
    expect(r.stderr).toContain('entrada keys rotate --now');
    const unknown = await entradaCli(['keys', 'retire', 'no-such-kid', '--database', database]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain("No signing key 'no-such-kid'");
  });

  it('rotate publishes a next key (the running server publishes it too); rotate --now makes one current; retire unpublishes', async () => {
    const [first] = await listJson();
    const rotated = await entradaCli(['keys', 'rotate', '--database', database], { ENTRADA_KEY_PUBLISH_LEAD: '2h' });
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/^Signing key \S+ created: published now, signs from \d{4}-\S+Z \(ENTRADA_KEY_PUBLISH_LEAD\)\.\n$/);
    const [next] = await listJson();
    expect(next).toMatchObject({ state: 'next', generation: 2 });
    expect(Date.parse(next.activatesAt) - Date.parse(next.createdAt)).toBe(2 * 3_600_000);
    expect(await eventually(published, (kids) => kids.includes(next.kid))).toEqual([first.kid, next.kid]);

    const now = await entradaCli(['keys', 'rotate', '--now', '--database', database]);
    expect(now.code).toBe(0);
    expect(now.stdout).toMatch(/^Signing key \S+ created; it signs now\./);
    const keys = await listJson();
    expect(keys.map((k) => [k.generation, k.state])).toEqual([[3, 'current'], [2, 'next'], [1, 'previous']]);
    expect(keys[2].retiresAt).not.toBeNull();

    const retire = await entradaCli(['keys', 'retire', first.kid, '--database', database]);
    expect(retire.code).toBe(0);
    expect(retire.stdout).toBe(`Signing key ${first.kid} retired: no longer published; tokens it signed no longer verify.\n`);
    expect(await eventually(published, (kids) => !kids.includes(first.kid))).toEqual([keys[0].kid, next.kid]);
    expect((await listJson()).map((k) => k.state)).toEqual(['current', 'next', 'retired']);
  });

  it('without a sub-command: exit 2 naming them; a database that does not exist is not created', async () => {
    const r = await entradaCli(['keys', '--database', database]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'entrada keys' needs a sub-command: list, rotate, retire");
    const missing = join(dir, 'nowhere', 'entrada.db');
    const m = await entradaCli(['keys', 'list', '--database', `sqlite:${missing}`]);
    expect(m.code).toBe(2);
    expect(existsSync(missing)).toBe(false);
  });
});
