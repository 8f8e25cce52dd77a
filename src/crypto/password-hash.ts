// User passwords: scrypt (RFC 7914).
//
// Stored format (self-describing, so parameters can be raised later without breaking old hashes):
//   scrypt$N=131072,r=8,p=1$<salt b64url>$<key b64url>
//
// Cost: N=2^17, r=8, p=1 (128 MiB), OWASP's Password Storage Cheat Sheet minimum for scrypt.
// Measured with `npx tsx bench/password-cost.ts` (synchronous scrypt, one at a time, Node 20, the
// 2-core dev machine, 15 hashes each): median / max per hash
//   N=2^14  28 / 35 ms     N=2^15  70 / 76 ms     N=2^16  139 / 143 ms     N=2^17  285 / 407 ms
// Chosen: 2^17 by default (ENTRADA_PASSWORD_HASH_COST=17, log2 N; 14–18 accepted: a test suite
// that signs in a lot, with passwords that sit in its seed file anyway, may choose 14). A sign-in costs ~0.3 s of one core, acceptable for a person at a sign-in page or a
// test signing in by ROPC; sign-ins no longer compete with token signing (password-hasher.ts runs
// them on one low-priority thread, behind a bounded queue). Seeding hashes every seeded user at
// each start (~0.3 s a user; apply.ts hashes two at a time): the demo seed's 3 users add ~0.6 s to
// a start (0.1 s at 2^14), more on a busy machine. Hashes stored with 2^14 before keep
// verifying at their own cost. An unknown user is checked against a decoy hash with the configured
// parameters (decoyHash), so that timing does not tell which user names exist.
//
// `hashPassword` and `verifyPassword` here run on libuv's threadpool (used at seed time and by
// tests); the server verifies sign-ins through password-hasher.ts instead, which shares the parsing
// and key derivation rules below.

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

const COST_R = 8;
const COST_P = 1;
/**
 * The most memory (128·N·r bytes) a stored hash may ask for; parseStoredHash refuses more, so a
 * corrupted row cannot ask for gigabytes.
 */
const MAX_MEMORY = 256 * 1024 * 1024;

/** log2 N of new hashes unless configured (ENTRADA_PASSWORD_HASH_COST), and the accepted range. */
export const DEFAULT_HASH_COST = 17;
export const MIN_HASH_COST = 14;
/**
 * Derived from MAX_MEMORY (18 at r=8: 256 MiB), not chosen beside it: a configured cost whose
 * hashes parseStoredHash refuses would make every sign-in fail, the decoy's included, with no work
 * done and no start-up error (it was 20 once: 1 GiB, every password refused).
 */
export const MAX_HASH_COST = Math.floor(Math.log2(MAX_MEMORY / (128 * COST_R)));

/** scrypt parameters for a cost (log2 N); r=8, p=1 as OWASP gives them. */
export function paramsForCost(cost: number): ScryptParams {
  return { N: 2 ** cost, r: COST_R, p: COST_P };
}

export const DEFAULT_PARAMS: Readonly<ScryptParams> = paramsForCost(DEFAULT_HASH_COST);
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const B64URL = /^[A-Za-z0-9_-]+$/;
const PARAMS = /^N=(\d{1,8}),r=(\d{1,2}),p=(\d{1,2})$/;

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(normalizePassword(password), salt, KEY_BYTES, params);
  return formatHash(params, salt, key);
}

/** A well-formed hash of no password anyone knows, checked for unknown users at the cost of a real one. */
export function decoyHash(params: ScryptParams): string {
  return formatHash(params, Buffer.alloc(SALT_BYTES), Buffer.alloc(KEY_BYTES));
}

function formatHash({ N, r, p }: ScryptParams, salt: Buffer, key: Buffer): string {
  return `scrypt$N=${N},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/**
 * Constant-time check against a `hashPassword` result; a malformed `stored` gives false, and null
 * (no such user) gives false after the same work as a real check.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (typeof password !== 'string' || (typeof stored !== 'string' && stored !== null)) return false;
  const parsed = parseStoredHash(stored ?? decoyHash(DEFAULT_PARAMS));
  if (!parsed) return false;
  try {
    const key = await derive(normalizePassword(password), parsed.salt, parsed.key.length, parsed.params);
    return timingSafeEqual(key, parsed.key) && stored !== null;
  } catch {
    return false;
  }
}

interface StoredHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

export function parseStoredHash(stored: string): StoredHash | undefined {
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

/** NFC so that the same password typed on different keyboards/OSes hashes the same (RFC 8265 §4.2). */
export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

/**
 * scrypt needs about 128·r·(N + p) bytes; Node's default maxmem (32 MiB) would reject any stored
 * hash made with stronger settings than 2^14 at r=8.
 */
export function scryptOptions({ N, r, p }: ScryptParams): ScryptOptions {
  return { N, r, p, maxmem: 128 * r * (N + p + 2) + 1024 * 1024 };
}

function derive(normalized: string, salt: Buffer, length: number, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(normalized, salt, length, scryptOptions(params), (err, key) => (err ? reject(err) : resolve(key)));
  });
}
