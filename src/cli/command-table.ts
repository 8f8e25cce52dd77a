// The `entrada` commands main.ts dispatches, each with the flags and positional arguments it
// takes, and the usage text built from them. Kept apart from the commands' code (and importing
// nothing heavy) so `entrada --help` and a typo are answered without loading the server.

import type { FlagKind } from './args.js';

export interface TopCommand {
  /** The command words after `entrada`, e.g. ['seed', 'check']. */
  words: string[];
  /** Positional argument names; a trailing `?` marks an optional one. */
  args: string[];
  flags: Record<string, FlagKind>;
  /** The usage line after the words (continuation lines indented by the caller). */
  synopsis: string;
}

/** Where a command finds the database `entrada start` uses (config/config.ts reads the same flags). */
const STORE_FLAGS: Record<string, FlagKind> = { home: 'value', database: 'value' };

export const TOP_COMMANDS: readonly TopCommand[] = [
  {
    words: ['start'],
    args: [],
    flags: {
      ...STORE_FLAGS,
      seed: 'value',
      'seed-mode': 'value',
      port: 'value',
      bind: 'value',
      hostnames: 'value',
      'public-origin': 'value',
      'microsoft-hosts': 'switch',
      quiet: 'switch',
      'show-secrets': 'switch',
      'mi-port': 'value',
      'mi-tenant': 'value',
      'mi-host': 'value',
      'mi-header': 'value',
      log: 'value',
      metrics: 'value',
    },
    synopsis:
      '[--seed FILE] [--seed-mode merge|reset] [--port N] [--home DIR] [--database URL] [--bind ADDR] [--hostnames a,b]\n' +
      '[--public-origin URL] [--microsoft-hosts] [--log pretty|json|off] [--metrics loopback|any|off] [--quiet] [--show-secrets]\n' +
      '[--mi-port N|off] [--mi-tenant ID|DOMAIN] [--mi-host NAME] [--mi-header SECRET]',
  },
  { words: ['seed', 'check'], args: ['FILE'], flags: {}, synopsis: 'FILE' },
  { words: ['import'], args: ['MANIFEST'], flags: { ...STORE_FLAGS, tenant: 'value' }, synopsis: 'MANIFEST.json [--tenant ID|DOMAIN] [--home DIR] [--database URL]' },
  { words: ['export'], args: ['APPID'], flags: { ...STORE_FLAGS, format: 'value' }, synopsis: 'APPID [--format graph|aad] [--home DIR] [--database URL]' },
  {
    words: ['logs'],
    args: [],
    flags: { ...STORE_FLAGS, follow: 'switch', app: 'value', failed: 'switch', limit: 'value', json: 'switch' },
    synopsis: '[--follow] [--app APP_ID] [--failed] [--limit N] [--json] [--home DIR] [--database URL]',
  },
  // Signing-key rollover (issue 17): the installation's token signing keys (cli/keys.ts).
  { words: ['keys', 'list'], args: [], flags: { ...STORE_FLAGS, json: 'switch' }, synopsis: '[--json] [--home DIR] [--database URL]' },
  {
    words: ['keys', 'rotate'],
    args: [],
    flags: { ...STORE_FLAGS, now: 'switch' },
    synopsis: '[--now] [--home DIR] [--database URL]     (a new signing key, published at once; it signs after ENTRADA_KEY_PUBLISH_LEAD, or at once with --now)',
  },
  {
    words: ['keys', 'retire'],
    args: ['KID'],
    flags: { ...STORE_FLAGS },
    synopsis: "KID [--home DIR] [--database URL]     (unpublish a key: its tokens stop verifying; a KID starting with '-' goes after --)",
  },
  // Hosts mode's set-up (issue 15): trust the local CA, point Microsoft's names at Entrada.
  {
    words: ['trust'],
    args: [],
    flags: { home: 'value', remove: 'switch', print: 'switch' },
    synopsis: '[--remove | --print] [--home DIR]     (the CA in the OS store; --print: per-runtime settings, changes nothing)',
  },
  {
    words: ['hosts'],
    args: [],
    flags: { apply: 'switch', remove: 'switch', file: 'value', address: 'value' },
    synopsis: '[--apply | --remove] [--file PATH] [--address ADDR]     (the hosts lines for Microsoft\'s names; written only with --apply)',
  },
];

