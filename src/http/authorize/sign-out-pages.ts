// The page /logout shows when the request does not prove which account to sign out of (issue 9,
// finding 9): Entra asks "Pick an account" rather than ending sessions on any cross-site GET.
// Each account is a button of one CSRF-protected form posting back to the same endpoint, with the
// request's parameters carried in hidden fields so the redirect rules apply unchanged.

import { html, joinHtml } from '../kit/html.js';
import { csrfField, hiddenField, layout, type PageResult } from '../kit/page.js';

/** Parameters of the sign-out request carried through the page. */
const CARRIED_SIGN_OUT_PARAMS = ['post_logout_redirect_uri', 'state', 'client_id', 'id_token_hint'] as const;

export function signOutPickerPage(v: {
  host: string;
  csrf: string;
  action: string;
  carried: Record<string, string>;
  /** `value` identifies the session(s) to end: `{tenantId}/{userId}`. */
  accounts: Array<{ value: string; upn: string; displayName: string }>;
}): PageResult {
  const hidden = CARRIED_SIGN_OUT_PARAMS.filter((k) => v.carried[k] !== undefined).map((k) => html`${hiddenField(k, v.carried[k])}\n`);
  const items = joinHtml(
    v.accounts.map(
      (a) => html`<li><button class="account" type="submit" name="account" value="${a.value}"><span class="name">${a.displayName}</span>
<span class="upn">${a.upn}</span></button></li>`,
    ),
    '\n',
  );
  const body = html`<h1>Pick an account</h1>
<p class="lead">Which account do you want to sign out of?</p>
<form method="post" action="${v.action}">
${csrfField(v.csrf)}
${hidden}<ul class="accounts">
${items}
</ul>
</form>`;
  return { status: 200, html: layout('Sign out', v.host, body) };
}
