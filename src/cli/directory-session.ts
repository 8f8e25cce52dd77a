// Where the `entrada app|sp|user|group|grant …` commands send their requests, and with what
// credential: the database is found exactly as `entrada start` finds it (--home / ENTRADA_HOME,
// --database / ENTRADA_DATABASE_URL); from it the command line only READS the tenants and the
// signing keys (cli-token.ts: the current one signs), then closes it. Every change goes through the running
// server's Graph API, so it applies at once and is audited like any other Graph call; the server
// is found by --url, ENTRADA_URL, or the server.json a running `entrada start` writes (where.ts).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/config.js';
import type { SigningKey, Tenant } from '../core/model.js';
import { openStorage } from '../storage/open.js';
import { cliGraphToken } from './cli-token.js';
import { GraphClient } from './graph-client.js';
import { missingDatabase, serverUrl, whereLine } from './where.js';

/** A refusal of the command line itself: printed as `ERROR: message`, exit `code`. */
export class CliError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Which home, database and server the command uses (main.ts: stderr; embedders: wherever, or nowhere). */
  info(text: string): void;
  env: NodeJS.ProcessEnv;
  now(): Date;
}

export interface Session {
  client: GraphClient;
  tenant: Tenant;
  /** The server's origin the commands call. */
  url: string;
}

interface SessionFlags {
  home?: string;
  database?: string;
  url?: string;
  tenant?: string;
}

export async function openSession(flags: SessionFlags, io: CliIo): Promise<Session> {
  const loaded = loadConfig(io.env, { home: flags.home, database: flags.database });
  if (!loaded.ok) throw new CliError(2, `Invalid configuration:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}`);
  const { config } = loaded;
  const server = serverUrl({ flag: flags.url, env: io.env, config });
  io.info(whereLine(config, server));
  // Opening would create an empty database; say where we looked instead.
  const missing = missingDatabase(config, flags, io.env);
  if (missing) throw new CliError(2, missing);
  const url = server.url.replace(/\/+$/, '');
  let origin: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:') throw new Error('not https');
    origin = parsed.origin;
  } catch {
    throw new CliError(2, `--url / ENTRADA_URL must be the server's https:// origin, e.g. https://localhost:8443; got '${url}'.`);
  }

  const storage = await openStorage({ url: config.databaseUrl, home: config.home });
  let tenant: Tenant;
  let keys: SigningKey[];
  try {
    tenant = pickTenant(await storage.directory.listTenants(), flags.tenant);
    keys = await storage.signingKeys.list();
  } finally {
    await storage.close();
  }
  const token = await cliGraphToken({ keys, tenantId: tenant.id, origin, now: io.now() }).catch((err: Error) => {
    throw new CliError(1, err.message);
  });
  const caPath = join(config.home, 'tls', 'ca.pem');
  const ca = existsSync(caPath) ? readFileSync(caPath, 'utf8') : undefined;
  // The token carries every directory permission: it goes only to a server that proves to be this
  // installation's (a certificate of its CA), or, without the CA file, to this machine.
  if (ca === undefined && !['localhost', '127.0.0.1', '[::1]'].includes(new URL(origin).hostname)) {
    throw new CliError(1, `No CA certificate at ${caPath}: the command line sends its administrator token only to a server whose certificate this installation's CA issued. Pass the --home of the running server.`);
  }
  return { client: new GraphClient({ url: origin, ca, token }), tenant, url: origin };
}

function pickTenant(tenants: Tenant[], ref: string | undefined): Tenant {
  const list = () => tenants.map((t) => `${t.id} (${t.domains[0] ?? t.displayName})`).join(', ');
  if (tenants.length === 0) throw new CliError(1, 'This database holds no tenant yet: start the server once (`entrada start`) so it applies its seed.');
  if (ref === undefined) {
    if (tenants.length === 1) return tenants[0];
    throw new CliError(2, `This database holds ${tenants.length} tenants; pass --tenant ID|DOMAIN with one of: ${list()}.`);
  }
  const key = ref.trim().toLowerCase();
  const found = tenants.find((t) => t.id === key || t.domains.some((d) => d.toLowerCase() === key));
  if (!found) throw new CliError(2, `No tenant '${ref}' in this database; tenants: ${list()}.`);
  return found;
}
