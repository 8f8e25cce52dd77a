import { describe, expect, it } from 'vitest';
import { MISMATCHED_NEW_PASSWORD, newPasswordProblem, UNCHANGED_NEW_PASSWORD, WEAK_NEW_PASSWORD } from '../../src/core/policy/password-update.js';

describe('"Update your password": the new password [O: Entra\'s page; policy D: password policies]', () => {
  const current = 'Current-Password-1';
  it.each<[string, string, 'mismatch' | 'weak' | 'unchanged' | undefined]>([
    // new password, confirmation → problem
    ['Brand-new-Password-2', 'Brand-new-Password-2', undefined],
    ['Brand-new-Password-2', 'Brand-new-Password-3', 'mismatch'],
    ['short1A', 'short1A', 'weak'], // 7 characters
    ['alllowercase', 'alllowercase', 'weak'], // one class
    ['lowercase123', 'lowercase123', 'weak'], // two classes
    ['lowercase123!', 'lowercase123!', undefined], // three classes
    ['x'.repeat(255) + 'A1', 'x'.repeat(255) + 'A1', 'weak'], // 257 characters
    ['Alice-Secret-9', 'Alice-Secret-9', 'weak'], // contains the user ID (alice), any case
    [current, current, 'unchanged'],
  ])('%j / %j → %s', (next, confirmation, kind) => {
    expect(newPasswordProblem({ userPrincipalName: 'alice@entrada.localhost', current, next, confirmation })?.kind).toBe(kind);
  });

  it('answers in the page\'s words, with the precise reason after Entra\'s', () => {
    const input = { userPrincipalName: 'al@entrada.localhost', current, confirmation: '' };
    expect(newPasswordProblem({ ...input, next: 'x' })?.message).toBe(MISMATCHED_NEW_PASSWORD);
    expect(newPasswordProblem({ ...input, next: 'short', confirmation: 'short' })?.message).toMatch(new RegExp(`^${WEAK_NEW_PASSWORD.replace(/[.()]/g, '\\$&')} It has 5 characters`));
    expect(newPasswordProblem({ ...input, next: current, confirmation: current })?.message).toBe(UNCHANGED_NEW_PASSWORD);
    // An alias shorter than three characters is not looked for.
    expect(newPasswordProblem({ ...input, next: 'Al-password-2', confirmation: 'Al-password-2' })).toBeUndefined();
  });
});
