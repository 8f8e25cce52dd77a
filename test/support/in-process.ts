// An Entrada built in-process on in-memory SQLite (or a given database), for app.inject() tests:
// the demo seed, a seed object or a seed file; no TLS certificate (inject() never uses one).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/config.js';
import { createEntrada, type EntradaOptions, type InjectOnlyEntrada } from '../../src/compose.js';

export interface InProcessOptions extends Pick<EntradaOptions, 'clock' | 'onRefusal' | 'externalKeys' | 'passwordWorker' | 'requestLog'> {
  /** A seed object (written into the temporary home as YAML) or the path of a seed file; default the demo seed. */
  seed?: object | string;
  /** ENTRADA_DATABASE_URL; default in-memory SQLite; null: unset, the SQLite file entrada.db in the home. */
  database?: string | null;
  /** Environment variables as `entrada start` reads them (ENTRADA_*). */
  env?: NodeJS.ProcessEnv;
}

export type InProcessEntrada = InjectOnlyEntrada & {
  /** The temporary data folder, removed by dispose(). */
  home: string;
  dispose(): Promise<void>;
};

export async function inProcessEntrada(options: InProcessOptions = {}): Promise<InProcessEntrada> {
  const home = mkdtempSync(join(tmpdir(), 'entrada-test-'));
  try {
    let seed = options.seed;
    if (seed !== undefined && typeof seed !== 'string') {
      writeFileSync(join(home, 'seed.yaml'), stringify(seed));
      seed = join(home, 'seed.yaml');
    }
    // scrypt at 2^14 (~30 ms) rather than the default 2^17 (~0.3 s a sign-in): these tests sign in
    // hundreds of times; the cost itself is covered in test/crypto/password-hash.test.ts.
    // No request log on the test run's stdout unless a test asks for one (ENTRADA_LOG).
    const env = { ENTRADA_PASSWORD_HASH_COST: '14', ENTRADA_LOG: 'off', ...options.env };
    const loaded = loadConfig(env, { home, database: options.database === null ? undefined : (options.database ?? 'sqlite::memory:'), port: '8443', seed });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const { clock, onRefusal, externalKeys, passwordWorker, requestLog } = options;
    const entrada = await createEntrada(loaded.config, { clock, onRefusal, externalKeys, passwordWorker, requestLog, tls: false });
    return Object.assign(entrada, {
      home,
      async dispose() {
        await entrada.close();
        rmSync(home, { recursive: true, force: true });
      },
    });
  } catch (err) {
    rmSync(home, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Starts an in-process Entrada in beforeAll and disposes of it in afterAll of the enclosing
 * describe block (or file). Returns a handle usable at once, in place of the instance: property
 * reads go to the instance once started. `options` may be a function, run in beforeAll, for
 * seeds that need async work (certificates) first.
 */
export function useEntrada(options: InProcessOptions | (() => InProcessOptions | Promise<InProcessOptions>) = {}): InProcessEntrada {
  let started: InProcessEntrada | undefined;
  beforeAll(async () => {
    started = await inProcessEntrada(typeof options === 'function' ? await options() : options);
  });
  afterAll(async () => {
    await started?.dispose();
  });
  return new Proxy({} as InProcessEntrada, {
    get(_, key) {
      // Not a thenable, and printable, before it starts.
      if (!started) {
        if (key === 'then' || typeof key === 'symbol') return undefined;
        throw new Error(`useEntrada: .${key} read before beforeAll started the server`);
      }
      const value: unknown = Reflect.get(started, key);
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}
