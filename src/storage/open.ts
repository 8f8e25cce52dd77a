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
} from '../core/ports.js';
import { openPostgres, postgresPool } from './dialects/postgres.js';
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
  dialect: 'sqlite' | 'postgres';
  /**
   * Calls onChange() soon after another node or process changes the directory (PostgreSQL:
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

/** Opens the database, applies pending migrations, and returns the stores. */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  const { url, home } = options;
  if (url === undefined) {
    const file = join(home, 'entrada.db');
    return storageOver(await withContext(`SQLite database ${file}`, openSqlite(file)), 'sqlite');
  }
  if (url === SQLITE_MEMORY_URL) {
    return storageOver(await withContext('in-memory SQLite database', openSqlite(SQLITE_MEMORY)), 'sqlite');
  }
  if (url.startsWith('sqlite:') && url.length > 'sqlite:'.length) {
    const file = url.slice('sqlite:'.length);
    return storageOver(await withContext(`SQLite database ${file}`, openSqlite(file)), 'sqlite');
  }
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const db = await withContext(`PostgreSQL database ${redact(url)}`, openPostgres(url));
    return storageOver(db, 'postgres', (onChange) =>
      watchPostgres(url, onChange, {
        onError: (error) => process.stderr.write(`directory change listener (PostgreSQL LISTEN) failed, reconnecting: ${String(error)}\n`),
      }),
    );
  }
  throw new Error(
    `Unsupported database URL ${JSON.stringify(redact(url))}: expected postgres://… or postgresql://… ` +
      `(PostgreSQL), sqlite:<path> (an SQLite file) or ${SQLITE_MEMORY_URL} (in-memory SQLite); leave it unset for the SQLite file ` +
      `in the data folder.`,
  );
}

function storageOver(db: Kysely<Database>, dialect: Storage['dialect'], watchPostgresDirectory?: Storage['watchDirectory']): Storage {
  const sqlite = dialect === 'sqlite' ? rawSqlite(db) : undefined;
  return {
    directory: new KyselyDirectoryStore(db, { notify: dialect === 'postgres' }),
    directoryAdmin: directoryAdmin(db, { postgres: dialect === 'postgres' }),
    refreshTokens: new KyselyRefreshTokenStore(db),
    signingKeys: new KyselySigningKeyStore(db),
    assertionReplay: new KyselyAssertionReplayStore(db),
    deviceCodes: new KyselyDeviceCodeStore(db),
    authorizationCodes: new KyselyAuthorizationCodeStore(db),
    sessions: new KyselySessionStore(db),
    signInLog: new KyselySignInLogStore(db, sqlite),
    installationSecrets: new KyselyInstallationSecretStore(db),
    dialect,
    async watchDirectory(onChange) {
      if (watchPostgresDirectory) return watchPostgresDirectory(onChange);
      // An in-memory database has no other connection that could change it.
      if (sqlite && !sqlite.memory) return watchSqlite(sqlite, onChange);
      return { close: async () => {} };
    },
    ping: (timeoutMs) => withTimeout(sql`select 1`.execute(db), timeoutMs),
    poolUse() {
      const pool = postgresPool(db);
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

/** The URL without a password, fit for an error message or a log line. */
export function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*):[^/@]*@/i, '$1:***@');
}
