// Test runs killed mid-way leave their PostgreSQL schemas behind; the next run sweeps those whose
// process is gone and leaves live runs' schemas alone.

import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dropStaleSchemas, IN_CI, PG_URL, probe } from '../support/postgres.js';

const unreachable = await probe(PG_URL);

describe.runIf(unreachable === undefined || IN_CI)('stale test schemas', () => {
  const admin = new pg.Pool({ connectionString: PG_URL, max: 1 });
  afterAll(() => admin.end());

  it('drops schemas of processes that no longer run, keeps this one and foreign ones', async () => {
    // A pid that surely ended: a child that already exited.
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    const stale = `entrada_sweep_${deadPid}_0badc0de_0`;
    const live = `entrada_sweep_${process.pid}_0badc0de_1`;
    const foreign = 'entrada_kept_by_someone';
    for (const name of [stale, live, foreign]) await admin.query(`create schema if not exists "${name}"`);
    try {
      expect(await dropStaleSchemas(admin)).toBeGreaterThanOrEqual(1);
      const { rows } = await admin.query<{ nspname: string }>('select nspname from pg_namespace where nspname = any($1)', [[stale, live, foreign]]);
      expect(rows.map((r) => r.nspname).sort()).toEqual([foreign, live].sort());
    } finally {
      for (const name of [stale, live, foreign]) await admin.query(`drop schema if exists "${name}" cascade`);
    }
  });
});
