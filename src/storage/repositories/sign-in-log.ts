// The sign-in log table. Written in batches (sign-in-log/recorder.ts), read by id, by filter.
// Every value is made loggable on the way in (bounded, no NUL: core/sign-in-log-limits.ts), and a
// row the database still refuses is dropped alone, never with its batch (issue #9, finding 2).

import type BetterSqlite from 'better-sqlite3';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { DecisionTrace } from '../../core/decision-trace.js';
import type { SignInLogEntry, SignInLogQuery, SignInLogStore, SignInLogWriteResult } from '../../core/ports.js';
import { loggableEntry } from '../../core/sign-in-log-limits.js';
import type { Database, SignInLogTable } from '../schema.js';
import { canonicalInstant, guidKey } from './normalize.js';

export const COLUMNS = [
  'id', 'created_at', 'endpoint', 'tenant', 'app_id', 'app_display_name', 'user_id', 'user_principal_name', 'grant_type',
  'outcome', 'error_code', 'oauth_error', 'correlation_id', 'client_address', 'user_agent', 'decision', 'detail',
] as const satisfies ReadonlyArray<keyof SignInLogTable>;

/** SQLite's insert of one row, values in COLUMNS order; a repeated trace id is ignored. */
export const SQLITE_INSERT = `insert into sign_in_log (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')}) on conflict (id) do nothing`;

/**
 * PostgreSQL's insert of a batch: one array per column, in COLUMNS order ($1 … $17), unnested into
 * rows. Constant text and 17 parameters whatever the batch's size (issue 16).
 */
export const POSTGRES_INSERT = `insert into sign_in_log (${COLUMNS.join(', ')}) select * from unnest(${COLUMNS.map(
  (c, i) => `$${i + 1}::${c === 'error_code' ? 'integer' : 'text'}[]`,
).join(', ')}) on conflict (id) do nothing`;

/** The row of an entry as stored, values in COLUMNS order; throws if the entry cannot be one. */
export function signInLogValues(e: SignInLogEntry): Array<string | number | null> {
  const row = toRow(loggableEntry(e));
  return COLUMNS.map((c) => row[c]);
}

export class KyselySignInLogStore implements SignInLogStore {
  private readonly insertBatch?: (rows: SignInLogTable[]) => SignInLogWriteResult['dropped'];

  /** `sqlite`: the raw connection, for a prepared batch insert (see dialects/sqlite.ts rawSqlite). */
  constructor(
    private readonly db: Kysely<Database>,
    sqlite?: BetterSqlite.Database,
  ) {
    if (sqlite) {
      const insert = sqlite.prepare(SQLITE_INSERT);
      // A failed statement in SQLite undoes that statement only, so a bad row is skipped in place.
      this.insertBatch = sqlite.transaction((rows: SignInLogTable[]) => {
        const dropped: SignInLogWriteResult['dropped'] = [];
        for (const r of rows) {
          try {
            insert.run(COLUMNS.map((c) => r[c]));
          } catch (err) {
            dropped.push({ id: r.id, reason: reasonOf(err) });
          }
        }
        return dropped;
      });
    }
  }

  async insertMany(entries: SignInLogEntry[]): Promise<SignInLogWriteResult> {
    const dropped: SignInLogWriteResult['dropped'] = [];
    const rows: SignInLogTable[] = [];
    for (const e of entries) {
      try {
        rows.push(toRow(loggableEntry(e)));
      } catch (err) {
        dropped.push({ id: String(e.id), reason: reasonOf(err) });
      }
    }
    if (rows.length === 0) return { dropped };
    if (this.insertBatch) return { dropped: [...dropped, ...this.insertBatch(rows)] };
    try {
      await this.insertRows(rows);
    } catch {
      // One statement for the batch: a row PostgreSQL refuses fails them all. Row by row, only
      // that row is lost.
      for (const r of rows) {
        try {
          await this.insertRows([r]);
        } catch (err) {
          dropped.push({ id: r.id, reason: reasonOf(err) });
        }
      }
    }
    return { dropped };
  }

  private async insertRows(rows: SignInLogTable[]): Promise<void> {
    // One statement of constant text with one array per column (PostgreSQL's unnest), not a VALUES
    // list of 17 parameters a row: 500 rows are 17 parameters, not 8,500, for Kysely to compile and
    // pg to send (issue 16). A repeated trace id (a retried flush) is ignored, not a failed batch.
    await this.db.executeQuery(CompiledQuery.raw(POSTGRES_INSERT, COLUMNS.map((c) => rows.map((r) => r[c]))));
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
    if (q.errorCode !== undefined) query = query.where('error_code', '=', q.errorCode);
    if (q.userPrincipalNameContains) {
      // LIKE with its wildcards escaped, on lower() of both sides: the same answer from SQLite
      // (whose LIKE ignores ASCII case only) and PostgreSQL (whose LIKE is case-sensitive).
      // Non-ASCII letters fold in PostgreSQL's lower() but not in SQLite's; Entra's UPNs are ASCII
      // (letters, digits and ' . - _ ! # ^ ~ [D: "Username policies"]), so both agree on them.
      const pattern = `%${q.userPrincipalNameContains.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where(sql<boolean>`lower(${sql.ref('user_principal_name')}) like ${pattern} escape '\\'`);
    }
    if (q.since) query = query.where('created_at', '>=', canonicalInstant(q.since));
    if (q.until) query = query.where('created_at', '<', canonicalInstant(q.until));
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

  async deleteBeyond(keep: number): Promise<number> {
    // The newest entry beyond the cap, by the (created_at, id) index; it and everything older go.
    const edge = await this.db
      .selectFrom('sign_in_log')
      .select(['created_at', 'id'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .offset(Math.max(0, Math.floor(keep)))
      .executeTakeFirst();
    if (!edge) return 0;
    // In chunks, yielding between them: SQLite deletes on the event loop, and a cap reached under
    // a flood may have tens of thousands of rows to go.
    let total = 0;
    for (;;) {
      const result = await this.db
        .deleteFrom('sign_in_log')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('sign_in_log')
            .select('id')
            .where((w) => w.or([w('created_at', '<', edge.created_at), w.and([w('created_at', '=', edge.created_at), w('id', '<=', edge.id)])]))
            .limit(DELETE_CHUNK),
        )
        .executeTakeFirst();
      const deleted = Number(result.numDeletedRows);
      total += deleted;
      if (deleted < DELETE_CHUNK) return total;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/** Rows per DELETE when pruning to the size cap (a few milliseconds each on SQLite). */
const DELETE_CHUNK = 2_000;

/** A database error, short and printable (stderr): values in it were request-chosen. */
export function reasonOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200);
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
    // Written from a DecisionTrace by insertMany; readers still check what they use.
    decision: r.decision === null ? null : (JSON.parse(r.decision) as DecisionTrace),
    detail: r.detail,
  };
}
