// Entry point of the storage layer: picks the database from a URL, migrates it, and returns the
// port implementations over it.

import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type {
  AssertionReplayStore,
  AuthorizationCodeStore,
  DeviceCodeStore,
  DirectoryAdmin,
  DirectoryStore,
  InstallationSecretStore,
  RefreshTokenStore,
  SessionStore,
  SignInLogStore,
  SigningKeyStore,
  SmartLockoutStore,
} from '../core/ports.js';
import type { Pool } from 'pg';
import { watchPostgres, watchSqlite, type DirectoryWatch } from './directory-changes.js';
import { openSqlite, rawSqlite, SQLITE_MEMORY } from './dialects/sqlite.js';
import { KyselyAssertionReplayStore } from './repositories/assertion-jtis.js';
import { KyselyAuthorizationCodeStore } from './repositories/authorization-codes.js';
import { KyselyDeviceCodeStore } from './repositories/device-codes.js';
import { directoryAdmin, KyselyDirectoryStore } from './repositories/directory-store.js';
import { KyselyInstallationSecretStore } from './repositories/installation-secrets.js';
import { KyselyRefreshTokenStore } from './repositories/refresh-tokens.js';
import { KyselySessionStore } from './repositories/sessions.js';
import { KyselySignInLogStore } from './repositories/sign-in-log.js';
import { KyselySigningKeyStore } from './repositories/signing-keys.js';
import { KyselySmartLockoutStore } from './repositories/smart-lockout.js';
import type { Database } from './schema.js';

export interface Storage {
  directory: DirectoryStore;
  /** Graph's transactions over the directory, and the directory audit log. */
  directoryAdmin: DirectoryAdmin;
  refreshTokens: RefreshTokenStore;
  signingKeys: SigningKeyStore;
  assertionReplay: AssertionReplayStore;
  deviceCodes: DeviceCodeStore;
  authorizationCodes: AuthorizationCodeStore;
  sessions: SessionStore;
  signInLog: SignInLogStore;
  installationSecrets: InstallationSecretStore;
  /** Smart lockout's per-user, per-address buckets (one atomic update per attempt). */
  smartLockout: SmartLockoutStore;
  dialect: 'sqlite' | 'postgres';
  /**
   * Calls onChange() soon after another node or process changes the directory or the signing keys (PostgreSQL:
   * LISTEN/NOTIFY; a SQLite file: PRAGMA data_version polled every 250 ms; in-memory SQLite:
   * never). Close the watch before the storage.
   */
  watchDirectory(onChange: () => void): Promise<DirectoryWatch>;
  /**
   * Resolves once the database answers `select 1` (on PostgreSQL through the pool, so a pool that
   * cannot hand out a connection fails too); rejects after timeoutMs at the latest (/readyz).
   */
  ping(timeoutMs: number): Promise<void>;
  /** The PostgreSQL pool now (/metrics); undefined on SQLite, which has one connection and no pool. */
  poolUse(): PoolUse | undefined;
  close(): Promise<void>;
}

export interface PoolUse {
  /** Connections open (idle or lent out). */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  /** The most connections the pool opens. */
  max: number;
}

interface StorageOptions {
  /**
   * ENTRADA_DATABASE_URL. Unset: the SQLite file `${home}/entrada.db`. `sqlite::memory:`: a
   * private in-memory SQLite database (tests). `sqlite:<path>`: that SQLite file (startEntrada's
   * `storage: '/path/to/entrada.db'`). `postgres://…` or `postgresql://…`: PostgreSQL.
   */
  url?: string;
  /** ENTRADA_HOME, the data folder; created if missing. */
  home: string;
}

const SQLITE_MEMORY_URL = 'sqlite::memory:';

/**
 * The database a URL names, where another thread could open it too (the sign-in log's writer
 * thread): a SQLite file or a PostgreSQL URL; undefined for in-memory SQLite and unsupported URLs.
 */
export function sharedDatabase(options: StorageOptions): { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string } | undefined {
  const { url, home } = options;
  if (url === undefined) return { kind: 'sqlite', file: join(home, 'entrada.db') };
  if (url === SQLITE_MEMORY_URL) return undefined;
  if (url.startsWith('sqlite:') && url.length > 'sqlite:'.length) return { kind: 'sqlite', file: url.slice('sqlite:'.length) };
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', url };
  return undefined;
}

