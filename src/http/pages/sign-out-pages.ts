// The page /logout shows when the request does not prove which account to sign out of (issue 9,
// finding 9): Entra asks "Pick an account" rather than ending sessions on any cross-site GET.
// Each account is a button of one CSRF-protected form posting back to the same endpoint, with the
// request's parameters carried in hidden fields so the redirect rules apply unchanged.

import { csrfField, escapeHtml, hiddenField, layout, type PageResult } from './kit.js';

/** Parameters of the sign-out request carried through the page. */
export const CARRIED_SIGN_OUT_PARAMS = ['post_logout_redirect_uri', 'state', 'client_id', 'id_token_hint'] as const;

export function signOutPickerPage(v: {
  host: string;
  csrf: string;
  action: string;
  carried: Record<string, string>;
  /** `value` identifies the session(s) to end: `{tenantId}/{userId}`. */
  accounts: Array<{ value: string; upn: string; displayName: string }>;
}): PageResult {
  const hidden = CARRIED_SIGN_OUT_PARAMS.filter((k) => v.carried[k] !== undefined)
    .map((k) => hiddenField(k, v.carried[k]))
    .join('\n');
  const items = v.accounts
    .map(
      (a) => `<li><button class="account" type="submit" name="account" value="${escapeHtml(a.value)}"><span class="name">${escapeHtml(a.displayName)}</span>
<span class="upn">${escapeHtml(a.upn)}</span></button></li>`,
    )
    .join('\n');
  const body = `<h1>Pick an account</h1>
<p class="lead">Which account do you want to sign out of?</p>
<form method="post" action="${escapeHtml(v.action)}">
${csrfField(v.csrf)}
${hidden}${hidden ? '\n' : ''}<ul class="accounts">
${items}
</ul>
</form>`;
  return { status: 200, html: layout('Sign out', v.host, body) };
}
