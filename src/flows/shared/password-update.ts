// The sign-in pages' "Update your password" step: the person's password is right but must be
// changed (Graph passwordProfile.forceChangePasswordNextSignIn; AADSTS50055 elsewhere). Like
// Entra's page [O], it asks for the current password again with the new one twice, so the step
// needs no server state: the current password is checked here as at sign-in (smart lockout
// included), then the new one against the page's rules (core/policy/password-update.ts), and the
// directory stores its hash, clears the flag and audits the change (deps.passwordChanges).

import type { Tenant, User } from '../../core/model.js';
import { newPasswordProblem, type NewPasswordProblem } from '../../core/policy/password-update.js';
import type { TokenDeps } from './context.js';
import { passwordSignIn, type AttemptOrigin } from './password-sign-in.js';

/** What the update form posts. */
export interface PasswordUpdate {
  username: string;
  /** The current password. */
  password: string;
  newPassword: string;
  confirmPassword: string;
}

/** The new password was not accepted: the page shows `problem.message` beside the form. */
export class NewPasswordRefused extends Error {
  constructor(readonly problem: NewPasswordProblem) {
    super(problem.message);
  }
}

type UpdateDeps = Pick<TokenDeps, 'directory' | 'hashes' | 'smartLockout' | 'clock' | 'passwordChanges'>;

/**
 * Checks the current password (50126, 50053, 50057, 90055 as at sign-in), then the new one
 * (NewPasswordRefused), and changes it. Returns the signed-in user as stored after the change.
 */
export async function updatePassword(tenant: Tenant | null, input: PasswordUpdate, origin: AttemptOrigin, deps: UpdateDeps): Promise<{ tenant: Tenant; user: User }> {
  const signedIn = await passwordSignIn(tenant, input, deps, origin);
  const problem = newPasswordProblem({
    userPrincipalName: signedIn.user.userPrincipalName,
    current: input.password,
    next: input.newPassword,
    confirmation: input.confirmPassword,
  });
  if (problem) throw new NewPasswordRefused(problem);
  const user = await deps.passwordChanges.change(signedIn.user, input.newPassword, origin);
  return { tenant: signedIn.tenant, user };
}
