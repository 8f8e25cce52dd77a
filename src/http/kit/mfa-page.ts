// The second-factor step of the sign-in pages (/authorize and /devicelogin) when MFA is required
// (flows/shared/sign-in-policy.ts). Entrada simulates a push notification to an authenticator
// app: the page itself asks "Approve sign-in request?" with Approve and Deny, so a test can pass
// or fail MFA by pressing a button, without codes or phones [I: Entra's page shows a number to
// match in Microsoft Authenticator]. A user with no method registered first sees Entra's "More
// information required" interrupt, and Approve there stands for registering and approving.

import { formStart, SIGN_IN_FOOTER } from './consent-page.js';
import { html } from './html.js';
import { layout, type PageResult } from './page.js';

export function mfaPage(v: { host: string; csrf: string; action: string; ctx: string; username: string; register: boolean }): PageResult {
  const body = v.register
    ? html`<h1>More information required</h1>
<p class="lead">Your organization needs more information to keep your account secure.</p>
<p class="muted">${v.username}</p>
<p>Entrada simulates an authenticator app: <strong>Set up and approve</strong> registers it for this sign-in and approves it.</p>
${formStart(v.action, v.csrf, v.ctx, 'mfa')}
<div class="actions"><button class="secondary" type="submit" name="action" value="deny">Deny</button><button class="primary" type="submit" name="action" value="approve" autofocus>Set up and approve</button></div>
</form>`
    : html`<h1>Approve sign in request</h1>
<p class="lead">Your organization requires multi-factor authentication for this sign-in.</p>
<p class="muted">${v.username}</p>
<p>Entrada simulates the notification an authenticator app would show: approve or deny it here.</p>
${formStart(v.action, v.csrf, v.ctx, 'mfa')}
<div class="actions"><button class="secondary" type="submit" name="action" value="deny">Deny</button><button class="primary" type="submit" name="action" value="approve" autofocus>Approve</button></div>
</form>`;
  return { status: 200, html: layout(v.register ? 'More information required' : 'Approve sign in request', v.host, body, SIGN_IN_FOOTER) };
}
