// The `entrada app …` commands' I/O: resolve the database exactly as `entrada start` does
// (--home / ENTRADA_HOME, --database / ENTRADA_DATABASE_URL), read the certificate file, run
// app-certs.ts, print. Returns the exit code, or undefined when the arguments are not a known
// `app` command (main.ts then prints the usage).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/config.js';
import { openStorage, redact } from '../storage/open.js';
import { addCertificate, listCertificates, removeCertificate, type CertCommandResult, type CertContext } from './app-certs.js';

export async function runAppCommand(
  sub: string,
  args: string[],
  flags: Record<string, string | undefined>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number | undefined> {
  const [appId, target] = args;
  const known =
    (sub === 'add-cert' && appId !== undefined && target !== undefined) ||
    (sub === 'list-certs' && appId !== undefined) ||
    (sub === 'remove-cert' && appId !== undefined && target !== undefined);
  if (!known) return undefined;

  const loaded = loadConfig(env, flags);
  if (!loaded.ok) {
    process.stderr.write(`Invalid configuration:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    return 2;
  }
  const { config } = loaded;
  if (config.databaseUrl === undefined && !existsSync(join(config.home, 'entrada.db'))) {
    // Opening would create an empty database; say where we looked instead.
    process.stderr.write(
      `No Entrada database at ${join(config.home, 'entrada.db')}: run \`entrada start\` once (with the same --home / ENTRADA_HOME), ` +
        'or pass --database / ENTRADA_DATABASE_URL.\n',
    );
    return 1;
  }

  let bytes: Buffer | undefined;
  if (sub === 'add-cert') {
    try {
      bytes = readFileSync(target!);
    } catch (err) {
      process.stderr.write(`Cannot read ${target}: ${(err as Error).message}\n`);
      return 1;
    }
  }

  const storage = await openStorage({ url: config.databaseUrl, home: config.home });
  try {
    const ctx: CertContext = { directory: storage.directory, now: new Date(), publicOrigin: config.publicOrigin };
    let result: CertCommandResult<unknown>;
    if (sub === 'add-cert') {
      result = await addCertificate(ctx, { appId: appId!, bytes: bytes!, path: target!, displayName: flags['display-name'] });
    } else if (sub === 'list-certs') {
      result = await listCertificates(ctx, appId!);
    } else {
      result = await removeCertificate(ctx, appId!, target!);
    }
    const where = config.databaseUrl ? `PostgreSQL (${redact(config.databaseUrl)})` : `SQLite (${join(config.home, 'entrada.db')})`;
    if (!result.ok) {
      process.stderr.write(`${result.message}\n(database: ${where})\n`);
      return 1;
    }
    process.stdout.write(`${result.output}\n(database: ${where})\n`);
    return 0;
  } finally {
    await storage.close();
  }
}
