// Smart lockout (issue 17; core/policy/smart-lockout.ts): one row per user and client-address
// bucket, whose primary key makes every attempt one row to lock and rewrite; a tenant's lockout
// settings (JSON, null = Entra's defaults); and a user's "must change password at next sign-in"
// flag (Graph passwordProfile.forceChangePasswordNextSignIn), 0 for every user stored before.

import type { Kysely, Migration } from 'kysely';

export const smartLockout: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('smart_lockout')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('bucket', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('lockouts', 'integer', (c) => c.notNull())
      .addColumn('locked_until', 'text')
      .addColumn('recent_wrong', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('smart_lockout_pk', ['user_id', 'bucket'])
      .execute();
    await db.schema.createIndex('smart_lockout_expires').on('smart_lockout').column('expires_at').execute();
    await db.schema.alterTable('tenants').addColumn('smart_lockout', 'text').execute();
    await db.schema
      .alterTable('users')
      .addColumn('force_change_password', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('users').dropColumn('force_change_password').execute();
    await db.schema.alterTable('tenants').dropColumn('smart_lockout').execute();
    await db.schema.dropTable('smart_lockout').execute();
  },
};
