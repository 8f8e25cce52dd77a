// A password the portal makes up for a new user or a reset ("Auto-generate password", as the
// Azure portal offers), shown once. It meets Entra's password policy
// (core/policy/password-policy.ts): 16 characters from all four categories. Symbols are limited to
// ones that need no quoting in a shell or a URL form, so it can be pasted anywhere [I].

import { randomInt } from 'node:crypto';

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '-_.@#%+=';
const ALL = UPPER + LOWER + DIGITS + SYMBOLS;
const LENGTH = 16;

/** A new random password: one character of each category, the rest from all of them, shuffled. */
export function generatePassword(pick: (n: number) => number = randomInt): string {
  const chars = [UPPER, LOWER, DIGITS, SYMBOLS].map((set) => set[pick(set.length)]);
  while (chars.length < LENGTH) chars.push(ALL[pick(ALL.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = pick(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
