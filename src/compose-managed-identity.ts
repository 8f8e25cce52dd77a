// Wiring of the managed identity endpoint (http/managed-identity/managed-identity-app.ts): which tenant and host it
// serves, its App Service secret, and its own plain-HTTP listener on 127.0.0.1. compose.ts calls it.

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SignInRecorder } from './sign-in-log/recorder.js';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/config.js';
import type { Tenant } from './core/model.js';
import { asManagedIdentity, resolveHost, type ManagedIdentity } from './core/policy/managed-identity.js';
import type { ManagedIdentityDeps } from './flows/managed-identity/token.js';
import { buildManagedIdentityApp } from './http/managed-identity/managed-identity-app.js';
import type { ConnectionCaps, ConnectionTimeouts } from './core/connection-limits.js';
import { capConnections, limitedServerOptions, throttledRefusalWarning } from './http/kit/connection-guard.js';
import type { RefusalEvent } from './http/kit/refusal.js';
import type { SeedSummary } from './seed/apply.js';
import { listenProblem } from './listen-error.js';

/** A configuration that cannot work, found at start-up (printed without a stack trace). */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/**
 * [I] Loopback only, always: like Azure's endpoints it hands a token to whoever asks, so it must
 * not be reachable from other machines (ENTRADA_BIND does not apply to it).
 */
const MANAGED_IDENTITY_BIND = '127.0.0.1';

export interface ManagedIdentityEndpoint {
  app: FastifyInstance;
  tenant: Tenant;
  /** The system-assigned identity it acts as, when the tenant has one to act as. */
  host: ManagedIdentity | undefined;
  /** App Service's IDENTITY_HEADER value. */
  identityHeader: string;
  /** `http://127.0.0.1:<port>` once listening. */
  url: string | undefined;
  /** Listens; `httpsPort` is the port the HTTPS authority got (the tokens' issuer names it). */
  listen(httpsPort: number): Promise<string>;
  close(): Promise<void>;
}

export async function createManagedIdentityEndpoint(input: {
  config: Readonly<Config>;
  seed: SeedSummary;
  deps: ManagedIdentityDeps;
  onRefusal?: (event: RefusalEvent) => void;
  signIns?: SignInRecorder;
  /** The HTTPS listener's timeouts and caps apply to this one too. */
  connections: { timeouts: ConnectionTimeouts; caps: ConnectionCaps };
}): Promise<ManagedIdentityEndpoint | undefined> {
  const { config, seed, deps } = input;
  if (config.managedIdentityPort === null) return undefined;

  // [I] One tenant per endpoint, as one Azure machine belongs to one tenant: the configured one,
  // else the seed's first.
  const tenantRef = config.managedIdentityTenant ?? seed.tenants[0]?.tenant.id;
  const tenant = tenantRef === undefined ? undefined : await deps.directory.findTenant(tenantRef);
  if (!tenant) {
    throw new StartupError(`ENTRADA_MANAGED_IDENTITY_TENANT: no tenant '${tenantRef ?? ''}' (by GUID or domain). Name a seeded tenant, or turn the endpoint off with ENTRADA_MANAGED_IDENTITY_PORT=off.`);
  }

  // [I] The host: the configured system-assigned identity, else the tenant's first one in the seed.
  const seeded = seed.tenants.find((t) => t.tenant.id.toLowerCase() === tenant.id.toLowerCase());
  const firstSeeded = seeded?.managedIdentities.find((m) => m.type === 'SystemAssigned')?.name;
  const hostRef = config.managedIdentityHost ?? firstSeeded;
  const systems = (await deps.directory.listManagedIdentities(tenant.id))
    .map(asManagedIdentity)
    .filter((m): m is ManagedIdentity => m?.type === 'SystemAssigned');
  const resolved = resolveHost(systems, hostRef);
  if (!resolved.ok && config.managedIdentityHost !== undefined) {
    // "the host 'x' (ENTRADA_MANAGED_IDENTITY_HOST) is not …" as a sentence.
    throw new StartupError(`${resolved.why.charAt(0).toUpperCase()}${resolved.why.slice(1)}.`);
  }
  const host = resolved.ok ? resolved.identity : undefined;

  const identityHeader = config.managedIdentityHeader ?? (await persistentSecret(join(config.home, 'managed-identity-header')));
  let issuerOrigin = config.publicOrigin;
  const app = await buildManagedIdentityApp({
    deps,
    tenant,
    // The identity's object id: unambiguous even if names change.
    host: host?.sp.id ?? hostRef,
    identityHeader,
    issuerOrigin: () => issuerOrigin,
    onRefusal: input.onRefusal,
    signIns: input.signIns,
    server: limitedServerOptions(input.connections.timeouts),
  });
  capConnections(app.server, input.connections.caps, { onRefused: throttledRefusalWarning('managed identity endpoint') });

  const endpoint: ManagedIdentityEndpoint = {
    app,
    tenant,
    host,
    identityHeader,
    url: undefined,
    async listen(httpsPort) {
      // With --port 0 the default public origin names port 0 until the HTTPS listener has one.
      if (config.port === 0) issuerOrigin = config.publicOrigin.replace(/:0$/, `:${httpsPort}`);
      try {
        await app.listen({ host: MANAGED_IDENTITY_BIND, port: config.managedIdentityPort ?? 0 });
      } catch (err) {
        const where = { port: config.managedIdentityPort ?? 0, host: MANAGED_IDENTITY_BIND, what: ' (the managed identity endpoint)' };
        const problem = listenProblem(err, { ...where, flag: '--mi-port', env: 'ENTRADA_MANAGED_IDENTITY_PORT; 0 = any free port, off = none' });
        throw problem ? new StartupError(problem) : err;
      }
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.managedIdentityPort;
      endpoint.url = `http://${MANAGED_IDENTITY_BIND}:${port}`;
      return endpoint.url;
    },
    async close() {
      await app.close();
    },
  };
  return endpoint;
}

/**
 * [I] IDENTITY_HEADER is generated once per data folder and kept there (owner-only), so the
 * variables a developer exported keep working across restarts.
 */
async function persistentSecret(file: string): Promise<string> {
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (/^[\x21-\x7e]{8,256}$/.test(existing)) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = randomBytes(24).toString('base64url');
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
