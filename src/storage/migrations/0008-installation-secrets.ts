// Per-installation secrets kept in the database, so that every node sharing it agrees (issue #9,
// finding 7: the key of the sign-in log's client secret fingerprints). Created on first use.

import type { Kysely, Migration } from 'kysely';

export const installationSecrets: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('installation_secrets')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('installation_secrets').execute();
  },
};
