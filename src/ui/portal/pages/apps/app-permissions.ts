// API permissions: the permissions the app asks for (requiredResourceAccess), grouped by API, with
// the Azure portal's columns (type, admin consent required, status for the tenant); removing one;
// "Grant admin consent for <tenant>" and "Revoke admin consent" per API. Adding one is
// app-permissions-add.ts. Consent goes through the directory's grant and assignment operations
// (api-permissions-data.ts), which refuse what the viewer's roles do not allow, in Graph's words.

import type { FastifyInstance } from 'fastify';
import type { Application } from '../../../../core/model.js';
import { updateApplication } from '../../../../directory/applications.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, errorNotice, noticeFor, portalGet, portalPost, seeOther, type PortalOptions, type PortalPage, type Viewer } from '../../portal-kit.js';
import { appPath, bladeFrame, bladeTitle, loadApp } from './app-blade.js';
import { hasConsent, type ApiGroup, type PermissionRow } from './api-permissions-model.js';
import { grantAdminConsent, loadPermissions, revokeAdminConsent, type ConsentOutcome } from './api-permissions-data.js';
import { registerAppPermissionsAdd } from './app-permissions-add.js';

const NOTICES = {
  added: 'Permissions added. They are requested, not granted: grant admin consent, or let users consent when they sign in.',
  removed: 'The permission was removed from the list. Consent already granted for it stays in place (see Other permissions granted).',
  granted: 'Admin consent granted for every listed permission.',
  grantedSp: 'Admin consent granted. The app had no service principal (enterprise application) in this tenant: it was created first.',
  revoked: 'Admin consent revoked for that API.',
};

export function registerAppPermissions(app: FastifyInstance, options: PortalOptions): void {
  registerAppPermissionsAdd(app, options);

  portalGet(app, options, '/portal/apps/:id/permissions', async ({ viewer, params, query }) => {
    const registration = await loadApp(options, viewer, params['id']);
    return permissionsPage(options, viewer, registration, noticeFor(query, NOTICES));
  });

  portalPost(app, options, '/portal/apps/:id/permissions/grant', async ({ reply, viewer, params }) => {
    const registration = await loadApp(options, viewer, params['id']);
    let outcome: ConsentOutcome;
    try {
      outcome = await grantAdminConsent(options, viewer, registration);
    } catch (err) {
      return { ...(await permissionsPage(options, viewer, registration, errorNotice(err))), status: 400 };
    }
    if (outcome.refusals.length === 0) return seeOther(reply, appPath(registration, 'permissions'), outcome.createdServicePrincipal ? 'grantedSp' : 'granted');
    const notice = html`<div class="notice error" role="alert"><p>Admin consent was not granted for every API. What the directory refused:</p><ul>${outcome.refusals.map(
      (r) => html`<li><strong>${r.api}</strong>: ${r.error.message} <span class="muted">(<code>${r.error.code}</code>)</span></li>`,
    )}</ul><p>The other APIs' permissions were granted.</p></div>`;
    return { ...(await permissionsPage(options, viewer, registration, notice)), status: outcome.refusals[0].error.status };
  });

  portalPost(app, options, '/portal/apps/:id/permissions/revoke', async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    let revoked: boolean;
    try {
      revoked = await revokeAdminConsent(options, viewer, registration, (form['resource'] ?? '').slice(0, 64));
    } catch (err) {
      return { ...(await permissionsPage(options, viewer, registration, errorNotice(err))), status: 400 };
    }
    return seeOther(reply, appPath(registration, 'permissions'), revoked ? 'revoked' : undefined);
  });

  // Removes one permission from requiredResourceAccess (and the API's entry once it is empty).
  portalPost(app, options, '/portal/apps/:id/permissions/remove', async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const api = form['api'] ?? '';
    const id = form['permission'] ?? '';
    const type = form['type'];
    const requiredResourceAccess = registration.requiredResourceAccess
      .map((r) => (r.resourceAppId === api ? { ...r, resourceAccess: r.resourceAccess.filter((a) => !(a.id === id && a.type === type)) } : r))
      .filter((r) => r.resourceAccess.length > 0 || r.resourceAppId !== api);
    try {
      await updateApplication(options.service, viewer.actor, { id: registration.id }, { requiredResourceAccess });
    } catch (err) {
      return { ...(await permissionsPage(options, viewer, registration, errorNotice(err))), status: 400 };
    }
    return seeOther(reply, appPath(registration, 'permissions'), 'removed');
  });
}

