// jtis of accepted client assertions. consume() is one conditional upsert, never read-then-write:
// the (client_id, jti) primary key decides which of two concurrent requests records the jti.

import type { Kysely } from 'kysely';
import type { AssertionReplayStore } from '../../core/ports.js';
import type { Database } from '../schema.js';
import { canonicalInstant, guidKey } from './normalize.js';

export class KyselyAssertionReplayStore implements AssertionReplayStore {
  constructor(private readonly db: Kysely<Database>) {}

  async consume(clientId: string, jti: string, assertionHash: string, expiresAt: string, now: string): Promise<boolean> {
    const client_id = guidKey(clientId);
    // A record whose assertion expired (not yet swept) no longer guards its jti: overwrite it.
    const result = await this.db
      .insertInto('assertion_jtis')
      .values({ client_id, jti, assertion_hash: assertionHash, expires_at: canonicalInstant(expiresAt) })
      .onConflict((oc) =>
        oc
          .columns(['client_id', 'jti'])
          .doUpdateSet((eb) => ({ assertion_hash: eb.ref('excluded.assertion_hash'), expires_at: eb.ref('excluded.expires_at') }))
          .where('assertion_jtis.expires_at', '<', canonicalInstant(now)),
      )
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0n) > 0) return true;
    // The jti is taken by a live record. Rows are never changed while live, so reading it now is
    // not a race: it says whether the holder is this same assertion (see client-auth.ts, [I]).
    const holder = await this.db
      .selectFrom('assertion_jtis')
      .select('assertion_hash')
      .where('client_id', '=', client_id)
      .where('jti', '=', jti)
      .executeTakeFirst();
    return holder?.assertion_hash === assertionHash;
  }

  async deleteExpired(before: string): Promise<number> {
    const result = await this.db.deleteFrom('assertion_jtis').where('expires_at', '<', canonicalInstant(before)).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
