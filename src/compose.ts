// The one place that wires adapters to ports: storage, keys, TLS, seed, HTTP.

import { availableParallelism } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/config.js';
import type { Clock, ExternalKeySource } from './core/ports.js';
import { ensureTls } from './crypto/local-ca.js';
import { pooledRandomness } from './crypto/randomness.js';
import { TLS_CIPHERS } from './crypto/tls-ciphers.js';
import { hashPassword, paramsForCost, verifyPassword } from './crypto/password-hash.js';
import { PasswordHasher } from './crypto/password-hasher.js';
import type { Deriver } from './crypto/password-worker.js';
import { PASSWORD_QUEUE_DEADLINE_MS } from './core/policy/password-queue.js';
import { verifyAssertionSignature } from './crypto/jws-verify.js';
import { OidcKeySource } from './crypto/oidc-key-source.js';
import { generateSecretValue, hashSecret, verifySecret } from './crypto/secret-hash.js';
import { DirectoryService } from './directory/service.js';
import { seedAuditEntries } from './directory/seed-audit.js';
import { provisionServicePrincipal, recordConsent } from './directory/consent.js';
import { randomUUID } from 'node:crypto';
import { createSigningKeys, type SigningKeys } from './compose-signing-keys.js';
import type { SigningKeyAdmin } from './crypto/key-admin.js';
import type { KeyRing } from './crypto/key-ring.js';
import { DEFAULT_TOKEN_CONFIG, type TokenDeps } from './flows/shared/context.js';
import { buildApp } from './http/app.js';
import { DEFAULT_CONNECTION_TIMEOUTS, type ConnectionCaps, type ConnectionTimeouts } from './core/connection-limits.js';
import { capConnections, limitedServerOptions, throttledRefusalWarning } from './http/kit/connection-guard.js';
import { signInRecorder, type SignInRecorder } from './sign-in-log/recorder.js';
import { rememberedAssertions } from './storage/remembered-assertions.js';
import { signInLogWriterThread } from './sign-in-log/writer-thread.js';
import { LOG_FINGERPRINT_KEY_NAME, newFingerprintKey } from './crypto/log-fingerprint.js';
import { SMART_LOCKOUT_KEY_NAME, wrongPasswordKeyer } from './crypto/lockout-key.js';
import { changeOwnPassword } from './directory/password-change.js';
import { createManagedIdentityEndpoint, StartupError, type ManagedIdentityEndpoint } from './compose-managed-identity.js';
import type { RefusalEvent } from './http/kit/refusal.js';
import { createOps } from './http/ops/ops.js';
import type { LogSink } from './http/ops/request-log.js';
import { applySeed, type SeedSummary } from './seed/apply.js';
import { loadDemoSeed, loadSeedFile, validateSeedData } from './seed/load.js';
import { cachedDirectory } from './storage/cached-directory.js';
import type { DirectoryWatch } from './storage/directory-changes.js';
import { openStorage, sharedDatabase, type Storage } from './storage/open.js';
import { listenProblem } from './listen-error.js';
import { join } from 'node:path';
import { listenUrl } from './core/listen-url.js';
import { ensurePortalRegistration, portalRedirectUris } from './directory/portal-registration.js';
import { portalRoutes } from './ui/portal/portal-routes.js';
import { sessionCookieValues } from './http/kit/session-cookie.js';
import { sessionHash } from './flows/authorize/sessions.js';
import { PORTAL_KEY_NAME, PortalSeal } from './ui/portal/session.js';

const systemClock: Clock = { now: () => new Date() };

/**
 * How long /readyz waits for the database: under the 1 s a Kubernetes probe waits by default
 * (timeoutSeconds), so that a slow database reads as "not ready", not as a probe timeout.
 */
const READY_TIMEOUT_MS = 500;

/** How long directory audit entries are kept (Entra: 7 days without a licence, 30 with P1/P2 [D]). */
const DIRECTORY_AUDIT_DAYS = 30;

