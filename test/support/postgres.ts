// PostgreSQL for tests: the server from ENTRADA_TEST_PG_URL (default: CI's), reachability, and
// fresh schemas so parallel runs against one server never collide.

import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_URL = process.env.ENTRADA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const IN_CI = process.env.CI === 'true';

/** undefined when PostgreSQL answers, else why not. */
export async function probe(url: string = PG_URL): Promise<string | undefined> {
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
export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  const options = parsed.searchParams.get('options');
  parsed.searchParams.set('options', `${options ? `${options} ` : ''}-c search_path=${schema}`);
  return parsed.toString();
}

/** Creates uniquely named schemas on demand and drops them all on dispose(). */
export function schemaFactory(prefix: string) {
  const admin = new pg.Pool({ connectionString: PG_URL, max: 2 });
  const schemas: string[] = [];
  return {
    async fresh(): Promise<string> {
      const schema = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}_${schemas.length}`;
      await admin.query(`create schema "${schema}"`);
      schemas.push(schema);
      return withSearchPath(PG_URL, schema);
    },
    async dispose(): Promise<void> {
      for (const schema of schemas) await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    },
  };
}

/** Schema names made by schemaFactory (and the reliability suite): `<prefix>_<pid>_<8 hex>_<n>`. */
const TEST_SCHEMA = /^entrada_[a-z0-9_]+?_(\d+)_[0-9a-f]{8}_\d+$/;

/**
 * Drops test schemas whose creating process no longer runs on this machine (killed runs leave
 * them behind, and hundreds of them slow every migration: Kysely's migrator inspects all schemas).
 * Returns how many it dropped.
 */
export async function dropStaleSchemas(admin: Pick<pg.Pool, 'query'>): Promise<number> {
  const { rows } = await admin.query<{ nspname: string }>("select nspname from pg_namespace where nspname like 'entrada\\_%'");
  let dropped = 0;
  for (const { nspname } of rows) {
    const m = TEST_SCHEMA.exec(nspname);
    if (!m || isRunning(Number(m[1]))) continue;
    await admin.query(`drop schema if exists "${nspname}" cascade`);
    dropped++;
  }
  return dropped;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
