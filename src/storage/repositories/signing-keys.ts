// Token signing keys, shared by every node through the database. Installation-wide, not per
// tenant: Entra's signing keys are shared by all tenants (every tenant's JWKS is the same
// document [D]), and so are Entrada's.
//
// Creation is race-free through the unique `generation` (migration 0012): a new key takes the
// generation after the highest its creator saw, and an insert that finds it taken does nothing.
// Rotation and retirement tell the other nodes, which then reload their key ring: on PostgreSQL
// pg_notify on the directory channel in the same transaction (storage/directory-changes.ts
// listens); on SQLite another connection's commit changes PRAGMA data_version, which the same
// watcher polls.

import { sql, type Kysely } from 'kysely';
import type { Instant, NewSigningKey, SigningKey } from '../../core/model.js';
import type { SigningKeyStore } from '../../core/ports.js';
import type { Database, SigningKeysTable } from '../schema.js';
import { DIRECTORY_CHANNEL } from './directory.js';
import { canonicalInstant } from './normalize.js';

interface Options {
  /** PostgreSQL: announce rotations and retirements with pg_notify. */
  notify: boolean;
}

export class KyselySigningKeyStore implements SigningKeyStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: Options = { notify: false },
  ) {}

  async list(): Promise<SigningKey[]> {
    const rows = await this.db.selectFrom('signing_keys').selectAll().orderBy('generation', 'desc').execute();
    return rows.map(fromRow);
  }

  async ensureInitial(candidate: NewSigningKey): Promise<SigningKey[]> {
    // Generation 1 exists once any key was stored: nodes that race here all insert, the database
    // keeps the first, and every node reads the winner.
    await this.insert(this.db, candidate, 1);
    return this.list();
  }

  async rotate(candidate: NewSigningKey, after: number): Promise<SigningKey | undefined> {
    const generation = after + 1;
    const stored = await this.announced((db) => this.insert(db, candidate, generation));
    return stored ? fromRow(toRow({ ...candidate, generation })) : undefined;
  }

  async retire(kid: string, at: Instant): Promise<boolean> {
    return this.announced(async (db) => {
      const result = await db
        .updateTable('signing_keys')
        .set({ retired_at: canonicalInstant(at) })
        .where('kid', '=', kid)
        .where('retired_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    });
  }

  async delete(kids: readonly string[]): Promise<number> {
    if (kids.length === 0) return 0;
    const result = await this.db.deleteFrom('signing_keys').where('kid', 'in', [...kids]).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** true when stored; false when `generation` was taken (only that conflict is ignored: a reused kid fails). */
  private async insert(db: Kysely<Database>, candidate: NewSigningKey, generation: number): Promise<boolean> {
    const result = await db
      .insertInto('signing_keys')
      .values(toRow({ ...candidate, generation }))
      .onConflict((oc) => oc.column('generation').doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  /**
   * One change, announced when it happened. PostgreSQL: in a transaction with pg_notify, so other
   * nodes hear of it once it is committed. SQLite: the single statement alone (a transaction would
   * only add a lock that connections of one process wait for synchronously); its commit changes
   * PRAGMA data_version, which is the announcement.
   */
  private async announced(change: (db: Kysely<Database>) => Promise<boolean>): Promise<boolean> {
    if (!this.options.notify) return change(this.db);
    return this.db.transaction().execute(async (trx) => {
      if (!(await change(trx))) return false;
      await sql`select pg_notify(${DIRECTORY_CHANNEL}, current_schema())`.execute(trx);
      return true;
    });
  }
}

function toRow(k: SigningKey): SigningKeysTable {
  return {
    kid: k.kid,
    private_key_pem: k.privateKeyPem,
    certificate: k.certificate,
    created_at: canonicalInstant(k.createdAt),
    activates_at: canonicalInstant(k.activatesAt),
    retired_at: k.retiredAt === null ? null : canonicalInstant(k.retiredAt),
    generation: k.generation,
  };
}

function fromRow(r: SigningKeysTable): SigningKey {
  return {
    kid: r.kid,
    privateKeyPem: r.private_key_pem,
    certificate: r.certificate,
    createdAt: r.created_at,
    activatesAt: r.activates_at,
    retiredAt: r.retired_at,
    generation: Number(r.generation),
  };
}
