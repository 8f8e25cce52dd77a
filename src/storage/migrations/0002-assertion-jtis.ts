// Client assertion jtis (certificate credentials, entra-protocol.md §4.2). The primary key is what
// makes consuming a jti one atomic insert on every node.

import type { Kysely, Migration } from 'kysely';

export const assertionJtis: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('assertion_jtis')
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('jti', 'text', (c) => c.notNull())
      .addColumn('assertion_hash', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('assertion_jtis_pk', ['client_id', 'jti'])
      .execute();
    await db.schema.createIndex('assertion_jtis_expires').on('assertion_jtis').column('expires_at').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('assertion_jtis').execute();
  },
};
