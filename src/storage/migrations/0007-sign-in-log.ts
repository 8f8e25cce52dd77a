// The sign-in log (issue #5): one row per request to a sign-in endpoint, kept for a configurable
// number of days. Filters used by /error?trace_id, Graph's auditLogs/signIns and `entrada logs`:
// by id, by app, by correlation id, by outcome, newest first.

import type { Kysely, Migration } from 'kysely';

export const signInLog: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('sign_in_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('endpoint', 'text', (c) => c.notNull())
      .addColumn('tenant', 'text')
      .addColumn('app_id', 'text')
      .addColumn('app_display_name', 'text')
      .addColumn('user_id', 'text')
      .addColumn('user_principal_name', 'text')
      .addColumn('grant_type', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('error_code', 'integer')
      .addColumn('oauth_error', 'text')
      .addColumn('correlation_id', 'text', (c) => c.notNull())
      .addColumn('client_address', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('decision', 'text')
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('sign_in_log_created').on('sign_in_log').columns(['created_at', 'id']).execute();
    await db.schema.createIndex('sign_in_log_app').on('sign_in_log').columns(['app_id', 'created_at']).execute();
    await db.schema.createIndex('sign_in_log_correlation').on('sign_in_log').column('correlation_id').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('sign_in_log').execute();
  },
};
