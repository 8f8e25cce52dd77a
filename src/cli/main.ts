// `entrada` command line. The command and its arguments are read strictly first (args.ts against
// command-table.ts: an unknown command or flag is an error naming the closest one, exit 2); only
// then is the command's own code loaded (import()), so `entrada --help`, a typo, `entrada explain`
// and `entrada seed check` never load the server, the storage or the directory commands.

import { readFileSync } from 'node:fs';
import { checkArity, commandFirst, commandNotFound, leadingWords, parseFlags, sentence, stringFlags, UsageError, wantsHelp } from './args.js';
import { commandUsage, DIRECTORY_FAMILIES, mainUsage, TOP_COMMANDS, type TopCommand } from './command-table.js';

/**
 * Flags that may come before the command words (`entrada --home X logs`, `entrada --port 9000
 * start`) and take a value: every command's value flags, so the value is not read as the command.
 */
const LEADING_VALUE_FLAGS: ReadonlySet<string> = new Set([
  'home',
  'database',
  'url',
  'tenant',
  ...TOP_COMMANDS.flatMap((c) => Object.entries(c.flags).filter(([, kind]) => kind === 'value').map(([name]) => name)),
]);

/** Every command's words, for "unknown command … did you mean". */
const ALL_WORDS: ReadonlyArray<readonly string[]> = [...TOP_COMMANDS.map((c) => c.words), ['explain'], ...[...DIRECTORY_FAMILIES.keys()].map((f) => [f]), ['help']];

const stdout = (text: string) => void process.stdout.write(`${text}\n`);
const stderr = (text: string) => void process.stderr.write(`${text}\n`);

async function main(input: string[]): Promise<number> {
  const argv = commandFirst(input, LEADING_VALUE_FLAGS);
  const [first] = argv;
  if (first === undefined || first.startsWith('-')) {
    if (argv.includes('--version')) {
      stdout(version());
      return 0;
    }
    if (first === undefined || wantsHelp(argv)) {
      stdout(mainUsage());
      return 0;
    }
    stderr(`entrada: no command given (${argv.join(' ')}); \`entrada --help\` lists the commands.`);
    return 2;
  }
  // `entrada help [COMMAND …]`: that command's usage.
  if (first === 'help' && argv.length > 1) return main([...argv.slice(1), '--help']);
  if (first === 'help') {
    stdout(mainUsage());
    return 0;
  }
  // `explain` reads its own arguments (explain/cli.ts; same strictness and suggestions).
  if (first === 'explain') return (await import('../explain/cli.js')).runExplain(argv.slice(1));
  // app | sp | user | group | grant …: through the running server's Graph API (cli/directory/).
  if (DIRECTORY_FAMILIES.has(first)) {
    const { runDirectoryCommand } = await import('./directory/commands.js');
    return runDirectoryCommand(input, { info: stderr });
  }

  const words = leadingWords(argv);
  const command = [...TOP_COMMANDS].sort((a, b) => b.words.length - a.words.length).find((c) => c.words.every((w, i) => words[i] === w));
  if (!command) {
    stderr(`entrada: ${sentence(commandNotFound(ALL_WORDS, words).message)} \`entrada --help\` lists the commands.`);
    return 2;
  }
  const name = `entrada ${command.words.join(' ')}`;
  let positionals: string[];
  let flags: Record<string, string | undefined>;
  try {
    const parsed = parseFlags([...words.slice(command.words.length), ...argv.slice(words.length)], { ...command.flags, help: 'switch' }, name);
    if (parsed.help) {
      stdout(commandUsage(command));
      return 0;
    }
    checkArity(command.args, parsed.positionals, name);
    positionals = parsed.positionals;
    flags = stringFlags(parsed.flags);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    stderr(`entrada: ${sentence(err.message)}\n${commandUsage(command)}`);
    return 2;
  }
  return run(command, positionals, flags);
}

async function run(command: TopCommand, [arg]: string[], flags: Record<string, string | undefined>): Promise<number> {
  switch (command.words.join(' ')) {
    case 'start':
      return (await import('./start.js')).startCommand(flags);
    case 'seed check':
      return checkSeed(arg);
    case 'import':
    case 'export':
      return (await import('./store-commands.js')).manifestCommand(command.words[0] as 'import' | 'export', arg, flags);
    case 'logs':
      return (await import('./store-commands.js')).logsCommand(flags);
    case 'keys list':
    case 'keys rotate':
    case 'keys retire':
      return (await import('./keys.js')).keysCommand(command.words[1] as 'list' | 'rotate' | 'retire', arg, flags);
    case 'trust':
      return (await import('./trust.js')).trustCommand(flags);
    case 'hosts':
      return (await import('./hosts-file.js')).hostsCommand(flags);
    default:
      throw new Error(`command-table.ts lists 'entrada ${command.words.join(' ')}', which main.ts does not run`);
  }
}

async function checkSeed(file: string): Promise<number> {
  const { loadSeedFile } = await import('../seed/load.js');
  const result = await loadSeedFile(file);
  if (result.ok) {
    stdout(`${file}: valid (${result.seed.tenants.length} tenant(s))`);
    return 0;
  }
  stderr(`${file}: ${result.errors.length} problem(s)\n${result.errors.map((e) => `  - ${e}`).join('\n')}`);
  return 1;
}

/** The package's version (package.json sits two folders up from both src/cli/ and dist/cli/). */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return `entrada ${pkg.version ?? '(unknown version)'}`;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
