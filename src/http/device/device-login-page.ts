// The /devicelogin pages: enter the code, sign in (or decline), done. Plain, self-contained,
// accessible HTML in the look of kit/page.ts: inline CSS allowed by hash, no scripts, no external
// resources; every value from the request or the directory is escaped by the `html` template. Each form carries the CSRF
// token that device-login-route.ts also puts in a cookie.

import type { IdpError } from '../../core/errors/idp-error.js';
import type { RequestView } from '../../flows/device/verify.js';
import { html, joinHtml, type Html } from '../kit/html.js';
import { csrfField, errorBox, layout as pageLayout, PAGE_CSP, type PageResult } from '../kit/page.js';

export type { PageResult };

/** Nothing may load or run; the inline style applies; forms post back to this origin only. */
export const DEVICE_LOGIN_CSP = PAGE_CSP;

/** Under every /devicelogin page (the update-password step's too). */
export const FOOTER = 'Only continue if you started this sign-in on a device yourself.';

function layout(title: string, host: string, body: Html): string {
  return pageLayout(title, host, body, FOOTER);
}

/** Step 1: "Enter code". */
export function codePage(input: { host: string; csrf: string; error?: IdpError; typed?: string }): PageResult {
  const invalid = input.error ? html` aria-invalid="true" aria-describedby="form-error code-hint"` : html` aria-describedby="code-hint"`;
  const body = html`<h1>Enter code</h1>
<p>Enter the code displayed on your app or device to allow it to sign in.</p>
${errorBox(input.error)}
<form method="post" action="/devicelogin">
${csrfField(input.csrf)}
<input type="hidden" name="step" value="code">
<label for="otc">Code</label>
<input class="code" type="text" id="otc" name="otc" required autofocus autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" maxlength="32" value="${input.typed ?? ''}"${invalid}>
<p class="muted" id="code-hint">Nine letters and digits, for example <code>CDF3GH7KM</code>.</p>
<div class="actions"><button class="primary" type="submit">Next</button></div>
</form>`;
  return { status: input.error ? 400 : 200, html: layout('Enter code', input.host, body) };
}

/** Step 2: who asks for what, then user name and password — or decline. */
export function signInPage(input: { host: string; csrf: string; view: RequestView; error?: IdpError; username?: string }): PageResult {
  const { view } = input;
  const perms = joinHtml(
    view.permissions.map((p) => html`<li>${p.description} <span class="muted">(<code>${p.value}</code>)</span></li>`),
    '\n',
  );
  const invalid = input.error ? html` aria-describedby="form-error"` : html``;
  const body = html`<h1>Sign in to <span class="app">${view.appName}</span></h1>
<p>You are signing in to <span class="app">${view.appName}</span> on another device, which shows the code <code>${view.userCode}</code>. It asks for these permissions (resource: ${view.resourceName}):</p>
<ul class="perms">
${perms}
</ul>
<p class="muted">Application ID <code>${view.appId}</code></p>
${errorBox(input.error)}
<form method="post" action="/devicelogin">
${csrfField(input.csrf)}
<input type="hidden" name="step" value="signin">
<input type="hidden" name="otc" value="${view.userCode}">
<label for="username">Email or user name</label>
<input type="text" inputmode="email" id="username" name="username" required autocomplete="username" autocapitalize="none" spellcheck="false" value="${input.username ?? ''}"${invalid}>
<label for="password">Password</label>
<input type="password" id="password" name="password" required autocomplete="current-password"${invalid}>
<div class="actions">
<button class="primary" type="submit" name="action" value="approve">Sign in and allow</button>
<button class="secondary" type="submit" name="action" value="decline" formnovalidate>Decline</button>
</div>
</form>`;
  return { status: input.error ? 400 : 200, html: layout(`Sign in to ${view.appName}`, input.host, body) };
}

/** Step 3: signed in, or declined. */
export function donePage(input: { host: string; appName: string; declined: boolean }): PageResult {
  const body = input.declined
    ? html`<h1>Sign-in declined</h1>
<p>You declined to sign in to <span class="app">${input.appName}</span> on your device. The device will not be signed in.</p>
<p>You may now close this window.</p>`
    : html`<h1>You're signed in</h1>
<p>You have signed in to <span class="app">${input.appName}</span> on your device.</p>
<p>You may now close this window.</p>`;
  return { status: 200, html: layout(input.declined ? 'Sign-in declined' : 'Signed in', input.host, body) };
}

/** The form was not posted from a page Entrada served to this browser (CSRF check failed). */
export function forbiddenPage(input: { host: string }): PageResult {
  const body = html`<h1>Start again</h1>
<div class="error" role="alert"><p>This form could not be accepted: it was not sent from this sign-in page in this browser, or your browser does not keep its cookies.</p></div>
<p><a href="/devicelogin">Open the sign-in page again</a> and enter the code shown on your device.</p>`;
  return { status: 403, html: layout('Start again', input.host, body) };
}
