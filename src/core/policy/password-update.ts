// The rules of Entra's "Update your password" page, shown at sign-in when the password is right but
// must be changed (AADSTS50055 on flows without a page). The page asks for the current password and
// the new one twice [O]; the new one must meet Entra's password policy (password-policy.ts: 8–256
// characters, three of the four character classes) and not contain the user ID [O], must differ
// from the current one, and must be typed the same twice. These answers are the page's own, shown
// beside the form, not AADSTS errors [O].

import { passwordPolicyProblem } from './password-policy.js';

export type NewPasswordProblem =
  | { kind: 'mismatch'; message: string }
  | { kind: 'weak'; message: string }
  | { kind: 'unchanged'; message: string };

/** Entra's wording on the page for a password it does not accept [O]. */
export const WEAK_NEW_PASSWORD =
  "Your new password must have at least 8 characters and can't contain your user ID. It must contain at least three of the following: uppercase letters, lowercase letters, numbers, and symbols.";

/** [I] Entrada's wording: Entra's own for these two is not recorded. */
export const MISMATCHED_NEW_PASSWORD = "The new password and its confirmation don't match. Type the same new password in both boxes.";
export const UNCHANGED_NEW_PASSWORD = 'Your new password must be different from your current password.';

/** An alias this short is not looked for inside the password (it would refuse too much) [I]. */
const SHORTEST_CHECKED_ALIAS = 3;

/**
 * What is wrong with the new password, or undefined when the page accepts it. Checked in the order
 * a person fixes them: the two boxes agree, then the policy, then "not the same as before".
 */
export function newPasswordProblem(input: { userPrincipalName: string; current: string; next: string; confirmation: string }): NewPasswordProblem | undefined {
  if (input.next !== input.confirmation) return { kind: 'mismatch', message: MISMATCHED_NEW_PASSWORD };
  const policy = passwordPolicyProblem(input.next);
  if (policy) return { kind: 'weak', message: `${WEAK_NEW_PASSWORD} ${policy}` };
  const alias = input.userPrincipalName.slice(0, Math.max(0, input.userPrincipalName.lastIndexOf('@'))).toLowerCase();
  if (alias.length >= SHORTEST_CHECKED_ALIAS && input.next.toLowerCase().includes(alias)) {
    return { kind: 'weak', message: `${WEAK_NEW_PASSWORD} It contains your user ID (${alias}).` };
  }
  if (input.next === input.current) return { kind: 'unchanged', message: UNCHANGED_NEW_PASSWORD };
  return undefined;
}