export interface Entrada {
  app: FastifyInstance;
  storage: Storage;
  /** The key ring: signs with the current key, publishes next/current/previous (crypto/key-ring.ts). */
  signer: KeyRing;
  /** Lists, rotates and retires the signing keys (`entrada keys`, startEntrada's `keys`). */
  signingKeys: SigningKeyAdmin;
  seed: SeedSummary;
  tls: { caCertPath: string; caCertPem: string };
  config: Readonly<Config>;
  /** The sign-in log writer; undefined when ENTRADA_SIGNIN_LOG_DAYS is 0. */
  signIns: SignInRecorder | undefined;
  /** The plain-HTTP managed identity endpoint (IMDS and App Service shapes); undefined when off. */
  managedIdentity: ManagedIdentityEndpoint | undefined;
  /** Graph's directory writes (audited, cache-invalidating); the in-process API (src/api/) uses it too. */
  directoryService: DirectoryService;
  /** Listen on config.bind:config.port (port 0 picks a free one); returns the URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export class SeedError extends Error {
  constructor(readonly errors: string[]) {
    super(`The seed file has ${errors.length} problem(s):\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  }
}

export interface EntradaOptions {
  clock?: Clock;
  onRefusal?: (event: RefusalEvent) => void;
  /** Federated credentials' external issuer keys; default: OIDC discovery over HTTPS (tests inject their own). */
  externalKeys?: ExternalKeySource;
  /** Makes a password worker; default: a low-priority scrypt thread (tests inject their own). */
  passwordWorker?: () => Deriver;
  /** Both listeners' timeouts; default DEFAULT_CONNECTION_TIMEOUTS (tests make them short). */
  connectionTimeouts?: Partial<ConnectionTimeouts>;
  /**
   * false: no TLS certificate is made or read, and the HTTPS app is built as a plain server that
   * never listens. For in-process tests that only use app.inject(), where making a CA and server
   * certificate in every fresh home cost 0.7–1 s a start. Default true (what `entrada start` does).
   */
  tls?: boolean;
  /** Where the request log (config.log) writes its lines; default stdout (tests read their own). */
  requestLog?: LogSink;
  /**
   * Seed data (the seed file's content as an object) in place of config.seedFile and the demo
   * seed: validated like a file (src/api/ passes a test's seed object without writing a file).
   */
  seedData?: unknown;
}

/** An Entrada built with `tls: false`: it answers app.inject() but has no certificate and cannot listen. */
export type InjectOnlyEntrada = Omit<Entrada, 'tls' | 'listen'>;

