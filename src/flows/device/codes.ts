// Device and user codes (entra-protocol.md §3.6): the device code is long and random and stored
// only as its hash; the user code is 9 upper-case characters a person can read out and type.

import { randomInt } from 'node:crypto';

/**
 * Letters and digits without look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B) or vowels (no words) [I]:
 * Entra's observed codes are 9 upper-case alphanumerics; its alphabet is not documented.
 */
export const USER_CODE_ALPHABET = 'CDFGHJKMNPQRTVWXY34679';
const USER_CODE_LENGTH = 9;

export function newUserCode(): string {
  let code = '';
  for (let i = 0; i < USER_CODE_LENGTH; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

/** What a person typed, in stored form: upper-case, without spaces and hyphens. */
export function normaliseUserCode(typed: string): string {
  return typed.replace(/[\s-]+/g, '').toUpperCase();
}

/** Device codes live 15 minutes and the client polls every 5 seconds [D][O]. */
export const DEVICE_CODE_LIFETIME_SECONDS = 900;
export const DEVICE_CODE_INTERVAL_SECONDS = 5;

export function verificationUri(origin: string): string {
  return `${origin}/devicelogin`;
}

/** Entra's wording of the instruction the device shows [D][O]. */
export function deviceCodeMessage(uri: string, userCode: string): string {
  return `To sign in, use a web browser to open the page ${uri} and enter the code ${userCode} to authenticate.`;
}
