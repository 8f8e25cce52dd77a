// The page kit: the one document every HTML page is (sign-in, consent, sign-out, device login,
// form_post, the /authorize error page and the /error pages), its Content-Security-Policy, and the
// sign-in pages' card layout and form parts. Each page inlines one style, allowed by its hash in
// the CSP; nothing loads from elsewhere; a script runs only where a page needs one (form_post) and
// its CSP names it. Pages are written with the `html` template (kit/html.ts), which escapes every
// value from the request or the directory.

import type { IdpError } from '../../core/errors/idp-error.js';
import { sha256Base64 } from '../../core/hash.js';
import { html, htmlText, unsafeRawHtml, type Html } from './html.js';
import { SIGN_IN_STYLE } from './sign-in-style.js';

/** What a page renderer returns; sendPage() writes it with the security headers. */
export interface PageResult {
  status: number;
  html: string;
}

/**
 * The whole document: `title` (text), `style` (a constant of the source, inlined and allowed by
 * pageCsp({ style })), and inside `<div class="wrap">` an optional `header`, the `main` content and
 * an optional `footer`, each on lines of their own.
 */
export function htmlDocument(p: { title: string; style: string; header?: Html; main: Html; footer?: Html }): string {
  const header = p.header ? html`${p.header}\n` : html``;
  const footer = p.footer ? html`${p.footer}\n` : html``;
  return htmlText(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${p.title} · Entrada</title>
<style>${unsafeRawHtml(p.style)}</style>
</head>
<body>
<div class="wrap">
${header}<main>
${p.main}
</main>
${footer}</div>
</body>
</html>
`);
}

/** A CSP hash source for an inline <style> or <script> body: `'sha256-…'`. */
function hashSource(text: string): string {
  return `'sha256-${sha256Base64(text)}'`;
}

// A form-action source: 'self', 'none', a scheme://host[:port] origin, or a bare `scheme:` (an
// app's custom redirect scheme); nothing that could end the directive or the header.
const FORM_ACTION_SOURCE = /^(?:'self'|'none'|[a-z][a-z0-9+.-]*:\/\/[^\s;,'"]+|[a-z][a-z0-9+.-]*:)$/i;

/**
 * A page's Content-Security-Policy: nothing loads, only the page's inline `style` applies (the
 * sign-in look unless given), forms post to this origin only, no framing. `inlineScript` allows
 * exactly that one inline script (by hash); `formAction` replaces 'self': the form_post page posts
 * to the client's origin, the /error pages have no form ('none'), and the sign-in pages' own POST
 * is answered by a redirect to the app, which Chromium also checks against form-action (so those
 * pages allow 'self' and the redirect URI's origin). `connectSelf` lets the page's script fetch
 * from this origin.
 */
export function pageCsp(options: { style?: string; inlineScript?: string; formAction?: string | string[]; connectSelf?: boolean } = {}): string {
  const sources = options.formAction === undefined ? ["'self'"] : [options.formAction].flat();
  for (const source of sources) {
    if (!FORM_ACTION_SOURCE.test(source)) throw new TypeError(`not a form-action source: ${JSON.stringify(source)}`);
  }
  const formAction = sources.join(' ');
  return [
    "default-src 'none'",
    ...(options.inlineScript === undefined ? [] : [`script-src ${hashSource(options.inlineScript)}`]),
    // The admin portal's scripts fetch from this origin (the simulator, the live sign-in log).
    ...(options.connectSelf ? ["connect-src 'self'"] : []),
    `style-src ${hashSource(options.style ?? SIGN_IN_STYLE)}`,
    "img-src 'none'",
    "base-uri 'none'",
    `form-action ${formAction}`,
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The CSP of every sign-in page without a script: see pageCsp(). */
export const PAGE_CSP = pageCsp();

/**
 * A sign-in page: `title` (text), the host the page was requested on (shown in the brand line),
 * `body` inside the card, and an optional `footer` (text) under it.
 */
export function layout(title: string, host: string, body: Html, footer?: string): string {
  const brand = host ? html`Entrada sign-in · ${host}` : html`Entrada sign-in`;
  return htmlDocument({
    title,
    style: SIGN_IN_STYLE,
    main: html`<p class="brand">${brand}</p>\n${body}`,
    ...(footer === undefined ? {} : { footer: html`<footer>${footer}</footer>` }),
  });
}

/** An AADSTS refusal shown above a form (id "form-error", for aria-describedby), linking to /error. */
export function errorBox(error?: IdpError): Html {
  if (!error) return html``;
  return html`<div class="error" role="alert" id="form-error"><p>${error.message.replace(/^AADSTS\d+: /, '')}</p><p class="muted">Error code: <code>AADSTS${error.code}</code> · <a href="/error?code=${error.code}">what this means</a></p></div>`;
}

/** The hidden field carrying the CSRF token that the page's cookie also holds. */
export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="csrf" value="${csrf}">`;
}

/** A hidden form field. */
export function hiddenField(name: string, value: string): Html {
  return html`<input type="hidden" name="${name}" value="${value}">`;
}