async function permissionsPage(options: PortalOptions, viewer: Viewer, registration: Application, notice: Html): Promise<PortalPage> {
  const { clientSp, groups } = await loadPermissions(options, viewer, registration);
  const tenant = viewer.tenant.displayName;
  const configured = groups.filter((g) => g.rows.length > 0);
  const other = groups.filter((g) => g.otherGranted.length > 0);
  return {
    title: bladeTitle(registration, 'permissions'),
    nav: 'apps',
    main: bladeFrame(
      registration,
      'permissions',
      html`${notice}
<p class="hint">The permissions ${registration.displayName} asks for (its <code>requiredResourceAccess</code>). Delegated permissions act for a signed-in user (the <code>scp</code> claim); application permissions act as the app itself, without a user (the <code>roles</code> claim of a client credentials token), and always need an administrator's consent.</p>
${clientSp ? html`` : html`<div class="notice warn"><p>${registration.displayName} has no service principal (enterprise application) in ${tenant}. Granting admin consent creates it first, as the Azure portal does.</p></div>`}
<div class="actions"><a class="button secondary" href="${appPath(registration, 'permissions')}/add">Add a permission</a>
<form class="inline" method="post" action="${appPath(registration, 'permissions')}/grant">${csrfInput(viewer)}<button type="submit">Grant admin consent for ${tenant}</button></form></div>
<p class="hint">Granting admin consent consents, on behalf of every user of ${tenant}, to every permission listed below. Microsoft Graph's application permissions and its admin-only delegated permissions need a Global Administrator or Privileged Role Administrator.</p>
<h2>Configured permissions</h2>
${configured.length ? configured.map((g, i) => apiTable(registration, viewer, g, i, tenant)) : html`<p class="muted">No permissions configured. Add one: a web app that signs users in usually asks for Microsoft Graph's User.Read.</p>`}
<p class="hint">Removing a permission from this list does not revoke consent already granted for it: Entra leaves the grant in place, and it shows under Other permissions granted until you revoke it.</p>
${other.length ? html`<h2>Other permissions granted for ${tenant}</h2><p class="hint">Granted for every user, but not in the configured list (any more).</p>${other.map((g) => otherTable(registration, viewer, g))}` : html``}`,
    ),
  };
}

function apiTable(registration: Application, viewer: Viewer, group: ApiGroup, index: number, tenant: string): Html {
  const headingId = `api-${index}`;
  return html`<h3 id="${headingId}">${group.name} <span class="muted">(${group.rows.length})</span></h3>
${group.resource ? html`` : html`<p class="notice warn">This API has no service principal in ${tenant}, so no consent can be granted for it here.</p>`}
<div class="table-wrap" role="region" aria-labelledby="${headingId}" tabindex="0"><table aria-labelledby="${headingId}"><thead><tr><th scope="col">Permission</th><th scope="col">Type</th><th scope="col">Description</th><th scope="col">Admin consent required</th><th scope="col">Status</th><th scope="col">Actions</th></tr></thead><tbody>
${group.rows.map((r) => permissionRow(registration, viewer, group, r, tenant))}
</tbody></table></div>
${group.resource && hasConsent(group) ? revokeForm(registration, viewer, group) : html``}`;
}

function permissionRow(registration: Application, viewer: Viewer, group: ApiGroup, row: PermissionRow, tenant: string): Html {
  const label = row.value ?? row.id;
  return html`<tr><td><code>${label}</code>${row.problem ? html`<br><span class="muted">${row.problem}</span>` : html``}</td>
<td>${row.type === 'Scope' ? 'Delegated' : 'Application'}</td>
<td>${row.description ?? '—'}</td>
<td>${row.adminConsentRequired ? 'Yes' : 'No'}</td>
<td>${row.granted ? html`<span class="badge ok">Granted for ${tenant}</span>` : html`<span class="badge">Not granted for ${tenant}</span>`}</td>
<td><form class="inline" method="post" action="${appPath(registration, 'permissions')}/remove">${csrfInput(viewer)}<input type="hidden" name="api" value="${group.resourceAppId}"><input type="hidden" name="permission" value="${row.id}"><input type="hidden" name="type" value="${row.type}"><button class="secondary" type="submit" aria-label="Remove permission ${label} of ${group.name}">Remove</button></form></td></tr>`;
}

function revokeForm(registration: Application, viewer: Viewer, group: ApiGroup): Html {
  return html`<form method="post" action="${appPath(registration, 'permissions')}/revoke">${csrfInput(viewer)}<input type="hidden" name="resource" value="${group.resource?.spId ?? ''}"><div class="actions"><button class="danger" type="submit">Revoke admin consent for ${group.name}</button></div></form>`;
}

function otherTable(registration: Application, viewer: Viewer, group: ApiGroup): Html {
  return html`<h3>${group.name}</h3>
<div class="table-wrap" role="region" aria-label="Other permissions granted" tabindex="0"><table><thead><tr><th scope="col">Permission</th><th scope="col">Type</th></tr></thead><tbody>
${group.otherGranted.map((p) => html`<tr><td><code>${p.value}</code></td><td>${p.type === 'Scope' ? 'Delegated' : 'Application'}</td></tr>`)}
</tbody></table></div>
${group.resource && group.rows.length === 0 ? revokeForm(registration, viewer, group) : html``}`;
}
