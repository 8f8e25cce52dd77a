// Enterprise applications: the tenant's service principals, searchable by name, application id
// or object id, and filtered by application type as the Azure portal's list is.

import type { FastifyInstance } from 'fastify';
import { listServicePrincipals } from '../../../../directory/service-principals.js';
import { html } from '../../../../http/kit/html.js';
import { portalGet, queryValue, type PortalOptions } from '../../portal-kit.js';
import { selected } from '../object-frame.js';
import { enterpriseKind, enterprisePath, KIND_LABELS, type EnterpriseKind } from './enterprise-blade.js';

const TYPES: Array<[string, string]> = [
  ['all', 'All applications'],
  ['tenant', 'This tenant’s applications'],
  ['otherTenant', 'Other organizations’ applications'],
  ['microsoft', 'Microsoft applications'],
  ['managedIdentity', 'Managed identities'],
];

export function registerEnterpriseList(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/enterprise-apps', async ({ viewer, query }) => {
    const search = (queryValue(query, 'search') ?? '').trim().slice(0, 200);
    const type = TYPES.find(([t]) => t === queryValue(query, 'type'))?.[0] ?? 'all';
    const all = await listServicePrincipals(options.service, viewer.actor);
    const needle = search.toLowerCase();
    const rows = all
      .map((view) => ({ view, kind: enterpriseKind(view, viewer.tenant.id) }))
      .filter(({ view, kind }) => (type === 'all' || kind === (type as EnterpriseKind)) && (!needle || view.sp.displayName.toLowerCase().includes(needle) || view.sp.appId.includes(needle) || view.sp.id.includes(needle)))
      .sort((a, b) => a.view.sp.displayName.localeCompare(b.view.sp.displayName));
    return {
      title: 'Enterprise applications',
      nav: 'enterprise',
      main: html`<h1>Enterprise applications</h1>
<p class="hint">The service principals of ${viewer.tenant.displayName}: each app's identity in this tenant, where sign-in is allowed, who is assigned and what was consented. Registering an app (App registrations) creates its service principal here.</p>
<form method="get" action="/portal/enterprise-apps" role="search" class="card">
<label for="search">Search by name, application (client) ID or object ID</label>
<input type="search" id="search" name="search" maxlength="200" value="${search}">
<label for="type">Application type</label>
<select id="type" name="type">${TYPES.map(([value, label]) => html`<option value="${value}"${selected(value === type)}>${label}</option>`)}</select>
<div class="actions"><button class="secondary" type="submit">Apply</button></div></form>
<p class="muted" role="status">${rows.length} of ${all.length} enterprise applications</p>
<div class="table-wrap" role="region" aria-label="Enterprise applications" tabindex="0"><table><thead><tr><th scope="col">Name</th><th scope="col">Application (client) ID</th><th scope="col">Object ID</th><th scope="col">Type</th><th scope="col">Publisher</th><th scope="col">Enabled for sign-in</th><th scope="col">Assignment required</th></tr></thead><tbody>
${rows.map(
  ({ view, kind }) =>
    html`<tr><td><a href="${enterprisePath(view.sp.id)}">${view.sp.displayName}</a></td><td><code>${view.sp.appId}</code></td><td><code>${view.sp.id}</code></td><td>${view.sp.servicePrincipalType === 'ManagedIdentity' ? 'Managed identity' : 'Application'}</td><td>${KIND_LABELS[kind]}</td><td>${view.sp.accountEnabled ? 'Yes' : 'No'}</td><td>${view.sp.appRoleAssignmentRequired ? 'Yes' : 'No'}</td></tr>`,
)}
</tbody></table></div>`,
    };
  });
}
