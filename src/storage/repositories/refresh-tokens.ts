// Refresh tokens, stored by hash. Every state change is one conditional statement, so two nodes
// redeeming or revoking at once cannot both see the token as they left it.

import type { Kysely } from 'kysely';
import type { Guid, RefreshTokenRecord } from '../../core/model.js';
import type { RefreshTokenStore } from '../../core/ports.js';
import type { Database, RefreshTokensTable } from '../schema.js';
import { amrFromColumn, amrToColumn, canonicalInstant } from './normalize.js';

export class KyselyRefreshTokenStore implements RefreshTokenStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(record: RefreshTokenRecord): Promise<void> {
    await this.db.insertInto('refresh_tokens').values(toRow(record)).execute();
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    const row = await this.db
      .selectFrom('refresh_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && fromRow(row);
  }

  async revokeFamily(familyId: Guid, at: string): Promise<number> {
    // Tokens revoked earlier keep their first revocation time and are not counted again.
    const result = await this.db
      .updateTable('refresh_tokens')
      .set({ revoked_at: canonicalInstant(at) })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async deleteExpired(before: string): Promise<number> {
    const result = await this.db
      .deleteFrom('refresh_tokens')
      .where('expires_at', '<', canonicalInstant(before))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toRow(r: RefreshTokenRecord): RefreshTokensTable {
  return {
    token_hash: r.tokenHash,
    family_id: r.familyId,
    tenant_id: r.tenantId,
    client_id: r.clientId,
    user_id: r.userId,
    client_type: r.clientType,
    scopes: JSON.stringify(r.scopes),
    auth_time: canonicalInstant(r.authTime),
    created_at: canonicalInstant(r.createdAt),
    expires_at: canonicalInstant(r.expiresAt),
    revoked_at: r.revokedAt === null ? null : canonicalInstant(r.revokedAt),
    amr: amrToColumn(r.amr),
    sign_in_time: r.signInTime === undefined ? null : canonicalInstant(r.signInTime),
  };
}

function fromRow(r: RefreshTokensTable): RefreshTokenRecord {
  return {
    tokenHash: r.token_hash,
    familyId: r.family_id,
    tenantId: r.tenant_id,
    clientId: r.client_id,
    userId: r.user_id,
    clientType: r.client_type,
    scopes: JSON.parse(r.scopes) as string[],
    authTime: r.auth_time,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    amr: amrFromColumn(r.amr),
    // Absent when null (migration 0017): records stored before read back as they were written.
    ...(r.sign_in_time ? { signInTime: r.sign_in_time } : {}),
  };
}
