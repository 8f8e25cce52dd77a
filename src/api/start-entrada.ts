// startEntrada(): a real Entrada (HTTPS, its own CA, the seed applied) listening inside the test
// runner's process, for test suites. What `entrada start` does (compose.ts), with defaults for
// tests: a free port, in-memory storage, a temporary home removed by stop(), cheap password
// hashing, no request log, no managed identity endpoint.

import { claimsChallengeHeader } from '../core/tokens/claims-challenge.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { createEntrada, type Entrada } from '../compose.js';
import { loadConfig } from '../config/config.js';
import type { Clock } from '../core/ports.js';
import type { RefusalEvent } from '../http/kit/refusal.js';
import type { SeedSchema } from '../seed/schema.js';
import { Catalogue, type EntradaApp, type EntradaTenant, type EntradaUser } from './catalogue.js';
import { testClock, type TestClock } from './clock.js';
import { type EntradaDirectory, inProcessDirectory } from './directory.js';
import { inProcessKeys, type EntradaKeys } from './keys.js';
import { msalNetworkClient, trustingFetch, type MsalNetworkClient, type TrustingFetch } from './trusting-fetch.js';

/** A seed as an object: the seed file's YAML/JSON content (`tenants: [...]`), as src/seed/demo.yaml shows it. */
export type SeedDefinition = z.input<typeof SeedSchema>;

