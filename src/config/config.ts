// Configuration: parsed once from the environment and command-line flags, validated with every
// problem listed, then frozen.

import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_CONNECTION_CAPS } from '../core/connection-limits.js';
import { MICROSOFT_HOSTS, MICROSOFT_LOGIN_HOSTS } from '../core/microsoft-hosts.js';
import { METRICS_ACCESS, type MetricsAccess } from '../core/policy/metrics-access.js';
import { parseAddressPolicy, type AddressPolicy } from '../core/policy/network-address.js';
import { REQUEST_LOG_FORMATS, type RequestLogFormat } from '../core/request-summary.js';
import { DEFAULT_PASSWORD_QUEUE_SIZE, defaultPasswordWorkers } from '../core/policy/password-queue.js';
import { DEFAULT_HASH_COST, MAX_HASH_COST, MIN_HASH_COST } from '../crypto/password-hash.js';
import { SEED_MODES, type SeedMode } from '../seed/merge.js';
import { parseKeySettings, type KeySettings } from './key-settings.js';

export interface Config extends KeySettings {
  /** Data folder: SQLite database and the local CA / TLS certificate. */
  home: string;
  /** postgres://… switches storage to PostgreSQL; undefined = SQLite under `home`. */
  databaseUrl: string | undefined;
  /** Address to listen on; `localhost` listens on 127.0.0.1 and ::1 only. */
  bind: string;
  port: number;
  /** Extra host names (besides localhost, 127.0.0.1, ::1) for the certificate and issuers. */
  hostnames: string[];
  /**
   * Hosts mode (--microsoft-hosts, ENTRADA_MICROSOFT_HOSTS; issue 15): answer as Microsoft's own
   * hosts (core/microsoft-hosts.ts) on port 443, with Entra's issuers, so clients need only the CA.
   */
  microsoftHosts: boolean;
  /** The origin used in issuers when a request's Host is not one of ours. */
  publicOrigin: string;
  /** Seed file; undefined = the embedded demo seed. */
  seedFile: string | undefined;
  /**
   * How the seed meets the directory at start (--seed-mode, ENTRADA_SEED_MODE; seed/merge.ts):
   * `merge` (default) keeps run-time changes and deletions of seeded objects; `reset` overwrites them.
   */
  seedMode: SeedMode;
  /** ENTRADA_ACCESS_TOKEN_LIFETIME, seconds (3600 when unset: what signing-key retention counts on). */
  accessTokenLifetime: number;
  /**
   * Whether ENTRADA_ACCESS_TOKEN_LIFETIME was set: then access tokens get that fixed lifetime
   * instead of Entra's default (60–90 minutes for users), below any token lifetime policy
   * (core/policy/token-lifetime.ts).
   */
  accessTokenLifetimeFixed: boolean;
  /** How long directory reads are cached per process; changes from other nodes show within it. */
  directoryCacheSeconds: number;
  /** Days the sign-in log keeps an entry (ENTRADA_SIGNIN_LOG_DAYS); 0 keeps none. */
  signInLogDays: number;
  /** Most entries the sign-in log keeps (ENTRADA_SIGNIN_LOG_MAX_ROWS); the oldest go first. */
  signInLogMaxRows: number;
  /** Password checks that may wait for a worker before AADSTS90055 (ENTRADA_PASSWORD_QUEUE). */
  passwordQueueSize: number;
  /** Worker threads checking passwords (ENTRADA_PASSWORD_WORKERS); default half the cores, at least 1. */
  passwordWorkers: number;
  /** scrypt cost of the passwords the seed hashes, log2 N (ENTRADA_PASSWORD_HASH_COST; crypto/password-hash.ts). */
  passwordHashCost: number;
  /** Concurrent connections one client address may hold, per listener (ENTRADA_MAX_CONNECTIONS_PER_ADDRESS); 0 = no cap. */
  maxConnectionsPerAddress: number;
  /** Concurrent connections in all, per listener (ENTRADA_MAX_CONNECTIONS); 0 = no cap. */
  maxConnections: number;
  /** Port of the plain-HTTP managed identity endpoint on 127.0.0.1 (0 = a free one); null = off. */
  managedIdentityPort: number | null;
  /** Tenant (GUID or domain) whose managed identities it hands out; undefined = the seed's first. */
  managedIdentityTenant: string | undefined;
  /**
   * The system-assigned identity it acts as (name, client id, object id or resource id);
   * undefined = the tenant's first system-assigned identity in the seed.
   */
  managedIdentityHost: string | undefined;
  /** App Service's IDENTITY_HEADER secret; undefined = generated once, kept in `home`. */
  managedIdentityHeader: string | undefined;
  /**
   * Non-public addresses federated-credential key fetches may connect to
   * (ENTRADA_FEDERATED_ALLOW_PRIVATE_NETWORKS); default none (core/policy/network-address.ts).
   */
  federatedAddressPolicy: AddressPolicy;
  /** One line per request on stdout (--log, ENTRADA_LOG): `pretty` (default), `json` (pino) or `off`. */
  log: RequestLogFormat;
  /** Who may read GET /metrics (--metrics, ENTRADA_METRICS): `loopback` (default), `any`, or `off` (no route). */
  metrics: MetricsAccess;
}

