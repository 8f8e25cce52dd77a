// Authorization codes (entra-protocol.md §3.2) and browser sign-in sessions. Both are kept only as
// hashes (the primary keys); scopes and client ids are JSON arrays in text columns.

import type { Kysely, Migration } from 'kysely';

export const authorizationCodesAndSessions: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('authorization_codes')
      .addColumn('code_hash', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('endpoint', 'text', (c) => c.notNull())
      .addColumn('redirect_uri', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('resource', 'text')
      .addColumn('nonce', 'text')
      .addColumn('code_challenge', 'text')
      .addColumn('code_challenge_method', 'text')
      .addColumn('auth_time', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('redeemed_at', 'text')
      .execute();
    await db.schema.createIndex('authorization_codes_expires').on('authorization_codes').column('expires_at').execute();

    await db.schema
      .createTable('sign_in_sessions')
      .addColumn('session_hash', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('auth_time', 'text', (c) => c.notNull())
      .addColumn('client_ids', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sign_in_sessions_expires').on('sign_in_sessions').column('expires_at').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('sign_in_sessions').execute();
    await db.schema.dropTable('authorization_codes').execute();
  },
};