export interface StartEntradaOptions {
  /** A seed object or the path of a seed file (YAML or JSON); default the demo seed. */
  seed?: SeedDefinition | string;
  /** Default 0: a free port. */
  port?: number;
  /**
   * `'memory'` (default): in-memory SQLite, gone at stop(). A file path: that SQLite database
   * (kept, reused by the next start). `postgres://…`: PostgreSQL.
   */
  storage?: 'memory' | (string & {});
  /**
   * Where the CA and TLS certificate live. Default: a new temporary folder, removed by stop(). A
   * given home keeps its CA between runs, so a test runner can trust `<home>/tls/ca.pem` through
   * NODE_EXTRA_CA_CERTS.
   */
  home?: string;
  /** Host names besides localhost, 127.0.0.1 and ::1 for the certificate and issuers. */
  hostnames?: readonly string[];
  /** The time source Entrada starts from (default real time); `entrada.clock` moves it. */
  clock?: Clock;
  /** One log line per request on stdout (as `entrada start --log`); default 'off'. */
  log?: 'pretty' | 'json' | 'off';
  /** scrypt cost (log2 N) of the seed's passwords; default 14, fast for tests (`entrada start`: 17). */
  passwordHashCost?: number;
  /** The plain-HTTP managed identity endpoint on 127.0.0.1: `true` for a free port, or a port; default off. */
  managedIdentity?: boolean | number;
  /** Called for every refusal (an AADSTS error), with the explanation Entrada shows. */
  onRefusal?: (event: RefusalEvent) => void;
  /** Further settings as `entrada start` reads them from the environment (ENTRADA_ACCESS_TOKEN_LIFETIME, …). The process environment is not read. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface StartedEntrada {
  /** `https://localhost:<port>`. */
  url: string;
  /** `${url}/<tenant id>` of the tenant named by id or domain; default the first tenant. */
  authority(tenant?: string): string;
  /** The local CA's certificate (PEM): what a client must trust. */
  caPem: string;
  /** Its file, `<home>/tls/ca.pem` (for NODE_EXTRA_CA_CERTS). */
  caPath: string;
  /**
   * A fetch that trusts Entrada's CA, for clients in this process (NODE_EXTRA_CA_CERTS is read only
   * at process start): jose's and openid-client's `customFetch`, or plain calls.
   */
  fetch: TrustingFetch;
  /** MSAL Node's `system.networkClient`, trusting Entrada's CA (over `fetch`). */
  msalNetworkClient: MsalNetworkClient;
  /** The data folder (CA, TLS certificate, and the SQLite file when storage is not given). */
  home: string;
  tenants: readonly EntradaTenant[];
  /** The seed's apps (with their plaintext secrets) and those created through `directory`. */
  apps: readonly EntradaApp[];
  /** The seed's users (with their passwords) and those created through `directory`. */
  users: readonly EntradaUser[];
  /** A tenant by id or domain; default the first. Throws when there is none. */
  tenant(idOrDomain?: string): EntradaTenant;
  /** An app by display name or client id (case-insensitive). Throws, naming the known apps, when none or several match. */
  app(nameOrAppId: string): EntradaApp;
  /** A user by userPrincipalName, display name or object id (case-insensitive). Throws when none or several match. */
  user(upnOrName: string): EntradaUser;
  /** Entrada's time: `clock.advance('2h')` to test expiry. */
  clock: TestClock;
  /** Creates and deletes apps, secrets, users, role assignments and consent, as Microsoft Graph does. */
  directory: EntradaDirectory;
  /** Lists, rotates and retires the signing keys (signing-key rollover; README "Testing the hard paths"). */
  keys: EntradaKeys;
  /** `http://127.0.0.1:<port>` of the managed identity endpoint, when asked for. */
  managedIdentityUrl: string | undefined;
  /**
   * The `WWW-Authenticate` value of the 401 a resource API sends when a token is not enough: a
   * step-up to an authentication context (`{ acrs: 'c1' }`) or CAE's "sign in again"
   * (`{ notBefore: <epoch seconds> }`), pointing at this tenant's authority. A test API returns it;
   * the app under test decodes its claims (`claimsFromChallenge`) and hands them to MSAL.
   */
  claimsChallenge(input: { acrs?: string; notBefore?: number; tenant?: string }): string;
  /** Stops listening, closes the database and removes the temporary home. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts Entrada in this process and waits until it listens. */
export async function startEntrada(options: StartEntradaOptions = {}): Promise<StartedEntrada> {
  const ownHome = options.home === undefined;
  const home = ownHome ? mkdtempSync(join(tmpdir(), 'entrada-')) : resolve(options.home as string);
  const removeHome = () => {
    if (ownHome) rmSync(home, { recursive: true, force: true });
  };
  let entrada: Entrada | undefined;
  try {
    const clock = options.clock ? testClock(() => options.clock!.now().getTime()) : testClock();
    const { config } = configFor(options, home);
    entrada = await createEntrada(config, {
      clock,
      onRefusal: options.onRefusal,
      seedData: typeof options.seed === 'object' ? options.seed : undefined,
    });
    const url = await entrada.listen();
    const catalogue = await Catalogue.fromSeed(entrada.seed, entrada.storage.directory, url);
    const started = entrada;
    const fetch = trustingFetch(started.tls.caCertPem);
    let stopping: Promise<void> | undefined;
    return {
      url,
      authority: (tenant) => catalogue.tenant(tenant).authority,
      caPem: started.tls.caCertPem,
      caPath: started.tls.caCertPath,
      fetch,
      msalNetworkClient: msalNetworkClient(fetch),
      home,
      get tenants() {
        return [...catalogue.tenants];
      },
      get apps() {
        return [...catalogue.apps];
      },
      get users() {
        return [...catalogue.users];
      },
      tenant: (idOrDomain) => catalogue.tenant(idOrDomain),
      app: (key) => catalogue.app(key),
      user: (key) => catalogue.user(key),
      clock,
      directory: inProcessDirectory(started.directoryService, catalogue),
      keys: inProcessKeys(started.signingKeys),
      managedIdentityUrl: started.managedIdentity?.url,
      claimsChallenge: ({ tenant, ...claims }) =>
        claimsChallengeHeader({ authorizationUri: `${catalogue.tenant(tenant).authority}/oauth2/v2.0/authorize`, ...claims }),
      stop() {
        stopping ??= started.close().finally(removeHome);
        return stopping;
      },
    };
  } catch (err) {
    await entrada?.close().catch(() => undefined);
    removeHome();
    throw err;
  }
}

/** The Config `entrada start` would build from these options (never from the process environment). */
function configFor(options: StartEntradaOptions, home: string) {
  const mi = options.managedIdentity;
  // The typed options win over the same settings in `env`; `env` over the defaults.
  const env: Record<string, string | undefined> = {
    // scrypt at 2^14 (~30 ms) rather than 2^17 (~0.3 s a sign-in): suites sign in many times.
    ENTRADA_PASSWORD_HASH_COST: '14',
    ENTRADA_LOG: 'off',
    ...options.env,
  };
  if (options.passwordHashCost !== undefined) env.ENTRADA_PASSWORD_HASH_COST = String(options.passwordHashCost);
  if (options.log !== undefined) env.ENTRADA_LOG = options.log;
  const loaded = loadConfig(env, {
    home,
    port: String(options.port ?? 0),
    database: databaseUrl(options.storage ?? 'memory'),
    seed: typeof options.seed === 'string' ? resolve(options.seed) : undefined,
    hostnames: options.hostnames?.join(','),
    'mi-port': mi === undefined || mi === false ? 'off' : mi === true ? '0' : String(mi),
  });
  if (!loaded.ok) throw new Error(`startEntrada: ${loaded.errors.join('; ')}`);
  return loaded;
}

function databaseUrl(storage: string): string {
  if (storage === 'memory') return 'sqlite::memory:';
  if (/^postgres(ql)?:\/\//i.test(storage)) return storage;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(storage)) throw new Error(`startEntrada: storage '${storage}' is not 'memory', a file path or a postgres:// URL`);
  return `sqlite:${resolve(storage)}`;
}
