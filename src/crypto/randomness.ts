// Random GUIDs and opaque token strings for the token endpoint. Every token needs several small
// random values (aio, rh, uti, refresh tokens); one randomBytes call each cost ~4% of the main
// thread under load, so bytes are drawn from a pooled buffer refilled 8 KiB at a time (the same
// trick Node's randomUUID uses). The bytes come from the OS CSPRNG either way.

import { randomFillSync, randomUUID } from 'node:crypto';
import type { Randomness } from '../core/ports.js';

const POOL_BYTES = 8192;

export function pooledRandomness(): Randomness {
  const pool = Buffer.allocUnsafe(POOL_BYTES);
  let offset = POOL_BYTES;
  const take = (n: number): Buffer => {
    if (n > POOL_BYTES) return randomFillSync(Buffer.allocUnsafe(n));
    if (offset + n > POOL_BYTES) {
      randomFillSync(pool);
      offset = 0;
    }
    // Each byte is handed out once: the offset only moves forward until the next refill.
    const out = pool.subarray(offset, offset + n);
    offset += n;
    return out;
  };
  return {
    uuid: () => randomUUID(),
    // Encoded at once, before any later refill can overwrite the bytes.
    token: (bytes) => take(bytes).toString('base64url'),
    // 48 random bits over 2^48: uniform in [0, 1), exact in a double.
    fraction: () => take(6).readUIntBE(0, 6) / 2 ** 48,
  };
}
