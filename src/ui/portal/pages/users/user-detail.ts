// A user's Overview: the profile (display name, given name, surname, mail) changed with
// updateUser, sign-in blocked or allowed (accountEnabled), and deleting the user (deleteUser,
// after a confirmation checkbox). The directory refuses what the viewer's roles do not allow —
// e.g. a User Administrator disabling a Global Administrator — and the page shows its words.

import type { FastifyInstance } from 'fastify';
import type { User } from '../../../../core/model.js';
import { roleNames } from '../../../../directory/authorize.js';
import { deleteUser, updateUser } from '../../../../directory/users.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, errorNotice, noticeFor, portalGet, portalPost, seeOther, type PortalOptions, type Viewer } from '../../portal-kit.js';
import { field } from '../object-frame.js';
import { loadUser, userFrame, userPath, userTitle } from './user-blade.js';

const NOTICES = {
  created: 'The user was created.',
  saved: 'Saved.',
  enabled: 'Sign-in is allowed again.',
  disabled: 'Sign-in is blocked: new sign-ins and token refreshes get AADSTS50057.',
};

export function registerUserDetail(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/users/:id', async ({ viewer, params, query }) => {
    const user = await loadUser(options, viewer, params['id']);
    return page(options, user, viewer, profileForm(user), noticeFor(query, NOTICES));
  });

  portalPost(app, options, '/portal/users/:id/profile', async ({ reply, viewer, params, form }) => {
    const user = await loadUser(options, viewer, params['id']);
    const optional = (name: string, max: number) => field(form, name, max) || null;
    try {
      await updateUser(options.service, viewer.actor, user.id, {
        displayName: field(form, 'displayName'),
        givenName: optional('givenName', 64),
        surname: optional('surname', 64),
        mail: optional('mail', 256),
      });
      return seeOther(reply, userPath(user.id), 'saved');
    } catch (err) {
      return { ...(await page(options, user, viewer, form, errorNotice(err))), status: 400 };
    }
  });

  portalPost(app, options, '/portal/users/:id/sign-in', async ({ reply, viewer, params, form }) => {
    const user = await loadUser(options, viewer, params['id']);
    const accountEnabled = form['accountEnabled'] === 'yes';
    try {
      await updateUser(options.service, viewer.actor, user.id, { accountEnabled });
      return seeOther(reply, userPath(user.id), accountEnabled ? 'enabled' : 'disabled');
    } catch (err) {
      return { ...(await page(options, user, viewer, profileForm(user), errorNotice(err))), status: 400 };
    }
  });

  portalPost(app, options, '/portal/users/:id/delete', async ({ reply, viewer, params, form }) => {
    const user = await loadUser(options, viewer, params['id']);
    if (form['confirm'] !== 'yes') return seeOther(reply, userPath(user.id));
    try {
      await deleteUser(options.service, viewer.actor, user.id);
      return seeOther(reply, '/portal/users', 'deleted');
    } catch (err) {
      return { ...(await page(options, user, viewer, profileForm(user), errorNotice(err))), status: 400 };
    }
  });
}

function profileForm(user: User): Record<string, string> {
  return { displayName: user.displayName, givenName: user.givenName ?? '', surname: user.surname ?? '', mail: user.mail ?? '' };
}

async function page(options: PortalOptions, user: User, viewer: Viewer, form: Record<string, string>, notice: Html) {
  const roles = await options.service.read.listDirectoryRoles(viewer.tenant.id, user.id);
  const self = user.id === viewer.user.id;
  const input = (name: string, label: string, type: string, max: number, required = false) =>
    html`<label for="${name}">${label}</label><input type="${type}" id="${name}" name="${name}" maxlength="${String(max)}"${required ? html` required` : html``} value="${form[name] ?? ''}">`;
  return {
    title: userTitle(user, 'overview'),
    nav: 'users' as const,
    main: userFrame(
      user,
      'overview',
      html`${notice}
<div class="card"><dl class="facts">
<dt>User principal name</dt><dd>${user.userPrincipalName}</dd>
<dt>Object ID</dt><dd><code>${user.id}</code></dd>
<dt>Mail nickname</dt><dd>${user.mailNickname ?? '—'}</dd>
<dt>Account enabled</dt><dd>${user.accountEnabled ? 'Yes' : 'No (sign-in blocked)'}</dd>
<dt>Password</dt><dd>${user.passwordHash ? 'Set' : 'None (cannot sign in with a password)'}</dd>
<dt>Directory roles</dt><dd>${roleNames(roles) || 'None'}</dd>
</dl></div>
<h2>Properties</h2>
<form method="post" action="${userPath(user.id)}/profile" class="card">${csrfInput(viewer)}
${input('displayName', 'Display name', 'text', 256, true)}
${input('givenName', 'First name (given name)', 'text', 64)}
${input('surname', 'Last name (surname)', 'text', 64)}
${input('mail', 'Email (mail)', 'email', 256)}
<div class="actions"><button type="submit">Save</button></div></form>
<h2>Sign-in</h2>
<form method="post" action="${userPath(user.id)}/sign-in" class="card">${csrfInput(viewer)}
<input type="hidden" name="accountEnabled" value="${user.accountEnabled ? 'no' : 'yes'}">
<p>${user.accountEnabled ? 'The account is enabled: the user can sign in.' : 'The account is disabled: sign-in is blocked (AADSTS50057).'}</p>
<div class="actions">${user.accountEnabled ? html`<button class="danger" type="submit">Block sign-in (disable account)</button>` : html`<button type="submit">Allow sign-in (enable account)</button>`}</div></form>
<h2>Delete</h2>
${
  self
    ? html`<p class="muted">You are signed in as this user; another administrator can delete it.</p>`
    : html`<form method="post" action="${userPath(user.id)}/delete" class="card">${csrfInput(viewer)}
<p>Deleting the user removes its role assignments, consents, group memberships and directory roles. Entrada keeps no deleted items to restore.</p>
<label class="inline"><input type="checkbox" name="confirm" value="yes" required> I understand; delete ${user.userPrincipalName}</label>
<div class="actions"><button class="danger" type="submit">Delete user</button></div></form>`
}`,
    ),
  };
}
