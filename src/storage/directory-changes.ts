// Tells a node that the directory changed somewhere else, so its cached directory
// (cached-directory.ts) is dropped on the next request rather than when its TTL runs out
// (issue 11: a change takes effect on the next request on every node).
//
// - PostgreSQL: every directory write runs pg_notify(DIRECTORY_CHANNEL, current_schema()) in its
//   transaction (repositories/directory.ts); each node holds one dedicated connection that LISTENs
//   on the channel, reconnecting with backoff when it drops. While it is down notifications are
//   lost, so a reconnect reports a change too. Schemas other than this node's are ignored.
// - SQLite (one file, possibly written by the CLI from another process): PRAGMA data_version on
//   the server's connection changes when another connection commits; it is read from the page
//   cache, so polling it every 250 ms costs next to nothing. Writes through the same connection
//   do not change it: those call invalidate() themselves.
//
// The TTL stays as a backstop (a lost notification, a write straight into the database).

import type pg from 'pg';
import type SqliteDatabase from 'better-sqlite3';
import { DIRECTORY_CHANNEL } from './repositories/directory.js';

export interface DirectoryWatch {
  /** Stops watching; nothing it holds keeps the process alive afterwards. */
  close(): Promise<void>;
}

export const SQLITE_POLL_MS = 250;
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

/** Polls data_version; onChange() when another connection has committed since the last look. */
export function watchSqlite(sqlite: SqliteDatabase.Database, onChange: () => void, pollMs = SQLITE_POLL_MS): DirectoryWatch {
  const version = () => sqlite.pragma('data_version', { simple: true }) as number;
  let last = version();
  const timer = setInterval(() => {
    if (!sqlite.open) return;
    try {
      const now = version();
      if (now !== last) {
        last = now;
        onChange();
      }
    } catch {
      // Busy or closing: the next tick looks again (and the TTL is the backstop).
    }
  }, pollMs);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
    },
  };
}

interface PostgresWatchOptions {
  /** Called with why the listening connection failed (it reconnects on its own). */
  onError?: (error: unknown) => void;
}

/**
 * LISTENs on DIRECTORY_CHANNEL over its own connection to `url`. Resolves once the first attempt
 * has listened or failed (a failure is retried in the background).
 */
export async function watchPostgres(url: string, onChange: () => void, options: PostgresWatchOptions = {}): Promise<DirectoryWatch> {
  // Loaded here, not at the top: SQLite installations never load pg (storage/open.ts).
  const { default: pgModule } = await import('pg');
  let closed = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let delay = RECONNECT_MIN_MS;
  let first = true;

  const scheduleReconnect = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  };

  const connect = async (): Promise<void> => {
    if (closed) return;
    const reconnecting = !first;
    const c = new pgModule.Client({ connectionString: url });
    client = c;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      if (client === c) client = undefined;
      c.end().catch(() => {});
      if (closed) return;
      options.onError?.(error);
      scheduleReconnect();
    };
    c.on('error', fail);
    c.on('end', () => fail(new Error('the LISTEN connection ended')));
    try {
      await c.connect();
      const { rows } = await c.query<{ schema: string | null }>('select current_schema() as schema');
      const schema = rows[0]?.schema ?? '';
      c.on('notification', (message) => {
        if (message.channel === DIRECTORY_CHANNEL && message.payload === schema) onChange();
      });
      await c.query(`listen ${DIRECTORY_CHANNEL}`);
      if (closed || failed) return;
      delay = RECONNECT_MIN_MS;
      // Changes made while no connection listened were not announced.
      if (reconnecting) onChange();
    } catch (error) {
      fail(error);
    }
  };

  await connect();
  first = false;
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}
