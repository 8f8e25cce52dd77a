// A user's MFA and sessions (issue 17): per-user MFA (disabled, enabled, enforced: setPerUserMfa,
// as Graph's beta authentication/requirements; enabled becomes enforced for a user with a second
// factor, as in Entra), whether a second factor is registered (setMfaRegistered: not a Graph
// property, settable here, by the seed and the in-process API), and "Revoke sessions"
// (revokeSignInSessions, after a confirmation checkbox: its refresh tokens are refused and its
// browser sessions end at once). The directory refuses what the viewer's roles do not allow.

import type { FastifyInstance } from 'fastify';
import type { PerUserMfaState, User } from '../../../../core/model.js';
import { revokeSignInSessions, setMfaRegistered, setPerUserMfa } from '../../../../directory/user-authentication.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, errorNotice, noticeFor, portalGet, portalPost, seeOther, type PortalOptions, type Viewer } from '../../portal-kit.js';
import { selected } from '../object-frame.js';
import { loadUser, userFrame, userPath, userTitle } from './user-blade.js';

const STATES: Array<[PerUserMfaState, string]> = [
  ['disabled', 'Disabled: no MFA of its own (policies and security defaults may still ask)'],
  ['enabled', 'Enabled: MFA at every sign-in (becomes enforced once a second factor is registered)'],
  ['enforced', 'Enforced: MFA at every sign-in'],
];

const NOTICES = {
  mfa: 'Per-user MFA was saved; it applies from the next sign-in.',
  registered: 'The user now has a second factor registered: a required MFA is asked for (AADSTS50076 where no page can ask).',
  unregistered: 'The user now has no second factor: a required MFA asks it to register one first (AADSTS50079).',
  revoked: 'Sessions revoked: the user’s refresh tokens are refused and its browser sessions ended; it must sign in again.',
};

export function registerUserAuthentication(app: FastifyInstance, options: PortalOptions): void {
  const path = (user: User) => userPath(user.id, 'authentication');

  portalGet(app, options, '/portal/users/:id/authentication', async ({ viewer, params, query }) => {
    const user = await loadUser(options, viewer, params['id']);
    return page(user, viewer, noticeFor(query, NOTICES));
  });

  portalPost(app, options, '/portal/users/:id/authentication/mfa', async ({ reply, viewer, params, form }) => {
    const user = await loadUser(options, viewer, params['id']);
    const state = STATES.find(([s]) => s === form['perUserMfaState'])?.[0];
    if (!state) return { ...page(user, viewer, html`<div class="notice error" role="alert"><p>Choose disabled, enabled or enforced.</p></div>`), status: 400 };
    try {
      await setPerUserMfa(options.service, viewer.actor, user.id, state);
      return seeOther(reply, path(user), 'mfa');
    } catch (err) {
      return { ...page(user, viewer, errorNotice(err)), status: 400 };
    }
  });

  portalPost(app, options, '/portal/users/:id/authentication/registration', async ({ reply, viewer, params, form }) => {
    const user = await loadUser(options, viewer, params['id']);
    const registered = form['mfaRegistered'] === 'yes';
    try {
      await setMfaRegistered(options.service, viewer.actor, user.id, registered);
      return seeOther(reply, path(user), registered ? 'registered' : 'unregistered');
    } catch (err) {
      return { ...page(user, viewer, errorNotice(err)), status: 400 };
    }
  });

  portalPost(app, options, '/portal/users/:id/authentication/revoke', async ({ reply, viewer, params, form }) => {
    const user = await loadUser(options, viewer, params['id']);
    if (form['confirm'] !== 'yes') return seeOther(reply, path(user));
    try {
      await revokeSignInSessions(options.service, viewer.actor, user.id);
      return seeOther(reply, path(user), 'revoked');
    } catch (err) {
      return { ...page(user, viewer, errorNotice(err)), status: 400 };
    }
  });
}

function page(user: User, viewer: Viewer, notice: Html) {
  const state = user.perUserMfaState ?? 'disabled';
  const registered = user.mfaRegistered !== false;
  const action = (tail: string) => `${userPath(user.id, 'authentication')}/${tail}`;
  return {
    title: userTitle(user, 'authentication'),
    nav: 'users' as const,
    main: userFrame(
      user,
      'authentication',
      html`${notice}
<h2>Per-user MFA</h2>
<form method="post" action="${action('mfa')}" class="card">${csrfInput(viewer)}
<label for="perUserMfaState">Per-user MFA state of ${user.userPrincipalName}</label>
<select id="perUserMfaState" name="perUserMfaState">${STATES.map(([value, label]) => html`<option value="${value}"${selected(value === state)}>${label}</option>`)}</select>
<p class="hint">Graph: beta /users/{id}/authentication/requirements, perUserMfaState. Conditional Access policies and security defaults are on the Conditional Access page.</p>
<div class="actions"><button type="submit">Save</button></div></form>
<h2>Second factor</h2>
<form method="post" action="${action('registration')}" class="card">${csrfInput(viewer)}
<input type="hidden" name="mfaRegistered" value="${registered ? 'no' : 'yes'}">
<p>${registered ? 'A second factor is registered: when MFA is required, the sign-in pages ask for it.' : 'No second factor is registered: when MFA is required, the user must register one first (AADSTS50079).'}</p>
<div class="actions"><button class="secondary" type="submit">${registered ? 'Remove the registered factor' : 'Mark a second factor as registered'}</button></div></form>
<h2>Sessions</h2>
<form method="post" action="${action('revoke')}" class="card">${csrfInput(viewer)}
<p>Revoking signs ${user.userPrincipalName} out everywhere: its refresh tokens are refused from now on and its browser sessions end. Access tokens already issued stay valid until they expire.</p>
<label class="inline"><input type="checkbox" name="confirm" value="yes" required> I understand; revoke the sessions of ${user.userPrincipalName}</label>
<div class="actions"><button class="danger" type="submit">Revoke sessions</button></div></form>`,
    ),
  };
}
