// Signing-key rollover (issue 17): several keys with a schedule instead of one "active" flag.
//
// - activates_at: when a key starts signing (published from its creation). Existing keys: their
//   created_at, so the key that signed before the migration signs after it.
// - retired_at: when it was retired (unpublished); null until then.
// - generation: creation order, unique. A new key takes the highest generation its creator saw + 1
//   with ON CONFLICT DO NOTHING, so two nodes rotating at once create one key (PostgreSQL waits for
//   the first insert to commit, then skips the second; SQLite writes one at a time, and the second
//   finds the generation taken). This replaces the unique partial index signing_keys_one_active,
//   which allowed one active key, and the `active` column it indexed.
//
// Entrada only ever stored active keys (ensureActive inserted with active = 1); a row written by
// hand with active = 0 becomes a key like any other, ordered by its created_at.

import { sql, type Kysely, type Migration } from 'kysely';

export const signingKeyRollover: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('signing_keys_one_active').ifExists().execute();
    await db.schema.alterTable('signing_keys').addColumn('activates_at', 'text', (c) => c.notNull().defaultTo('')).execute();
    await db.schema.alterTable('signing_keys').addColumn('retired_at', 'text').execute();
    await db.schema.alterTable('signing_keys').addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.updateTable('signing_keys').set({ activates_at: sql.ref('created_at') }).execute();
    // Rank by creation (ties by kid): 1, 2, … in the order the keys were made.
    await sql`
      update signing_keys set generation = (
        select count(*) from signing_keys as older
        where older.created_at < signing_keys.created_at
           or (older.created_at = signing_keys.created_at and older.kid <= signing_keys.kid)
      )`.execute(db);
    await db.schema.alterTable('signing_keys').dropColumn('active').execute();
    await db.schema.createIndex('signing_keys_generation').on('signing_keys').column('generation').unique().execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('signing_keys_generation').execute();
    await db.schema.alterTable('signing_keys').addColumn('active', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    // The newest key that is not retired becomes the one active key again.
    await sql`
      update signing_keys set active = 1 where generation = (
        select max(generation) from signing_keys where retired_at is null
      )`.execute(db);
    for (const column of ['generation', 'retired_at', 'activates_at']) {
      await db.schema.alterTable('signing_keys').dropColumn(column).execute();
    }
    await db.schema.createIndex('signing_keys_one_active').on('signing_keys').column('active').unique().where(sql.ref('active'), '=', sql.lit(1)).execute();
  },
};
