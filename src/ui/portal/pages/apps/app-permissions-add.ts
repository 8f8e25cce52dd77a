// "Request API permissions", as the Azure portal asks it: first the API (Microsoft Graph, or an
// API of this tenant — a service principal whose application exposes delegated permissions or app
// roles), then its delegated and application permissions by checkbox. Adding writes the app's
// requiredResourceAccess (updateApplication); it grants nothing.

import type { FastifyInstance } from 'fastify';
import type { Application, RequiredResourceAccess } from '../../../../core/model.js';
import { updateApplication } from '../../../../directory/applications.js';
import { MICROSOFT_GRAPH_APP_ID } from '../../../../seed/graph.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, errorNotice, portalGet, portalPost, queryValue, seeOther, type PortalOptions, type PortalPage, type Viewer } from '../../portal-kit.js';
import { appPath, bladeFrame, bladeTitle, loadApp } from './app-blade.js';
import type { ResourceApi } from './api-permissions-model.js';
import { requestableApis, tenantApis } from './api-permissions-data.js';

export function registerAppPermissionsAdd(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/apps/:id/permissions/add', async ({ viewer, params, query }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const apis = requestableApis(await tenantApis(options, viewer));
    const chosen = apis.find((a) => a.appId === queryValue(query, 'api'));
    return chosen ? permissionPicker(registration, viewer, chosen) : apiPicker(registration, apis);
  });

  portalPost(app, options, '/portal/apps/:id/permissions/add', async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const apis = requestableApis(await tenantApis(options, viewer));
    const chosen = apis.find((a) => a.appId === form['api']);
    if (!chosen) return apiPicker(registration, apis);
    const picked = pickedPermissions(chosen, form);
    if (picked.length === 0) return { ...permissionPicker(registration, viewer, chosen, warning('Select at least one permission to add.')), status: 400 };
    try {
      await updateApplication(options.service, viewer.actor, { id: registration.id }, { requiredResourceAccess: withPermissions(registration.requiredResourceAccess, chosen.appId, picked) });
    } catch (err) {
      return { ...permissionPicker(registration, viewer, chosen, errorNotice(err)), status: 400 };
    }
    return seeOther(reply, appPath(registration, 'permissions'), 'added');
  });
}

type Picked = RequiredResourceAccess['resourceAccess'];

/** The checked boxes that name an enabled permission of the API (anything else in the form is ignored). */
function pickedPermissions(api: ResourceApi, form: Record<string, string>): Picked {
  const scopes = (api.app?.api.oauth2PermissionScopes ?? []).filter((s) => s.isEnabled && form[`scope.${s.id}`] === 'yes');
  const roles = (api.app?.appRoles ?? []).filter((r) => r.isEnabled && r.allowedMemberTypes.includes('Application') && form[`role.${r.id}`] === 'yes');
  return [...scopes.map((s) => ({ id: s.id, type: 'Scope' as const })), ...roles.map((r) => ({ id: r.id, type: 'Role' as const }))];
}

/** requiredResourceAccess with `picked` added to the API's entry (created when absent), without duplicates. */
export function withPermissions(current: readonly RequiredResourceAccess[], resourceAppId: string, picked: Picked): RequiredResourceAccess[] {
  const has = current.some((r) => r.resourceAppId === resourceAppId);
  const base = has ? current.map((r) => ({ ...r, resourceAccess: [...r.resourceAccess] })) : [...current, { resourceAppId, resourceAccess: [] }];
  for (const entry of base) {
    if (entry.resourceAppId !== resourceAppId) continue;
    for (const p of picked) if (!entry.resourceAccess.some((a) => a.id === p.id && a.type === p.type)) entry.resourceAccess.push(p);
  }
  return base;
}

function warning(text: string): Html {
  return html`<div class="notice error" role="alert"><p>${text}</p></div>`;
}

