// App roles: the roles the app defines (appRoles), given to users and groups (the `roles` claim of
// their tokens for this app) or to applications (application permissions, the `roles` claim of a
// client credentials token). Create, edit, enable/disable, delete — each one updateApplication, whose
// refusals (an enabled role deleted or given another value) are shown above the form.

import type { FastifyInstance } from 'fastify';
import type { AppRole, Application } from '../../../../core/model.js';
import { updateApplication } from '../../../../directory/applications.js';
import { notFound } from '../../../../directory/errors.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, errorNotice, noticeFor, portalGet, portalPost, seeOther, type PortalOptions, type PortalPage, type Viewer } from '../../portal-kit.js';
import { appPath, bladeFrame, bladeTitle, loadApp } from './app-blade.js';
import { ENTITLEMENT_LIMITS, readText, readValue, replaceById, rowActions, stateBadge, stateField } from './entitlement-form.js';

const NOTICES = {
  added: 'The app role was created.',
  saved: 'The app role was saved.',
  state: 'The app role state was changed.',
  deleted: 'The app role was deleted.',
};

/** The Azure portal's "Allowed member types" choices and the allowedMemberTypes each stands for. */
const MEMBER_TYPES: Array<[string, string, AppRole['allowedMemberTypes']]> = [
  ['users', 'Users/Groups', ['User']],
  ['applications', 'Applications', ['Application']],
  ['both', 'Both (Users/Groups + Applications)', ['User', 'Application']],
];

function memberChoice(types: AppRole['allowedMemberTypes']): string {
  return types.includes('User') ? (types.includes('Application') ? 'both' : 'users') : 'applications';
}

export function registerAppRoles(app: FastifyInstance, options: PortalOptions): void {
  const base = '/portal/apps/:id/roles';
  const saveRoles = (viewer: Viewer, registration: Application, appRoles: AppRole[]) => updateApplication(options.service, viewer.actor, { id: registration.id }, { appRoles });

  portalGet(app, options, base, async ({ viewer, params, query }) => rolesPage(viewer, await loadApp(options, viewer, params['id']), noticeFor(query, NOTICES)));

  portalGet(app, options, `${base}/new`, async ({ viewer, params }) => roleFormPage(viewer, await loadApp(options, viewer, params['id']), undefined, { members: 'users', state: 'enabled' }));

  portalPost(app, options, `${base}/new`, async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    try {
      await saveRoles(viewer, registration, [...registration.appRoles, roleFromForm(form, options.service.newId())]);
    } catch (err) {
      return { ...roleFormPage(viewer, registration, undefined, form, errorNotice(err)), status: 400 };
    }
    return seeOther(reply, appPath(registration, 'roles'), 'added');
  });

  portalGet(app, options, `${base}/:roleId`, async ({ viewer, params }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const role = mustFindRole(registration, params['roleId']);
    return roleFormPage(viewer, registration, role, formOf(role));
  });

  portalPost(app, options, `${base}/:roleId`, async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const stored = mustFindRole(registration, params['roleId']);
    try {
      await saveRoles(viewer, registration, replaceById(registration.appRoles, stored.id, roleFromForm(form, stored.id)));
    } catch (err) {
      return { ...roleFormPage(viewer, registration, stored, form, errorNotice(err)), status: 400 };
    }
    return seeOther(reply, appPath(registration, 'roles'), 'saved');
  });

  portalPost(app, options, `${base}/:roleId/state`, async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const stored = mustFindRole(registration, params['roleId']);
    try {
      await saveRoles(viewer, registration, replaceById(registration.appRoles, stored.id, { ...stored, isEnabled: form['state'] === 'enabled' }));
    } catch (err) {
      return { ...rolesPage(viewer, registration, errorNotice(err)), status: 400 };
    }
    return seeOther(reply, appPath(registration, 'roles'), 'state');
  });

  // An enabled role is refused by the directory (CannotDeleteOrUpdateEnabledEntitlement): disable it first.
  portalPost(app, options, `${base}/:roleId/delete`, async ({ reply, viewer, params }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const stored = mustFindRole(registration, params['roleId']);
    try {
      await saveRoles(viewer, registration, replaceById(registration.appRoles, stored.id, null));
    } catch (err) {
      return { ...rolesPage(viewer, registration, errorNotice(err)), status: 400 };
    }
    return seeOther(reply, appPath(registration, 'roles'), 'deleted');
  });
}

function mustFindRole(registration: Application, id: string | undefined): AppRole {
  const role = registration.appRoles.find((r) => r.id === (id ?? '').toLowerCase());
  if (!role) throw notFound(id ?? '');
  return role;
}

function formOf(role: AppRole): Record<string, string> {
  return { displayName: role.displayName, value: role.value, description: role.description, members: memberChoice(role.allowedMemberTypes), state: role.isEnabled ? 'enabled' : 'disabled' };
}

