// Authentication: the platforms and their redirect URIs (Web, single-page application, mobile and
// desktop), the front-channel logout URL, implicit grant and hybrid flows, and "Allow public
// client flows" — with the decision simulator beside them. The simulator reads the form as it is
// (saved or not) and shows what the token endpoint would answer; with scripts on it updates as the
// person types (a POST of the form to /simulate, answered with the verdict's HTML), without them
// the "Simulate" button does the same with a whole page.

import type { FastifyInstance } from 'fastify';
import type { Application } from '../../../../core/model.js';
import { updateApplication } from '../../../../directory/applications.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, errorNotice, noticeFor, portalGet, portalPost, seeOther, sendFragment, type PortalOptions, type Viewer } from '../../portal-kit.js';
import { GRANT_KINDS } from '../../../../core/policy/client-type.js';
import { appPath, bladeFrame, bladeTitle, loadApp } from './app-blade.js';
import { draftFromForm, GRANT_LABELS, renderSimulation, requestFromForm, urisFromText } from './simulator.js';
import { SIMULATOR_SCRIPT } from './simulator-script.js';

/** The form's fields for a stored registration (what the page starts from). */
function formOf(app: Application): Record<string, string> {
  return {
    web: app.web.redirectUris.join('\n'),
    spa: app.spa.redirectUris.join('\n'),
    publicClient: app.publicClient.redirectUris.join('\n'),
    logoutUrl: app.web.logoutUrl ?? '',
    implicitAccess: app.web.implicitGrantSettings.enableAccessTokenIssuance ? 'yes' : '',
    implicitId: app.web.implicitGrantSettings.enableIdTokenIssuance ? 'yes' : '',
    allowPublicClient: app.isFallbackPublicClient ? 'yes' : 'no',
    sim_grant: 'password',
    sim_credential: 'none',
  };
}

export function registerAppAuthentication(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/apps/:id/authentication', async ({ viewer, params, query }) => {
    const registration = await loadApp(options, viewer, params['id']);
    return page(registration, viewer, formOf(registration), noticeFor(query, { saved: 'Saved. The token endpoint decides with these settings from now on.' }));
  });

  portalPost(app, options, '/portal/apps/:id/authentication', async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const logoutUrl = (form['logoutUrl'] ?? '').trim();
    try {
      await updateApplication(options.service, viewer.actor, { id: registration.id }, {
        web: {
          redirectUris: urisFromText(form['web']),
          logoutUrl: logoutUrl === '' ? null : logoutUrl,
          implicitGrantSettings: { enableAccessTokenIssuance: form['implicitAccess'] === 'yes', enableIdTokenIssuance: form['implicitId'] === 'yes' },
        },
        spa: { redirectUris: urisFromText(form['spa']) },
        publicClient: { redirectUris: urisFromText(form['publicClient']) },
        isFallbackPublicClient: form['allowPublicClient'] === 'yes',
      });
      return seeOther(reply, appPath(registration, 'authentication'), 'saved');
    } catch (err) {
      return { ...page(registration, viewer, form, errorNotice(err)), status: 400 };
    }
  });

  // The simulator: a fragment for the page's script, or the whole page (no script).
  portalPost(app, options, '/portal/apps/:id/simulate', async ({ req, reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    if (req.headers['x-portal-fragment'] === '1') {
      return sendFragment(reply, 'simulation', renderSimulation(draftFromForm(registration, form), requestFromForm(form)));
    }
    return page(registration, viewer, form);
  });
}

function checked(on: boolean): Html {
  return on ? html` checked` : html``;
}

