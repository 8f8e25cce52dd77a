// Before any test worker starts: drop the PostgreSQL schemas of earlier runs that were killed
// (they never reached dispose()). It runs here, once, and not beside running tests, because a
// schema dropped while another worker migrates breaks that migration (Kysely's migrator reads the
// catalogue of every schema).

import pg from 'pg';
import { dropStaleSchemas, PG_URL, probe } from './postgres.js';

export default async function setup(): Promise<void> {
  if ((await probe(PG_URL)) !== undefined) return;
  const admin = new pg.Pool({ connectionString: PG_URL, max: 1 });
  try {
    const dropped = await dropStaleSchemas(admin);
    if (dropped > 0) console.log(`postgres: dropped ${dropped} schema(s) left by killed test runs`);
  } finally {
    await admin.end();
  }
}
