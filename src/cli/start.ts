// `entrada start`: build the server, listen, record where in <home>/server.json (for the other
// commands), print the banner, and run until SIGINT / SIGTERM.

import { loadConfig } from '../config/config.js';
import { createEntrada, SeedError, type Entrada } from '../compose.js';
import { StartupError } from '../compose-managed-identity.js';
import { startBanner } from './banner.js';
import { hostsWarnings } from './hosts-check.js';
import { refusalLines } from './refusal-line.js';
import { removeServerFile, writeServerFile } from './server-file.js';
import { databaseName, whereLine } from './where.js';

export async function startCommand(flags: Record<string, string | undefined>): Promise<number> {
  const loaded = loadConfig(process.env, flags);
  if (!loaded.ok) {
    process.stderr.write(`Invalid configuration:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    return 2;
  }
  const { config } = loaded;
  process.stderr.write(`${whereLine(config)}\n`);
  let entrada: Entrada;
  try {
    // Each refusal is explained on stderr unless --quiet.
    const onRefusal = flags.quiet === 'true' ? undefined : (e: Parameters<typeof refusalLines>[0]) => process.stderr.write(`${refusalLines(e)}\n`);
    entrada = await createEntrada(config, { onRefusal });
  } catch (err) {
    if (err instanceof SeedError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    if (err instanceof StartupError) {
      process.stderr.write(`entrada: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  let url: string;
  try {
    url = await entrada.listen();
  } catch (err) {
    if (!(err instanceof StartupError)) throw err;
    process.stderr.write(`entrada: ${err.message}\n`);
    await entrada.close().catch(() => {});
    return 2;
  }
  try {
    writeServerFile(config.home, { url, pid: process.pid, startedAt: new Date().toISOString(), caPath: entrada.tls.caCertPath });
  } catch (err) {
    // The server works without it; the other commands then need --url.
    process.stderr.write(`entrada: could not write ${config.home}/server.json (${(err as Error).message}); other commands need --url ${url}\n`);
  }
  const showSecrets = config.seedFile === undefined || flags['show-secrets'] === 'true';
  const mi = entrada.managedIdentity;
  const managedIdentity = mi?.url
    ? { url: mi.url, identityHeader: mi.identityHeader, tenantId: mi.tenant.id, host: mi.host?.sp.displayName }
    : undefined;
  const storage = databaseName(config);
  process.stdout.write(`${startBanner({ url, caCertPath: entrada.tls.caCertPath, seed: entrada.seed, storage, showSecrets, managedIdentity })}\n`);
  if (config.microsoftHosts) for (const line of await hostsWarnings()) process.stderr.write(`${line}\n`);
  const stop = () => {
    removeServerFile(config.home, process.pid);
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
