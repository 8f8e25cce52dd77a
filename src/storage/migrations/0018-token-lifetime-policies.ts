// Token lifetime policies (issue 18): one row per policy, the whole object as JSON (its
// assignments, `appliesTo`, included: one app or service principal holds at most one policy and a
// tenant at most TOKEN_LIFETIME_LIMITS.policiesPerTenant, so the list stays small), the other
// columns copies for look-ups and ordering.

import type { Kysely, Migration } from 'kysely';

export const tokenLifetimePolicies: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('token_lifetime_policies')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('token_lifetime_policies_tenant').on('token_lifetime_policies').column('tenant_id').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('token_lifetime_policies').execute();
  },
};