/** `entrada explain …` reads its own arguments (explain/cli.ts); listed here for the usage and suggestions. */
export const EXPLAIN_SYNOPSIS = '<file|-> [--manifest FILE] [--json]     (why the real Entra refused a request; see entrada explain --help)';

/** The directory families (directory/commands.ts), each a word and what it manages. */
export const DIRECTORY_FAMILIES: ReadonlyMap<string, string> = new Map([
  ['app', 'app registrations, their client secrets and certificates'],
  ['sp', 'service principals (enterprise applications)'],
  ['user', 'users'],
  ['group', 'groups and their members'],
  ['grant', 'delegated permission grants'],
]);

/** Every first word `entrada` knows, for "did you mean". */
export const COMMAND_WORDS: readonly string[] = [...new Set([...TOP_COMMANDS.map((c) => c.words[0]), 'explain', ...DIRECTORY_FAMILIES.keys(), 'help'])];

/** The usage of one command. */
export function commandUsage(command: TopCommand): string {
  const head = `  entrada ${command.words.join(' ')} `;
  return `Usage:\n${head}${command.synopsis.split('\n').join(`\n${' '.repeat(head.length)}`)}`;
}

/** The usage of the command whose words are `words` (for a command's own usage errors). */
export function usageOf(...words: string[]): string {
  const command = TOP_COMMANDS.find((c) => c.words.join(' ') === words.join(' '));
  if (!command) throw new Error(`no command 'entrada ${words.join(' ')}' in command-table.ts`);
  return commandUsage(command);
}

export function mainUsage(): string {
  const families = [...DIRECTORY_FAMILIES].map(([word, what]) => `  entrada ${`${word} …`.padEnd(9)} ${what}`);
  return [
    'Usage:',
    ...TOP_COMMANDS.map((c) => commandUsage(c).slice('Usage:\n'.length)),
    `  entrada explain ${EXPLAIN_SYNOPSIS}`,
    '',
    'The directory of a RUNNING server, through its Graph API (like az ad …; changes apply at once):',
    ...families,
    '  (`entrada app --help` lists the app commands, and so on; each takes [--url https://HOST:PORT] [--tenant ID|DOMAIN]',
    '   [--home DIR | --database URL] [--json]. The server: --url, else ENTRADA_URL, else the <home>/server.json a running',
    '   `entrada start` writes, else https://localhost:<ENTRADA_PORT>.)',
    '',
    'Commands that read the database (logs, import, export, keys, the directory) say on stderr which home and database',
    'they use, and never create one. Unknown flags and commands are errors (exit 2). `--help` after any command',
    'prints its usage.',
    '',
    'Environment: ENTRADA_HOME (default ./.entrada), ENTRADA_DATABASE_URL (postgres://…), ENTRADA_PORT (8443),',
    'ENTRADA_BIND (localhost), ENTRADA_HOSTNAMES, ENTRADA_PUBLIC_ORIGIN, ENTRADA_SEED, ENTRADA_ACCESS_TOKEN_LIFETIME,',
    'ENTRADA_LOG (pretty|json|off), ENTRADA_METRICS (loopback|any|off), ENTRADA_URL (the directory commands\' server),',
    'ENTRADA_MANAGED_IDENTITY_PORT (8444; off), ENTRADA_MANAGED_IDENTITY_TENANT, ENTRADA_MANAGED_IDENTITY_HOST,',
    'ENTRADA_MANAGED_IDENTITY_HEADER, ENTRADA_KEY_ROTATION (off; e.g. 30d), ENTRADA_KEY_PUBLISH_LEAD (1h). For tests: ENTRADA_TRUST_DIR and ENTRADA_UPDATE_CA_COMMAND (the folder and program',
    '`entrada trust` uses instead of /usr/local/share/ca-certificates and update-ca-certificates).',
  ].join('\n');
}
