// The pages of the interactive sign-in at /authorize: sign in, pick an account, consent, "need
// admin approval", the response_mode=form_post hand-off, and signed out. Pure renderers (no I/O):
// each returns a PageResult for sendPage(), in the look of kit.ts.
//
// Every value from the request or the directory (app names, UPNs, the opaque `ctx`, form_post
// fields, the redirect URI) is escaped. Forms post back to this origin (PAGE_CSP's form-action
// 'self') with the CSRF field, the opaque `ctx` the route uses to find the sign-in in progress, and
// a `step` naming the form. Only the form_post page runs a script, allowed by formPostCsp().

import type { IdpError } from '../../core/errors/idp-error.js';
import { csrfField, errorBox, escapeHtml, hiddenField, layout, pageCsp, type PageResult } from './kit.js';

const FOOTER = 'Check the address bar before you enter your password.';

export interface PermissionView {
  /** The scope value, e.g. `User.Read`. */
  value: string;
  /** What a user is told it allows, e.g. "Sign you in and read your profile". */
  description: string;
  /** The resource's display name, e.g. "Microsoft Graph". */
  resourceName: string;
}

/** What every form on these pages carries besides its own fields. */
function formStart(action: string, csrf: string, ctx: string, step: string): string {
  return `<form method="post" action="${escapeHtml(action)}">
${csrfField(csrf)}
${hiddenField('ctx', ctx)}
${hiddenField('step', step)}`;
}

function permissionList(permissions: PermissionView[]): string {
  const items = permissions
    .map((p) => `<li>${escapeHtml(p.description)} <span class="muted">(<code>${escapeHtml(p.value)}</code> · ${escapeHtml(p.resourceName)})</span></li>`)
    .join('\n');
  return `<ul class="perms">\n${items}\n</ul>`;
}

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
  const invalid = v.error ? ' aria-invalid="true" aria-describedby="form-error"' : '';
  // Focus where the person types next: the user name, or the password when the name is known.
  const focusName = v.username ? '' : ' autofocus';
  const focusPassword = v.username ? ' autofocus' : '';
  const tenant = v.tenantName ? `\n<p class="muted">Organization: <span class="app">${escapeHtml(v.tenantName)}</span></p>` : '';
  const body = `<h1>Sign in</h1>
<p class="lead">to continue to <span class="app">${escapeHtml(v.appName)}</span></p>${tenant}
${errorBox(v.error)}
${formStart(v.action, v.csrf, v.ctx, 'signin')}
<label for="username">Email or user name</label>
<input type="text" inputmode="email" id="username" name="username" required autocomplete="username" autocapitalize="none" spellcheck="false" value="${escapeHtml(v.username ?? '')}"${focusName}${invalid}>
<label for="password">Password</label>
<input type="password" id="password" name="password" required autocomplete="current-password"${focusPassword}${invalid}>
<div class="actions"><button class="primary" type="submit" name="action" value="signin">Sign in</button></div>
</form>`;
  return { status: v.error ? 400 : 200, html: layout('Sign in to your account', v.host, body, FOOTER) };
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
  const items = v.accounts
    .map(
      (a) => `<li><button class="account" type="submit" name="account" value="${escapeHtml(a.upn)}"><span class="name">${escapeHtml(a.displayName)}</span>
<span class="upn">${escapeHtml(a.upn)}</span></button></li>`,
    )
    .join('\n');
  const body = `<h1>Pick an account</h1>
<p class="lead">to continue to <span class="app">${escapeHtml(v.appName)}</span></p>
${formStart(v.action, v.csrf, v.ctx, 'pick')}
<ul class="accounts">
${items}${items ? '\n' : ''}<li><button class="secondary" type="submit" name="account" value="">Use another account</button></li>
</ul>
</form>`;
  return { status: 200, html: layout('Pick an account', v.host, body, FOOTER) };
}

// ───────────────────────── Consent ─────────────────────────

