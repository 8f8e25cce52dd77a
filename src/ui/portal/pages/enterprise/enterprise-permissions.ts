// An enterprise application's Permissions: what was consented for it. Delegated permissions are
// the oauth2PermissionGrants whose client is this service principal, for all users (admin
// consent) or for one user; application permissions are the app role assignments whose principal
// is this service principal. Revoking deletes the grant or the assignment (deleteGrant /
// deleteAssignment), effective at the next token request.

import type { FastifyInstance } from 'fastify';
import type { AppRole, Guid } from '../../../../core/model.js';
import { deleteAssignment, listAssignments, type AssignmentSide } from '../../../../directory/app-role-assignments.js';
import { deleteGrant, listGrants } from '../../../../directory/permission-grants.js';
import { getServicePrincipal, type ServicePrincipalView } from '../../../../directory/service-principals.js';
import { getUser } from '../../../../directory/users.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, noticeFor, portalGet, portalPost, seeOther, type PortalOptions, type Viewer } from '../../portal-kit.js';
import { field } from '../object-frame.js';
import { enterpriseFrame, enterprisePath, enterpriseTitle, loadServicePrincipal } from './enterprise-blade.js';

const asPrincipal = (spId: string): AssignmentSide => ({ side: 'servicePrincipal', key: { id: spId } });

export function registerEnterprisePermissions(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/enterprise-apps/:id/permissions', async ({ viewer, params, query }) => {
    const view = await loadServicePrincipal(options, viewer, params['id']);
    return page(options, view, viewer, noticeFor(query, { revoked: 'The permission was revoked. Tokens already issued keep it until they expire.' }));
  });

  portalPost(app, options, '/portal/enterprise-apps/:id/permissions/revoke-grant', async ({ reply, viewer, params, form }) => {
    const view = await loadServicePrincipal(options, viewer, params['id']);
    const grantId = field(form, 'grantId', 64);
    // Only a grant of this client, so the page cannot be used to revoke another app's.
    const ours = (await listGrants(options.service, viewer.actor)).find((g) => g.id === grantId && g.clientId === view.sp.id);
    if (ours) await deleteGrant(options.service, viewer.actor, ours.id);
    return seeOther(reply, enterprisePath(view.sp.id, 'permissions'), ours ? 'revoked' : undefined);
  });

  portalPost(app, options, '/portal/enterprise-apps/:id/permissions/revoke-role', async ({ reply, viewer, params, form }) => {
    const view = await loadServicePrincipal(options, viewer, params['id']);
    await deleteAssignment(options.service, viewer.actor, asPrincipal(view.sp.id), field(form, 'assignmentId', 64));
    return seeOther(reply, enterprisePath(view.sp.id, 'permissions'), 'revoked');
  });
}

/** Resource service principals by id, read once each. */
function resources(options: PortalOptions, viewer: Viewer) {
  const seen = new Map<Guid, Promise<ServicePrincipalView | undefined>>();
  return (id: Guid) => {
    if (!seen.has(id)) seen.set(id, getServicePrincipal(options.service, viewer.actor, { id }).catch(() => undefined));
    return seen.get(id) as Promise<ServicePrincipalView | undefined>;
  };
}

function roleValue(roles: readonly AppRole[], id: string): string {
  return roles.find((r) => r.id === id)?.value ?? id;
}

function revokeButton(viewer: Viewer, action: string, name: string, value: string, what: string): Html {
  return html`<form method="post" action="${action}" class="inline">${csrfInput(viewer)}<input type="hidden" name="${name}" value="${value}"><button class="danger" type="submit" aria-label="Revoke ${what}">Revoke</button></form>`;
}

async function page(options: PortalOptions, view: ServicePrincipalView, viewer: Viewer, notice: Html) {
  const resourceOf = resources(options, viewer);
  const grants = (await listGrants(options.service, viewer.actor)).filter((g) => g.clientId === view.sp.id);
  const roles = await listAssignments(options.service, viewer.actor, asPrincipal(view.sp.id));
  const base = enterprisePath(view.sp.id, 'permissions');
  const delegatedRows: Html[] = [];
  for (const g of grants) {
    const resource = await resourceOf(g.resourceId);
    const who = g.consentType === 'AllPrincipals' ? 'All users (admin consent)' : await getUser(options.service, viewer.actor, g.principalId ?? '').then((u) => u.userPrincipalName, () => g.principalId ?? '');
    const name = resource?.sp.displayName ?? g.resourceId;
    delegatedRows.push(
      html`<tr><td><a href="${enterprisePath(g.resourceId)}">${name}</a></td><td>${g.scope || '—'}</td><td>${who}</td><td>${revokeButton(viewer, `${base}/revoke-grant`, 'grantId', g.id, `${name} delegated permissions for ${who}`)}</td></tr>`,
    );
  }
  const applicationRows: Html[] = [];
  for (const { assignment: a, resourceDisplayName } of roles) {
    const resource = await resourceOf(a.resourceId);
    const value = roleValue(resource?.app?.appRoles ?? [], a.appRoleId);
    const name = resourceDisplayName ?? a.resourceId;
    applicationRows.push(
      html`<tr><td><a href="${enterprisePath(a.resourceId)}">${name}</a></td><td>${value}</td><td>${revokeButton(viewer, `${base}/revoke-role`, 'assignmentId', a.id, `${name} ${value}`)}</td></tr>`,
    );
  }
  return {
    title: enterpriseTitle(view, 'permissions'),
    nav: 'enterprise' as const,
    main: enterpriseFrame(
      view,
      'permissions',
      html`${notice}
<p class="hint">What was granted to this application in ${viewer.tenant.displayName}. To ask for more, edit its app registration's API permissions.</p>
<h2>Delegated permissions</h2>
<p class="hint">Scopes the app may use on behalf of a signed-in user (the scp claim).</p>
${
  delegatedRows.length
    ? html`<div class="table-wrap" role="region" aria-label="Delegated permissions granted" tabindex="0"><table><thead><tr><th scope="col">API</th><th scope="col">Permissions</th><th scope="col">Granted for</th><th scope="col">Action</th></tr></thead><tbody>${delegatedRows}</tbody></table></div>`
    : html`<p class="muted">No delegated permission was consented.</p>`
}
<h2>Application permissions</h2>
<p class="hint">App roles of other APIs given to this app itself, used without a signed-in user (the roles claim of client credentials tokens).</p>
${
  applicationRows.length
    ? html`<div class="table-wrap" role="region" aria-label="Application permissions granted" tabindex="0"><table><thead><tr><th scope="col">API</th><th scope="col">Permission</th><th scope="col">Action</th></tr></thead><tbody>${applicationRows}</tbody></table></div>`
    : html`<p class="muted">No application permission was granted.</p>`
}`,
    ),
  };
}
