// Expose an API: the Application ID URI (identifierUris[0]; set with the Azure portal's suggestion
// api://<appId>, edit, remove), the access token version the API wants (api.requestedAccessTokenVersion,
// which the Azure portal shows in the manifest only), and the delegated permissions it defines
// (api.oauth2PermissionScopes): add, edit, enable/disable, delete. Every change is one
// updateApplication; its refusals (an identifier URI in use or off the tenant's verified domains,
// an enabled scope deleted or renamed) are shown above the form.

import type { FastifyInstance } from 'fastify';
import type { Application, PermissionScope } from '../../../../core/model.js';
import { updateApplication } from '../../../../directory/applications.js';
import { notFound } from '../../../../directory/errors.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, errorNotice, noticeFor, portalGet, portalPost, seeOther, type PortalOptions, type PortalPage, type Viewer } from '../../portal-kit.js';
import { appPath, bladeFrame, bladeTitle, loadApp } from './app-blade.js';
import { ENTITLEMENT_LIMITS, readText, readValue, replaceById, rowActions, stateBadge, stateField } from './entitlement-form.js';

const NOTICES = {
  uri: 'The Application ID URI was saved.',
  uriRemoved: 'The Application ID URI was removed.',
  version: 'The access token version was saved.',
  added: 'The scope was added.',
  saved: 'The scope was saved.',
  state: 'The scope state was changed.',
  deleted: 'The scope was deleted.',
};

export function registerAppExposeApi(app: FastifyInstance, options: PortalOptions): void {
  const base = '/portal/apps/:id/expose';
  const change = async (viewer: Viewer, registration: Application, body: Record<string, unknown>) => updateApplication(options.service, viewer.actor, { id: registration.id }, body);

  portalGet(app, options, base, async ({ viewer, params, query }) => exposePage(viewer, await loadApp(options, viewer, params['id']), noticeFor(query, NOTICES)));

  portalPost(app, options, `${base}/uri`, async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    try {
      const others = registration.identifierUris.slice(1);
      if (form['action'] === 'remove') await change(viewer, registration, { identifierUris: others });
      else await change(viewer, registration, { identifierUris: [readText(form, 'identifierUri', 'Application ID URI', ENTITLEMENT_LIMITS.identifierUri, true), ...others] });
    } catch (err) {
      return { ...exposePage(viewer, registration, errorNotice(err)), status: 400 };
    }
    return seeOther(reply, appPath(registration, 'expose'), form['action'] === 'remove' ? 'uriRemoved' : 'uri');
  });

  portalPost(app, options, `${base}/version`, async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const version = form['version'] === '2' ? 2 : form['version'] === '1' ? 1 : null;
    try {
      await change(viewer, registration, { api: { requestedAccessTokenVersion: version } });
    } catch (err) {
      return { ...exposePage(viewer, registration, errorNotice(err)), status: 400 };
    }
    return seeOther(reply, appPath(registration, 'expose'), 'version');
  });

  portalGet(app, options, `${base}/scopes/new`, async ({ viewer, params }) => {
    const registration = await loadApp(options, viewer, params['id']);
    return scopeFormPage(viewer, registration, undefined, { type: 'User', state: 'enabled', identifierUri: `api://${registration.appId}` });
  });

  portalPost(app, options, `${base}/scopes/new`, async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    try {
      const scope = scopeFromForm(form, options.service.newId());
      // As the Azure portal's "Add a scope" asks for the Application ID URI first when there is none.
      const uris = registration.identifierUris.length ? {} : { identifierUris: [readText(form, 'identifierUri', 'Application ID URI', ENTITLEMENT_LIMITS.identifierUri, true)] };
      await change(viewer, registration, { ...uris, api: { oauth2PermissionScopes: [...registration.api.oauth2PermissionScopes, scope] } });
    } catch (err) {
      return { ...scopeFormPage(viewer, registration, undefined, form, errorNotice(err)), status: 400 };
    }
    return seeOther(reply, appPath(registration, 'expose'), 'added');
  });

  portalGet(app, options, `${base}/scopes/:scopeId`, async ({ viewer, params }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const scope = mustFindScope(registration, params['scopeId']);
    return scopeFormPage(viewer, registration, scope, formOf(scope));
  });

  portalPost(app, options, `${base}/scopes/:scopeId`, async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const stored = mustFindScope(registration, params['scopeId']);
    try {
      const scopes = replaceById(registration.api.oauth2PermissionScopes, stored.id, scopeFromForm(form, stored.id));
      await change(viewer, registration, { api: { oauth2PermissionScopes: scopes } });
    } catch (err) {
      return { ...scopeFormPage(viewer, registration, stored, form, errorNotice(err)), status: 400 };
    }
    return seeOther(reply, appPath(registration, 'expose'), 'saved');
  });

  portalPost(app, options, `${base}/scopes/:scopeId/state`, async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const stored = mustFindScope(registration, params['scopeId']);
    try {
      const scopes = replaceById(registration.api.oauth2PermissionScopes, stored.id, { ...stored, isEnabled: form['state'] === 'enabled' });
      await change(viewer, registration, { api: { oauth2PermissionScopes: scopes } });
    } catch (err) {
      return { ...exposePage(viewer, registration, errorNotice(err)), status: 400 };
    }
    return seeOther(reply, appPath(registration, 'expose'), 'state');
  });

  // An enabled scope is refused by the directory (CannotDeleteOrUpdateEnabledEntitlement): disable it first.
  portalPost(app, options, `${base}/scopes/:scopeId/delete`, async ({ reply, viewer, params }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const stored = mustFindScope(registration, params['scopeId']);
    try {
      await change(viewer, registration, { api: { oauth2PermissionScopes: replaceById(registration.api.oauth2PermissionScopes, stored.id, null) } });
    } catch (err) {
      return { ...exposePage(viewer, registration, errorNotice(err)), status: 400 };
    }
    return seeOther(reply, appPath(registration, 'expose'), 'deleted');
  });
}