const schema = z.object({
  home: z.string().min(1),
  databaseUrl: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must start with postgres://, postgresql:// or sqlite:')
    .optional(),
  bind: z.string().min(1),
  port: z.string().regex(/^\d{1,5}$/, 'must be a port number, 0 to 65535 (0 picks a free one)').transform(Number).pipe(z.number().int().min(0).max(65535)),
  hostnames: z.array(z.string().regex(/^[a-z0-9.-]+$|^[0-9a-f:]+$/i, 'must be a host name or IP address')),
  publicOrigin: z.string().url().optional(),
  microsoftHosts: z.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' }).transform((v) => ['true', '1', 'yes'].includes(v)),
  seedFile: z.string().optional(),
  seedMode: z.enum(SEED_MODES, { error: `must be ${SEED_MODES.join(' or ')}` }),
  accessTokenLifetime: z.coerce.number().int().min(300).max(86400),
  directoryCacheSeconds: z.coerce.number().min(0).max(3600),
  signInLogDays: z.coerce.number().min(0).max(3650),
  signInLogMaxRows: z.coerce.number().int().min(1000).max(1_000_000_000),
  passwordQueueSize: z.coerce.number().int().min(0).max(100_000),
  passwordWorkers: z.coerce.number().int().min(1).max(64),
  // The range parseStoredHash accepts (crypto/password-hash.ts): a higher cost would start but
  // refuse every password.
  passwordHashCost: z.coerce
    .number()
    .int()
    .min(MIN_HASH_COST, `must be from ${MIN_HASH_COST} to ${MAX_HASH_COST} (log2 of scrypt's N)`)
    .max(MAX_HASH_COST, `must be from ${MIN_HASH_COST} to ${MAX_HASH_COST} (log2 of scrypt's N); higher needs more than 256 MiB a hash, more than Entrada verifies`),
  maxConnectionsPerAddress: z.coerce.number().int().min(0).max(1_000_000),
  maxConnections: z.coerce.number().int().min(0).max(1_000_000),
  managedIdentityPort: z.coerce
    .number({ error: "must be a port number (0 picks a free one) or 'off'" })
    .int({ error: "must be a port number (0 picks a free one) or 'off'" })
    .min(0)
    .max(65535)
    .nullable()
    .optional(),
  managedIdentityTenant: z.string().optional(),
  managedIdentityHost: z.string().optional(),
  managedIdentityHeader: z.string().regex(/^[\x21-\x7e]{8,256}$/, 'must be 8 to 256 printable ASCII characters, no spaces').optional(),
  log: z.enum(REQUEST_LOG_FORMATS, { error: (issue) => `must be pretty, json or off (--log, ENTRADA_LOG), not ${JSON.stringify(issue.input)}` }),
  metrics: z.enum(METRICS_ACCESS, { error: (issue) => `must be loopback, any or off (--metrics, ENTRADA_METRICS), not ${JSON.stringify(issue.input)}` }),
});

type ConfigResult = { ok: true; config: Readonly<Config> } | { ok: false; errors: string[] };

