// GET /healthz and /readyz (HEAD too: Fastify answers HEAD for every GET route), without
// authentication, for load balancers, orchestrators and CI scripts waiting for Entrada to start.
// /healthz: the process answers. /readyz: it can serve tokens now.

import type { FastifyInstance, FastifyReply } from 'fastify';

export interface Readiness {
  /** Resolves when the database answers a cheap query; rejects (soon: it has its own timeout) otherwise. */
  pingStorage(): Promise<void>;
  /** True once the token signing keys are loaded. */
  signingKeysLoaded(): boolean;
}

type Check = 'ok' | string;

export function healthRoutes(readiness: Readiness) {
  // Concurrent probes share one query: while the database stalls, a flood of /readyz must not
  // queue a query each for the pool.
  let storageCheck: Promise<Check> | undefined;
  const checkStorage = () => {
    storageCheck ??= readinessOfStorage(readiness).finally(() => {
      storageCheck = undefined;
    });
    return storageCheck;
  };
  return (app: FastifyInstance): void => {
    app.get('/healthz', (_req, reply) => send(reply, 200, { status: 'ok' }));

    app.get('/readyz', async (_req, reply) => {
      const checks: Record<string, Check> = {
        storage: await checkStorage(),
        signingKeys: readiness.signingKeysLoaded() ? 'ok' : 'not loaded',
        // Migrations run inside openStorage, before the app exists: an app that answers has them.
        migrations: 'ok',
      };
      const failed = Object.keys(checks).filter((k) => checks[k] !== 'ok');
      return failed.length === 0 ? send(reply, 200, { status: 'ready', checks }) : send(reply, 503, { status: 'not ready', failed, checks });
    });
  };
}

/**
 * 'ok', or why not in a few words: the driver's error code (ECONNREFUSED, SQLITE_BUSY, 57P01) or
 * the timeout, never the driver's message, which can name hosts and users to an unauthenticated
 * caller.
 */
async function readinessOfStorage(readiness: Readiness): Promise<Check> {
  try {
    await readiness.pingStorage();
    return 'ok';
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && /^[\w.-]{1,40}$/.test(code)) return `failed (${code})`;
    const message = err instanceof Error ? err.message : '';
    return /^no answer within \d+ ms$/.test(message) ? `failed (${message})` : 'failed';
  }
}

function send(reply: FastifyReply, status: number, body: object) {
  // A probe must see the state now, never a cached one.
  return reply.code(status).header('cache-control', 'no-store').type('application/json; charset=utf-8').send(body);
}