function mustFindScope(registration: Application, id: string | undefined): PermissionScope {
  const scope = registration.api.oauth2PermissionScopes.find((s) => s.id === (id ?? '').toLowerCase());
  if (!scope) throw notFound(id ?? '');
  return scope;
}

function formOf(scope: PermissionScope): Record<string, string> {
  return {
    value: scope.value,
    type: scope.type,
    adminConsentDisplayName: scope.adminConsentDisplayName,
    adminConsentDescription: scope.adminConsentDescription,
    userConsentDisplayName: scope.userConsentDisplayName ?? '',
    userConsentDescription: scope.userConsentDescription ?? '',
    state: scope.isEnabled ? 'enabled' : 'disabled',
  };
}

/** The scope the form describes, in Graph's permissionScope shape. */
function scopeFromForm(form: Record<string, string>, id: string): PermissionScope {
  const { displayName, description } = ENTITLEMENT_LIMITS;
  const userName = readText(form, 'userConsentDisplayName', 'User consent display name', displayName, false);
  const userDescription = readText(form, 'userConsentDescription', 'User consent description', description, false);
  return {
    id,
    value: readValue(form, 'value', 'Scope name'),
    type: form['type'] === 'Admin' ? 'Admin' : 'User',
    adminConsentDisplayName: readText(form, 'adminConsentDisplayName', 'Admin consent display name', displayName, true),
    adminConsentDescription: readText(form, 'adminConsentDescription', 'Admin consent description', description, true),
    userConsentDisplayName: userName === '' ? null : userName,
    userConsentDescription: userDescription === '' ? null : userDescription,
    isEnabled: form['state'] !== 'disabled',
  };
}

const VERSIONS: Array<[string, string]> = [
  ['', 'Not set (null): v1.0 access tokens'],
  ['1', '1: v1.0 access tokens'],
  ['2', '2: v2.0 access tokens'],
];

