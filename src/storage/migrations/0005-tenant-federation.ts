// The identity providers a tenant federates with (SAML bearer grants, entra-protocol.md §3.8): a
// JSON array in a text column of `tenants`, '[]' for every tenant that existed before.

import type { Kysely, Migration } from 'kysely';

export const tenantFederation: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .alterTable('tenants')
      .addColumn('federated_identity_providers', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('tenants').dropColumn('federated_identity_providers').execute();
  },
};
