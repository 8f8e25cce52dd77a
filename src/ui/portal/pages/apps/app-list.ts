// App registrations: the list (search by name or client id) and "New registration", which asks
// what the Azure portal asks — the name, the supported account types and an optional first
// redirect URI with its platform — and, as the Azure portal does, creates the app's service
// principal in this tenant too (two directory operations, each audited).

import type { FastifyInstance } from 'fastify';
import type { Platform, SignInAudience } from '../../../../core/model.js';
import { createApplication, listApplications } from '../../../../directory/applications.js';
import { createServicePrincipal } from '../../../../directory/service-principals.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { appTable } from '../home.js';
import { csrfInput, errorNotice, noticeFor, portalGet, portalPost, queryValue, seeOther, type PortalOptions, type Viewer } from '../../portal-kit.js';
import { appPath } from './app-blade.js';

export const AUDIENCES: Array<[SignInAudience, string]> = [
  ['AzureADMyOrg', 'Accounts in this organizational directory only (single tenant)'],
  ['AzureADMultipleOrgs', 'Accounts in any organizational directory (multitenant)'],
  ['AzureADandPersonalMicrosoftAccount', 'Accounts in any organizational directory and personal Microsoft accounts'],
  ['PersonalMicrosoftAccount', 'Personal Microsoft accounts only'],
];

export const PLATFORMS: Array<[Platform, string]> = [
  ['web', 'Web'],
  ['spa', 'Single-page application'],
  ['publicClient', 'Public client/native (mobile & desktop)'],
];

export function registerAppList(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/apps', async ({ viewer, query }) => {
    const search = (queryValue(query, 'search') ?? '').trim().slice(0, 200);
    const apps = await listApplications(options.service, viewer.actor);
    const needle = search.toLowerCase();
    const shown = needle ? apps.filter((a) => a.displayName.toLowerCase().includes(needle) || a.appId.includes(needle)) : apps;
    return {
      title: 'App registrations',
      nav: 'apps',
      main: html`<h1>App registrations</h1>
${noticeFor(query, { deleted: 'The app registration was deleted.' })}
<div class="actions"><a class="button" href="/portal/apps/new">New registration</a></div>
<form method="get" action="/portal/apps" role="search"><label for="search">Search by display name or application (client) ID</label>
<div class="actions"><input type="search" id="search" name="search" value="${search}"><button class="secondary" type="submit">Search</button></div></form>
<p class="muted">${shown.length} of ${apps.length} app registrations</p>
${appTable(shown)}`,
    };
  });

  portalGet(app, options, '/portal/apps/new', async ({ viewer }) => newPage(viewer, {}));

  portalPost(app, options, '/portal/apps/new', async ({ reply, viewer, form }) => {
    const displayName = (form['displayName'] ?? '').trim();
    const audience = AUDIENCES.find(([a]) => a === form['signInAudience'])?.[0] ?? 'AzureADMyOrg';
    const platform = PLATFORMS.find(([p]) => p === form['platform'])?.[0];
    const uri = (form['redirectUri'] ?? '').trim();
    const body: Record<string, unknown> = { displayName, signInAudience: audience };
    if (uri && platform) body[platform] = { redirectUris: [uri] };
    try {
      const created = await createApplication(options.service, viewer.actor, body);
      await createServicePrincipal(options.service, viewer.actor, { appId: created.appId });
      return seeOther(reply, appPath(created), 'registered');
    } catch (err) {
      return newPage(viewer, form, errorNotice(err));
    }
  });
}

function newPage(viewer: Viewer, form: Record<string, string>, error?: Html) {
  const audience = form['signInAudience'] ?? 'AzureADMyOrg';
  const platform = form['platform'] ?? 'web';
  return {
    title: 'Register an application',
    nav: 'apps' as const,
    status: error ? 400 : 200,
    main: html`<p class="crumbs"><a href="/portal/apps">App registrations</a> › New registration</p>
<h1>Register an application</h1>
${error ?? html``}
<form method="post" action="/portal/apps/new" class="card">${csrfInput(viewer)}
<label for="displayName">Name</label>
<p class="hint" id="displayName-hint">The user-facing display name for this application (it can be changed later).</p>
<input type="text" id="displayName" name="displayName" required maxlength="256" aria-describedby="displayName-hint" value="${form['displayName'] ?? ''}">
<fieldset><legend>Supported account types</legend>
${AUDIENCES.map(([value, label]) => html`<label class="inline"><input type="radio" name="signInAudience" value="${value}"${value === audience ? html` checked` : html``}> ${label}</label>`)}
</fieldset>
<fieldset><legend>Redirect URI (optional)</legend>
<p class="hint">The platform decides the client type: Web is a confidential client (it must send a secret or certificate), single-page application and mobile &amp; desktop are public clients.</p>
<label for="platform">Platform</label>
<select id="platform" name="platform">${PLATFORMS.map(([value, label]) => html`<option value="${value}"${value === platform ? html` selected` : html``}>${label}</option>`)}</select>
<label for="redirectUri">Redirect URI</label>
<input type="url" id="redirectUri" name="redirectUri" placeholder="e.g. https://localhost:3000/auth/callback" value="${form['redirectUri'] ?? ''}">
</fieldset>
<div class="actions"><button type="submit">Register</button><a href="/portal/apps">Cancel</a></div>
</form>`,
  };
}
