// Which server, home and database a command uses (src/cli/where.ts, server-file.ts).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeServerFile, runningServer, writeServerFile } from '../../src/cli/server-file.js';
import { databaseName, missingDatabase, serverUrl } from '../../src/cli/where.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'entrada-where-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid ?? 0;
}

describe('the server a command calls', () => {
  const config = () => ({ home, port: 8443 });
  const info = (pid: number) => ({ url: 'https://localhost:9555', pid, startedAt: '2026-12-01T00:00:00.000Z', caPath: join(home, 'tls', 'ca.pem') });

  it('--url, then ENTRADA_URL, then server.json if its process is alive, then the configured port', () => {
    writeServerFile(home, info(process.pid));
    expect(serverUrl({ flag: 'https://a:1', env: { ENTRADA_URL: 'https://b:2' }, config: config() })).toEqual({ url: 'https://a:1', from: '--url' });
    expect(serverUrl({ flag: undefined, env: { ENTRADA_URL: 'https://b:2' }, config: config() })).toEqual({ url: 'https://b:2', from: 'ENTRADA_URL' });
    expect(serverUrl({ flag: ' ', env: { ENTRADA_URL: '' }, config: config() })).toEqual({ url: 'https://localhost:9555', from: `${join(home, 'server.json')}, pid ${process.pid}` });
    writeServerFile(home, info(deadPid()));
    expect(serverUrl({ flag: undefined, env: {}, config: config() })).toEqual({ url: 'https://localhost:8443', from: 'no server.json: the configured port' });
  });

  it('a malformed server.json is ignored', () => {
    for (const text of ['{', 'null', '{"url":"http://x","pid":1}', `{"url":"https://x","pid":-1}`, `{"url":"https://x","pid":"${process.pid}"}`]) {
      writeFileSync(join(home, 'server.json'), text);
      expect(runningServer(home), text).toBeUndefined();
    }
  });

  it("a stopping server removes only its own server.json", () => {
    writeServerFile(home, info(process.pid));
    removeServerFile(home, process.pid + 1);
    expect(runningServer(home)?.pid).toBe(process.pid);
    removeServerFile(home, process.pid);
    expect(runningServer(home)).toBeUndefined();
  });
});

describe('the database a command uses', () => {
  it('is named with the password of a PostgreSQL URL redacted', () => {
    expect(databaseName({ home, databaseUrl: undefined })).toBe(`SQLite ${join(home, 'entrada.db')}`);
    expect(databaseName({ home, databaseUrl: 'postgres://app:s3cret@db:5432/entrada' })).toBe('PostgreSQL postgres://app:***@db:5432/entrada');
    expect(databaseName({ home, databaseUrl: 'sqlite::memory:' })).toBe('SQLite in memory');
  });

  it.each([
    // pg reads passwords from the query string too, and an unencoded @ in one must not show its tail.
    ['postgres://app@db/entrada?password=s3cret', 'PostgreSQL postgres://app@db/entrada?password=***'],
    ['postgres://app@db/entrada?sslmode=require&sslpassword=s3cret&sslkey=/k.pem', 'PostgreSQL postgres://app@db/entrada?sslmode=require&sslpassword=***&sslkey=***'],
    ['postgres://app:p@ss:s3cret@db/entrada', 'PostgreSQL postgres://app:***@db/entrada'],
  ])('never shows a secret of %s', (url, named) => {
    expect(databaseName({ home, databaseUrl: url })).toBe(named);
    expect(databaseName({ home, databaseUrl: url })).not.toContain('s3cret');
  });

  it('an sqlite:<path> URL is an SQLite file, checked like the home\'s', () => {
    const file = join(home, 'other.db');
    const config = { home, databaseUrl: `sqlite:${file}` };
    expect(databaseName(config)).toBe(`SQLite ${file}`);
    expect(missingDatabase(config, { database: config.databaseUrl }, {})).toContain(`No Entrada database at ${file} (from --database)`);
    writeFileSync(file, '');
    expect(missingDatabase(config, {}, {})).toBeUndefined();
  });

  it('a missing SQLite file says where the home came from; PostgreSQL is not checked', () => {
    const config = { home, databaseUrl: undefined };
    expect(missingDatabase(config, { home }, {})).toContain(`No Entrada database at ${join(home, 'entrada.db')} (the home from --home).`);
    expect(missingDatabase(config, {}, { ENTRADA_HOME: home })).toContain('(the home from ENTRADA_HOME)');
    expect(missingDatabase(config, {}, {})).toContain('(the home from the default ./.entrada in the current folder)');
    expect(missingDatabase({ home, databaseUrl: 'postgres://db/x' }, {}, {})).toBeUndefined();
    writeFileSync(join(home, 'entrada.db'), '');
    expect(missingDatabase(config, {}, {})).toBeUndefined();
  });
});
