// What the optional claims read (issue 18; core/tokens/optional-claims.ts): the user's country
// (`ctry`), preferred language (`xms_pl`) and usage location (Graph's, returned as set), and the
// tenant's country letter code (`tenant_ctry`) and preferred language (`xms_tpl`); and when the
// user of a refresh token family signed in (`auth_time`, `sid`), which differs from the family's
// start when a code began it. Null for rows written before: not set.

import type { Kysely, Migration } from 'kysely';

const USER_COLUMNS = ['country', 'preferred_language', 'usage_location'] as const;
const TENANT_COLUMNS = ['country_letter_code', 'preferred_language'] as const;

export const userAttributes: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    for (const column of USER_COLUMNS) await db.schema.alterTable('users').addColumn(column, 'text').execute();
    for (const column of TENANT_COLUMNS) await db.schema.alterTable('tenants').addColumn(column, 'text').execute();
    await db.schema.alterTable('refresh_tokens').addColumn('sign_in_time', 'text').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('refresh_tokens').dropColumn('sign_in_time').execute();
    for (const column of TENANT_COLUMNS) await db.schema.alterTable('tenants').dropColumn(column).execute();
    for (const column of USER_COLUMNS) await db.schema.alterTable('users').dropColumn(column).execute();
  },
};
