// Authorization codes, stored by hash. Redeem is one conditional UPDATE on redeemed_at and
// expires_at, so two token requests (on one node or two) cannot both redeem a code.

import type { Kysely } from 'kysely';
import type { AuthorizationCodeRecord, AuthorizationCodeStore } from '../../core/ports.js';
import type { AuthorizationCodesTable, Database } from '../schema.js';
import { amrFromColumn, amrToColumn, canonicalInstant, guidKey } from './normalize.js';

export class KyselyAuthorizationCodeStore implements AuthorizationCodeStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(record: AuthorizationCodeRecord): Promise<void> {
    await this.db.insertInto('authorization_codes').values(toRow(record)).execute();
  }

  async findByHash(codeHash: string): Promise<AuthorizationCodeRecord | undefined> {
    const row = await this.db.selectFrom('authorization_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
    return row && fromRow(row);
  }

  async redeem(codeHash: string, now: string): Promise<boolean> {
    const at = canonicalInstant(now);
    const result = await this.db
      .updateTable('authorization_codes')
      .set({ redeemed_at: at })
      .where('code_hash', '=', codeHash)
      .where('redeemed_at', 'is', null)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async deleteExpired(before: string): Promise<number> {
    const result = await this.db.deleteFrom('authorization_codes').where('expires_at', '<', canonicalInstant(before)).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toRow(r: AuthorizationCodeRecord): AuthorizationCodesTable {
  return {
    code_hash: r.codeHash,
    tenant_id: guidKey(r.tenantId),
    client_id: guidKey(r.clientId),
    user_id: guidKey(r.userId),
    endpoint: r.endpoint,
    redirect_uri: r.redirectUri,
    scopes: JSON.stringify(r.scopes),
    resource: r.resource,
    nonce: r.nonce,
    code_challenge: r.codeChallenge,
    code_challenge_method: r.codeChallengeMethod,
    auth_time: canonicalInstant(r.authTime),
    created_at: canonicalInstant(r.createdAt),
    expires_at: canonicalInstant(r.expiresAt),
    redeemed_at: r.redeemedAt === null ? null : canonicalInstant(r.redeemedAt),
    amr: amrToColumn(r.amr),
  };
}

function fromRow(row: AuthorizationCodesTable): AuthorizationCodeRecord {
  return {
    codeHash: row.code_hash,
    tenantId: row.tenant_id,
    clientId: row.client_id,
    userId: row.user_id,
    endpoint: row.endpoint,
    redirectUri: row.redirect_uri,
    scopes: JSON.parse(row.scopes) as string[],
    resource: row.resource,
    nonce: row.nonce,
    codeChallenge: row.code_challenge,
    codeChallengeMethod: row.code_challenge_method,
    authTime: row.auth_time,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    redeemedAt: row.redeemed_at,
    amr: amrFromColumn(row.amr),
  };
}
