// Keyed hashes of wrong passwords for smart lockout (core/policy/smart-lockout.ts), which remembers
// the last three per user and address so that retyping the same wrong password does not count
// [D: howto-password-smart-lockout]. HMAC-SHA-256 with a random per-installation key kept in the
// database (every node must agree), over the user id and the password, so the same password gives
// unrelated values for two users; 128 bits kept. Never the password itself, never an unkeyed hash
// anyone could test guesses against. Rows holding them are deleted on the next right password and
// forgotten a day after the last failure.

import { createHmac } from 'node:crypto';

/** The name of the key in InstallationSecretStore (its value: crypto/log-fingerprint.ts newFingerprintKey). */
export const SMART_LOCKOUT_KEY_NAME = 'smart-lockout-key';

/** A function giving the keyed hash of `password` for `userId`. The key never leaves it. */
export function wrongPasswordKeyer(key: string): (userId: string, password: string) => string {
  const k = Buffer.from(key, 'base64url');
  return (userId, password) =>
    createHmac('sha256', k).update(userId.toLowerCase(), 'utf8').update('\u0000').update(password, 'utf8').digest().subarray(0, 16).toString('base64url');
}