export async function createEntrada(config: Readonly<Config>, options: EntradaOptions & { tls: false }): Promise<InjectOnlyEntrada>;
export async function createEntrada(config: Readonly<Config>, options?: EntradaOptions): Promise<Entrada>;
export async function createEntrada(
  config: Readonly<Config>,
  options: EntradaOptions = {},
): Promise<InjectOnlyEntrada & { tls: Entrada['tls'] | undefined; listen(): Promise<string> }> {
  const clock = options.clock ?? systemClock;
  const seedResult =
    options.seedData !== undefined ? validateSeedData(options.seedData) : config.seedFile ? await loadSeedFile(config.seedFile) : await loadDemoSeed();
  if (!seedResult.ok) throw new SeedError(seedResult.errors);

  const hostnames = ['localhost', '127.0.0.1', '::1', ...config.hostnames];
  const tls = options.tls === false ? undefined : await ensureTls({ dir: join(config.home, 'tls'), hostnames });
  const storage = await openStorage({ url: config.databaseUrl, home: config.home });
  let directoryWatch: DirectoryWatch | undefined;
  let signingKeys: SigningKeys | undefined;
  try {
    const passwordParams = paramsForCost(config.passwordHashCost);
    // Runtime changes to seeded objects survive a restart unless --seed-mode reset: seed/merge.ts.
    const seed = await applySeed(
      seedResult.seed,
      storage.directory,
      { hashSecret, verifySecret, hashPassword: (password) => hashPassword(password, passwordParams), verifyPassword, now: clock.now() },
      { mode: config.seedMode, ledger: storage.directoryAdmin, transact: (work) => storage.directoryAdmin.transact(work) },
    );
    // The seed's own changes are audited like any other (directory/seed-audit.ts).
    const seededAt = clock.now();
    const seedAudits = seed.tenants.flatMap((t) => seedAuditEntries(t.tenant.id, t.objects, seededAt, randomUUID));
    if (seedAudits.length) {
      await storage.directoryAdmin.transact(async (tx) => {
        for (const entry of seedAudits) await tx.appendAudit(entry);
      });
    }
    // Installation-wide signing keys with rollover (compose-signing-keys.ts); a key is generated
    // (100–300 ms) only on the first start or when one is due.
    signingKeys = await createSigningKeys({ store: storage.signingKeys, clock, config });
    const signer = signingKeys.ring;

    // Password checks run on their own low-priority worker thread(s) behind a bounded queue, never
    // on the threadpool that signs tokens (issue 9, finding 3).
    const passwords = new PasswordHasher({
      workers: config.passwordWorkers,
      queueSize: config.passwordQueueSize,
      deadlineMs: PASSWORD_QUEUE_DEADLINE_MS,
      spawn: options.passwordWorker,
      params: passwordParams,
    });
    const directory = cachedDirectory(storage.directory, { ttlMs: config.directoryCacheSeconds * 1000 });
    // Changes by other nodes or processes (the CLI) drop the cache at once; the TTL is a backstop.
    // The same notifications carry signing-key rotations and retirements: the key ring reloads.
    const keysChanged = signingKeys.changed;
    directoryWatch = await storage.watchDirectory(() => {
      directory.invalidate();
      keysChanged();
    });
    const deps: TokenDeps = {
      directory,
      refreshTokens: storage.refreshTokens,
      // An assertion this node saw accepted is accepted again without a round trip (MSAL resends it).
      assertionReplay: rememberedAssertions(storage.assertionReplay),
      assertionSignatures: { verify: verifyAssertionSignature },
      // xml-crypto and xmldom (about 40 ms and 4 MiB) load with the first SAML bearer request.
      samlAssertions: { read: async (assertion) => (await import('./crypto/saml-signature.js')).readSamlAssertion(assertion) },
      externalKeys: options.externalKeys ?? new OidcKeySource({ clock, addressPolicy: config.federatedAddressPolicy }),
      deviceCodes: storage.deviceCodes,
      authorizationCodes: storage.authorizationCodes,
      sessions: storage.sessions,
      // Consent is written through to the database and this node's cache forgets what it read, so
      // the code redemption right after the consent page sees it; other nodes hear of it through
      // storage.watchDirectory (NOTIFY, or PRAGMA data_version on SQLite).
      consent: {
        record: async (grant) => {
          await recordConsent(storage.directoryAdmin, grant, clock.now(), randomUUID);
          directory.invalidate();
        },
        // A multi-tenant app's first consent in a tenant adds its service principal (issue 18).
        provision: async (sp, by) => {
          const stored = await provisionServicePrincipal(storage.directoryAdmin, sp, by, clock.now(), randomUUID);
          directory.invalidate();
          return stored;
        },
      },
      signer,
      hashes: { verifySecret, verifyPassword: passwords.verifyPassword },
      // Smart lockout: buckets shared by every node through the database, wrong passwords kept as
      // HMACs under an installation key (crypto/lockout-key.ts).
      smartLockout: {
        store: storage.smartLockout,
        wrongPasswordKey: wrongPasswordKeyer(await storage.installationSecrets.ensure(SMART_LOCKOUT_KEY_NAME, newFingerprintKey())),
      },
      // A password that must be changed, changed on the sign-in pages: a directory write, audited.
      passwordChanges: { change: (user, password, context) => changeOwnPassword(directoryService, user, password, context) },
      random: pooledRandomness(),
      clock,
      config: { ...DEFAULT_TOKEN_CONFIG, accessTokenLifetime: config.accessTokenLifetimeFixed ? config.accessTokenLifetime : undefined },
    };
    const origins = {
      publicOrigin: config.publicOrigin,
      hostnames: new Set(hostnames.map((h) => (h.includes(':') ? `[${h}]` : h).toLowerCase())),
    };
    // The sign-in log (ENTRADA_SIGNIN_LOG_DAYS, 0 = off), written in batches off the hot path,
    // at most ENTRADA_SIGNIN_LOG_MAX_ROWS entries; secrets fingerprinted with the installation's key.
    // Its inserts run on a thread of their own where another connection can reach the database and
    // another core can run it: on one core the thread only adds copying and switching (npm run bench,
    // 1 core: the log cost 6% of throughput inserted on the event loop, 9% from a thread).
    const writerTarget = availableParallelism() > 1 ? sharedDatabase({ url: config.databaseUrl, home: config.home }) : undefined;
    const signIns =
      config.signInLogDays > 0
        ? signInRecorder(storage.signInLog, {
            writer: writerTarget && signInLogWriterThread(writerTarget),
            maxRows: config.signInLogMaxRows,
            fingerprintKey: await storage.installationSecrets.ensure(LOG_FINGERPRINT_KEY_NAME, newFingerprintKey()),
            onError: (err) => process.stderr.write(`sign-in log write failed: ${String(err)}\n`),
          })
        : undefined;
    // Graph's directory writes (issue 11): serialised transactions with their audit entries; this
    // node's cache forgets at once, other nodes hear through storage.watchDirectory.
    const directoryService = new DirectoryService({
      admin: storage.directoryAdmin,
      clock,
      random: deps.random,
      hashSecret,
      newSecret: generateSecretValue,
      hashPassword: (password) => hashPassword(password, passwordParams),
      onChange: () => directory.invalidate(),
    });
    const timeouts: ConnectionTimeouts = { ...DEFAULT_CONNECTION_TIMEOUTS, ...options.connectionTimeouts };
    const caps: ConnectionCaps = { perAddress: config.maxConnectionsPerAddress, total: config.maxConnections };
    // /healthz, /readyz, /metrics and the request log (--log, --metrics; http/ops/).
    const ops = createOps({
      log: config.log,
      logSink: options.requestLog,
      metrics: config.metrics,
      readiness: { pingStorage: () => storage.ping(READY_TIMEOUT_MS), signingKeysLoaded: () => signer.kid !== '' },
      signIns,
      pool: () => storage.poolUse(),
    });
    const app = await buildApp({
      ops,
      deps,
      origins,
      jwks: (o) => signer.jwks(o),
      onRefusal: options.onRefusal,
      signIns,
      signInStore: storage.signInLog,
      directoryService,
      server: {
        // Header, body, idle and handshake timeouts (issue 9, finding 4; core/connection-limits.ts).
        ...limitedServerOptions(timeouts, tls && { key: tls.keyPem, cert: tls.certPem, ciphers: TLS_CIPHERS }),
        // Only errors that are bugs reach this log (refusals are reported through onRefusal).
        logger: { level: 'error', stream: process.stderr },
      } as never,
    });
    // The admin portal (ui/portal/): pages over the same directory service as Graph; its sessions
    // are sealed with an installation key every node shares, and its first-party registration
    // names this node's origins as redirect URIs (again at listen(), once the port is known).
    const portalSeal = new PortalSeal(await storage.installationSecrets.ensure(PORTAL_KEY_NAME, newFingerprintKey()));
    await app.register(
      portalRoutes({
        service: directoryService,
        clock,
        seal: portalSeal,
        signInSessions: {
          current: async (req, tenantId, userId) => {
            const now = clock.now().toISOString();
            for (const value of sessionCookieValues(req)) {
              const session = await deps.sessions.find(sessionHash(value), now);
              if (session?.tenantId.toLowerCase() === tenantId && session.userId.toLowerCase() === userId) return sessionHash(value);
            }
            return undefined;
          },
          alive: async (id) => (await deps.sessions.find(id, clock.now().toISOString())) !== undefined,
        },
        signIns,
        signInStore: storage.signInLog,
        caCertPem: tls?.caCertPem,
        caCertPath: tls?.caCertPath,
      }),
    );
    const registerPortal = (port: number) =>
      ensurePortalRegistration(storage.directoryAdmin, {
        tenantIds: seed.tenants.map((t) => t.tenant.id),
        redirectUris: portalRedirectUris([...[...origins.hostnames].map((h) => (port === 443 ? `https://${h}` : `https://${h}:${port}`)), origins.publicOrigin]),
        now: clock.now(),
        newId: randomUUID,
      }).then(() => directory.invalidate());
    if (config.port !== 0) await registerPortal(config.port);
    capConnections(app.server, caps, { onRefused: throttledRefusalWarning('HTTPS listener') });
    const managedIdentity = await createManagedIdentityEndpoint({ config, seed, deps, onRefusal: options.onRefusal, signIns, connections: { timeouts, caps } });
    // Its requests are counted and logged too (its own listener has no /healthz or /metrics).
    managedIdentity?.app.addHook('onResponse', (req, reply, done) => {
      ops.observe(req, reply);
      done();
    });
    const sweeper = await sweepExpiredRows(storage, clock, config.signInLogDays, config.signInLogMaxRows);
    return {
      app,
      storage,
      signIns,
      managedIdentity,
      directoryService,
      signer,
      signingKeys: signingKeys.admin,
      seed,
      tls: tls && { caCertPath: tls.caCertPath, caCertPem: tls.caCertPem },
      config,
      async listen() {
        if (!tls) throw new Error('createEntrada: built with tls: false (for app.inject() only), so it cannot listen');
        // A busy or forbidden port: one line naming the setting (listen-error.ts), not a stack trace.
        await app.listen({ host: config.bind, port: config.port }).catch((err: unknown) => {
          const problem = listenProblem(err, { port: config.port, host: config.bind, what: '', flag: '--port', env: 'ENTRADA_PORT', bind: { flag: '--bind', env: 'ENTRADA_BIND' } });
          throw problem ? new StartupError(problem) : err;
        });
        const address = app.server.address();
        const port = typeof address === 'object' && address ? address.port : config.port;
        // With --port 0 the default public origin (config.ts) named port 0: name the one picked.
        if (config.port === 0 && origins.publicOrigin === 'https://localhost:0') origins.publicOrigin = `https://localhost:${port}`;
        if (config.port === 0) await registerPortal(port);
        // The managed identity endpoint listens too (its own port, 127.0.0.1, plain HTTP).
        await managedIdentity?.listen(port).catch(async (err: unknown) => {
          await app.close();
          throw err;
        });
        return listenUrl(config.bind, port);
      },
      async close() {
        clearInterval(sweeper);
        signingKeys?.close();
        await managedIdentity?.close();
        await app.close();
        await ops.close();
        await passwords.close();
        await signIns?.close();
        await directoryWatch?.close();
        await storage.close();
      },
    };
  } catch (err) {
    signingKeys?.close();
    await directoryWatch?.close();
    await storage.close();
    throw err;
  }
}

