// An app registration's Overview: its ids, the endpoints it uses, its supported account types,
// copy-ready configuration per SDK, and deleting the registration.

import type { FastifyInstance } from 'fastify';
import { deleteApplication } from '../../../../directory/applications.js';
import { html } from '../../../../http/kit/html.js';
import { csrfInput, noticeFor, portalGet, portalPost, seeOther, type PortalOptions } from '../../portal-kit.js';
import { snippetsFor } from '../../snippets.js';
import { AUDIENCES } from './app-list.js';
import { bladeFrame, bladeTitle, loadApp } from './app-blade.js';

export function registerAppOverview(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/apps/:id', async ({ req, viewer, params, query }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const origin = req.requestContext.origin;
    const t = viewer.tenant.id;
    const sp = await options.service.read.findServicePrincipalByAppId(t, registration.appId);
    const endpoints: Array<[string, string]> = [
      ['OAuth 2.0 authorization endpoint (v2)', `${origin}/${t}/oauth2/v2.0/authorize`],
      ['OAuth 2.0 token endpoint (v2)', `${origin}/${t}/oauth2/v2.0/token`],
      ['OAuth 2.0 authorization endpoint (v1)', `${origin}/${t}/oauth2/authorize`],
      ['OAuth 2.0 token endpoint (v1)', `${origin}/${t}/oauth2/token`],
      ['Device authorization endpoint', `${origin}/${t}/oauth2/v2.0/devicecode`],
      ['OpenID Connect metadata document', `${origin}/${t}/v2.0/.well-known/openid-configuration`],
      ['Microsoft Graph API endpoint', `${origin}/v1.0`],
    ];
    return {
      title: bladeTitle(registration, 'overview'),
      nav: 'apps',
      main: bladeFrame(
        registration,
        'overview',
        html`${noticeFor(query, { registered: 'The application was registered, with its service principal in this tenant.' })}
<div class="card"><dl class="facts">
<dt>Display name</dt><dd>${registration.displayName}</dd>
<dt>Application (client) ID</dt><dd><code>${registration.appId}</code></dd>
<dt>Object ID</dt><dd><code>${registration.id}</code></dd>
<dt>Directory (tenant) ID</dt><dd><code>${t}</code></dd>
<dt>Supported account types</dt><dd>${AUDIENCES.find(([a]) => a === registration.signInAudience)?.[1] ?? registration.signInAudience}</dd>
<dt>Redirect URIs</dt><dd>${registration.web.redirectUris.length} web, ${registration.spa.redirectUris.length} spa, ${registration.publicClient.redirectUris.length} public client</dd>
<dt>Application ID URI</dt><dd>${registration.identifierUris[0] ?? '—'}</dd>
<dt>Managed application in local directory</dt><dd>${sp ? html`<a href="/portal/enterprise-apps/${sp.id}">${sp.displayName}</a>` : 'none (no service principal in this tenant)'}</dd>
</dl></div>
<h2>Endpoints</h2>
<div class="card"><dl class="facts">${endpoints.map(([label, url]) => html`<dt>${label}</dt><dd><code>${url}</code></dd>`)}</dl></div>
<h2>Configure your app</h2>
${snippetsFor({ origin, tenantId: t, app: registration, caCertPath: options.caCertPath }).map((s) => html`<h3>${s.sdk}</h3><pre><code>${s.code}</code></pre>`)}
<h2>Delete</h2>
<form method="post" action="/portal/apps/${registration.id}/delete" class="card">${csrfInput(viewer)}
<p>Deleting the registration removes its service principal in this tenant too. Tokens already issued stay valid until they expire.</p>
<label class="inline"><input type="checkbox" name="confirm" value="yes" required> I understand; delete ${registration.displayName}</label>
<div class="actions"><button class="danger" type="submit">Delete</button></div></form>`,
      ),
    };
  });

  portalPost(app, options, '/portal/apps/:id/delete', async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    if (form['confirm'] !== 'yes') return seeOther(reply, `/portal/apps/${registration.id}`);
    await deleteApplication(options.service, viewer.actor, { id: registration.id });
    return seeOther(reply, '/portal/apps', 'deleted');
  });
}
