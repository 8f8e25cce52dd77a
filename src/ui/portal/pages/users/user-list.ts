// Users: the list (search by user principal name or name, filter by sign-in status and directory
// role) and "New user": display name, user principal name (alias and a domain of the tenant), mail
// nickname, an initial password typed or generated (shown once, on the answer to the POST only),
// account enabled — created with createUser and a Graph body, as `POST /v1.0/users` takes it.

import type { FastifyInstance } from 'fastify';
import { DIRECTORY_ROLES } from '../../../../core/policy/graph-permissions.js';
import { roleNames } from '../../../../directory/authorize.js';
import { createUser, listUsers } from '../../../../directory/users.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, errorNotice, noticeFor, portalGet, portalPost, queryValue, seeOther, type PortalOptions, type Viewer } from '../../portal-kit.js';
import { checked, field, selected } from '../object-frame.js';
import { generatePassword } from './generated-password.js';
import { userPath } from './user-blade.js';

const ROLES = Object.values(DIRECTORY_ROLES);

export function registerUserList(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/users', async ({ viewer, query }) => {
    const search = (queryValue(query, 'search') ?? '').trim().slice(0, 200);
    const enabled = queryValue(query, 'enabled') === 'yes' || queryValue(query, 'enabled') === 'no' ? queryValue(query, 'enabled') : 'all';
    const roleFilter = queryValue(query, 'role') ?? 'all';
    const users = await listUsers(options.service, viewer.actor);
    const roles = new Map(await Promise.all(users.map(async (u) => [u.id, await options.service.read.listDirectoryRoles(viewer.tenant.id, u.id)] as const)));
    const needle = search.toLowerCase();
    const shown = users.filter((u) => {
      const held = roles.get(u.id) ?? [];
      if (needle && !u.userPrincipalName.toLowerCase().includes(needle) && !u.displayName.toLowerCase().includes(needle)) return false;
      if (enabled !== 'all' && u.accountEnabled !== (enabled === 'yes')) return false;
      if (roleFilter === 'any') return held.length > 0;
      if (roleFilter === 'none') return held.length === 0;
      return roleFilter === 'all' || held.includes(roleFilter);
    });
    return {
      title: 'Users',
      nav: 'users',
      main: html`<h1>Users</h1>
${noticeFor(query, { deleted: 'The user was deleted.' })}
<div class="actions"><a class="button" href="/portal/users/new">New user</a></div>
<form method="get" action="/portal/users" role="search" class="card">
<label for="search">Search by user principal name or display name</label>
<input type="search" id="search" name="search" maxlength="200" value="${search}">
<label for="enabled">Account enabled</label>
<select id="enabled" name="enabled"><option value="all"${selected(enabled === 'all')}>All</option><option value="yes"${selected(enabled === 'yes')}>Yes</option><option value="no"${selected(enabled === 'no')}>No</option></select>
<label for="role">Directory role</label>
<select id="role" name="role"><option value="all"${selected(roleFilter === 'all')}>All users</option><option value="any"${selected(roleFilter === 'any')}>Any role</option><option value="none"${selected(roleFilter === 'none')}>No role</option>${ROLES.map((r) => html`<option value="${r.id}"${selected(roleFilter === r.id)}>${r.displayName}</option>`)}</select>
<div class="actions"><button class="secondary" type="submit">Apply</button></div></form>
<p class="muted" role="status">${shown.length} of ${users.length} users</p>
<div class="table-wrap" role="region" aria-label="Users" tabindex="0"><table><thead><tr><th scope="col">Display name</th><th scope="col">User principal name</th><th scope="col">Account enabled</th><th scope="col">Directory roles</th></tr></thead><tbody>
${shown.map((u) => html`<tr><td><a href="${userPath(u.id)}">${u.displayName}</a></td><td>${u.userPrincipalName}</td><td>${u.accountEnabled ? 'Yes' : 'No'}</td><td>${roleNames(roles.get(u.id) ?? []) || '—'}</td></tr>`)}
</tbody></table></div>`,
    };
  });

  portalGet(app, options, '/portal/users/new', async ({ viewer }) => newUserPage(viewer, { accountEnabled: 'yes', passwordMode: 'generate' }));

  portalPost(app, options, '/portal/users/new', async ({ reply, viewer, form }) => {
    const alias = field(form, 'alias', 64);
    const domain = viewer.tenant.domains.find((d) => d === form['domain']) ?? viewer.tenant.domains[0];
    const generated = form['passwordMode'] !== 'type';
    const password = generated ? generatePassword() : (form['password'] ?? '');
    try {
      const user = await createUser(options.service, viewer.actor, {
        accountEnabled: form['accountEnabled'] === 'yes',
        displayName: field(form, 'displayName'),
        // As the Azure portal fills it in: the alias, unless one is typed.
        mailNickname: field(form, 'mailNickname', 64) || alias,
        userPrincipalName: `${alias}@${domain}`,
        passwordProfile: { password, forceChangePasswordNextSignIn: false },
      });
      if (!generated) return seeOther(reply, userPath(user.id), 'created');
      return {
        title: `Created ${user.displayName}`,
        nav: 'users' as const,
        main: html`<p class="crumbs"><a href="/portal/users">Users</a> › New user</p>
<h1>User created</h1>
<div class="notice ok" role="status"><p>${user.userPrincipalName} was created.</p></div>
<div class="card"><p>Initial password, shown only this once (Entrada keeps only its hash):</p>
<p><code class="secret" id="new-password">${password}</code></p>
<p class="hint">Give it to the user now; it cannot be shown again. Reset the password to make a new one.</p></div>
<p><a href="${userPath(user.id)}">Open ${user.displayName}</a> · <a href="/portal/users">Back to users</a></p>`,
      };
    } catch (err) {
      return { ...newUserPage(viewer, { ...form, password: '' }, errorNotice(err)), status: 400 };
    }
  });
}

