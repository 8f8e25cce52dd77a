// Runs the storage contract on SQLite always, and on PostgreSQL when one is reachable
// (ENTRADA_TEST_PG_URL; in CI it must be). Each PostgreSQL database of the suite is a fresh schema,
// dropped at the end, so parallel runs against one server do not collide.

import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage, redact } from '../../src/storage/open.js';
import { storageContract, type ContractBackend } from './contract.js';
import { IN_CI, PG_URL, probe, schemaFactory } from '../support/postgres.js';


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
    const schemas = schemaFactory('entrada_test');
    const freshSchema = () => schemas.fresh();
    // One schema per test, dropped one by one: well over the default 10 s on a loaded machine.
    afterAll(() => schemas.dispose(), 120_000);

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
