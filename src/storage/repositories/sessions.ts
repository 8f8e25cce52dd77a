// Browser sign-in sessions, stored by hash. addClient is a read-modify-write made safe by
// compare-and-swap: the UPDATE applies only if client_ids is still what was read, and is retried
// otherwise, so two apps signing in through one session at once (two tabs, two nodes) both stay
// in the list.

import type { Kysely } from 'kysely';
import type { Guid } from '../../core/model.js';
import type { SessionStore, SignInSession } from '../../core/ports.js';
import type { Database, SignInSessionsTable } from '../schema.js';
import { amrFromColumn, amrToColumn, canonicalInstant, guidKey } from './normalize.js';

/**
 * Each failed compare-and-swap means another addClient on the session succeeded, so this bound is
 * only reached by more concurrent sign-ins to one session than a browser could make.
 */
const ADD_CLIENT_ATTEMPTS = 50;

export class KyselySessionStore implements SessionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(session: SignInSession): Promise<void> {
    await this.db.insertInto('sign_in_sessions').values(toRow(session)).execute();
  }

  async find(sessionHash: string, now: string): Promise<SignInSession | undefined> {
    const row = await this.db
      .selectFrom('sign_in_sessions')
      .selectAll()
      .where('session_hash', '=', sessionHash)
      .where('expires_at', '>', canonicalInstant(now))
      .executeTakeFirst();
    return row && fromRow(row);
  }

  async addMfa(sessionHash: string): Promise<void> {
    // One statement: the session's amr gains mfa unless it has it (pwd → pwd mfa).
    await this.db
      .updateTable('sign_in_sessions')
      .set({ amr: 'pwd mfa' })
      .where('session_hash', '=', sessionHash)
      .where('amr', 'not like', '%mfa%')
      .execute();
  }

  async addClient(sessionHash: string, clientId: Guid): Promise<void> {
    const key = guidKey(clientId);
    for (let attempt = 0; attempt < ADD_CLIENT_ATTEMPTS; attempt++) {
      const row = await this.db
        .selectFrom('sign_in_sessions')
        .select('client_ids')
        .where('session_hash', '=', sessionHash)
        .executeTakeFirst();
      if (row === undefined) return;
      const clientIds = JSON.parse(row.client_ids) as string[];
      if (clientIds.includes(key)) return;
      const result = await this.db
        .updateTable('sign_in_sessions')
        .set({ client_ids: JSON.stringify([...clientIds, key]) })
        .where('session_hash', '=', sessionHash)
        .where('client_ids', '=', row.client_ids)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) return;
    }
    throw new Error(`Could not add a client to sign-in session: ${ADD_CLIENT_ATTEMPTS} concurrent updates in a row`);
  }

  async delete(sessionHash: string): Promise<boolean> {
    const result = await this.db.deleteFrom('sign_in_sessions').where('session_hash', '=', sessionHash).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async deleteExpired(before: string): Promise<number> {
    const result = await this.db.deleteFrom('sign_in_sessions').where('expires_at', '<', canonicalInstant(before)).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toRow(s: SignInSession): SignInSessionsTable {
  // Duplicates in another case are one client (GUIDs compare case-insensitively); first one kept.
  const clientIds = [...new Set(s.clientIds.map(guidKey))];
  return {
    session_hash: s.sessionHash,
    tenant_id: guidKey(s.tenantId),
    user_id: guidKey(s.userId),
    auth_time: canonicalInstant(s.authTime),
    client_ids: JSON.stringify(clientIds),
    created_at: canonicalInstant(s.createdAt),
    expires_at: canonicalInstant(s.expiresAt),
    amr: amrToColumn(s.amr),
  };
}

function fromRow(row: SignInSessionsTable): SignInSession {
  return {
    sessionHash: row.session_hash,
    tenantId: row.tenant_id,
    userId: row.user_id,
    authTime: row.auth_time,
    clientIds: JSON.parse(row.client_ids) as string[],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    amr: amrFromColumn(row.amr),
  };
}
