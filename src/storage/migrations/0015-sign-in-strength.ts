// How each sign-in was proven (issue 17): the authentication methods (`amr`: `pwd`, `mfa`) of a
// browser session, the codes and device approvals it produced, and the refresh tokens descending
// from it, so a later refresh or a Conditional Access policy added since can ask whether MFA was
// done. Space-separated values; rows written before hold 'pwd', as every sign-in then was.

import type { Kysely, Migration } from 'kysely';

const TABLES = ['sign_in_sessions', 'authorization_codes', 'refresh_tokens'] as const;

export const signInStrength: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    for (const table of TABLES) {
      await db.schema.alterTable(table).addColumn('amr', 'text', (c) => c.notNull().defaultTo('pwd')).execute();
    }
    // Null until a user approves the request.
    await db.schema.alterTable('device_codes').addColumn('amr', 'text').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    for (const table of [...TABLES, 'device_codes']) await db.schema.alterTable(table).dropColumn('amr').execute();
  },
};
