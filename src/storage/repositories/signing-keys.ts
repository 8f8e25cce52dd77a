// Token signing keys, shared by every node through the database.

import { sql, type Kysely } from 'kysely';
import type { SigningKey } from '../../core/model.js';
import type { SigningKeyStore } from '../../core/ports.js';
import type { Database, SigningKeysTable } from '../schema.js';
import { canonicalInstant, toBool } from './normalize.js';

export class KyselySigningKeyStore implements SigningKeyStore {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<SigningKey[]> {
    const rows = await this.db.selectFrom('signing_keys').selectAll().execute();
    // Sorted here: ties on created_at then break by kid the same way on both databases, whatever
    // PostgreSQL's collation.
    return rows.map(fromRow).sort((a, b) => compare(b.createdAt, a.createdAt) || compare(b.kid, a.kid));
  }

  async ensureActive(candidate: SigningKey): Promise<SigningKey> {
    // Every start after the first finds its key here, without writing.
    const existing = await this.findActive();
    if (existing) return existing;

    // The unique partial index signing_keys_one_active admits one row with active = 1. Nodes that
    // race here all insert; the database keeps the first and turns the others into no-ops
    // (PostgreSQL waits for the winner to commit before deciding), so the read below sees the
    // winner on every node. Only a conflict on that index is ignored: reusing a stored kid fails.
    await this.db
      .insertInto('signing_keys')
      .values({ ...toRow(candidate), active: 1 })
      .onConflict((oc) => oc.column('active').where(sql.ref('active'), '=', sql.lit(1)).doNothing())
      .execute();

    const winner = await this.findActive();
    if (!winner) throw new Error('ensureActive: no active signing key after insert');
    return winner;
  }

  private async findActive(): Promise<SigningKey | undefined> {
    const row = await this.db
      .selectFrom('signing_keys')
      .selectAll()
      .where('active', '=', sql.lit(1))
      .executeTakeFirst();
    return row && fromRow(row);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toRow(k: SigningKey): SigningKeysTable {
  return {
    kid: k.kid,
    private_key_pem: k.privateKeyPem,
    certificate: k.certificate,
    created_at: canonicalInstant(k.createdAt),
    active: k.active ? 1 : 0,
  };
}

function fromRow(r: SigningKeysTable): SigningKey {
  return {
    kid: r.kid,
    privateKeyPem: r.private_key_pem,
    certificate: r.certificate,
    createdAt: r.created_at,
    active: toBool(r.active),
  };
}
