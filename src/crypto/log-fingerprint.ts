// Fingerprints of client secrets for the sign-in log (issue #9, finding 7): 8 hex digits, enough to
// tell two secrets apart in the log. Keyed (HMAC-SHA-256 with a random per-installation key kept in
// the database, so every node agrees): an unkeyed SHA-256 prefix let anyone who saw it test guesses
// at a weak secret offline. `entrada explain` keeps its own unkeyed fingerprint (explain/secrets.ts):
// it runs offline, without this key, and shows only values its user already holds.

import { createHmac, randomBytes } from 'node:crypto';

/** The name of the key in InstallationSecretStore. */
export const LOG_FINGERPRINT_KEY_NAME = 'sign-in-log-fingerprint-key';

/** A fresh key (256 random bits, base64url): the candidate a first node offers. */
export function newFingerprintKey(): string {
  return randomBytes(32).toString('base64url');
}

/** A function giving the 8-hex-digit keyed fingerprint of a secret. The key never leaves it. */
export function keyedFingerprint(key: string): (secret: string) => string {
  const k = Buffer.from(key, 'base64url');
  return (secret) => createHmac('sha256', k).update(secret, 'utf8').digest('hex').slice(0, 8);
}
