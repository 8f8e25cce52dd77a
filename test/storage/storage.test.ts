// Runs the storage contract on SQLite always, and on PostgreSQL when one is reachable
// (ENTRADA_TEST_PG_URL; in CI it must be). Each PostgreSQL database of the suite is a fresh schema,
// dropped at the end, so parallel runs against one server do not collide.

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage, redact } from '../../src/storage/open.js';
import { storageContract, type ContractBackend } from './contract.js';

const PG_URL = process.env.ENTRADA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const IN_CI = process.env.CI === 'true';

describe('sqlite', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'entrada-storage-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  const backend: ContractBackend = {
    open: async () => openStorage({ url: 'sqlite::memory:', home: await tempDir() }),
    // The default store: a file under home, which several Storage instances can share.
    async shared() {
      const home = join(await tempDir(), 'home');
      return { open: () => openStorage({ home }), dispose: async () => {} };
    },
  };
  storageContract(backend);

  it('by default keeps a WAL-mode file entrada.db in a home folder it creates', async () => {
    const home = join(await tempDir(), 'nested', 'home');
    const storage = await openStorage({ home });
    await storage.close();
    expect(storage.dialect).toBe('sqlite');
    expect(existsSync(join(home, 'entrada.db'))).toBe(true);
    // WAL is a property of the file, so a plain connection sees it.
    const file = new Sqlite(join(home, 'entrada.db'), { readonly: true });
    try {
      expect(file.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      file.close();
    }
  });
});

describe('openStorage', () => {
  it('rejects an unsupported URL with a message naming the supported ones, without the password', async () => {
    const opening = openStorage({ url: 'mysql://root:s3cret@localhost/entrada', home: tmpdir() });
    await expect(opening).rejects.toThrow(/Unsupported database URL "mysql:\/\/root:\*\*\*@localhost\/entrada".*postgres:\/\//);
  });

  it('says which database it could not open', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'entrada-storage-'));
    try {
      await writeFile(join(dir, 'file'), '');
      const home = join(dir, 'file', 'home');
      await expect(openStorage({ home })).rejects.toThrow(`Cannot open the SQLite database ${join(home, 'entrada.db')}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the dialect', async () => {
    const storage = await openStorage({ url: 'sqlite::memory:', home: tmpdir() });
    await storage.close();
    expect(storage.dialect).toBe('sqlite');
  });
});

const unreachable = await probe(PG_URL);

if (unreachable === undefined) {
  describe('postgres', () => {
    const admin = new pg.Pool({ connectionString: PG_URL, max: 2 });
    const schemas: string[] = [];
    const freshSchema = async () => {
      const schema = `entrada_test_${process.pid}_${randomBytes(4).toString('hex')}_${schemas.length}`;
      await admin.query(`create schema "${schema}"`);
      schemas.push(schema);
      return withSearchPath(PG_URL, schema);
    };
    afterAll(async () => {
      for (const schema of schemas) await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    });

    const backend: ContractBackend = {
      open: async () => openStorage({ url: await freshSchema(), home: tmpdir() }),
      async shared() {
        const url = await freshSchema();
        return { open: () => openStorage({ url, home: tmpdir() }), dispose: async () => {} };
      },
    };
    storageContract(backend);

    it('names the dialect', async () => {
      const storage = await openStorage({ url: await freshSchema(), home: tmpdir() });
      await storage.close();
      expect(storage.dialect).toBe('postgres');
    });
  });
} else if (IN_CI) {
  describe('postgres', () => {
    it('is reachable (required when CI=true)', () => {
      throw new Error(`PostgreSQL not reachable at ${redact(PG_URL)}: ${unreachable}`);
    });
  });
} else {
  const why = `PostgreSQL not reachable at ${redact(PG_URL)} (${unreachable}); set ENTRADA_TEST_PG_URL`;
  console.warn(`[storage] skipping the PostgreSQL contract: ${why}`);
  describe.skip(`postgres: skipped, ${why}`, () => {
    it('contract', () => {});
  });
}

/** undefined when PostgreSQL answers, else why not. */
async function probe(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The URL with its connections' search_path set to `schema` (a libpq `options` parameter). */
function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  const options = parsed.searchParams.get('options');
  parsed.searchParams.set('options', `${options ? `${options} ` : ''}-c search_path=${schema}`);
  return parsed.toString();
}