/**
 * Every refresh creates a row; expired ones are deleted at start-up and hourly, a day after they
 * expire (until then a late redemption still gets the precise AADSTS700082 / 700084). Client
 * assertion jtis go as soon as the assertion expires: an expired assertion is refused (700024)
 * before its jti is looked at.
 */
async function sweepExpiredRows(storage: Storage, clock: Clock, signInLogDays: number, signInLogMaxRows: number): Promise<NodeJS.Timeout> {
  const sweep = async () => {
    const now = clock.now();
    const before = new Date(now.getTime() - 24 * 3600 * 1000).toISOString();
    await storage.refreshTokens.deleteExpired(before).catch((err: unknown) => {
      process.stderr.write(`refresh token sweep failed: ${String(err)}\n`);
    });
    await storage.assertionReplay.deleteExpired(now.toISOString()).catch((err: unknown) => {
      process.stderr.write(`client assertion jti sweep failed: ${String(err)}\n`);
    });
    await storage.deviceCodes.deleteExpired(before).catch((err: unknown) => {
      process.stderr.write(`device code sweep failed: ${String(err)}\n`);
    });
    await storage.authorizationCodes.deleteExpired(before).catch((err: unknown) => {
      process.stderr.write(`authorization code sweep failed: ${String(err)}\n`);
    });
    await storage.sessions.deleteExpired(now.toISOString()).catch((err: unknown) => {
      process.stderr.write(`sign-in session sweep failed: ${String(err)}\n`);
    });
    // Smart lockout buckets a day past their last failure or lockout (core/policy/smart-lockout.ts).
    await storage.smartLockout.deleteExpired(now.toISOString()).catch((err: unknown) => {
      process.stderr.write(`smart lockout sweep failed: ${String(err)}\n`);
    });
    const logHorizon = new Date(now.getTime() - signInLogDays * 24 * 3600 * 1000).toISOString();
    await storage.signInLog.deleteBefore(logHorizon).catch((err: unknown) => {
      process.stderr.write(`sign-in log retention sweep failed: ${String(err)}\n`);
    });
    // Directory audit entries are kept 30 days, as Entra keeps them with a P1 licence [D].
    const auditHorizon = new Date(now.getTime() - DIRECTORY_AUDIT_DAYS * 24 * 3600 * 1000).toISOString();
    await storage.directoryAdmin.deleteAuditsBefore(auditHorizon).catch((err: unknown) => {
      process.stderr.write(`directory audit retention sweep failed: ${String(err)}\n`);
    });
    // The size cap too (the recorder also applies it as it writes: see sign-in-log/recorder.ts).
    await storage.signInLog.deleteBeyond(signInLogMaxRows).catch((err: unknown) => {
      process.stderr.write(`sign-in log size sweep failed: ${String(err)}\n`);
    });
  };
  await sweep();
  const timer = setInterval(() => void sweep(), 3600 * 1000);
  timer.unref();
  return timer;
}