/** The role the form describes, in Graph's appRole shape. */
function roleFromForm(form: Record<string, string>, id: string): AppRole {
  return {
    id,
    displayName: readText(form, 'displayName', 'Display name', ENTITLEMENT_LIMITS.displayName, true),
    value: readValue(form, 'value', 'Value'),
    description: readText(form, 'description', 'Description', ENTITLEMENT_LIMITS.description, true),
    allowedMemberTypes: [...(MEMBER_TYPES.find(([key]) => key === form['members'])?.[2] ?? ['User'])],
    isEnabled: form['state'] !== 'disabled',
  };
}

function rolesPage(viewer: Viewer, registration: Application, notice: Html): PortalPage {
  const path = appPath(registration, 'roles');
  const roles = registration.appRoles;
  return {
    title: bladeTitle(registration, 'roles'),
    nav: 'apps',
    main: bladeFrame(
      registration,
      'roles',
      html`${notice}
<p class="hint">Roles given to users and groups appear in the <code>roles</code> claim of their tokens for this app; roles for applications are application permissions other apps request (API permissions) and receive after admin consent, in the <code>roles</code> claim of a client credentials token. A role must be disabled before it can be deleted or its value changed.</p>
<div class="actions"><a class="button secondary" href="${path}/new">Create app role</a></div>
<h2 id="roles-heading">App roles</h2>
${roles.length ? roleTable(viewer, path, roles) : html`<p class="muted">No app roles yet.</p>`}`,
    ),
  };
}

function roleTable(viewer: Viewer, path: string, roles: AppRole[]): Html {
  return html`<div class="table-wrap" role="region" aria-label="App roles" tabindex="0"><table aria-labelledby="roles-heading"><thead><tr><th scope="col">Display name</th><th scope="col">Value</th><th scope="col">Description</th><th scope="col">Allowed member types</th><th scope="col">ID</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead><tbody>
${roles.map(
  (r) => html`<tr><td>${r.displayName}</td><td><code>${r.value}</code></td><td>${r.description}</td><td>${MEMBER_TYPES.find(([key]) => key === memberChoice(r.allowedMemberTypes))?.[1] ?? ''}</td><td><code>${r.id}</code></td><td>${stateBadge(r.isEnabled)}</td>
<td>${rowActions(viewer, `${path}/${r.id}`, `app role ${r.value}`, r.isEnabled)}</td></tr>`,
)}
</tbody></table></div>`;
}

function roleFormPage(viewer: Viewer, registration: Application, stored: AppRole | undefined, form: Record<string, string>, notice: Html = html``): PortalPage {
  const path = appPath(registration, 'roles');
  const { displayName, value, description } = ENTITLEMENT_LIMITS;
  const members = MEMBER_TYPES.some(([key]) => key === form['members']) ? form['members'] : 'users';
  return {
    title: `${stored ? 'Edit app role' : 'Create app role'} · ${bladeTitle(registration, 'roles')}`,
    nav: 'apps',
    main: bladeFrame(
      registration,
      'roles',
      html`<p class="crumbs"><a href="${path}">App roles</a> › ${stored ? `Edit ${stored.value}` : 'Create app role'}</p>
<h2>${stored ? 'Edit app role' : 'Create app role'}</h2>
${notice}
<form method="post" action="${stored ? `${path}/${stored.id}` : `${path}/new`}" class="card">${csrfInput(viewer)}
<label for="displayName">Display name</label>
<input type="text" id="displayName" name="displayName" required maxlength="${displayName}" value="${form['displayName'] ?? ''}">
<fieldset><legend>Allowed member types</legend>
${MEMBER_TYPES.map(([key, label]) => html`<label class="inline" for="members-${key}"><input type="radio" id="members-${key}" name="members" value="${key}"${key === members ? html` checked` : html``}> ${label}</label>`)}
</fieldset>
<label for="value">Value</label>
<p class="hint" id="value-hint">${stored?.isEnabled ? 'The value in the roles claim. An enabled role keeps its value: disable it first to change it.' : 'The value in the roles claim, e.g. Data.Read; no spaces.'}</p>
<input type="text" id="value" name="value" required maxlength="${value}" spellcheck="false" aria-describedby="value-hint" value="${form['value'] ?? ''}">
<label for="description">Description</label>
<textarea id="description" name="description" rows="2" required maxlength="${description}">${form['description'] ?? ''}</textarea>
${stateField(form['state'] !== 'disabled', 'Do you want to enable this app role?')}
<div class="actions"><button type="submit">${stored ? 'Save' : 'Apply'}</button><a href="${path}">Cancel</a></div>
</form>`,
    ),
  };
}
