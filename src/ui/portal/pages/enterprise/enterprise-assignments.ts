// An enterprise application's "Users and groups": the app role assignments whose resource is this
// service principal and whose principal is a user or a group (assignments to apps appear on the
// client's Permissions page instead, as in the Azure portal). Adding one picks a user or group and
// one of the app's enabled roles that allow users — or, when the app defines no app roles at all,
// the default access role 00000000-0000-0000-0000-000000000000, as Entra does ("Default Access").
// Both go through createAssignment / deleteAssignment on the resource's appRoleAssignedTo.

import type { FastifyInstance } from 'fastify';
import type { AppRole } from '../../../../core/model.js';
import { DEFAULT_ACCESS_ROLE_ID } from '../../../../core/policy/entitlements.js';
import { createAssignment, deleteAssignment, listAssignments, type AssignmentSide } from '../../../../directory/app-role-assignments.js';
import { listGroups } from '../../../../directory/groups.js';
import type { ServicePrincipalView } from '../../../../directory/service-principals.js';
import { listUsers } from '../../../../directory/users.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, errorNotice, noticeFor, portalGet, portalPost, seeOther, type PortalOptions, type Viewer } from '../../portal-kit.js';
import { field } from '../object-frame.js';
import { enterpriseFrame, enterprisePath, enterpriseTitle, loadServicePrincipal } from './enterprise-blade.js';

/** The roles a user or group may be given: enabled roles allowing User, or Default Access when the app has no roles. */
export function assignableRoles(roles: readonly AppRole[]): Array<{ id: string; label: string }> {
  if (roles.length === 0) return [{ id: DEFAULT_ACCESS_ROLE_ID, label: 'Default Access' }];
  return roles.filter((r) => r.isEnabled && r.allowedMemberTypes.includes('User')).map((r) => ({ id: r.id, label: `${r.displayName || r.value} (${r.value})` }));
}

function roleLabel(roles: readonly AppRole[], id: string): string {
  if (id === DEFAULT_ACCESS_ROLE_ID) return 'Default Access';
  const role = roles.find((r) => r.id === id);
  return role ? role.displayName || role.value : id;
}

const side = (spId: string): AssignmentSide => ({ side: 'appRoleAssignedTo', key: { id: spId } });

export function registerEnterpriseAssignments(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/enterprise-apps/:id/users-groups', async ({ viewer, params, query }) => {
    const view = await loadServicePrincipal(options, viewer, params['id']);
    return page(options, view, viewer, {}, noticeFor(query, { added: 'The assignment was added.', removed: 'The assignment was removed.' }));
  });

  portalPost(app, options, '/portal/enterprise-apps/:id/users-groups', async ({ reply, viewer, params, form }) => {
    const view = await loadServicePrincipal(options, viewer, params['id']);
    try {
      await createAssignment(options.service, viewer.actor, side(view.sp.id), { principalId: field(form, 'principalId', 64), resourceId: view.sp.id, appRoleId: field(form, 'appRoleId', 64) });
      return seeOther(reply, enterprisePath(view.sp.id, 'assignments'), 'added');
    } catch (err) {
      return { ...(await page(options, view, viewer, form, errorNotice(err))), status: 400 };
    }
  });

  portalPost(app, options, '/portal/enterprise-apps/:id/users-groups/remove', async ({ reply, viewer, params, form }) => {
    const view = await loadServicePrincipal(options, viewer, params['id']);
    await deleteAssignment(options.service, viewer.actor, side(view.sp.id), field(form, 'assignmentId', 64));
    return seeOther(reply, enterprisePath(view.sp.id, 'assignments'), 'removed');
  });
}

async function page(options: PortalOptions, view: ServicePrincipalView, viewer: Viewer, form: Record<string, string>, notice: Html) {
  const roles = view.app?.appRoles ?? [];
  const [assigned, users, groups] = await Promise.all([
    listAssignments(options.service, viewer.actor, side(view.sp.id)),
    listUsers(options.service, viewer.actor),
    listGroups(options.service, viewer.actor),
  ]);
  const rows = assigned.filter((a) => a.assignment.principalType !== 'ServicePrincipal');
  const choices = assignableRoles(roles);
  const principalLink = (type: string, id: string, name: string | null): Html =>
    type === 'User' ? html`<a href="/portal/users/${id}">${name ?? id}</a>` : html`<a href="/portal/groups/${id}">${name ?? id}</a>`;
  const addForm = choices.length
    ? html`<form method="post" action="${enterprisePath(view.sp.id, 'assignments')}" class="card">${csrfInput(viewer)}
<h2>Add assignment</h2>
<label for="principalId">User or group</label>
<select id="principalId" name="principalId" required><option value="">Select a user or group</option>
<optgroup label="Users">${users.map((u) => html`<option value="${u.id}"${u.id === form['principalId'] ? html` selected` : html``}>${u.displayName} (${u.userPrincipalName})</option>`)}</optgroup>
<optgroup label="Groups">${groups.map((g) => html`<option value="${g.id}"${g.id === form['principalId'] ? html` selected` : html``}>${g.displayName} (group)</option>`)}</optgroup>
</select>
<label for="appRoleId">Role</label>
<select id="appRoleId" name="appRoleId">${choices.map((c) => html`<option value="${c.id}"${c.id === form['appRoleId'] ? html` selected` : html``}>${c.label}</option>`)}</select>
<p class="hint">${roles.length ? 'The app roles of this application that allow users and groups.' : 'This application defines no app roles: users and groups are assigned with Default Access.'}</p>
<p class="hint">Entrada's sign-in checks assignments of the user itself: unlike Entra, assigning a group does not yet admit its members when assignment is required.</p>
<div class="actions"><button type="submit">Assign</button></div></form>`
    : html`<div class="notice warn"><p>This application defines app roles, but none allows users and groups (allowedMemberTypes User), so no user or group can be assigned to it.</p></div>`;
  return {
    title: enterpriseTitle(view, 'assignments'),
    nav: 'enterprise' as const,
    main: enterpriseFrame(
      view,
      'assignments',
      html`${notice}
<p class="hint">${view.sp.appRoleAssignmentRequired ? 'Assignment is required: only the users and groups below can sign in to this app.' : 'Assignment is not required (Properties): every user of the tenant can sign in; assignments still decide the roles claim.'}</p>
${
  rows.length
    ? html`<div class="table-wrap" role="region" aria-label="Users and groups assigned" tabindex="0"><table><thead><tr><th scope="col">Display name</th><th scope="col">Object type</th><th scope="col">Role assigned</th><th scope="col">Action</th></tr></thead><tbody>
${rows.map(
  ({ assignment: a, principalDisplayName }) =>
    html`<tr><td>${principalLink(a.principalType, a.principalId, principalDisplayName)}</td><td>${a.principalType}</td><td>${roleLabel(roles, a.appRoleId)}</td><td><form method="post" action="${enterprisePath(view.sp.id, 'assignments')}/remove" class="inline">${csrfInput(viewer)}<input type="hidden" name="assignmentId" value="${a.id}"><button class="danger" type="submit" aria-label="Remove ${principalDisplayName ?? a.principalId} (${roleLabel(roles, a.appRoleId)})">Remove</button></form></td></tr>`,
)}
</tbody></table></div>`
    : html`<p class="muted">No user or group is assigned.</p>`
}
${addForm}`,
    ),
  };
}
