// Configuration: parsed once from the environment and command-line flags, validated with every
// problem listed, then frozen.

import { resolve } from 'node:path';
import { z } from 'zod';

export interface Config {
  /** Data folder: SQLite database and the local CA / TLS certificate. */
  home: string;
  /** postgres://… switches storage to PostgreSQL; undefined = SQLite under `home`. */
  databaseUrl: string | undefined;
  /** Address to listen on; `localhost` listens on 127.0.0.1 and ::1 only. */
  bind: string;
  port: number;
  /** Extra host names (besides localhost, 127.0.0.1, ::1) for the certificate and issuers. */
  hostnames: string[];
  /** The origin used in issuers when a request's Host is not one of ours. */
  publicOrigin: string;
  /** Seed file; undefined = the embedded demo seed. */
  seedFile: string | undefined;
  accessTokenLifetime: number;
  /** How long directory reads are cached per process; changes from other nodes show within it. */
  directoryCacheSeconds: number;
}

const schema = z.object({
  home: z.string().min(1),
  databaseUrl: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must start with postgres://, postgresql:// or sqlite:')
    .optional(),
  bind: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  hostnames: z.array(z.string().regex(/^[a-z0-9.-]+$|^[0-9a-f:]+$/i, 'must be a host name or IP address')),
  publicOrigin: z.string().url().optional(),
  seedFile: z.string().optional(),
  accessTokenLifetime: z.coerce.number().int().min(300).max(86400),
  directoryCacheSeconds: z.coerce.number().min(0).max(3600),
});

export type ConfigResult = { ok: true; config: Readonly<Config> } | { ok: false; errors: string[] };

export function loadConfig(env: NodeJS.ProcessEnv, flags: Record<string, string | undefined> = {}): ConfigResult {
  const raw = {
    home: resolve(flags.home ?? env.ENTRADA_HOME ?? './.entrada'),
    databaseUrl: flags.database ?? nonEmpty(env.ENTRADA_DATABASE_URL),
    bind: flags.bind ?? env.ENTRADA_BIND ?? 'localhost',
    port: flags.port ?? env.ENTRADA_PORT ?? '8443',
    hostnames: (flags.hostnames ?? env.ENTRADA_HOSTNAMES ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    publicOrigin: flags['public-origin'] ?? nonEmpty(env.ENTRADA_PUBLIC_ORIGIN),
    seedFile: flags.seed ?? nonEmpty(env.ENTRADA_SEED),
    accessTokenLifetime: env.ENTRADA_ACCESS_TOKEN_LIFETIME ?? '3600',
    directoryCacheSeconds: env.ENTRADA_DIRECTORY_CACHE_SECONDS ?? '5',
  };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`) };
  }
  const c = parsed.data;
  const publicOrigin = (c.publicOrigin ?? `https://localhost${c.port === 443 ? '' : `:${c.port}`}`).replace(/\/$/, '');
  const config: Config = {
    ...c,
    databaseUrl: c.databaseUrl,
    seedFile: c.seedFile,
    hostnames: c.hostnames.map((h) => h.toLowerCase()),
    publicOrigin,
  };
  return { ok: true, config: Object.freeze(config) };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}