function exposePage(viewer: Viewer, registration: Application, notice: Html): PortalPage {
  const uri = registration.identifierUris[0];
  const path = appPath(registration, 'expose');
  const version = registration.api.requestedAccessTokenVersion === null ? '' : String(registration.api.requestedAccessTokenVersion);
  const scopes = registration.api.oauth2PermissionScopes;
  return {
    title: bladeTitle(registration, 'expose'),
    nav: 'apps',
    main: bladeFrame(
      registration,
      'expose',
      html`${notice}
<h2>Application ID URI</h2>
<form method="post" action="${path}/uri" class="card">${csrfInput(viewer)}
<label for="identifierUri">Application ID URI</label>
<p class="hint" id="identifierUri-hint">${uri ? html`The prefix of the API's scopes (<code>${uri}/&lt;scope&gt;</code>) and the <code>aud</code> of its v1.0 access tokens.` : html`Not set. The suggestion is the Azure portal's default, <code>api://&lt;application (client) id&gt;</code>; an https URI must be on a verified domain of the tenant.`}</p>
<input type="text" id="identifierUri" name="identifierUri" required maxlength="${ENTITLEMENT_LIMITS.identifierUri}" spellcheck="false" aria-describedby="identifierUri-hint" value="${uri ?? `api://${registration.appId}`}">
${registration.identifierUris.length > 1 ? html`<p class="hint">Other identifier URIs, kept as they are: ${registration.identifierUris.slice(1).join(', ')}.</p>` : html``}
<div class="actions"><button type="submit" name="action" value="save">${uri ? 'Save' : 'Add'}</button>${uri ? html`<button class="danger" type="submit" name="action" value="remove" formnovalidate>Remove</button>` : html``}</div>
</form>
<h2>Access token version</h2>
<form method="post" action="${path}/version" class="card">${csrfInput(viewer)}
<label for="version">requestedAccessTokenVersion</label>
<p class="hint" id="version-hint">Which access tokens Entra issues for this API, whatever endpoint the client used. The Azure portal shows it only in the manifest. An API that validates v2.0 tokens (issuer <code>…/v2.0</code>, <code>aud</code> = its client id) needs 2.</p>
<select id="version" name="version" aria-describedby="version-hint">${VERSIONS.map(([v, label]) => html`<option value="${v}"${v === version ? html` selected` : html``}>${label}</option>`)}</select>
<div class="actions"><button class="secondary" type="submit">Save token version</button></div>
</form>
<h2 id="scopes-heading">Scopes defined by this API</h2>
<p class="hint">Delegated permissions a client requests for a signed-in user (the <code>scp</code> claim). A scope must be disabled before it can be deleted or renamed: Entra refuses to change an enabled one so that tokens already issued with it are not orphaned.</p>
<div class="actions"><a class="button secondary" href="${path}/scopes/new">Add a scope</a></div>
${scopes.length ? scopeTable(viewer, registration, scopes) : html`<p class="muted">No scopes yet.</p>`}`,
    ),
  };
}

function scopeTable(viewer: Viewer, registration: Application, scopes: PermissionScope[]): Html {
  const prefix = registration.identifierUris[0];
  return html`<div class="table-wrap" role="region" aria-label="Scopes defined by this API" tabindex="0"><table aria-labelledby="scopes-heading"><thead><tr><th scope="col">Scope</th><th scope="col">Who can consent</th><th scope="col">Admin consent display name and description</th><th scope="col">User consent display name and description</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead><tbody>
${scopes.map(
  (s) => html`<tr><td><code>${prefix ? `${prefix}/${s.value}` : s.value}</code></td><td>${s.type === 'Admin' ? 'Admins only' : 'Admins and users'}</td>
<td>${s.adminConsentDisplayName}<br><span class="muted">${s.adminConsentDescription}</span></td>
<td>${s.userConsentDisplayName ?? '—'}${s.userConsentDescription ? html`<br><span class="muted">${s.userConsentDescription}</span>` : html``}</td>
<td>${stateBadge(s.isEnabled)}</td><td>${rowActions(viewer, `${appPath(registration, 'expose')}/scopes/${s.id}`, `scope ${s.value}`, s.isEnabled)}</td></tr>`,
)}
</tbody></table></div>`;
}

function scopeFormPage(viewer: Viewer, registration: Application, stored: PermissionScope | undefined, form: Record<string, string>, notice: Html = html``): PortalPage {
  const path = appPath(registration, 'expose');
  const action = stored ? `${path}/scopes/${stored.id}` : `${path}/scopes/new`;
  const { displayName, description, value, identifierUri } = ENTITLEMENT_LIMITS;
  const text = (name: string, label: string, max: number, required: boolean, hint?: string) =>
    html`<label for="${name}">${label}${required ? html`` : html` <span class="muted">(optional)</span>`}</label>${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : html``}
<input type="text" id="${name}" name="${name}" maxlength="${max}"${required ? html` required` : html``}${hint ? html` aria-describedby="${name}-hint"` : html``} value="${form[name] ?? ''}">`;
  const area = (name: string, label: string, required: boolean) =>
    html`<label for="${name}">${label}${required ? html`` : html` <span class="muted">(optional)</span>`}</label><textarea id="${name}" name="${name}" rows="2" maxlength="${description}"${required ? html` required` : html``}>${form[name] ?? ''}</textarea>`;
  return {
    title: `${stored ? 'Edit a scope' : 'Add a scope'} · ${bladeTitle(registration, 'expose')}`,
    nav: 'apps',
    status: 200,
    main: bladeFrame(
      registration,
      'expose',
      html`<p class="crumbs"><a href="${path}">Expose an API</a> › ${stored ? `Edit ${stored.value}` : 'Add a scope'}</p>
<h2>${stored ? 'Edit a scope' : 'Add a scope'}</h2>
${notice}
<form method="post" action="${action}" class="card">${csrfInput(viewer)}
${registration.identifierUris.length ? html`<p class="hint">Scope prefix: <code>${registration.identifierUris[0]}/</code></p>` : text('identifierUri', 'Application ID URI', identifierUri, true, 'The API has no Application ID URI yet; scopes are requested as <URI>/<scope>. The suggestion is api://<application (client) id>.')}
${text('value', 'Scope name', value, true, stored?.isEnabled ? 'The value in the scp claim. An enabled scope keeps its name: disable it first to rename it.' : 'The value in the scp claim, e.g. access_as_user; no spaces.')}
<fieldset><legend>Who can consent?</legend>
<label class="inline" for="type-user"><input type="radio" id="type-user" name="type" value="User"${form['type'] !== 'Admin' ? html` checked` : html``}> Admins and users</label>
<label class="inline" for="type-admin"><input type="radio" id="type-admin" name="type" value="Admin"${form['type'] === 'Admin' ? html` checked` : html``}> Admins only</label>
</fieldset>
${text('adminConsentDisplayName', 'Admin consent display name', displayName, true)}
${area('adminConsentDescription', 'Admin consent description', true)}
${text('userConsentDisplayName', 'User consent display name', displayName, false)}
${area('userConsentDescription', 'User consent description', false)}
${stateField(form['state'] !== 'disabled', 'State')}
<div class="actions"><button type="submit">${stored ? 'Save' : 'Add scope'}</button><a href="${path}">Cancel</a></div>
</form>`,
    ),
  };
}