/** What `appName` asks for; the signed-in user accepts (grants consent for themself) or cancels. */
export function consentPage(v: {
  host: string;
  csrf: string;
  action: string;
  ctx: string;
  appName: string;
  appId: string;
  publisherDomain: string;
  username: string;
  permissions: PermissionView[];
  error?: IdpError;
}): PageResult {
  const asks = v.permissions.length
    ? `<p>This app would like to:</p>\n${permissionList(v.permissions)}`
    : '<p>This app would like to sign you in.</p>';
  const body = `<p class="muted">Signed in as <span class="app">${escapeHtml(v.username)}</span></p>
<h1>Permissions requested</h1>
<p><span class="app">${escapeHtml(v.appName)}</span> <span class="muted">/ ${escapeHtml(v.publisherDomain)}</span> <span class="badge">unverified</span></p>
<p class="muted">The publisher of this app has not been verified. Application ID <code>${escapeHtml(v.appId)}</code></p>
${asks}
<p class="muted">Accepting these permissions means that you allow this app to use your data as specified in its terms of service and privacy statement. Only accept if you trust this app.</p>
${errorBox(v.error)}
${formStart(v.action, v.csrf, v.ctx, 'consent')}
<div class="actions">
<button class="primary" type="submit" name="action" value="accept">Accept</button>
<button class="secondary" type="submit" name="action" value="cancel">Cancel</button>
</div>
</form>`;
  return { status: v.error ? 400 : 200, html: layout('Permissions requested', v.host, body, FOOTER) };
}

// ───────────────────────── Need admin approval (AADSTS90094) ─────────────────────────

/**
 * The app asks for permissions a user may not consent to for themself (admin-only scopes, or user
 * consent turned off): what is missing and how an administrator grants it. No form.
 * `appId`, when given, fills the seed-file example.
 */
export function adminConsentRequiredPage(v: { host: string; appName: string; permissions: PermissionView[]; appId?: string }): PageResult {
  const app = `<span class="app">${escapeHtml(v.appName)}</span>`;
  const byResource = new Map<string, string[]>();
  for (const p of v.permissions) byResource.set(p.resourceName, [...(byResource.get(p.resourceName) ?? []), p.value]);
  const client = v.appId ?? `<appId of ${v.appName}>`;
  const grants = byResource.size
    ? [...byResource].map(([resourceName, values]) => grantYaml(client, `<appId or URI of ${resourceName}>`, values.join(' ')))
    : [grantYaml(client, '<appId or URI of the resource>', '<permission values>')];
  const body = `<h1>Need admin approval</h1>
<p>${app} needs permission to access resources in your organization that only an admin can grant. Ask an admin to grant permission to this app before you can use it.</p>
${v.permissions.length ? `<p>It asks for:</p>\n${permissionList(v.permissions)}` : ''}
<h2>How an administrator grants them</h2>
<p>In the Microsoft Entra admin center: <strong>Enterprise applications</strong> → ${app} → <strong>Permissions</strong> → <strong>Grant admin consent</strong>.</p>
<p>In Entrada’s seed file, add an <code>oauth2PermissionGrant</code> with <code>consentType: AllPrincipals</code> to the tenant:</p>
<pre><code>oauth2PermissionGrants:
${grants.join('\n')}</code></pre>
<p class="muted">Error code: <code>AADSTS90094</code></p>`;
  return { status: 400, html: layout('Need admin approval', v.host, body) };
}

/** One seed-file oauth2PermissionGrants entry, escaped. */
function grantYaml(client: string, resource: string, scope: string): string {
  return `  - client: ${escapeHtml(client)}
    resource: ${escapeHtml(resource)}
    scope: ${escapeHtml(scope)}
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
  const inputs = Object.entries(v.fields)
    .map(([name, value]) => hiddenField(name, value))
    .join('\n');
  const body = `<h1>Working...</h1>
<p>Returning you to <span class="app">${escapeHtml(target.origin)}</span>.</p>
<form method="post" action="${escapeHtml(v.redirectUri)}">
${inputs}${inputs ? '\n' : ''}<noscript>
<p>Your browser does not run scripts. Select Continue to return to the app.</p>
<div class="actions"><button class="primary" type="submit">Continue</button></div>
</noscript>
</form>
<script>${FORM_POST_SCRIPT}</script>`;
  return { status: 200, html: layout('Working...', '', body) };
}

// ───────────────────────── Signed out ─────────────────────────

/** After /logout. */
export function signedOutPage(v: { host: string; appName?: string }): PageResult {
  const app = v.appName ? `\n<p>You signed out of <span class="app">${escapeHtml(v.appName)}</span>.</p>` : '';
  const body = `<h1>You signed out of your account</h1>${app}
<p>It's a good idea to close all browser windows.</p>`;
  return { status: 200, html: layout('Signed out', v.host, body) };
}