/** Opens the database, applies pending migrations, and returns the stores. */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  const { url } = options;
  if (url === SQLITE_MEMORY_URL) {
    return storageOver(await withContext('in-memory SQLite database', openSqlite(SQLITE_MEMORY)), 'sqlite');
  }
  const shared = sharedDatabase(options);
  if (shared?.kind === 'sqlite') {
    return storageOver(await withContext(`SQLite database ${shared.file}`, openSqlite(shared.file)), 'sqlite');
  }
  if (url !== undefined && shared?.kind === 'postgres') {
    // pg (about 35 ms and 4 MiB to load) only where PostgreSQL is used.
    const { openPostgres, postgresPool } = await import('./dialects/postgres.js');
    const db = await withContext(`PostgreSQL database ${redact(url)}`, openPostgres(url));
    return storageOver(db, 'postgres', {
      watchDirectory: (onChange) =>
        watchPostgres(url, onChange, {
          onError: (error) => process.stderr.write(`directory change listener (PostgreSQL LISTEN) failed, reconnecting: ${String(error)}\n`),
        }),
      pool: postgresPool(db),
    });
  }
  throw new Error(
    `Unsupported database URL ${JSON.stringify(redact(url ?? ''))}: expected postgres://… or postgresql://… ` +
      `(PostgreSQL), sqlite:<path> (an SQLite file) or ${SQLITE_MEMORY_URL} (in-memory SQLite); leave it unset for the SQLite file ` +
      `in the data folder.`,
  );
}

function storageOver(db: Kysely<Database>, dialect: Storage['dialect'], postgres?: { watchDirectory: Storage['watchDirectory']; pool: Pool | undefined }): Storage {
  const sqlite = dialect === 'sqlite' ? rawSqlite(db) : undefined;
  return {
    directory: new KyselyDirectoryStore(db, { notify: dialect === 'postgres' }),
    directoryAdmin: directoryAdmin(db, { postgres: dialect === 'postgres' }),
    refreshTokens: new KyselyRefreshTokenStore(db),
    signingKeys: new KyselySigningKeyStore(db, { notify: dialect === 'postgres' }),
    assertionReplay: new KyselyAssertionReplayStore(db),
    deviceCodes: new KyselyDeviceCodeStore(db),
    authorizationCodes: new KyselyAuthorizationCodeStore(db),
    sessions: new KyselySessionStore(db),
    signInLog: new KyselySignInLogStore(db, sqlite),
    installationSecrets: new KyselyInstallationSecretStore(db),
    smartLockout: new KyselySmartLockoutStore(db, { postgres: dialect === 'postgres' }),
    dialect,
    async watchDirectory(onChange) {
      if (postgres) return postgres.watchDirectory(onChange);
      // An in-memory database has no other connection that could change it.
      if (sqlite && !sqlite.memory) return watchSqlite(sqlite, onChange);
      return { close: async () => {} };
    },
    ping: (timeoutMs) => withTimeout(sql`select 1`.execute(db), timeoutMs),
    poolUse() {
      const pool = postgres?.pool;
      return pool && { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 };
    },
    close: () => db.destroy(),
  };
}

/** `work`, or a rejection once timeoutMs pass (the work itself goes on; its result is ignored). */
async function withTimeout(work: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Says which database failed to open: driver errors (ECONNREFUSED, SQLITE_CANTOPEN) do not. */
async function withContext<T>(what: string, opening: Promise<T>): Promise<T> {
  try {
    return await opening;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot open the ${what}: ${reason}`, { cause: error });
  }
}

/**
 * The URL without its secrets, fit for an error message or a log line: the password in the user
 * part, and the query parameters pg reads secrets from (`password`, `sslpassword`, and the
 * `sslkey`/`sslcert`/`sslrootcert` file names). A URL that does not parse is shown as its scheme only.
 */
export function redact(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0];
    return scheme ? `${scheme}//***` : '***';
  }
  if (parsed.password) parsed.password = '***';
  for (const key of [...parsed.searchParams.keys()]) {
    if (SECRET_URL_PARAMETERS.has(key.toLowerCase())) parsed.searchParams.set(key, '***');
  }
  return parsed.href.replace(/%2A%2A%2A/g, '***');
}

const SECRET_URL_PARAMETERS = new Set(['password', 'sslpassword', 'sslkey', 'sslcert', 'sslrootcert']);
