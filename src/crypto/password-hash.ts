// User passwords: scrypt (RFC 7914), async so it runs on the libuv threadpool, not the event loop.
//
// Stored format (self-describing, so parameters can be raised later without breaking old hashes):
//   scrypt$N=16384,r=8,p=1$<salt b64url>$<key b64url>
//
// Cost: N=2^14, r=8, p=1 (16 MiB) took 36–58 ms, median 43 ms, per hash on the 2-core dev machine
// (Node 20). N=2^15 took ~89 ms, over the 20–50 ms budget for an interactive sign-in.
// Note: each hash holds one threadpool thread (4 by default) for that long, the same pool that
// signs tokens (token-signer.ts), so a burst of password sign-ins slows token signing meanwhile.

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const DEFAULT = { N: 2 ** 14, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const B64URL = /^[A-Za-z0-9_-]+$/;
const PARAMS = /^N=(\d{1,8}),r=(\d{1,2}),p=(\d{1,2})$/;
const MAX_MEMORY = 256 * 1024 * 1024;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, DEFAULT);
  const { N, r, p } = DEFAULT;
  return `scrypt$N=${N},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Constant-time check against a `hashPassword` result; a malformed `stored` gives false. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (typeof password !== 'string' || typeof stored !== 'string') return false;
  const parsed = parse(stored);
  if (!parsed) return false;
  try {
    const key = await derive(password, parsed.salt, parsed.key.length, parsed.params);
    return timingSafeEqual(key, parsed.key);
  } catch {
    return false;
  }
}

interface Params {
  N: number;
  r: number;
  p: number;
}

function parse(stored: string): { params: Params; salt: Buffer; key: Buffer } | undefined {
  const parts = stored.split('$');
  if (parts.length !== 4 || parts[0] !== 'scrypt') return undefined;
  const m = PARAMS.exec(parts[1]);
  if (!m || !B64URL.test(parts[2]) || !B64URL.test(parts[3])) return undefined;
  const params = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  // Bounds keep a corrupted row from asking for gigabytes or minutes of work.
  const isPowerOf2 = (params.N & (params.N - 1)) === 0;
  if (!isPowerOf2 || params.N < 2 ** 10 || params.r < 1 || params.p < 1 || params.p > 4) return undefined;
  if (128 * params.N * params.r > MAX_MEMORY) return undefined;
  const salt = Buffer.from(parts[2], 'base64url');
  const key = Buffer.from(parts[3], 'base64url');
  if (salt.length < 8 || key.length < 16 || key.length > 64) return undefined;
  return { params, salt, key };
}

function derive(password: string, salt: Buffer, length: number, { N, r, p }: Params): Promise<Buffer> {
  // scrypt needs about 128·r·(N + p) bytes; Node's default maxmem (32 MiB) would reject any stored
  // hash made with stronger settings than today's (N ≥ 2^15 at r=8).
  const options: ScryptOptions = { N, r, p, maxmem: 128 * r * (N + p + 2) + 1024 * 1024 };
  // NFC so that the same password typed on different keyboards/OSes hashes the same (RFC 8265 §4.2).
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}
