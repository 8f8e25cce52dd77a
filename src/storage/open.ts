// Entry point of the storage layer: picks the database from a URL, migrates it, and returns the
// port implementations over it.

import { join } from 'node:path';
import type { Kysely } from 'kysely';
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
import { openPostgres } from './dialects/postgres.js';
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
  close(): Promise<void>;
}

interface StorageOptions {
  /**
   * ENTRADA_DATABASE_URL. Unset: the SQLite file `${home}/entrada.db`. `sqlite::memory:`: a
   * private in-memory SQLite database (tests). `postgres://…` or `postgresql://…`: PostgreSQL.
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
      `(PostgreSQL) or ${SQLITE_MEMORY_URL} (in-memory SQLite); leave it unset for the SQLite file ` +
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
    close: () => db.destroy(),
  };
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