function frame(registration: Application, body: Html, status = 200): PortalPage {
  return {
    title: `Request API permissions · ${bladeTitle(registration, 'permissions')}`,
    nav: 'apps',
    status,
    main: bladeFrame(registration, 'permissions', html`<p class="crumbs"><a href="${appPath(registration, 'permissions')}">API permissions</a> › Request API permissions</p>${body}`),
  };
}

function apiPicker(registration: Application, apis: ResourceApi[]): PortalPage {
  const link = (a: ResourceApi) =>
    html`<li><a href="${appPath(registration, 'permissions')}/add?api=${a.appId}">${a.displayName}</a> <span class="muted">${a.app?.identifierUris[0] ?? a.appId} · ${String(a.app?.api.oauth2PermissionScopes.length ?? 0)} delegated, ${String(a.app?.appRoles.length ?? 0)} application permissions</span></li>`;
  const microsoft = apis.filter((a) => a.appId === MICROSOFT_GRAPH_APP_ID);
  const mine = apis.filter((a) => a.appId !== MICROSOFT_GRAPH_APP_ID);
  return frame(
    registration,
    html`<h2>Request API permissions: select an API</h2>
<h3>Microsoft APIs</h3>
${microsoft.length ? html`<ul>${microsoft.map(link)}</ul>` : html`<p class="muted">None.</p>`}
<h3>APIs my organization uses</h3>
<p class="hint">APIs with a service principal in this tenant that expose delegated permissions (Expose an API) or app roles.</p>
${mine.length ? html`<ul>${mine.map(link)}</ul>` : html`<p class="muted">None yet: expose an API on an app registration first.</p>`}`,
  );
}

function permissionPicker(registration: Application, viewer: Viewer, api: ResourceApi, notice: Html = html``): PortalPage {
  const configured = registration.requiredResourceAccess.find((r) => r.resourceAppId === api.appId)?.resourceAccess ?? [];
  const isConfigured = (id: string, type: 'Scope' | 'Role') => configured.some((a) => a.id === id && a.type === type);
  const scopes = (api.app?.api.oauth2PermissionScopes ?? []).filter((s) => s.isEnabled);
  const roles = (api.app?.appRoles ?? []).filter((r) => r.isEnabled && r.allowedMemberTypes.includes('Application'));
  const box = (name: string, already: boolean, value: string, label: string, admin: boolean) =>
    html`<label class="inline" for="${name}"><input type="checkbox" id="${name}" name="${name}" value="yes"${already ? html` checked disabled` : html``}> <span><code>${value}</code> — ${label}${admin ? html` <span class="badge">Admin consent required</span>` : html``}${already ? html` <span class="muted">(already added)</span>` : html``}</span></label>`;
  return frame(
    registration,
    html`<h2>Request API permissions: ${api.displayName}</h2>
${notice}
<p class="hint">${api.app?.identifierUris[0] ?? api.appId}</p>
<form method="post" action="${appPath(registration, 'permissions')}/add">${csrfInput(viewer)}<input type="hidden" name="api" value="${api.appId}">
<fieldset><legend>Delegated permissions</legend><p class="hint">Your application accesses the API as the signed-in user.</p>
${scopes.length ? scopes.map((s) => box(`scope.${s.id}`, isConfigured(s.id, 'Scope'), s.value, s.adminConsentDisplayName, s.type === 'Admin')) : html`<p class="muted">This API exposes no delegated permissions.</p>`}
</fieldset>
<fieldset><legend>Application permissions</legend><p class="hint">Your application runs as a background service or daemon without a signed-in user. Always needs admin consent.</p>
${roles.length ? roles.map((r) => box(`role.${r.id}`, isConfigured(r.id, 'Role'), r.value, r.displayName, false)) : html`<p class="muted">This API exposes no application permissions.</p>`}
</fieldset>
<div class="actions"><button type="submit">Add permissions</button><a href="${appPath(registration, 'permissions')}">Cancel</a></div>
</form>`,
  );
}
