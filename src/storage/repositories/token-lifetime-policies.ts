// Token lifetime policies (issue 18, migration 0018): each row holds the whole policy as JSON, its
// assignments included; the tenant's list is read once per token (through the directory cache).

import type { Kysely } from 'kysely';
import type { Guid, TokenLifetimePolicy } from '../../core/model.js';
import type { Database } from '../schema.js';
import { guidKey } from './normalize.js';

/** The repository functions, over a database handle (or a transaction) and a write wrapper. */
export function tokenLifetimePolicyRepository(db: Kysely<Database>, write: (work: (trx: Kysely<Database>) => Promise<unknown>) => Promise<void>) {
  return {
    async listTokenLifetimePolicies(tenantId: Guid): Promise<TokenLifetimePolicy[]> {
      const rows = await db
        .selectFrom('token_lifetime_policies')
        .select('document')
        .where('tenant_id', '=', guidKey(tenantId))
        .orderBy('display_name')
        .orderBy('id')
        .execute();
      return rows.map((r) => JSON.parse(r.document) as TokenLifetimePolicy);
    },

    async getTokenLifetimePolicy(tenantId: Guid, id: Guid): Promise<TokenLifetimePolicy | undefined> {
      const row = await db
        .selectFrom('token_lifetime_policies')
        .select('document')
        .where('id', '=', guidKey(id))
        .where('tenant_id', '=', guidKey(tenantId))
        .executeTakeFirst();
      return row && (JSON.parse(row.document) as TokenLifetimePolicy);
    },

    async upsertTokenLifetimePolicy(policy: TokenLifetimePolicy): Promise<void> {
      const row = { id: guidKey(policy.id), tenant_id: guidKey(policy.tenantId), display_name: policy.displayName, document: JSON.stringify(policy) };
      const { tenant_id, display_name, document } = row;
      await write((trx) =>
        trx
          .insertInto('token_lifetime_policies')
          .values(row)
          .onConflict((oc) => oc.column('id').doUpdateSet({ tenant_id, display_name, document }))
          .execute(),
      );
    },

    async deleteTokenLifetimePolicy(tenantId: Guid, id: Guid): Promise<boolean> {
      let done = false;
      await write(async (trx) => {
        const result = await trx.deleteFrom('token_lifetime_policies').where('id', '=', guidKey(id)).where('tenant_id', '=', guidKey(tenantId)).executeTakeFirst();
        done = Number(result.numDeletedRows) > 0;
      });
      return done;
    },
  };
}
