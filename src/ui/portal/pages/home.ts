// Home (/): the signed-in tenant at a glance — its authority and discovery URLs, every app
// registration with its client id, platforms, redirect URIs, identifier URI and scopes/roles, the
// users, copy-ready configuration per SDK, and the local CA with trust instructions. Other tenants
// are not listed: as in Entra, an administrator sees only the tenant they signed in to.

import type { FastifyInstance } from 'fastify';
import type { Application } from '../../../core/model.js';
import { listApplications } from '../../../directory/applications.js';
import { roleNames } from '../../../directory/authorize.js';
import { listUsers } from '../../../directory/users.js';
import { html, joinHtml, type Html } from '../../../http/kit/html.js';
import { portalGet, queryValue, tableWrap, type PortalOptions } from '../portal-kit.js';
import { snippetsFor } from '../snippets.js';

export function registerHome(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/', async ({ req, viewer, query }) => {
    const origin = req.requestContext.origin;
    const tenant = viewer.tenant;
    const [apps, users] = await Promise.all([listApplications(options.service, viewer.actor), listUsers(options.service, viewer.actor)]);
    const roles = new Map(await Promise.all(users.map(async (u) => [u.id, await options.service.read.listDirectoryRoles(tenant.id, u.id)] as const)));
    const chosen = apps.find((a) => a.appId === queryValue(query, 'app')) ?? apps[0];
    return {
      title: 'Home',
      nav: 'home',
      main: html`<h1>${tenant.displayName}</h1>
<div class="card"><dl class="facts">
<dt>Tenant id</dt><dd><code>${tenant.id}</code></dd>
<dt>Domains</dt><dd>${tenant.domains.join(', ')}</dd>
<dt>Authority (v2)</dt><dd><code>${origin}/${tenant.id}/v2.0</code></dd>
<dt>Authority (v1)</dt><dd><code>${origin}/${tenant.id}</code></dd>
<dt>OpenID configuration</dt><dd><a href="/${tenant.id}/v2.0/.well-known/openid-configuration">${origin}/${tenant.id}/v2.0/.well-known/openid-configuration</a></dd>
</dl></div>
<p class="muted">Another tenant of this Entrada: <a href="/portal/signin">sign in</a> as one of its administrators.</p>
<h2>App registrations</h2>
${appTable(apps)}
<p><a href="/portal/apps/new">New registration</a></p>
<h2>Users</h2>
${tableWrap('Users', html`<table><thead><tr><th scope="col">User principal name</th><th scope="col">Name</th><th scope="col">Enabled</th><th scope="col">Directory roles</th></tr></thead><tbody>
${users.map((u) => html`<tr><td><a href="/portal/users/${u.id}">${u.userPrincipalName}</a></td><td>${u.displayName}</td><td>${u.accountEnabled ? 'Yes' : 'No'}</td><td>${roleNames(roles.get(u.id) ?? []) || '—'}</td></tr>`)}
</tbody></table>`)}
<h2 id="configure">Configure your app</h2>
${chosen ? snippetSection(chosen, apps, { origin, tenantId: tenant.id, caCertPath: options.caCertPath }) : html`<p>No app registrations yet.</p>`}
<h2 id="trust">Trust the local CA</h2>
${trustSection(options.caCertPath)}`,
    };
  });

  // The CA certificate, for anyone: it is public, and needed before anything else can be trusted.
  app.get('/ca.pem', async (_req, reply) => {
    if (!options.caCertPem) return reply.code(404).type('text/plain; charset=utf-8').send('This Entrada runs without TLS and has no CA certificate.\n');
    return reply
      .type('application/x-pem-file')
      .header('content-disposition', 'attachment; filename="entrada-ca.pem"')
      .header('x-content-type-options', 'nosniff')
      .send(options.caCertPem);
  });
}

function platformsOf(app: Application): Html {
  const rows: Html[] = [];
  if (app.web.redirectUris.length) rows.push(html`<div><span class="badge">Web</span> ${app.web.redirectUris.join(', ')}</div>`);
  if (app.spa.redirectUris.length) rows.push(html`<div><span class="badge">SPA</span> ${app.spa.redirectUris.join(', ')}</div>`);
  if (app.publicClient.redirectUris.length) rows.push(html`<div><span class="badge">Mobile and desktop</span> ${app.publicClient.redirectUris.join(', ')}</div>`);
  if (app.isFallbackPublicClient) rows.push(html`<div><span class="badge">Public client flows allowed</span></div>`);
  return rows.length ? joinHtml(rows) : html`<span class="muted">none</span>`;
}

export function appTable(apps: Application[]): Html {
  if (!apps.length) return html`<p class="muted">No app registrations.</p>`;
  return tableWrap('App registrations', html`<table><thead><tr><th scope="col">Display name</th><th scope="col">Application (client) ID</th><th scope="col">Platforms and redirect URIs</th><th scope="col">Application ID URI</th><th scope="col">Scopes and app roles</th></tr></thead><tbody>
${apps.map(
  (a) => html`<tr><td><a href="/portal/apps/${a.id}">${a.displayName}</a></td><td><code>${a.appId}</code></td><td>${platformsOf(a)}</td><td>${a.identifierUris.join(', ') || '—'}</td><td>${
    [...a.api.oauth2PermissionScopes.map((s) => s.value), ...a.appRoles.map((r) => `${r.value} (role)`)].join(', ') || '—'
  }</td></tr>`,
)}
</tbody></table>`);
}

export function snippetSection(chosen: Application, apps: Application[], input: { origin: string; tenantId: string; caCertPath?: string }): Html {
  const picker =
    apps.length > 1
      ? html`<form method="get" action="/#configure" class="actions"><label class="inline" for="snippet-app">App</label><select id="snippet-app" name="app">${apps.map((a) => html`<option value="${a.appId}"${a.appId === chosen.appId ? html` selected` : html``}>${a.displayName}</option>`)}</select><button class="secondary" type="submit">Show</button></form>`
      : html``;
  return html`${picker}${snippetsFor({ ...input, app: chosen }).map((s) => html`<h3>${s.sdk}</h3><pre><code>${s.code}</code></pre>`)}`;
}

function trustSection(caCertPath: string | undefined): Html {
  const path = caCertPath ?? '<Entrada home>/tls/ca.pem';
  return html`<p><a class="button secondary" href="/ca.pem" download>Download the CA certificate (ca.pem)</a> <span class="muted">On this machine it is <code>${path}</code>.</span></p>
${tableWrap('How to trust the CA', html`<table><thead><tr><th scope="col">Runtime or browser</th><th scope="col">How to trust it</th></tr></thead><tbody>
<tr><td>Node.js (MSAL Node, @azure/identity)</td><td><code>export NODE_EXTRA_CA_CERTS=${path}</code> (read at process start)</td></tr>
<tr><td>Python (MSAL Python, requests)</td><td><code>export REQUESTS_CA_BUNDLE=${path}</code></td></tr>
<tr><td>Java</td><td><code>keytool -importcert -alias entrada -file ${path} -cacerts -storepass changeit -noprompt</code></td></tr>
<tr><td>.NET, curl, the OS (Debian/Ubuntu)</td><td><code>sudo cp ${path} /usr/local/share/ca-certificates/entrada.crt &amp;&amp; sudo update-ca-certificates</code></td></tr>
<tr><td>macOS</td><td><code>sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${path}</code></td></tr>
<tr><td>Windows</td><td><code>certutil -addstore -f Root ${path}</code></td></tr>
<tr><td>Chromium, Firefox (Linux, NSS)</td><td><code>certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n entrada -i ${path}</code></td></tr>
</tbody></table>`)}`;
}
