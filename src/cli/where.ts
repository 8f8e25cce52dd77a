// Which home, database and server a command uses: said in one line on stderr (stdout stays clean
// for --json), and checked before anything is opened, so a command run from the wrong folder says
// where it looked instead of creating an empty database there.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config/config.js';
import { redact } from '../storage/open.js';
import { runningServer } from './server-file.js';

type Where = Pick<Config, 'home' | 'databaseUrl'>;

/** `SQLite /x/.entrada/entrada.db`, `PostgreSQL postgres://app:***@db/entrada`. */
export function databaseName(config: Where): string {
  const file = sqliteFile(config);
  if (file !== undefined) return `SQLite ${file}`;
  if (config.databaseUrl === 'sqlite::memory:') return 'SQLite in memory';
  return `PostgreSQL ${redact(config.databaseUrl as string)}`;
}

/** The SQLite file the configuration names (the home's entrada.db, or a `sqlite:<path>` URL), if any. */
function sqliteFile(config: Where): string | undefined {
  if (config.databaseUrl === undefined) return join(config.home, 'entrada.db');
  if (config.databaseUrl === 'sqlite::memory:' || !config.databaseUrl.startsWith('sqlite:')) return undefined;
  return resolve(config.databaseUrl.slice('sqlite:'.length));
}

/** The line every command that opens the database prints on stderr first. */
export function whereLine(config: Where, server?: ResolvedUrl): string {
  return `entrada: home ${config.home}, ${databaseName(config)}${server ? `, server ${server.url} (${server.from})` : ''}`;
}

/**
 * Why a command other than `start` must not open the database: the SQLite file is missing (opening
 * would create an empty one). `flags` and `env` say where the home came from.
 */
export function missingDatabase(config: Where, flags: { home?: string; database?: string }, env: NodeJS.ProcessEnv): string | undefined {
  const file = sqliteFile(config);
  if (file === undefined || existsSync(file)) return undefined;
  if (config.databaseUrl !== undefined) {
    const from = flags.database !== undefined ? '--database' : 'ENTRADA_DATABASE_URL';
    return `No Entrada database at ${file} (from ${from}). Start the server with it once, or name the file the server uses.`;
  }
  const from = flags.home !== undefined ? '--home' : env.ENTRADA_HOME ? 'ENTRADA_HOME' : 'the default ./.entrada in the current folder';
  return (
    `No Entrada database at ${file} (the home from ${from}). Start the server there once (\`entrada start --home ${config.home}\`), ` +
    'or point at the one the server uses: --home DIR or ENTRADA_HOME, or --database URL or ENTRADA_DATABASE_URL.'
  );
}

export interface ResolvedUrl {
  url: string;
  /** Where it came from, for the where-line. */
  from: string;
}

/**
 * The running server's origin: --url, else ENTRADA_URL, else `<home>/server.json` if its process
 * is alive, else https://localhost:<configured port>.
 */
export function serverUrl(input: { flag: string | undefined; env: NodeJS.ProcessEnv; config: Pick<Config, 'home' | 'port'> }): ResolvedUrl {
  if (input.flag !== undefined && input.flag.trim() !== '') return { url: input.flag, from: '--url' };
  const fromEnv = input.env.ENTRADA_URL;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { url: fromEnv, from: 'ENTRADA_URL' };
  const running = runningServer(input.config.home);
  if (running) return { url: running.url, from: `${join(input.config.home, 'server.json')}, pid ${running.pid}` };
  return { url: `https://localhost:${input.config.port}`, from: 'no server.json: the configured port' };
}
