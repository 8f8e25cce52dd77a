// Embedded SQLite (better-sqlite3): the default store, a file under ENTRADA_HOME.

import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import { migrateToLatest } from '../migrations/index.js';
import type { Database } from '../schema.js';

export const SQLITE_MEMORY = ':memory:';

/** How long a writer waits for another connection's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

const rawConnections = new WeakMap<Kysely<Database>, SqliteDatabase.Database>();

/**
 * The better-sqlite3 connection under a Kysely instance opened here, for the one hot write path
 * that bypasses the query builder (the sign-in log's batched insert: 12 µs a row prepared, 32 µs
 * through Kysely, on the event loop).
 */
export function rawSqlite(db: Kysely<Database>): SqliteDatabase.Database | undefined {
  return rawConnections.get(db);
}

/** Opens (creating the folder and file if needed) and migrates a SQLite database. */
export async function openSqlite(file: string): Promise<Kysely<Database>> {
  const memory = file === SQLITE_MEMORY;
  if (!memory) mkdirSync(dirname(resolve(file)), { recursive: true });

  const sqlite = new SqliteDatabase(file);
  try {
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!memory) {
      // WAL: readers never block the writer, so token requests keep reading while one writes.
      sqlite.pragma('journal_mode = WAL');
      // In WAL mode NORMAL cannot corrupt the database; a power cut may lose the last commits
      // (e.g. a just-issued refresh token), which costs a user one sign-in. Skipping an fsync per
      // token request is worth that.
      sqlite.pragma('synchronous = NORMAL');
    }
  } catch (error) {
    sqlite.close();
    throw error;
  }

  const db = new Kysely<Database>({ dialect: new EntradaSqliteDialect({ database: preparedOnce(sqlite) }) });
  rawConnections.set(db, sqlite);
  try {
    // better-sqlite3 waits for a busy lock synchronously, blocking the whole thread. Two Storage
    // instances of one process migrating the same file would then wait on each other until the
    // timeout, so migrations of one file take turns within a process. Across processes the
    // `begin immediate` below is the lock.
    await oneAtATime(memory ? undefined : resolve(file), () => migrateToLatest(db));
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

/** Statements kept prepared per connection; Entrada's queries have far fewer distinct texts [Entrada's choice]. */
const PREPARED_STATEMENTS = 512;

/**
 * The connection as Kysely sees it, with each distinct SQL text prepared once. Kysely's SQLite driver
 * prepares every statement it runs, and SQLite's parse and plan were about a fifth of a refresh-token
 * request's time on the event loop (issue 16: `prepare` and `executeQuery` in a profile under load).
 * Values are always parameters, so the texts repeat; the least recently used is dropped past the
 * limit, so a query built with a variable-length `in (…)` list cannot grow it without bound. SQLite
 * re-prepares a statement by itself after a schema change. (Kysely's streamQuery would iterate a
 * shared statement; Entrada never streams.)
 */
function preparedOnce(sqlite: SqliteDatabase.Database): SqliteDialectConfig['database'] {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (statements.size >= PREPARED_STATEMENTS) statements.delete(statements.keys().next().value as string);
      }
      statements.set(sql, statement);
      return statement;
    },
    close: () => sqlite.close(),
  };
}

/**
 * Kysely's SQLite dialect, with two changes:
 * - transactions start with `begin immediate`, taking the write lock up front (waiting up to
 *   busy_timeout). A plain deferred `begin` that reads and then writes fails at once with
 *   SQLITE_BUSY when another connection wrote in between, which busy_timeout cannot help;
 * - the adapter declares transactional DDL (SQLite has it), so Kysely's migrator runs all pending
 *   migrations in one such transaction: atomic, and serialised across processes.
 */
class EntradaSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateTransactionDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }
}

class ImmediateTransactionDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

const queues = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task queued under the same key (none: runs it now). */
async function oneAtATime<T>(key: string | undefined, task: () => Promise<T>): Promise<T> {
  if (key === undefined) return task();
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  try {
    return await run;
  } finally {
    if (queues.get(key) === tail) queues.delete(key);
  }
}
