// What MFA and Conditional Access decisions read (issue 17): the tenant's Conditional Access
// policies and named locations (each the whole object as JSON, the columns copies for look-ups),
// security defaults on/off per tenant, and per user the per-user MFA state and whether a second
// factor is registered. Tenants and users stored before read as Entrada's defaults: security
// defaults off, per-user MFA absent (disabled), MFA registered absent (registered).

import type { Kysely, Migration } from 'kysely';

const TABLES = ['conditional_access_policies', 'named_locations'] as const;

export const conditionalAccess: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    for (const table of TABLES) {
      await db.schema
        .createTable(table)
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('created_date_time', 'text', (c) => c.notNull())
        .addColumn('modified_date_time', 'text')
        .execute();
      await db.schema.createIndex(`${table}_tenant`).on(table).column('tenant_id').execute();
    }
    await db.schema
      .alterTable('tenants')
      .addColumn('security_defaults_enabled', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    // Null: absent in the model (disabled; registered).
    await db.schema.alterTable('users').addColumn('per_user_mfa_state', 'text').execute();
    await db.schema.alterTable('users').addColumn('mfa_registered', 'integer').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('users').dropColumn('mfa_registered').execute();
    await db.schema.alterTable('users').dropColumn('per_user_mfa_state').execute();
    await db.schema.alterTable('tenants').dropColumn('security_defaults_enabled').execute();
    for (const table of TABLES) await db.schema.dropTable(table).execute();
  },
};
