// Migration 0012 on a database that already holds keys of the single-key schema (an `active` flag,
// the unique partial index signing_keys_one_active): the key that signed before signs after, on
// SQLite and PostgreSQL.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Migration } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { signingKeyStates } from '../../src/core/signing-key-states.js';
import { initial } from '../../src/storage/migrations/0001-initial.js';
import { assertionJtis } from '../../src/storage/migrations/0002-assertion-jtis.js';
import { deviceCodes } from '../../src/storage/migrations/0003-device-codes.js';
import { authorizationCodesAndSessions } from '../../src/storage/migrations/0004-authorization-codes-and-sessions.js';
import { tenantFederation } from '../../src/storage/migrations/0005-tenant-federation.js';
import { managedIdentities } from '../../src/storage/migrations/0006-managed-identities.js';
import { signInLog } from '../../src/storage/migrations/0007-sign-in-log.js';
import { installationSecrets } from '../../src/storage/migrations/0008-installation-secrets.js';
import { graphDirectory } from '../../src/storage/migrations/0009-graph-directory.js';
import { servicePrincipalTags } from '../../src/storage/migrations/0010-service-principal-tags.js';
import { signInLogInsertCost } from '../../src/storage/migrations/0011-sign-in-log-insert-cost.js';
import { openStorage } from '../../src/storage/open.js';
import { IN_CI, PG_URL, probe, schemaFactory } from '../support/postgres.js';

/** The schema as it stood before 0012 (the names index.ts gives them). */
const BEFORE: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-assertion-jtis': assertionJtis,
  '0003-device-codes': deviceCodes,
  '0004-authorization-codes-and-sessions': authorizationCodesAndSessions,
  '0005-tenant-federation': tenantFederation,
  '0006-managed-identities': managedIdentities,
  '0007-sign-in-log': signInLog,
  '0008-installation-secrets': installationSecrets,
  '0009-graph-directory': graphDirectory,
  '0010-service-principal-tags': servicePrincipalTags,
  '0011-sign-in-log-insert-cost': signInLogInsertCost,
};

// Two old-style rows: the active key made first, and a row with active = 0 (never written by
// Entrada, but allowed by the old schema) made before it.
const OLD_ROWS = [
  { kid: 'old-inactive', private_key_pem: 'pem-1', certificate: 'cert-1', created_at: '2026-01-01T00:00:00.000Z', active: 0 },
  { kid: 'old-active', private_key_pem: 'pem-2', certificate: 'cert-2', created_at: '2026-02-01T00:00:00.000Z', active: 1 },
];

/** The signing_keys table as 0001–0011 left it. */
interface Before0012 {
  signing_keys: { kid: string; private_key_pem: string; certificate: string; created_at: string; active: number };
}

async function atStateBefore0012(db: Kysely<Before0012>, schema?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => BEFORE }, migrationTableSchema: schema });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  await db.insertInto('signing_keys').values(OLD_ROWS).execute();
}

async function expectMigrated(storage: Awaited<ReturnType<typeof openStorage>>): Promise<void> {
  const keys = await storage.signingKeys.list();
  expect(keys).toEqual([
    { kid: 'old-active', privateKeyPem: 'pem-2', certificate: 'cert-2', createdAt: '2026-02-01T00:00:00.000Z', activatesAt: '2026-02-01T00:00:00.000Z', retiredAt: null, generation: 2 },
    { kid: 'old-inactive', privateKeyPem: 'pem-1', certificate: 'cert-1', createdAt: '2026-01-01T00:00:00.000Z', activatesAt: '2026-01-01T00:00:00.000Z', retiredAt: null, generation: 1 },
  ]);
  // The key that signed before the migration signs after it.
  expect(signingKeyStates(keys, Date.parse('2026-03-01T00:00:00Z'), 86_700_000).current).toBe('old-active');
  // A rotation after the migration takes the next generation.
  expect(await storage.signingKeys.rotate({ ...keysLike('new'), createdAt: '2026-03-01T00:00:00.000Z', activatesAt: '2026-03-01T01:00:00.000Z' }, 2)).toMatchObject({ generation: 3 });
}

function keysLike(kid: string) {
  return { kid, privateKeyPem: 'pem', certificate: 'cert', createdAt: '', activatesAt: '', retiredAt: null };
}

describe('migration 0012 (signing-key rollover) on SQLite', () => {
  const home = mkdtempSync(join(tmpdir(), 'entrada-keys-migration-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('keeps the signing key, adds schedules and generations in creation order', async () => {
    const file = join(home, 'entrada.db');
    const raw = new Kysely<Before0012>({ dialect: new SqliteDialect({ database: new Sqlite(file) }) });
    try {
      await atStateBefore0012(raw);
    } finally {
      await raw.destroy();
    }
    const storage = await openStorage({ home });
    try {
      await expectMigrated(storage);
    } finally {
      await storage.close();
    }
  });
});

const unreachable = await probe(PG_URL);
describe.skipIf(unreachable !== undefined && !IN_CI)('migration 0012 (signing-key rollover) on PostgreSQL', () => {
  const schemas = schemaFactory('entrada_keymig');
  afterAll(() => schemas.dispose());

  it('keeps the signing key, adds schedules and generations in creation order', async () => {
    if (unreachable !== undefined) throw new Error(`PostgreSQL is required when CI=true: ${unreachable}`);
    const url = await schemas.fresh();
    const raw = new Kysely<Before0012>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
    try {
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(raw);
      await atStateBefore0012(raw, rows[0].schema);
    } finally {
      await raw.destroy();
    }
    const storage = await openStorage({ url, home: tmpdir() });
    try {
      await expectMigrated(storage);
    } finally {
      await storage.close();
    }
  });
});
