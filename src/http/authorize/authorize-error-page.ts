// The page /authorize shows when it must not redirect (unregistered redirect URI, unknown app,
// bad tenant): Entra's own error page, with the code, the message, and where to read more
// [D: entra-protocol.md §2.2, §5.1].

import type { IdpError } from '../../core/errors/idp-error.js';
import { html } from '../kit/html.js';
import { layout, type PageResult } from '../kit/page.js';

export function authorizeErrorPage(v: { host: string; error: IdpError; traceId: string; correlationId: string; timestamp: string }): PageResult {
  const { error } = v;
  const body = html`<h1>Sorry, but we're having trouble signing you in.</h1>
<div class="error" role="alert"><p><strong>AADSTS${error.code}:</strong> ${error.description}</p></div>
${error.detail ? html`<p>${error.detail}</p>\n` : ''}<p>${error.entry.explanation}</p>
<p><strong>How to fix it:</strong> ${error.entry.fix}</p>
<p><a href="/error?code=${error.code}&amp;trace_id=${v.traceId}">More about this error</a></p>
<p class="muted">Request ID: <code>${v.traceId}</code><br>Correlation ID: <code>${v.correlationId}</code><br>Timestamp: ${v.timestamp}</p>`;
  return { status: error.entry.status === 401 ? 400 : error.entry.status, html: layout('Sign-in error', v.host, body) };
}

/** The form was not posted from a page this browser was served (CSRF check failed), or is damaged. */
export function startAgainPage(v: { host: string }): PageResult {
  const body = html`<h1>Start again</h1>
<div class="error" role="alert"><p>This form could not be accepted: it was not sent from a sign-in page this browser was shown, or your browser does not keep its cookies.</p></div>
<p>Go back to the application and sign in again.</p>`;
  return { status: 403, html: layout('Start again', v.host, body) };
}
