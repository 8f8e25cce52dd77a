// The consent page, shown by /authorize and by /devicelogin when the app asks for permissions the
// person has not granted yet, and the parts every sign-in page form shares (the /authorize pages in
// authorize/sign-in-pages.ts use them too). Pure renderers in the look of page.ts, written with the
// `html` template, which escapes every value from the request or the directory.

import type { IdpError } from '../../core/errors/idp-error.js';
import { html, joinHtml, type Html } from './html.js';
import { csrfField, errorBox, hiddenField, layout, type PageResult } from './page.js';

export const SIGN_IN_FOOTER = 'Check the address bar before you enter your password.';

export interface PermissionView {
  /** The scope value, e.g. `User.Read`. */
  value: string;
  /** What a user is told it allows, e.g. "Sign you in and read your profile". */
  description: string;
  /** The resource's display name, e.g. "Microsoft Graph". */
  resourceName: string;
}

/** What every form on these pages carries besides its own fields. */
export function formStart(action: string, csrf: string, ctx: string, step: string): Html {
  return html`<form method="post" action="${action}">
${csrfField(csrf)}
${hiddenField('ctx', ctx)}
${hiddenField('step', step)}`;
}

export function permissionList(permissions: PermissionView[]): Html {
  const items = permissions.map(
    (p) => html`<li>${p.description} <span class="muted">(<code>${p.value}</code> · ${p.resourceName})</span></li>`,
  );
  return html`<ul class="perms">\n${joinHtml(items, '\n')}\n</ul>`;
}

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
    ? html`<p>This app would like to:</p>\n${permissionList(v.permissions)}`
    : html`<p>This app would like to sign you in.</p>`;
  const body = html`<p class="muted">Signed in as <span class="app">${v.username}</span></p>
<h1>Permissions requested</h1>
<p><span class="app">${v.appName}</span> <span class="muted">/ ${v.publisherDomain}</span> <span class="badge">unverified</span></p>
<p class="muted">The publisher of this app has not been verified. Application ID <code>${v.appId}</code></p>
${asks}
<p class="muted">Accepting these permissions means that you allow this app to use your data as specified in its terms of service and privacy statement. Only accept if you trust this app.</p>
${errorBox(v.error)}
${formStart(v.action, v.csrf, v.ctx, 'consent')}
<div class="actions">
<button class="primary" type="submit" name="action" value="accept">Accept</button>
<button class="secondary" type="submit" name="action" value="cancel">Cancel</button>
</div>
</form>`;
  return { status: v.error ? 400 : 200, html: layout('Permissions requested', v.host, body, SIGN_IN_FOOTER) };
}
