// `entrada` command line: start the server, or check a seed file.

import { loadConfig } from '../config/config.js';
import { createEntrada, SeedError, type Entrada } from '../compose.js';
import { StartupError } from '../compose-managed-identity.js';
import { loadSeedFile } from '../seed/load.js';
import { openStorage, redact } from '../storage/open.js';
import { exportManifest, importManifest } from './manifest-commands.js';
import { runLogs } from './logs.js';
import { directoryCommandOf, directoryUsage, runDirectoryCommand } from './directory/commands.js';
import { parseArgs } from './args.js';
import { startBanner } from './banner.js';
import { refusalLines } from './refusal-line.js';

const USAGE = `Usage:
  entrada start [--seed FILE] [--seed-mode merge|reset] [--port N] [--home DIR] [--database URL] [--bind ADDR] [--hostnames a,b] [--quiet] [--show-secrets]
                [--mi-port N|off] [--mi-tenant ID|DOMAIN] [--mi-host NAME] [--mi-header SECRET]
  entrada seed check FILE
  entrada import MANIFEST.json [--tenant ID|DOMAIN] [--home DIR] [--database URL]
  entrada export APPID [--format graph|aad] [--home DIR] [--database URL]
  entrada logs [--follow] [--app APP_ID] [--failed] [--limit N] [--home DIR] [--database URL]
  entrada explain <file|-> [--manifest FILE] [--json]     (why the real Entra refused a request; see entrada explain --help)

The directory of a RUNNING server, through its Graph API (like az ad …; changes apply at once):
${directoryUsage()}
  (each also takes [--url https://HOST:PORT] [--tenant ID|DOMAIN] [--home DIR | --database URL] [--json]; --help for one command)

Environment: ENTRADA_HOME (default ./.entrada), ENTRADA_DATABASE_URL (postgres://…), ENTRADA_PORT (8443),
ENTRADA_BIND (localhost), ENTRADA_HOSTNAMES, ENTRADA_PUBLIC_ORIGIN, ENTRADA_SEED, ENTRADA_ACCESS_TOKEN_LIFETIME,
ENTRADA_MANAGED_IDENTITY_PORT (8444; off), ENTRADA_MANAGED_IDENTITY_TENANT, ENTRADA_MANAGED_IDENTITY_HOST,
ENTRADA_MANAGED_IDENTITY_HEADER.`;

async function main(argv: string[]): Promise<number> {
  // `explain` parses its own arguments (so `--json FILE` is not read as `--json=FILE`); loaded on demand.
  if (argv[0] === 'explain') return (await import('../explain/cli.js')).runExplain(argv.slice(1));
  // app | sp | user | group | grant …: through the running server's Graph API (cli/directory/).
  if (directoryCommandOf(argv) !== undefined) return runDirectoryCommand(argv);
  const { positionals, flags } = parseArgs(argv);
  const [command, sub, file] = positionals;
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === 'start') return start(flags);
  if (command === 'seed' && sub === 'check' && file) return checkSeed(file);
  if ((command === 'import' || command === 'export') && sub) return manifestCommand(command, sub, flags);
  if (command === 'logs') return logs(flags);
  process.stderr.write(`${USAGE}\n`);
  return command === undefined || command === 'help' || flags.help ? 0 : 2;
}

async function start(flags: Record<string, string | undefined>): Promise<number> {
  const loaded = loadConfig(process.env, flags);
  if (!loaded.ok) {
    process.stderr.write(`Invalid configuration:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    return 2;
  }
  const { config } = loaded;
  let entrada: Entrada;
  try {
    // Each refusal is explained on stderr unless --quiet.
    const onRefusal = flags.quiet ? undefined : (e: Parameters<typeof refusalLines>[0]) => process.stderr.write(`${refusalLines(e)}\n`);
    entrada = await createEntrada(config, { onRefusal });
  } catch (err) {
    if (err instanceof SeedError || err instanceof StartupError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  let url: string;
  try {
    url = await entrada.listen();
  } catch (err) {
    if (!(err instanceof StartupError)) throw err;
    process.stderr.write(`${err.message}\n`);
    await entrada.close().catch(() => {});
    return 2;
  }
  const storage = config.databaseUrl ? `PostgreSQL (${redact(config.databaseUrl)})` : `SQLite (${config.home}/entrada.db)`;
  const showSecrets = config.seedFile === undefined || flags['show-secrets'] === 'true';
  const mi = entrada.managedIdentity;
  const managedIdentity = mi?.url
    ? { url: mi.url, identityHeader: mi.identityHeader, tenantId: mi.tenant.id, host: mi.host?.sp.displayName }
    : undefined;
  process.stdout.write(`${startBanner({ url, caCertPath: entrada.tls.caCertPath, seed: entrada.seed, storage, showSecrets, managedIdentity })}\n`);
  const stop = () => {
    entrada.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`error while stopping: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1; // keep running
}

/** The sign-in log from the database `entrada start` writes; --follow polls it every second until Ctrl-C. */
async function logs(flags: Record<string, string | undefined>): Promise<number> {
  const loaded = loadConfig(process.env, flags);
  if (!loaded.ok) {
    process.stderr.write(`Invalid configuration:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    return 2;
  }
  const storage = await openStorage({ url: loaded.config.databaseUrl, home: loaded.config.home });
  let stopped = false;
  process.once('SIGINT', () => (stopped = true));
  try {
    const follow = flags.follow === 'true' ? { intervalMs: 1000, until: () => stopped } : undefined;
    return await runLogs(storage.signInLog, flags, (text) => process.stdout.write(`${text}\n`), follow);
  } finally {
    await storage.close();
  }
}

/** import / export run against the database `entrada start` uses (same ENTRADA_HOME / ENTRADA_DATABASE_URL). */
async function manifestCommand(command: 'import' | 'export', arg: string, flags: Record<string, string | undefined>): Promise<number> {
  const loaded = loadConfig(process.env, flags);
  if (!loaded.ok) {
    process.stderr.write(`Invalid configuration:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    return 2;
  }
  const storage = await openStorage({ url: loaded.config.databaseUrl, home: loaded.config.home });
  try {
    const r = command === 'import' ? await importManifest(storage.directory, arg, flags.tenant) : await exportManifest(storage.directory, arg, flags.format);
    (r.code === 0 ? process.stdout : process.stderr).write(`${r.out}\n`);
    return r.code;
  } finally {
    await storage.close();
  }
}

async function checkSeed(file: string): Promise<number> {
  const result = await loadSeedFile(file);
  if (result.ok) {
    process.stdout.write(`${file}: valid (${result.seed.tenants.length} tenant(s))\n`);
    return 0;
  }
  process.stderr.write(`${file}: ${result.errors.length} problem(s)\n${result.errors.map((e) => `  - ${e}`).join('\n')}\n`);
  return 1;
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
