// The sign-in log's write cost (issue 16). Every token request adds a row; an index over a random
// value (the correlation id MSAL draws per request) makes each row dirty a different index page, so a
// batch of 500 rows rewrites ~500 pages: measured on SQLite (WAL, batches of 500, 200k rows) 40 µs a
// row with it and with random trace ids, 22 µs with time-ordered trace ids (http/kit/request-context.ts),
// 6 µs with time-ordered ids and no correlation index, flat as the table grows. PostgreSQL pays the
// same random page writes (full-page images after each checkpoint).
//
// So the correlation index goes: a lookup by correlation id (Graph's signIns $filter, `entrada logs`)
// reads the table instead, which the row cap (ENTRADA_SIGNIN_LOG_MAX_ROWS) bounds [Entrada's choice:
// a write on every token against a rare read]. The trace id (the primary key, /error?trace_id=) stays.

import type { Kysely, Migration } from 'kysely';

export const signInLogInsertCost: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('sign_in_log_correlation').ifExists().execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.createIndex('sign_in_log_correlation').on('sign_in_log').column('correlation_id').execute();
  },
};
