// Graph's `tags` of a service principal (issue 11: POST/PATCH /servicePrincipals): a JSON array in
// a text column of `service_principals`, '[]' for every service principal that existed before.

import type { Kysely, Migration } from 'kysely';

export const servicePrincipalTags: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .alterTable('service_principals')
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('service_principals').dropColumn('tags').execute();
  },
};
