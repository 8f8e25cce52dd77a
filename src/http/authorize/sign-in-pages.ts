// The pages of the interactive sign-in at /authorize: sign in, pick an account, consent, "need
// admin approval", the response_mode=form_post hand-off, and signed out. Pure renderers (no I/O):
// each returns a PageResult for sendPage(), in the look of kit/page.ts.
//
// Every value from the request or the directory (app names, UPNs, the opaque `ctx`, form_post
// fields, the redirect URI) is escaped by the `html` template (kit/html.ts). Forms post back to this origin (PAGE_CSP's form-action
// 'self') with the CSRF field, the opaque `ctx` the route uses to find the sign-in in progress, and
// a `step` naming the form. Only the form_post page runs a script, allowed by formPostCsp().

import type { IdpError } from '../../core/errors/idp-error.js';
import { formStart, permissionList, SIGN_IN_FOOTER, type PermissionView } from '../kit/consent-page.js';
import { html, joinHtml, unsafeRawHtml, type Html } from '../kit/html.js';
import { errorBox, hiddenField, layout, pageCsp, type PageResult } from '../kit/page.js';

// ───────────────────────── Sign in ─────────────────────────

/** User name and password for `appName`; `username` is kept after a failed attempt. */
export function signInPage(v: {
  host: string;
  csrf: string;
  action: string;
  ctx: string;
  appName: string;
  username?: string;
  error?: IdpError;
  tenantName?: string;
}): PageResult {
  const invalid = v.error ? html` aria-invalid="true" aria-describedby="form-error"` : html``;
  // Focus where the person types next: the user name, or the password when the name is known.
  const focusName = v.username ? html`` : html` autofocus`;
  const focusPassword = v.username ? html` autofocus` : html``;
  const tenant = v.tenantName ? html`\n<p class="muted">Organization: <span class="app">${v.tenantName}</span></p>` : html``;
  const body = html`<h1>Sign in</h1>
<p class="lead">to continue to <span class="app">${v.appName}</span></p>${tenant}
${errorBox(v.error)}
${formStart(v.action, v.csrf, v.ctx, 'signin')}
<label for="username">Email or user name</label>
<input type="text" inputmode="email" id="username" name="username" required autocomplete="username" autocapitalize="none" spellcheck="false" value="${v.username ?? ''}"${focusName}${invalid}>
<label for="password">Password</label>
<input type="password" id="password" name="password" required autocomplete="current-password"${focusPassword}${invalid}>
<div class="actions"><button class="primary" type="submit" name="action" value="signin">Sign in</button></div>
</form>`;
  return { status: v.error ? 400 : 200, html: layout('Sign in to your account', v.host, body, SIGN_IN_FOOTER) };
}

// ───────────────────────── Pick an account ─────────────────────────

/** The accounts already signed in in this browser, and "Use another account" (account=""). */
export function accountPickerPage(v: {
  host: string;
  csrf: string;
  action: string;
  ctx: string;
  appName: string;
  accounts: Array<{ upn: string; displayName: string }>;
}): PageResult {
  const items = v.accounts.map(
    (a) => html`<li><button class="account" type="submit" name="account" value="${a.upn}"><span class="name">${a.displayName}</span>
<span class="upn">${a.upn}</span></button></li>\n`,
  );
  const body = html`<h1>Pick an account</h1>
<p class="lead">to continue to <span class="app">${v.appName}</span></p>
${formStart(v.action, v.csrf, v.ctx, 'pick')}
<ul class="accounts">
${items}<li><button class="secondary" type="submit" name="account" value="">Use another account</button></li>
</ul>
</form>`;
  return { status: 200, html: layout('Pick an account', v.host, body, SIGN_IN_FOOTER) };
}

// ───────────────────────── Need admin approval (AADSTS90094) ─────────────────────────

/**
 * The app asks for permissions a user may not consent to for themself (admin-only scopes, or user
 * consent turned off): what is missing and how an administrator grants it. No form.
 * `appId`, when given, fills the seed-file example.
 */
