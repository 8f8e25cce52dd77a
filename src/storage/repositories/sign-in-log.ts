// The sign-in log table. Written in batches (http/sign-in-recorder.ts), read by id, by filter.

import type BetterSqlite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { SignInLogEntry, SignInLogQuery, SignInLogStore } from '../../core/ports.js';
import type { Database, SignInLogTable } from '../schema.js';
import { canonicalInstant, guidKey } from './normalize.js';

const COLUMNS = [
  'id', 'created_at', 'endpoint', 'tenant', 'app_id', 'app_display_name', 'user_id', 'user_principal_name', 'grant_type',
  'outcome', 'error_code', 'oauth_error', 'correlation_id', 'client_address', 'user_agent', 'decision', 'detail',
] as const satisfies ReadonlyArray<keyof SignInLogTable>;

export class KyselySignInLogStore implements SignInLogStore {
  private readonly insertBatch?: (rows: SignInLogTable[]) => void;

  /** `sqlite`: the raw connection, for a prepared batch insert (see dialects/sqlite.ts rawSqlite). */
  constructor(
    private readonly db: Kysely<Database>,
    sqlite?: BetterSqlite.Database,
  ) {
    if (sqlite) {
      const insert = sqlite.prepare(
        `insert into sign_in_log (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')}) on conflict (id) do nothing`,
      );
      this.insertBatch = sqlite.transaction((rows: SignInLogTable[]) => {
        for (const r of rows) insert.run(COLUMNS.map((c) => r[c]));
      });
    }
  }

  async insertMany(entries: SignInLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map(toRow);
    if (this.insertBatch) return this.insertBatch(rows);
    // Trace ids are random; a repeat (a retried flush) is ignored rather than failing the batch.
    await this.db.insertInto('sign_in_log').values(rows).onConflict((oc) => oc.column('id').doNothing()).execute();
  }

  async get(id: string): Promise<SignInLogEntry | undefined> {
    const row = await this.db.selectFrom('sign_in_log').selectAll().where('id', '=', id.toLowerCase()).executeTakeFirst();
    return row && fromRow(row);
  }

  async list(q: SignInLogQuery): Promise<SignInLogEntry[]> {
    let query = this.db.selectFrom('sign_in_log').selectAll();
    if (q.tenant) query = query.where('tenant', '=', q.tenant.toLowerCase());
    if (q.appId) query = query.where('app_id', '=', guidKey(q.appId));
    if (q.correlationId) query = query.where('correlation_id', '=', q.correlationId.toLowerCase());
    if (q.outcome) query = query.where('outcome', '=', q.outcome);
    if (q.after) query = query.where('created_at', '>', canonicalInstant(q.after));
    const before = q.before;
    if (before) {
      const at = canonicalInstant(before.createdAt);
      query = query.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', before.id)])]));
    }
    const order = q.order ?? 'desc';
    const rows = await query.orderBy('created_at', order).orderBy('id', order).limit(q.limit).execute();
    return rows.map(fromRow);
  }

  async deleteBefore(before: string): Promise<number> {
    const result = await this.db.deleteFrom('sign_in_log').where('created_at', '<', canonicalInstant(before)).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toRow(e: SignInLogEntry): SignInLogTable {
  return {
    id: e.id.toLowerCase(),
    created_at: canonicalInstant(e.createdAt),
    endpoint: e.endpoint,
    tenant: e.tenant === null ? null : e.tenant.toLowerCase(),
    app_id: e.appId === null ? null : guidKey(e.appId),
    app_display_name: e.appDisplayName,
    user_id: e.userId,
    user_principal_name: e.userPrincipalName,
    grant_type: e.grantType,
    outcome: e.outcome,
    error_code: e.errorCode,
    oauth_error: e.oauthError,
    correlation_id: e.correlationId.toLowerCase(),
    client_address: e.clientAddress,
    user_agent: e.userAgent,
    decision: e.decision === null ? null : JSON.stringify(e.decision),
    detail: e.detail,
  };
}

function fromRow(r: SignInLogTable): SignInLogEntry {
  return {
    id: r.id,
    createdAt: r.created_at,
    endpoint: r.endpoint as SignInLogEntry['endpoint'],
    tenant: r.tenant,
    appId: r.app_id,
    appDisplayName: r.app_display_name,
    userId: r.user_id,
    userPrincipalName: r.user_principal_name,
    grantType: r.grant_type,
    outcome: r.outcome === 'success' ? 'success' : 'failure',
    errorCode: r.error_code === null ? null : Number(r.error_code),
    oauthError: r.oauth_error,
    correlationId: r.correlation_id,
    clientAddress: r.client_address,
    userAgent: r.user_agent,
    decision: r.decision === null ? null : (JSON.parse(r.decision) as Record<string, unknown>),
    detail: r.detail,
  };
}
