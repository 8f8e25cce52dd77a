// "Update your password", the step of the sign-in pages (/authorize and /devicelogin) when the
// password is right but must be changed (Graph passwordProfile.forceChangePasswordNextSignIn;
// AADSTS50055 on flows without a page). As on Entra's page [O], it asks for the current password
// and the new one twice, so the step needs no server state between the forms
// (flows/shared/password-update.ts checks all three). The user name rides in a hidden field.

import type { IdpError } from '../../core/errors/idp-error.js';
import { formStart, SIGN_IN_FOOTER } from './consent-page.js';
import { html } from './html.js';
import { errorBox, hiddenField, layout, type PageResult } from './page.js';

/** Entra's lead text on the page [O]. */
const WHY = 'You need to update your password because this is the first time you are signing in, or because your password has expired.';

export function updatePasswordPage(v: {
  host: string;
  csrf: string;
  /** Where the form posts, and the opaque context it carries back (see formStart). */
  action: string;
  ctx: string;
  username: string;
  /** A refusal of the current password (AADSTS50126, 50053, …). */
  error?: IdpError;
  /** What is wrong with the new password (core/policy/password-update.ts), in the page's words. */
  problem?: string;
  footer?: string;
}): PageResult {
  const problem = v.problem ? html`<div class="error" role="alert" id="form-error"><p>${v.problem}</p></div>` : html``;
  const describedBy = v.error || v.problem ? html` aria-describedby="form-error"` : html``;
  const currentInvalid = v.error ? html` aria-invalid="true"` : html``;
  const newInvalid = v.problem ? html` aria-invalid="true"` : html``;
  const body = html`<h1>Update your password</h1>
<p class="muted">${v.username}</p>
<p>${WHY}</p>
${errorBox(v.error)}${problem}
${formStart(v.action, v.csrf, v.ctx, 'update-password')}
${hiddenField('username', v.username)}
<label for="password">Current password</label>
<input type="password" id="password" name="password" required autocomplete="current-password" autofocus${currentInvalid}${describedBy}>
<label for="newPassword">New password</label>
<input type="password" id="newPassword" name="newPassword" required autocomplete="new-password" maxlength="256"${newInvalid}${describedBy}>
<label for="confirmPassword">Confirm password</label>
<input type="password" id="confirmPassword" name="confirmPassword" required autocomplete="new-password" maxlength="256"${newInvalid}${describedBy}>
<div class="actions"><button class="primary" type="submit" name="action" value="update">Sign in</button></div>
</form>`;
  return { status: v.error || v.problem ? 400 : 200, html: layout('Update your password', v.host, body, v.footer ?? SIGN_IN_FOOTER) };
}
