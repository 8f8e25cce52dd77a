// storage/directory-changes.ts: the PostgreSQL listener reconnects when its connection is killed
// (and reports a change then, since notifications sent meanwhile are lost), ignores other schemas,
// and a watch closes cleanly.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { watchPostgres } from '../../src/storage/directory-changes.js';
import { DIRECTORY_CHANNEL } from '../../src/storage/repositories/directory.js';
import { IN_CI, PG_URL, probe, schemaFactory } from '../support/postgres.js';

const unreachable = await probe();

async function until(condition: () => boolean, ms = 5_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return condition();
}

describe.skipIf(unreachable !== undefined && !IN_CI)('the PostgreSQL directory listener', () => {
  const schemas = schemaFactory('entrada_dirlisten');
  const admin = new pg.Pool({ connectionString: PG_URL, max: 1 });
  afterAll(async () => {
    await admin.end();
    await schemas.dispose();
  });

  const notify = (schema: string) => admin.query('select pg_notify($1, $2)', [DIRECTORY_CHANNEL, schema]);

  it('hears its schema only, reconnects after its connection is killed, and closes', async () => {
    const url = new URL(await schemas.fresh());
    const schema = /search_path=(\S+)/.exec(url.searchParams.get('options') ?? '')?.[1] ?? '';
    const name = `entrada_listener_${randomBytes(4).toString('hex')}`;
    url.searchParams.set('application_name', name);
    let changes = 0;
    const errors: unknown[] = [];
    const watch = await watchPostgres(url.toString(), () => changes++, { onError: (e) => errors.push(e) });
    try {
      await notify(`${schema}_other`);
      await notify(schema);
      expect(await until(() => changes === 1)).toBe(true);
      await new Promise((r) => setTimeout(r, 100));
      expect(changes).toBe(1); // the other schema's notification was ignored

      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [name]);
      // Reconnecting reports a change (what was sent while down is lost), then it listens again.
      expect(await until(() => changes === 2)).toBe(true);
      expect(errors.length).toBeGreaterThan(0);
      await notify(schema);
      expect(await until(() => changes === 3)).toBe(true);
    } finally {
      await watch.close();
    }
    // Its connection is gone (the server may take a moment to drop the backend).
    let open = -1;
    for (let i = 0; i < 50 && open !== 0; i++) {
      const { rows } = await admin.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where application_name = $1', [name]);
      open = rows[0]?.n ?? -1;
      if (open !== 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(open).toBe(0);
  });
});
