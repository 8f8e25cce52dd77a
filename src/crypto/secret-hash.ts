// Client secrets: generate, hash for storage, verify.
//
// A client secret is ~220 bits of randomness chosen by us, not a human password, so a slow KDF buys
// nothing: no one can brute-force the preimage of a salted SHA-256 of it. A fast hash keeps
// client-credential requests at signing speed. The salt only keeps equal secrets from having equal
// hashes. Stored format: `sha256$<salt b64url>$<digest b64url>`.

import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { sha256 } from '../core/hash.js';

const SCHEME = 'sha256';
const SALT_BYTES = 16;
const DIGEST_BYTES = 32;
const B64URL = /^[A-Za-z0-9_-]+$/;

export function hashSecret(value: string): string {
  const salt = randomBytes(SALT_BYTES);
  return `${SCHEME}$${salt.toString('base64url')}$${digest(salt, value).toString('base64url')}`;
}

/** Constant-time check of `value` against a `hashSecret` result; a malformed `stored` gives false. */
export function verifySecret(value: string, stored: string): boolean {
  if (typeof value !== 'string' || typeof stored !== 'string') return false;
  const parts = stored.split('$');
  if (parts.length !== 3 || parts[0] !== SCHEME) return false;
  const [, saltText, digestText] = parts;
  // Buffer.from(…, 'base64url') silently skips bad characters, so check the alphabet first.
  if (!B64URL.test(saltText) || !B64URL.test(digestText)) return false;
  const expected = Buffer.from(digestText, 'base64url');
  if (expected.length !== DIGEST_BYTES) return false;
  return timingSafeEqual(digest(Buffer.from(saltText, 'base64url'), value), expected);
}

function digest(salt: Buffer, value: string): Buffer {
  return sha256(Buffer.concat([salt, Buffer.from(value, 'utf8')]));
}

// Entra's `addPassword` secretText is 40 characters from the URL-unreserved set (RFC 3986 §2.3),
// shaped `xxx8Q~` + 34 more, e.g. `Bj28Q~Y3lxa2gnpMkPxH.JfNq3f5cZFtfKKD0a4M`. We keep the shape so
// secret scanners and people recognise it, and keep the first three (the `hint` Graph shows)
// alphanumeric so a secret never starts with `~` or `-` on a command line.
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UNRESERVED = ALNUM + '-._~';

/** A new 40-character client secret value (about 222 bits of entropy). */
export function generateSecretValue(): string {
  return pick(ALNUM, 3) + '8Q~' + pick(UNRESERVED, 34);
}

function pick(alphabet: string, length: number): string {
  let out = '';
  // randomInt is uniform (rejection sampling), unlike `byte % alphabet.length`.
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