function newUserPage(viewer: Viewer, form: Record<string, string>, error: Html = html``) {
  const typed = form['passwordMode'] === 'type';
  return {
    title: 'New user',
    nav: 'users' as const,
    main: html`<p class="crumbs"><a href="/portal/users">Users</a> › New user</p>
<h1>Create new user</h1>
${error}
<form method="post" action="/portal/users/new" class="card">${csrfInput(viewer)}
<label for="displayName">Display name</label>
<input type="text" id="displayName" name="displayName" required maxlength="256" value="${form['displayName'] ?? ''}">
<fieldset><legend>User principal name</legend>
<label for="alias">Username (the part before @)</label>
<input type="text" id="alias" name="alias" required maxlength="64" autocomplete="off" spellcheck="false" value="${form['alias'] ?? ''}">
<label for="domain">Domain</label>
<select id="domain" name="domain">${viewer.tenant.domains.map((d) => html`<option value="${d}"${selected(d === form['domain'])}>@${d}</option>`)}</select>
</fieldset>
<label for="mailNickname">Mail nickname</label>
<p class="hint" id="mailNickname-hint">Empty: the username.</p>
<input type="text" id="mailNickname" name="mailNickname" maxlength="64" aria-describedby="mailNickname-hint" spellcheck="false" value="${form['mailNickname'] ?? ''}">
<fieldset><legend>Password</legend>
<label class="inline"><input type="radio" name="passwordMode" value="generate"${checked(!typed)}> Auto-generate password (shown once after creating)</label>
<label class="inline"><input type="radio" name="passwordMode" value="type"${checked(typed)}> Let me type the password</label>
<label for="password">Password (when typed)</label>
<p class="hint" id="password-hint">8 to 256 characters, three of: upper case, lower case, digits, symbols (Entra's password policy).</p>
<input type="password" id="password" name="password" maxlength="256" autocomplete="new-password" aria-describedby="password-hint">
</fieldset>
<label class="inline"><input type="checkbox" name="accountEnabled" value="yes"${checked(form['accountEnabled'] === 'yes')}> Account enabled</label>
<div class="actions"><button type="submit">Create</button><a href="/portal/users">Cancel</a></div>
</form>`,
  };
}
