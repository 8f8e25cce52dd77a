// An Entrada built in-process on in-memory SQLite with the demo seed, for app.inject() tests.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { createEntrada, type Entrada } from '../../src/compose.js';
import type { Clock } from '../../src/core/ports.js';

export const TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
export const API_ID = 'e7ada000-0000-4000-8000-000000000001';
export const DAEMON = { id: 'e7ada000-0000-4000-8000-000000000002', secret: 'daemon~secret~entrada-demo-0002' };
export const WEB = { id: 'e7ada000-0000-4000-8000-000000000003', secret: 'webapp~secret~entrada-demo-0003' };
export const CLI_ID = 'e7ada000-0000-4000-8000-000000000004';
export const ALICE = { upn: 'alice@entrada.localhost', password: 'Alice-demo-password-1' };
export const BOB = { upn: 'bob@entrada.localhost', password: 'Bob-demo-password-2' };
export const CAROL = { upn: 'carol@entrada.localhost', password: 'Carol-demo-password-3' };

/** A clock tests can move. */
export class TestClock implements Clock {
  constructor(private t = Date.now()) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export async function inProcessEntrada(
  clock?: Clock,
  seedFile?: string,
  options: Pick<Parameters<typeof createEntrada>[1] & object, 'onRefusal'> = {},
): Promise<Entrada & { dispose(): Promise<void> }> {
  const home = mkdtempSync(join(tmpdir(), 'entrada-test-'));
  // scrypt at 2^14 (~30 ms) rather than the default 2^17 (~0.3 s a sign-in): these tests sign in
  // hundreds of times; the cost itself is covered in test/crypto/password-hash.test.ts.
  const loaded = loadConfig({ ENTRADA_PASSWORD_HASH_COST: '14' }, { home, database: 'sqlite::memory:', port: '8443', seed: seedFile });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const entrada = await createEntrada(loaded.config, { clock, ...options });
  return Object.assign(entrada, {
    async dispose() {
      await entrada.close();
      rmSync(home, { recursive: true, force: true });
    },
  });
}

/** Form-encode parameters (repeated keys allowed, to test duplicates). */
export function form(pairs: Array<[string, string]> | Record<string, string>): string {
  const list = Array.isArray(pairs) ? pairs : Object.entries(pairs);
  return list.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}
