// `entrada` command line: start the server, or check a seed file.

import { loadConfig } from '../config/config.js';
import { createEntrada, SeedError } from '../compose.js';
import { loadSeedFile } from '../seed/load.js';
import { redact } from '../storage/open.js';
import { parseArgs } from './args.js';
import { startBanner } from './banner.js';
import { refusalLines } from './refusal-line.js';

const USAGE = `Usage:
  entrada start [--seed FILE] [--port N] [--home DIR] [--database URL] [--bind ADDR] [--hostnames a,b] [--quiet] [--show-secrets]
  entrada seed check FILE

Environment: ENTRADA_HOME (default ./.entrada), ENTRADA_DATABASE_URL (postgres://…), ENTRADA_PORT (8443),
ENTRADA_BIND (localhost), ENTRADA_HOSTNAMES, ENTRADA_PUBLIC_ORIGIN, ENTRADA_SEED, ENTRADA_ACCESS_TOKEN_LIFETIME.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, flags } = parseArgs(argv);
  const [command, sub, file] = positionals;
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === 'start') return start(flags);
  if (command === 'seed' && sub === 'check' && file) return checkSeed(file);
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
  let entrada;
  try {
    // Each refusal is explained on stderr unless --quiet.
    const onRefusal = flags.quiet ? undefined : (e: Parameters<typeof refusalLines>[0]) => process.stderr.write(`${refusalLines(e)}\n`);
    entrada = await createEntrada(config, { onRefusal });
  } catch (err) {
    if (err instanceof SeedError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const url = await entrada.listen();
  const storage = config.databaseUrl ? `PostgreSQL (${redact(config.databaseUrl)})` : `SQLite (${config.home}/entrada.db)`;
  const showSecrets = config.seedFile === undefined || flags['show-secrets'] === 'true';
  process.stdout.write(`${startBanner({ url, caCertPath: entrada.tls.caCertPath, seed: entrada.seed, storage, showSecrets })}\n`);
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
