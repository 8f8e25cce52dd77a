// Managed identities (entra-protocol.md §6.3) are service principals of type ManagedIdentity; Graph
// tells system- from user-assigned ones, and names the Azure resource, in `alternativeNames`. A JSON
// array in a text column of `service_principals`, '[]' for every service principal that existed
// before. The managed identity endpoints list a tenant's identities through the existing
// (tenant_id, app_id) index, filtering on service_principal_type.

import type { Kysely, Migration } from 'kysely';

export const managedIdentities: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .alterTable('service_principals')
      .addColumn('alternative_names', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('service_principals').dropColumn('alternative_names').execute();
  },
};