function page(registration: Application, viewer: Viewer, form: Record<string, string>, notice: Html = html``) {
  const draft = draftFromForm(registration, form);
  const request = requestFromForm(form);
  const registered = [...registration.web.redirectUris, ...registration.spa.redirectUris, ...registration.publicClient.redirectUris];
  const platform = (name: 'web' | 'spa' | 'publicClient', legend: string, hint: string, extra: Html = html``) =>
    html`<fieldset><legend>${legend}</legend><p class="hint" id="${name}-hint">${hint}</p>
<label for="${name}">Redirect URIs (one per line)</label>
<textarea id="${name}" name="${name}" rows="3" aria-describedby="${name}-hint" spellcheck="false">${form[name] ?? ''}</textarea>${extra}</fieldset>`;
  return {
    title: bladeTitle(registration, 'authentication'),
    nav: 'apps' as const,
    script: SIMULATOR_SCRIPT,
    main: bladeFrame(
      registration,
      'authentication',
      html`${notice}
<form method="post" action="${appPath(registration, 'authentication')}" id="auth-form" data-simulate="/portal/apps/${registration.id}/simulate">${csrfInput(viewer)}
<div class="grid">
<div>
<h2>Platform configurations</h2>
${platform('web', 'Web', 'A confidential client: redeeming a code for these URIs needs a client secret or certificate.', html`
<label for="logoutUrl">Front-channel logout URL</label>
<input type="url" id="logoutUrl" name="logoutUrl" value="${form['logoutUrl'] ?? ''}">
<p class="hint">Implicit grant and hybrid flows: tokens the authorization endpoint issues directly.</p>
<label class="inline"><input type="checkbox" name="implicitAccess" value="yes"${checked(form['implicitAccess'] === 'yes')}> Access tokens (used for implicit flows)</label>
<label class="inline"><input type="checkbox" name="implicitId" value="yes"${checked(form['implicitId'] === 'yes')}> ID tokens (used for implicit and hybrid flows)</label>`)}
${platform('spa', 'Single-page application', 'A public client redeeming codes from the browser (cross-origin, with PKCE); no secret.')}
${platform('publicClient', 'Mobile and desktop applications', 'A public client (native apps, CLIs): no secret; custom schemes such as msal<client id>://auth allowed.')}
<fieldset><legend>Advanced settings: Allow public client flows</legend>
<p class="hint" id="public-hint">Decides the client type of the flows that send no redirect URI: resource owner password (ROPC), device code, Windows integrated auth, SAML bearer.</p>
<label class="inline"><input type="radio" name="allowPublicClient" value="yes" aria-describedby="public-hint"${checked(form['allowPublicClient'] === 'yes')}> Yes</label>
<label class="inline"><input type="radio" name="allowPublicClient" value="no"${checked(form['allowPublicClient'] !== 'yes')}> No</label>
</fieldset>
<div class="actions"><button type="submit">Save</button><a href="${appPath(registration, 'authentication')}">Discard changes</a></div>
</div>
<div>
<h2 id="simulator-heading">Decision simulator</h2>
<p class="hint">What the token endpoint would answer, with the settings as this form shows them — before you save. Computed by the same decision the token endpoint runs.</p>
<fieldset aria-labelledby="simulator-heading"><legend>The request</legend>
<label for="sim_grant">Grant</label>
<select id="sim_grant" name="sim_grant">${GRANT_KINDS.map((g) => html`<option value="${g}"${g === request.grant ? html` selected` : html``}>${GRANT_LABELS[g]}</option>`)}</select>
<label for="sim_redirect">redirect_uri sent</label>
<input type="text" id="sim_redirect" name="sim_redirect" list="registered-uris" value="${request.redirectUri ?? ''}" placeholder="none" aria-describedby="sim_redirect-hint" spellcheck="false">
<p class="hint" id="sim_redirect-hint">Empty: none. Pick a registered URI or type any other.</p>
<datalist id="registered-uris">${registered.map((u) => html`<option value="${u}"></option>`)}</datalist>
<p class="hint">Client credential sent</p>
${(['none', 'secret', 'assertion'] as const).map((c) => html`<label class="inline"><input type="radio" name="sim_credential" value="${c}"${checked(request.credential === c)}> ${c === 'none' ? 'None' : c === 'secret' ? 'client_secret' : 'client_assertion (certificate)'}</label>`)}
<label class="inline"><input type="checkbox" name="sim_origin" value="yes"${checked(request.origin !== null)}> Sent from a browser page (an Origin header)</label>
<label class="inline"><input type="checkbox" name="sim_pkce" value="no"${checked(request.codeHasPkce === false)}> Authorization code requested without PKCE</label>
<div class="actions"><button class="secondary" type="submit" formaction="/portal/apps/${registration.id}/simulate">Simulate</button></div>
</fieldset>
<div id="simulation" aria-live="polite" data-state="fresh">${renderSimulation(draft, request)}</div>
</div>
</div>
</form>`,
    ),
  };
}
