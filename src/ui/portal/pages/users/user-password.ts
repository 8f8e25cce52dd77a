// Reset password: a new password, typed or generated, set with updateUser's passwordProfile (the
// directory checks Entra's password policy, refuses it for a user holding a directory role unless
// the viewer may manage privileged users, revokes the user's refresh tokens and ends its browser
// sessions). A generated password is shown once, in the answer to the POST; nothing keeps it.
//
// Entra's "Require this user to change their password when they first sign in"
// (forceChangePasswordNextSignIn) is not offered: the directory accepts the flag but Entrada has
// no page to change an expired password, so it would have no effect [I].

import type { FastifyInstance } from 'fastify';
import type { User } from '../../../../core/model.js';
import { updateUser } from '../../../../directory/users.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, errorNotice, noticeFor, portalGet, portalPost, seeOther, type PortalOptions, type Viewer } from '../../portal-kit.js';
import { checked } from '../object-frame.js';
import { generatePassword } from './generated-password.js';
import { loadUser, userFrame, userPath, userTitle } from './user-blade.js';

const DONE = 'The password was reset. The old one no longer works; the user was signed out everywhere and its refresh tokens were revoked.';

export function registerUserPassword(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/users/:id/password', async ({ viewer, params, query }) => {
    const user = await loadUser(options, viewer, params['id']);
    return page(user, viewer, false, noticeFor(query, { reset: DONE }));
  });

  portalPost(app, options, '/portal/users/:id/password', async ({ reply, viewer, params, form }) => {
    const user = await loadUser(options, viewer, params['id']);
    const typed = form['passwordMode'] === 'type';
    const password = typed ? (form['password'] ?? '') : generatePassword();
    try {
      await updateUser(options.service, viewer.actor, user.id, { passwordProfile: { password, forceChangePasswordNextSignIn: false } });
    } catch (err) {
      return { ...page(user, viewer, typed, errorNotice(err)), status: 400 };
    }
    if (typed) return seeOther(reply, userPath(user.id, 'password'), 'reset');
    return {
      title: userTitle(user, 'password'),
      nav: 'users' as const,
      main: userFrame(
        user,
        'password',
        html`<div class="notice ok" role="status"><p>${DONE}</p></div>
<div class="card"><p>New password for ${user.userPrincipalName}, shown only this once (Entrada keeps only its hash):</p>
<p><code class="secret" id="new-password">${password}</code></p>
<p class="hint">Give it to the user now; reset again to make another.</p></div>`,
      ),
    };
  });
}

function page(user: User, viewer: Viewer, typed: boolean, notice: Html) {
  return {
    title: userTitle(user, 'password'),
    nav: 'users' as const,
    main: userFrame(
      user,
      'password',
      html`${notice}
<form method="post" action="${userPath(user.id, 'password')}" class="card">${csrfInput(viewer)}
<p>Resetting the password of ${user.userPrincipalName} signs the user out everywhere and revokes its refresh tokens.</p>
<fieldset><legend>New password</legend>
<label class="inline"><input type="radio" name="passwordMode" value="generate"${checked(!typed)}> Auto-generate a password (shown once after the reset)</label>
<label class="inline"><input type="radio" name="passwordMode" value="type"${checked(typed)}> Let me type the password</label>
<label for="password">Password (when typed)</label>
<p class="hint" id="password-hint">8 to 256 characters, three of: upper case, lower case, digits, symbols (Entra's password policy).</p>
<input type="password" id="password" name="password" maxlength="256" autocomplete="new-password" aria-describedby="password-hint">
</fieldset>
<div class="actions"><button type="submit">Reset password</button></div></form>`,
    ),
  };
}
