// Smart lockout buckets (core/policy/smart-lockout.ts). update() is one transaction per attempt
// that no other attempt on the same user can interleave with, on any node: on PostgreSQL it first
// takes a transaction-scoped advisory lock keyed on the schema and the user (released at commit),
// so two nodes receiving wrong passwords for one user at once both count them, in turn; on SQLite
// the transaction begins immediate (dialects/sqlite.ts), which takes the database's write lock.
// Reading first and writing later outside such a lock would let two attempts read the same count.

import { sql, type Kysely } from 'kysely';
import type { Guid, Instant } from '../../core/model.js';
import type { SmartLockoutStore } from '../../core/ports.js';
import type { LockoutBucket, LockoutState } from '../../core/policy/smart-lockout.js';
import type { Database, SmartLockoutTable } from '../schema.js';
import { canonicalInstant, guidKey } from './normalize.js';

export class KyselySmartLockoutStore implements SmartLockoutStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: { postgres: boolean },
  ) {}

  async list(userId: Guid, now: Instant): Promise<LockoutBucket[]> {
    const rows = await this.db
      .selectFrom('smart_lockout')
      .selectAll()
      .where('user_id', '=', guidKey(userId))
      .where('expires_at', '>', canonicalInstant(now))
      .execute();
    return rows.map(fromRow);
  }

  async update<T>(
    tenantId: Guid,
    userId: Guid,
    now: Instant,
    decide: (buckets: LockoutBucket[]) => { bucket: string; state: LockoutState | null; result: T },
  ): Promise<T> {
    const user_id = guidKey(userId);
    const at = canonicalInstant(now);
    return this.db.transaction().execute(async (trx) => {
      if (this.options.postgres) {
        await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.entrada_smart_lockout'), hashtext(${user_id}))`.execute(trx);
      }
      // Forgotten buckets go first, so they neither count towards the addresses tracked nor linger.
      await trx.deleteFrom('smart_lockout').where('user_id', '=', user_id).where('expires_at', '<=', at).execute();
      const rows = await trx.selectFrom('smart_lockout').selectAll().where('user_id', '=', user_id).execute();
      const { bucket, state, result } = decide(rows.map(fromRow));
      if (state === null) {
        await trx.deleteFrom('smart_lockout').where('user_id', '=', user_id).where('bucket', '=', bucket).execute();
      } else {
        const { user_id: _u, bucket: _b, ...changes } = toRow(tenantId, user_id, bucket, state);
        await trx
          .insertInto('smart_lockout')
          .values(toRow(tenantId, user_id, bucket, state))
          .onConflict((oc) => oc.columns(['user_id', 'bucket']).doUpdateSet(changes))
          .execute();
      }
      return result;
    });
  }

  async deleteExpired(before: Instant): Promise<number> {
    const result = await this.db.deleteFrom('smart_lockout').where('expires_at', '<', canonicalInstant(before)).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toRow(tenantId: Guid, userId: string, bucket: string, s: LockoutState): SmartLockoutTable {
  return {
    user_id: userId,
    bucket,
    tenant_id: guidKey(tenantId),
    failures: s.failures,
    lockouts: s.lockouts,
    locked_until: s.lockedUntil === null ? null : canonicalInstant(s.lockedUntil),
    recent_wrong: JSON.stringify(s.recentWrong),
    expires_at: canonicalInstant(s.expiresAt),
  };
}

function fromRow(r: SmartLockoutTable): LockoutBucket {
  return {
    bucket: r.bucket,
    state: {
      failures: Number(r.failures),
      lockouts: Number(r.lockouts),
      lockedUntil: r.locked_until,
      recentWrong: JSON.parse(r.recent_wrong) as string[],
      expiresAt: r.expires_at,
    },
  };
}
