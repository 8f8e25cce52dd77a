// The admin consent page: what the app asks for, on behalf of the whole organization, per API,
// delegated and application permissions apart — the page Entra shows an administrator at the
// admin consent endpoint [D: application-consent-experience]. Pure renderer in the look of
// kit/page.ts; every value from the request or the directory is escaped by `html`.

import type { ApiConsentIn } from '../../directory/admin-consent.js';
import { formStart, SIGN_IN_FOOTER } from '../kit/consent-page.js';
import { html, joinHtml } from '../kit/html.js';
import { layout, type PageResult } from '../kit/page.js';

export function adminConsentPage(v: {
  host: string;
  csrf: string;
  action: string;
  ctx: string;
  appName: string;
  appId: string;
  publisherDomain: string;
  username: string;
  tenantName: string;
  plan: readonly ApiConsentIn[];
}): PageResult {
  const apis = v.plan.map((part) => {
    const delegated = part.scopes.map((s) => html`<li>${s.adminConsentDisplayName} <span class="muted">(<code>${s.value}</code> · delegated)</span></li>`);
    const application = part.roles.map((r) => html`<li>${r.displayName} <span class="muted">(<code>${r.value}</code> · application)</span></li>`);
    return html`<h2>${part.api.displayName}</h2>\n<ul class="perms">\n${joinHtml([...delegated, ...application], '\n')}\n</ul>`;
  });
  const asks = v.plan.length ? html`<p>This app would like to:</p>\n${joinHtml(apis, '\n')}` : html`<p>This app would like to sign in users of your organization.</p>`;
  const body = html`<p class="muted">Signed in as <span class="app">${v.username}</span></p>
<h1>Permissions requested</h1>
<p class="lead">Accept for your organization</p>
<p><span class="app">${v.appName}</span> <span class="muted">/ ${v.publisherDomain}</span> <span class="badge">unverified</span></p>
<p class="muted">The publisher of this app has not been verified. Application ID <code>${v.appId}</code></p>
${asks}
<p>If you accept, this app gets access to the specified resources for all users in <span class="app">${v.tenantName}</span>. Nobody else will be prompted to review these permissions.</p>
<p class="muted">Accepting these permissions means that you allow this app to use your organization's data as specified in its terms of service and privacy statement. Only accept if you trust this app.</p>
${formStart(v.action, v.csrf, v.ctx, 'consent')}
<div class="actions">
<button class="primary" type="submit" name="action" value="accept">Accept</button>
<button class="secondary" type="submit" name="action" value="cancel">Cancel</button>
</div>
</form>`;
  return { status: 200, html: layout('Permissions requested', v.host, body, SIGN_IN_FOOTER) };
}
