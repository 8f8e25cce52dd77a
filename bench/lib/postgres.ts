// PostgreSQL for the bench: the test server (ENTRADA_TEST_PG_URL, default CI's), a fresh schema per
// run named as test/support/postgres.ts names its own (so a killed run's schema is swept by the next
// test run's dropStaleSchemas), dropped at the end; and the counters read around a timed window.
//
// Counters read around a timed window (there is no pg_stat_statements here): transactions
// committed (pg_stat_database: the whole database, so other clients of the test server count too),
// rows inserted/updated/deleted per table of this run's schema (pg_stat_user_tables: this server's
// alone), WAL bytes as the difference of pg_current_wal_lsn() (the whole cluster; exact, where
// pg_stat_wal is only flushed now and then), and the schema's size on disk (tables, indexes, TOAST).
// Backends flush their statistics at most once a second, and hold the rest until 10 s after they
// go idle (PostgreSQL 15, pgstat.c PGSTAT_IDLE_INTERVAL), so measure.ts waits that long after the
// window, and after minting, before reading: otherwise one run's last second lands in the next.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_URL, probe, withSearchPath } from '../../test/support/postgres.js';

export interface PgSchema {
  url: string;
  schema: string;
}

export interface PgCounters {
  xacts: number;
  /** Rows inserted, updated, deleted, per table of the schema. */
  tables: Map<string, RowCounts>;
  lsn: string;
  storedBytes: number;
}

export interface RowCounts {
  inserted: number;
  updated: number;
  deleted: number;
}

export interface PgPerToken extends RowCounts {
  xacts: number;
  /** Per table with any change, most rows first. */
  tables: Array<{ table: string } & RowCounts>;
  walBytes: number;
  storedBytes: number;
}

/** How long backends may hold their statistics after going idle, plus a margin. */
export const PG_STATS_SETTLE_MS = 11_000;

let admin: pg.Pool | undefined;
const schemas = new Set<string>();

function pool(): pg.Pool {
  admin ??= new pg.Pool({ connectionString: PG_URL, max: 2, connectionTimeoutMillis: 5_000 });
  return admin;
}

/** undefined when the server answers, else why not (the PostgreSQL phases are then skipped). */
export function pgProblem(): Promise<string | undefined> {
  return probe(PG_URL);
}

export function pgServerName(): string {
  const u = new URL(PG_URL);
  return `${u.host}${u.pathname}`;
}

export async function freshSchema(): Promise<PgSchema> {
  const schema = `entrada_bench_${process.pid}_${randomBytes(4).toString('hex')}_${schemas.size}`;
  await pool().query(`create schema "${schema}"`);
  schemas.add(schema);
  return { url: withSearchPath(PG_URL, schema), schema };
}

export async function pgCounters(schema: string): Promise<PgCounters> {
  const db = await pool().query<{ xact_commit: string; lsn: string }>(
    'select xact_commit, pg_current_wal_lsn()::text as lsn from pg_stat_database where datname = current_database()',
  );
  const tables = await pool().query<{ relname: string; n_tup_ins: string; n_tup_upd: string; n_tup_del: string }>(
    'select relname, n_tup_ins, n_tup_upd, n_tup_del from pg_stat_user_tables where schemaname = $1',
    [schema],
  );
  const size = await pool().query<{ bytes: string }>(
    "select coalesce(sum(pg_total_relation_size(c.oid)), 0)::text as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind = 'r'",
    [schema],
  );
  return {
    xacts: Number(db.rows[0].xact_commit),
    lsn: db.rows[0].lsn,
    tables: new Map(tables.rows.map((t) => [t.relname, { inserted: Number(t.n_tup_ins), updated: Number(t.n_tup_upd), deleted: Number(t.n_tup_del) }])),
    storedBytes: Number(size.rows[0].bytes),
  };
}

export async function perToken(before: PgCounters, after: PgCounters, tokens: number): Promise<PgPerToken> {
  const { rows } = await pool().query<{ bytes: string }>('select pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)::text as bytes', [after.lsn, before.lsn]);
  const per = (n: number) => (tokens > 0 ? n / tokens : Number.NaN);
  const tables: PgPerToken['tables'] = [];
  for (const [table, a] of after.tables) {
    const b = before.tables.get(table) ?? { inserted: 0, updated: 0, deleted: 0 };
    const change = { table, inserted: per(a.inserted - b.inserted), updated: per(a.updated - b.updated), deleted: per(a.deleted - b.deleted) };
    if (change.inserted || change.updated || change.deleted) tables.push(change);
  }
  tables.sort((x, y) => y.inserted + y.updated + y.deleted - (x.inserted + x.updated + x.deleted));
  const sum = (field: keyof RowCounts) => tables.reduce((n, t) => n + t[field], 0);
  return {
    xacts: per(after.xacts - before.xacts),
    inserted: sum('inserted'),
    updated: sum('updated'),
    deleted: sum('deleted'),
    tables,
    walBytes: per(Number(rows[0].bytes)),
    storedBytes: per(after.storedBytes - before.storedBytes),
  };
}

/** Drops this run's schemas and closes the pool. */
export async function dropSchemas(): Promise<void> {
  if (!admin) return;
  for (const schema of schemas) await admin.query(`drop schema if exists "${schema}" cascade`).catch(() => {});
  schemas.clear();
  await admin.end().catch(() => {});
  admin = undefined;
}
