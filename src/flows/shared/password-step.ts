// The password forms of the sign-in pages (/authorize and /devicelogin): "Sign in" (user name and
// password) and, when the password is right but must be changed (AADSTS50055), "Update your
// password" (the current password and the new one twice: password-update.ts). What each refusal
// shows next.

import { IdpError } from '../../core/errors/idp-error.js';
import type { Tenant, User } from '../../core/model.js';
import type { TokenDeps } from './context.js';
import { signInWithPassword, type AttemptOrigin } from './password-sign-in.js';
import { NewPasswordRefused, updatePassword, type PasswordUpdate } from './password-update.js';

/** The two password forms as posted. */
export type PasswordStep = { step: 'signin'; username: string; password: string } | ({ step: 'update-password' } & PasswordUpdate);

/** The page a refused password form shows again. */
export type PasswordStepPage =
  | { kind: 'sign-in'; username: string; error: IdpError }
  | { kind: 'update-password'; username: string; error?: IdpError; problem?: string };

type PasswordStepDeps = Pick<TokenDeps, 'directory' | 'hashes' | 'smartLockout' | 'clock' | 'passwordChanges'>;

/** The person the form proves, or a refusal (IdpError, NewPasswordRefused) for passwordStepPage. */
export async function checkPasswordStep(tenant: Tenant | null, posted: PasswordStep, origin: AttemptOrigin, deps: PasswordStepDeps): Promise<{ tenant: Tenant; user: User }> {
  return posted.step === 'signin' ? signInWithPassword(tenant, posted, deps, origin) : updatePassword(tenant, posted, origin, deps);
}

/** The refusals of the password check itself (password-sign-in.ts), which keep the person on its form. */
const PASSWORD_REFUSALS: ReadonlySet<number> = new Set([50126, 50053, 50057, 90055]);

/**
 * What a refusal of checkPasswordStep shows: a password that must be changed leads to the update
 * form; the update form's own refusals stay on it; the sign-in form's on it. undefined: not a
 * refusal of the password forms (an error after the password was accepted, or not an IdpError).
 */
export function passwordStepPage(posted: PasswordStep, err: unknown): PasswordStepPage | undefined {
  const username = posted.username;
  if (err instanceof NewPasswordRefused) return { kind: 'update-password', username, problem: err.problem.message };
  if (!(err instanceof IdpError)) return undefined;
  if (err.code === 50055) return { kind: 'update-password', username };
  if (posted.step === 'signin') return { kind: 'sign-in', username, error: err };
  return PASSWORD_REFUSALS.has(err.code) ? { kind: 'update-password', username, error: err } : undefined;
}