export function adminConsentRequiredPage(v: { host: string; appName: string; permissions: PermissionView[]; appId?: string }): PageResult {
  const app = html`<span class="app">${v.appName}</span>`;
  const byResource = new Map<string, string[]>();
  for (const p of v.permissions) byResource.set(p.resourceName, [...(byResource.get(p.resourceName) ?? []), p.value]);
  const client = v.appId ?? `<appId of ${v.appName}>`;
  const grants = byResource.size
    ? [...byResource].map(([resourceName, values]) => grantYaml(client, `<appId or URI of ${resourceName}>`, values.join(' ')))
    : [grantYaml(client, '<appId or URI of the resource>', '<permission values>')];
  const body = html`<h1>Need admin approval</h1>
<p>${app} needs permission to access resources in your organization that only an admin can grant. Ask an admin to grant permission to this app before you can use it.</p>
${v.permissions.length ? html`<p>It asks for:</p>\n${permissionList(v.permissions)}` : ''}
<h2>How an administrator grants them</h2>
<p>In the Microsoft Entra admin center: <strong>Enterprise applications</strong> → ${app} → <strong>Permissions</strong> → <strong>Grant admin consent</strong>.</p>
<p>In Entrada’s seed file, add an <code>oauth2PermissionGrant</code> with <code>consentType: AllPrincipals</code> to the tenant:</p>
<pre><code>oauth2PermissionGrants:
${joinHtml(grants, '\n')}</code></pre>
<p class="muted">Error code: <code>AADSTS90094</code></p>`;
  return { status: 400, html: layout('Need admin approval', v.host, body) };
}

/** One seed-file oauth2PermissionGrants entry. */
function grantYaml(client: string, resource: string, scope: string): Html {
  return html`  - client: ${client}
    resource: ${resource}
    scope: ${scope}
    consentType: AllPrincipals`;
}

// ───────────────────────── response_mode=form_post ─────────────────────────

/** The one script: post the hidden form to the app as soon as the page has loaded. */
const FORM_POST_SCRIPT = "window.addEventListener('load',function(){document.forms[0].submit()});";

/** The redirect URI as a URL the browser may post to: absolute http or https (else a TypeError). */
function postTarget(redirectUri: string): URL {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    throw new TypeError(`form_post needs an absolute http(s) redirect URI, not ${JSON.stringify(redirectUri)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`form_post needs an absolute http(s) redirect URI, not ${JSON.stringify(redirectUri)}`);
  }
  return url;
}

/** The CSP of formPostPage(redirectUri): its one script, and forms may post only to the redirect URI's origin. */
export function formPostCsp(redirectUri: string): string {
  return pageCsp({ inlineScript: FORM_POST_SCRIPT, formAction: postTarget(redirectUri).origin });
}

/**
 * Entra's response_mode=form_post answer: a form posting `fields` (code, id_token, state, …) to the
 * redirect URI, submitted on load; without scripts, a "Continue" button does it. Send it with
 * `csp: formPostCsp(redirectUri)`.
 */
export function formPostPage(v: { redirectUri: string; fields: Record<string, string> }): PageResult {
  const target = postTarget(v.redirectUri);
  const inputs = Object.entries(v.fields).map(([name, value]) => html`${hiddenField(name, value)}\n`);
  const body = html`<h1>Working...</h1>
<p>Returning you to <span class="app">${target.origin}</span>.</p>
<form method="post" action="${v.redirectUri}">
${inputs}<noscript>
<p>Your browser does not run scripts. Select Continue to return to the app.</p>
<div class="actions"><button class="primary" type="submit">Continue</button></div>
</noscript>
</form>
<script>${unsafeRawHtml(FORM_POST_SCRIPT)}</script>`;
  return { status: 200, html: layout('Working...', '', body) };
}

// ───────────────────────── Signed out ─────────────────────────

/** After /logout. */
export function signedOutPage(v: { host: string; appName?: string }): PageResult {
  const app = v.appName ? html`\n<p>You signed out of <span class="app">${v.appName}</span>.</p>` : html``;
  const body = html`<h1>You signed out of your account</h1>${app}
<p>It's a good idea to close all browser windows.</p>`;
  return { status: 200, html: layout('Signed out', v.host, body) };
}
