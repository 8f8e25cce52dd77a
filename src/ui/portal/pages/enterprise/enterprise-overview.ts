// An enterprise application's Overview (its ids, type and publisher, with a link to its app
// registration when it is this tenant's) and Properties: "Enabled for users to sign in?"
// (accountEnabled) and "Assignment required?" (appRoleAssignmentRequired), changed through
// updateServicePrincipal. Microsoft's own service principals are refused by the directory, in
// its words.

import type { FastifyInstance } from 'fastify';
import type { ServicePrincipalView } from '../../../../directory/service-principals.js';
import { updateServicePrincipal } from '../../../../directory/service-principals.js';
import { ENTRADA_PORTAL_APP_ID } from '../../../../directory/portal-registration.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, errorNotice, noticeFor, portalGet, portalPost, seeOther, type PortalOptions, type Viewer } from '../../portal-kit.js';
import { checked } from '../object-frame.js';
import { enterpriseFrame, enterpriseKind, enterprisePath, enterpriseTitle, KIND_LABELS, loadServicePrincipal } from './enterprise-blade.js';

export function registerEnterpriseOverview(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/enterprise-apps/:id', async ({ viewer, params }) => {
    const view = await loadServicePrincipal(options, viewer, params['id']);
    const { sp, app: registration } = view;
    const kind = enterpriseKind(view, viewer.tenant.id);
    return {
      title: enterpriseTitle(view, 'overview'),
      nav: 'enterprise',
      main: enterpriseFrame(
        view,
        'overview',
        html`<div class="card"><dl class="facts">
<dt>Name</dt><dd>${sp.displayName}</dd>
<dt>Application (client) ID</dt><dd><code>${sp.appId}</code></dd>
<dt>Object ID</dt><dd><code>${sp.id}</code></dd>
<dt>Type</dt><dd>${sp.servicePrincipalType === 'ManagedIdentity' ? 'Managed identity' : 'Application'}</dd>
<dt>Publisher</dt><dd>${KIND_LABELS[kind]}</dd>
<dt>Enabled for users to sign in?</dt><dd>${sp.accountEnabled ? 'Yes' : 'No'}</dd>
<dt>Assignment required?</dt><dd>${sp.appRoleAssignmentRequired ? 'Yes' : 'No'}</dd>
${sp.alternativeNames.length ? html`<dt>Alternative names</dt><dd>${sp.alternativeNames.join(', ')}</dd>` : html``}
<dt>App registration</dt><dd>${
          registration && kind === 'tenant'
            ? html`<a href="/portal/apps/${registration.id}">${registration.displayName}</a>`
            : html`<span class="muted">${kind === 'managedIdentity' ? 'none: a managed identity has no app registration' : 'registered in another tenant, not editable here'}</span>`
        }</dd>
</dl></div>`,
      ),
    };
  });

  portalGet(app, options, '/portal/enterprise-apps/:id/properties', async ({ viewer, params, query }) => {
    const view = await loadServicePrincipal(options, viewer, params['id']);
    return propertiesPage(view, viewer, { accountEnabled: view.sp.accountEnabled, assignmentRequired: view.sp.appRoleAssignmentRequired }, noticeFor(query, { saved: 'Saved. Sign-ins follow these settings from now on.' }));
  });

  portalPost(app, options, '/portal/enterprise-apps/:id/properties', async ({ reply, viewer, params, form }) => {
    const view = await loadServicePrincipal(options, viewer, params['id']);
    const wanted = { accountEnabled: form['accountEnabled'] === 'yes', assignmentRequired: form['assignmentRequired'] === 'yes' };
    try {
      await updateServicePrincipal(options.service, viewer.actor, { id: view.sp.id }, { accountEnabled: wanted.accountEnabled, appRoleAssignmentRequired: wanted.assignmentRequired });
      return seeOther(reply, enterprisePath(view.sp.id, 'properties'), 'saved');
    } catch (err) {
      return { ...propertiesPage(view, viewer, wanted, errorNotice(err)), status: 400 };
    }
  });
}

function yesNo(name: string, legend: string, hint: string, on: boolean): Html {
  return html`<fieldset><legend>${legend}</legend><p class="hint" id="${name}-hint">${hint}</p>
<label class="inline"><input type="radio" name="${name}" value="yes" aria-describedby="${name}-hint"${checked(on)}> Yes</label>
<label class="inline"><input type="radio" name="${name}" value="no"${checked(!on)}> No</label></fieldset>`;
}

function propertiesPage(view: ServicePrincipalView, viewer: Viewer, values: { accountEnabled: boolean; assignmentRequired: boolean }, notice: Html) {
  const portalWarning =
    view.sp.appId === ENTRADA_PORTAL_APP_ID
      ? html`<div class="notice warn"><p>This is the admin portal you are using. It is built in: its properties cannot be changed (disabling it or requiring assignment would lock every administrator out).</p></div>`
      : html``;
  return {
    title: enterpriseTitle(view, 'properties'),
    nav: 'enterprise' as const,
    main: enterpriseFrame(
      view,
      'properties',
      html`${notice}${portalWarning}
<form method="post" action="${enterprisePath(view.sp.id, 'properties')}" class="card">${csrfInput(viewer)}
${yesNo('accountEnabled', 'Enabled for users to sign in?', 'No: nobody can sign in to the app or get tokens for it (AADSTS7000112), users and the app itself alike.', values.accountEnabled)}
${yesNo('assignmentRequired', 'Assignment required?', 'Yes: only users and groups assigned on "Users and groups" can sign in to the app; others are refused with AADSTS50105.', values.assignmentRequired)}
<div class="actions"><button type="submit">Save</button><a href="${enterprisePath(view.sp.id, 'properties')}">Discard changes</a></div>
</form>`,
    ),
  };
}