export function loadConfig(env: NodeJS.ProcessEnv, flags: Record<string, string | undefined> = {}): ConfigResult {
  const microsoftHosts = (flags['microsoft-hosts'] ?? nonEmpty(env.ENTRADA_MICROSOFT_HOSTS) ?? 'false').toLowerCase();
  const hostsMode = ['true', '1', 'yes'].includes(microsoftHosts);
  const raw = {
    microsoftHosts,
    home: resolve(flags.home ?? env.ENTRADA_HOME ?? './.entrada'),
    databaseUrl: flags.database ?? nonEmpty(env.ENTRADA_DATABASE_URL),
    bind: flags.bind ?? nonEmpty(env.ENTRADA_BIND) ?? 'localhost',
    // Hosts mode listens where clients of Microsoft's hosts connect: 443.
    port: flags.port ?? nonEmpty(env.ENTRADA_PORT) ?? (hostsMode ? '443' : '8443'),
    hostnames: (flags.hostnames ?? env.ENTRADA_HOSTNAMES ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    publicOrigin: flags['public-origin'] ?? nonEmpty(env.ENTRADA_PUBLIC_ORIGIN),
    seedFile: flags.seed ?? nonEmpty(env.ENTRADA_SEED),
    seedMode: flags['seed-mode'] ?? nonEmpty(env.ENTRADA_SEED_MODE) ?? 'merge',
    accessTokenLifetime: env.ENTRADA_ACCESS_TOKEN_LIFETIME ?? '3600',
    directoryCacheSeconds: env.ENTRADA_DIRECTORY_CACHE_SECONDS ?? '5',
    signInLogDays: env.ENTRADA_SIGNIN_LOG_DAYS ?? '7',
    // [Entrada's choice] About 1 GB at Entrada's usual row size, 10 GB at the bounded worst case.
    signInLogMaxRows: env.ENTRADA_SIGNIN_LOG_MAX_ROWS ?? '1000000',
    passwordQueueSize: env.ENTRADA_PASSWORD_QUEUE ?? String(DEFAULT_PASSWORD_QUEUE_SIZE),
    passwordWorkers: env.ENTRADA_PASSWORD_WORKERS ?? String(defaultPasswordWorkers(availableParallelism())),
    passwordHashCost: env.ENTRADA_PASSWORD_HASH_COST ?? String(DEFAULT_HASH_COST),
    maxConnectionsPerAddress: env.ENTRADA_MAX_CONNECTIONS_PER_ADDRESS ?? String(DEFAULT_CONNECTION_CAPS.perAddress),
    maxConnections: env.ENTRADA_MAX_CONNECTIONS ?? String(DEFAULT_CONNECTION_CAPS.total),
    managedIdentityPort: offOr(flags['mi-port'] ?? nonEmpty(env.ENTRADA_MANAGED_IDENTITY_PORT)),
    managedIdentityTenant: flags['mi-tenant'] ?? nonEmpty(env.ENTRADA_MANAGED_IDENTITY_TENANT),
    managedIdentityHost: flags['mi-host'] ?? nonEmpty(env.ENTRADA_MANAGED_IDENTITY_HOST),
    managedIdentityHeader: flags['mi-header'] ?? nonEmpty(env.ENTRADA_MANAGED_IDENTITY_HEADER),
    log: (flags.log ?? nonEmpty(env.ENTRADA_LOG) ?? 'pretty').toLowerCase(),
    metrics: (flags.metrics ?? nonEmpty(env.ENTRADA_METRICS) ?? 'loopback').toLowerCase(),
  };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`) };
  }
  const c = parsed.data;
  const federatedAddressPolicy = parseAddressPolicy(env.ENTRADA_FEDERATED_ALLOW_PRIVATE_NETWORKS);
  if (!federatedAddressPolicy.ok) return { ok: false, errors: [`federatedAllowPrivateNetworks: ${federatedAddressPolicy.error}`] };
  // ENTRADA_KEY_ROTATION, ENTRADA_KEY_PUBLISH_LEAD (signing-key rollover, config/key-settings.ts).
  const keySettings = parseKeySettings(env);
  if (!keySettings.ok) return { ok: false, errors: keySettings.errors };
  // [I] Default 8444, beside 8443; a free one when the HTTPS port is 0 (tests, several instances).
  const managedIdentityPort = c.managedIdentityPort === undefined ? (c.port === 0 ? 0 : DEFAULT_MANAGED_IDENTITY_PORT) : c.managedIdentityPort;
  if (managedIdentityPort !== null && managedIdentityPort !== 0 && managedIdentityPort === c.port) {
    return { ok: false, errors: [`managedIdentityPort: ${c.port} is also the HTTPS port; choose another (ENTRADA_MANAGED_IDENTITY_PORT / --mi-port), 0 or off`] };
  }
  const defaultHost = c.microsoftHosts ? MICROSOFT_LOGIN_HOSTS[0] : 'localhost';
  const publicOrigin = (c.publicOrigin ?? `https://${defaultHost}${c.port === 443 ? '' : `:${c.port}`}`).replace(/\/$/, '');
  const config: Config = {
    ...c,
    databaseUrl: c.databaseUrl,
    seedFile: c.seedFile,
    managedIdentityPort,
    managedIdentityTenant: c.managedIdentityTenant,
    managedIdentityHost: c.managedIdentityHost,
    managedIdentityHeader: c.managedIdentityHeader,
    federatedAddressPolicy: federatedAddressPolicy.policy,
    accessTokenLifetimeFixed: nonEmpty(env.ENTRADA_ACCESS_TOKEN_LIFETIME) !== undefined,
    ...keySettings.settings,
    hostnames: [...new Set([...(c.microsoftHosts ? MICROSOFT_HOSTS : []), ...c.hostnames.map((h) => h.toLowerCase())])],
    publicOrigin,
  };
  return { ok: true, config: Object.freeze(config) };
}

const DEFAULT_MANAGED_IDENTITY_PORT = 8444;

/** `off` (any case) disables a listener. */
function offOr(v: string | undefined): string | null | undefined {
  return v !== undefined && v.trim().toLowerCase() === 'off' ? null : v;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}
