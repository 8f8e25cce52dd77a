// PostgreSQL (pg Pool): the shared store when several Entrada nodes run together.

import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { migrateToLatest } from '../migrations/index.js';
import type { Database } from '../schema.js';

/**
 * Opens a pool on `url` and migrates. Tables live in the connection's current schema (the first
 * existing entry of search_path), so `?options=-c%20search_path%3Dmyschema` selects another one.
 */
export async function openPostgres(url: string): Promise<Kysely<Database>> {
  const pool = new pg.Pool({ connectionString: url });
  // An idle client whose connection drops emits 'error' on the pool; unhandled, that would crash
  // the process. The pool has already discarded the client and the next query reconnects.
  pool.on('error', () => {});

  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  try {
    await migrateToLatest(db, await currentSchema(db));
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

const pools = new WeakMap<Kysely<Database>, pg.Pool>();

/** The pg Pool under a Kysely instance opened here, for its counts (/metrics: storage/open.ts poolUse). */
export function postgresPool(db: Kysely<Database>): pg.Pool | undefined {
  return pools.get(db);
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) {
    throw new Error('PostgreSQL has no current schema: no schema on the search_path exists');
  }
  return schema;
}
