// Device authorization requests (entra-protocol.md §3.6). The device code is kept only as a hash
// (the primary key); the user code is unique so the verification page finds one request by it.

import type { Kysely, Migration } from 'kysely';

export const deviceCodes: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('device_codes')
      .addColumn('device_code_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_code', 'text', (c) => c.notNull().unique())
      .addColumn('tenant_id', 'text')
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('endpoint', 'text', (c) => c.notNull())
      .addColumn('scope', 'text')
      .addColumn('resource', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('auth_time', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('device_codes_expires').on('device_codes').column('expires_at').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('device_codes').execute();
  },
};
