// `entrada app|sp|user|group|grant …`: the directory from the command line, in the spirit of
// `az ad …` (graph-and-clients.md §A.6), acting on the RUNNING server through its Microsoft Graph
// API (/v1.0) so every change applies at once and lands in the directory audit log. One code path:
// nothing here writes the database (directory-session.ts only reads the signing key from it).
//
// One file a family (app.ts, app-credentials.ts, sp.ts, user.ts, group.ts, grant.ts), ids resolved
// as az resolves them (resolve.ts), arguments read by parse.ts. `--json` prints Graph's JSON
// (lists: the items); otherwise a short readable form. Errors print `ERROR: <Graph's
// error.message>` and exit 1 (3 when what a command names does not exist, as az's
// ResourceNotFoundError); bad arguments (and no database where the home says) exit 2, with the
// usage for bad arguments.

import { sentence } from '../args.js';
import { DIRECTORY_FAMILIES } from '../command-table.js';
import { CliError, openSession, type CliIo } from '../directory-session.js';
import { GraphCallError, ServerProblem } from '../graph-client.js';
import { appCommands } from './app.js';
import { appCredentialCommands } from './app-credentials.js';
import { grantCommands } from './grant.js';
import { groupCommands } from './group.js';
import { str, type CommandSpec } from './kit.js';
import { commandFirst, parseCommand, UsageError, type Parsed } from './parse.js';
import { spCommands } from './sp.js';
import { userCommands } from './user.js';

export const DIRECTORY_COMMANDS: ReadonlySet<string> = new Set(DIRECTORY_FAMILIES.keys());

export const COMMANDS: readonly CommandSpec[] = [...appCommands, ...appCredentialCommands, ...spCommands, ...userCommands, ...groupCommands, ...grantCommands];

const GLOBAL_SYNOPSIS = '[--url https://HOST:PORT] [--tenant ID|DOMAIN] [--home DIR | --database URL] [--json]';

/** The usage lines of one command family (`app`, `sp`, …), or of all. */
export function directoryUsage(family?: string): string {
  return COMMANDS.filter((c) => family === undefined || c.words[0] === family)
    .map((c) => `  entrada ${c.words.join(' ')}${c.synopsis ? ` ${c.synopsis}` : ''}`)
    .join('\n');
}

export function parseDirectoryCommand(input: string[]): Parsed {
  return parseCommand(COMMANDS, input);
}

/**
 * Runs `entrada app|sp|user|group|grant …` (argv without `entrada`). Returns the exit code:
 * 0, 1 (an error: Graph's message, or no server), 2 (usage), 3 (not found).
 */
export async function runDirectoryCommand(argv: string[], options: Partial<CliIo> = {}): Promise<number> {
  const io: CliIo = {
    out: options.out ?? ((text) => process.stdout.write(`${text}\n`)),
    err: options.err ?? ((text) => process.stderr.write(`${text}\n`)),
    // The where-from line is the command line's (main.ts passes stderr); an embedding caller asks for it.
    info: options.info ?? (() => {}),
    env: options.env ?? process.env,
    now: options.now ?? (() => new Date()),
  };
  let parsed: Parsed;
  try {
    parsed = parseDirectoryCommand(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    const family = commandFirst(argv)[0];
    const usage = `Usage:\n${directoryUsage(DIRECTORY_COMMANDS.has(family) ? family : undefined)}\n  (every command also takes ${GLOBAL_SYNOPSIS})`;
    if (argv.includes('--help')) {
      io.out(usage);
      return 0;
    }
    io.err(`entrada: ${sentence(err.message)}\n${usage}`);
    return 2;
  }
  const { spec, args, flags } = parsed;
  if (flags.help === true) {
    io.out(`Usage:\n  entrada ${spec.words.join(' ')} ${spec.synopsis}\n  ${GLOBAL_SYNOPSIS}`);
    return 0;
  }
  try {
    const session = await openSession({ home: str(flags.home) || undefined, database: str(flags.database) || undefined, url: str(flags.url) || undefined, tenant: str(flags.tenant) || undefined }, io);
    await spec.run({ session, args, flags, io, json: flags.json === true });
    return 0;
  } catch (err) {
    if (err instanceof GraphCallError) {
      io.err(`ERROR: ${err.message}`);
      return err.status === 404 && spec.show ? 3 : 1;
    }
    if (err instanceof CliError) {
      io.err(err.code === 2 ? `entrada: ${err.message}` : `ERROR: ${err.message}`);
      return err.code;
    }
    if (err instanceof ServerProblem) {
      io.err(`ERROR: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
