// A user's Assigned roles: the directory roles it holds, add one of the roles Entrada knows or
// remove one (addDirectoryRoleMember / removeDirectoryRoleMember: only a Global Administrator or
// Privileged Role Administrator may; the directory says so otherwise). The next token carries the
// change in `wids`, and the portal admits or refuses the user on its next request.

import type { FastifyInstance } from 'fastify';
import type { User } from '../../../../core/model.js';
import { DIRECTORY_ROLES } from '../../../../core/policy/graph-permissions.js';
import { addDirectoryRoleMember, listUserDirectoryRoles, removeDirectoryRoleMember } from '../../../../directory/directory-roles.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, errorNotice, noticeFor, portalGet, portalPost, seeOther, type PortalOptions, type Viewer } from '../../portal-kit.js';
import { field } from '../object-frame.js';
import { loadUser, userFrame, userPath, userTitle } from './user-blade.js';

const ROLES = Object.values(DIRECTORY_ROLES);

export function registerUserRoles(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/users/:id/roles', async ({ viewer, params, query }) => {
    const user = await loadUser(options, viewer, params['id']);
    return page(options, user, viewer, noticeFor(query, { added: 'The role was assigned.', removed: 'The role was removed.' }));
  });

  portalPost(app, options, '/portal/users/:id/roles', async ({ reply, viewer, params, form }) => {
    const user = await loadUser(options, viewer, params['id']);
    try {
      await addDirectoryRoleMember(options.service, viewer.actor, field(form, 'roleId', 64), { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${user.id}` });
      return seeOther(reply, userPath(user.id, 'roles'), 'added');
    } catch (err) {
      return { ...(await page(options, user, viewer, errorNotice(err))), status: 400 };
    }
  });

  portalPost(app, options, '/portal/users/:id/roles/remove', async ({ reply, viewer, params, form }) => {
    const user = await loadUser(options, viewer, params['id']);
    try {
      await removeDirectoryRoleMember(options.service, viewer.actor, field(form, 'roleId', 64), user.id);
      // Taking one's own last administrative role ends one's portal access at the next request.
      return seeOther(reply, userPath(user.id, 'roles'), 'removed');
    } catch (err) {
      return { ...(await page(options, user, viewer, errorNotice(err))), status: 400 };
    }
  });
}

async function page(options: PortalOptions, user: User, viewer: Viewer, notice: Html) {
  const held = await listUserDirectoryRoles(options.service, viewer.actor, user.id);
  const addable = ROLES.filter((r) => !held.includes(r.id));
  const name = (id: string) => ROLES.find((r) => r.id === id)?.displayName ?? id;
  return {
    title: userTitle(user, 'roles'),
    nav: 'users' as const,
    main: userFrame(
      user,
      'roles',
      html`${notice}
<p class="hint">Directory roles give administrative rights in this tenant (the wids claim). Only a Global Administrator or Privileged Role Administrator may assign or remove them.</p>
${
  held.length
    ? html`<div class="table-wrap" role="region" aria-label="Assigned roles" tabindex="0"><table><thead><tr><th scope="col">Role</th><th scope="col">Template ID</th><th scope="col">Action</th></tr></thead><tbody>
${held.map(
  (id) =>
    html`<tr><td>${name(id)}</td><td><code>${id}</code></td><td><form method="post" action="${userPath(user.id, 'roles')}/remove" class="inline">${csrfInput(viewer)}<input type="hidden" name="roleId" value="${id}"><button class="danger" type="submit" aria-label="Remove ${name(id)}">Remove</button></form></td></tr>`,
)}
</tbody></table></div>`
    : html`<p class="muted">${user.displayName} holds no directory role.</p>`
}
${
  addable.length
    ? html`<form method="post" action="${userPath(user.id, 'roles')}" class="card">${csrfInput(viewer)}
<h2>Add assignment</h2>
<label for="roleId">Role</label>
<select id="roleId" name="roleId">${addable.map((r) => html`<option value="${r.id}">${r.displayName}</option>`)}</select>
<div class="actions"><button type="submit">Assign</button></div></form>`
    : html``
}`,
    ),
  };
}
