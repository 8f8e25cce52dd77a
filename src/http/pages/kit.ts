// The look and the building blocks shared by every page a person signs in on (/devicelogin, the
// /authorize sign-in pages): one card layout, one inline style allowed by its CSP hash, no external
// resources, and scripts only where a page needs one (the form_post page) and its CSP names it.
//
// Every value from the request or the directory is escaped with escapeHtml before it is written.

import { createHash } from 'node:crypto';
import type { IdpError } from '../../core/errors/idp-error.js';
import { escapeHtml } from '../error-page.js';

export { escapeHtml };

/** What a page renderer returns; sendPage() writes it with the security headers. */
export interface PageResult {
  status: number;
  html: string;
}

export const STYLE = `
:root{color-scheme:light dark;--bg:#f3f4f6;--card:#fff;--ink:#1b1f24;--muted:#5a636e;--line:#cfd6de;--accent:#0b5cad;--accent-ink:#fff;--err-bg:#fdecec;--err-line:#c9372c;--err-ink:#8a1c14}
@media (prefers-color-scheme:dark){:root{--bg:#15171a;--card:#1f2226;--ink:#e8eaed;--muted:#a6afb9;--line:#3a4047;--accent:#7ab4f5;--accent-ink:#0d1117;--err-bg:#3a1d1b;--err-line:#e0675d;--err-ink:#f6c6c1}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.wrap{max-width:28rem;margin:0 auto;padding:2.5rem 1.25rem}
main{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:2rem 1.75rem}
.brand{font-weight:600;color:var(--muted);margin:0 0 1rem;font-size:.9375rem}
h1{font-size:1.5rem;line-height:1.3;margin:0 0 .75rem}
h2{font-size:1.0625rem;margin:1.25rem 0 .5rem}
p{margin:.5rem 0}
a{color:var(--accent)}
label{display:block;font-weight:600;margin:1rem 0 .35rem}
input[type=text],input[type=password]{width:100%;font:inherit;padding:.6rem .7rem;border:1px solid var(--line);border-radius:.4rem;background:var(--card);color:var(--ink)}
input.code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;letter-spacing:.15em;text-transform:uppercase}
input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;margin-top:1.5rem}
button{font:inherit;font-weight:600;padding:.6rem 1.25rem;border-radius:.4rem;border:1px solid var(--accent);cursor:pointer}
button.primary{background:var(--accent);color:var(--accent-ink)}
button.secondary{background:transparent;color:var(--accent)}
.error{background:var(--err-bg);border:1px solid var(--err-line);color:var(--err-ink);border-radius:.4rem;padding:.7rem .9rem;margin:1rem 0;overflow-wrap:anywhere}
.error code{font-size:.875em}
.app{font-weight:600}
.lead{margin:-.5rem 0 1rem;color:var(--muted)}
.badge{display:inline-block;font-size:.8125rem;font-weight:600;line-height:1.4;padding:0 .5rem;border:1px solid var(--line);border-radius:1rem;color:var(--muted)}
ul.perms{margin:.5rem 0;padding-left:1.25rem}
ul.perms li{margin:.3rem 0}
ul.accounts{list-style:none;margin:1rem 0 0;padding:0}
ul.accounts li{margin:.5rem 0}
button.account{display:block;width:100%;text-align:left;font-weight:400;background:transparent;color:var(--ink);border-color:var(--line)}
button.account:hover{border-color:var(--accent)}
button.account .name{display:block;font-weight:600}
button.account .upn{display:block;color:var(--muted);font-size:.9375rem;overflow-wrap:anywhere}
pre{overflow-x:auto;background:var(--bg);border:1px solid var(--line);border-radius:.4rem;padding:.6rem .75rem;font-size:.875rem;line-height:1.45}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.muted{color:var(--muted);font-size:.9375rem}
footer{margin-top:1.25rem;color:var(--muted);font-size:.875rem;text-align:center}
`.trim();

/** A CSP hash source for an inline <style> or <script> body: `'sha256-…'`. */
export function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

// A form-action source: 'self', 'none', a scheme://host[:port] origin, or a bare `scheme:` (an
// app's custom redirect scheme); nothing that could end the directive or the header.
const FORM_ACTION_SOURCE = /^(?:'self'|'none'|[a-z][a-z0-9+.-]*:\/\/[^\s;,'"]+|[a-z][a-z0-9+.-]*:)$/i;

/**
 * The pages' Content-Security-Policy: nothing loads, only the inline STYLE applies, forms post to
 * this origin only, no framing. `inlineScript` allows exactly that one inline script (by hash);
 * `formAction` replaces 'self': the form_post page posts to the client's origin, and the sign-in
 * pages' own POST is answered by a redirect to the app, which Chromium also checks against
 * form-action (so those pages allow 'self' and the redirect URI's origin).
 */
export function pageCsp(options: { inlineScript?: string; formAction?: string | string[] } = {}): string {
  const sources = options.formAction === undefined ? ["'self'"] : [options.formAction].flat();
  for (const source of sources) {
    if (!FORM_ACTION_SOURCE.test(source)) throw new TypeError(`not a form-action source: ${JSON.stringify(source)}`);
  }
  const formAction = sources.join(' ');
  return [
    "default-src 'none'",
    ...(options.inlineScript === undefined ? [] : [`script-src ${hashSource(options.inlineScript)}`]),
    `style-src ${hashSource(STYLE)}`,
    "img-src 'none'",
    "base-uri 'none'",
    `form-action ${formAction}`,
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The CSP of every page without a script: see pageCsp(). */
export const PAGE_CSP = pageCsp();

/**
 * The whole document: `title` (plain text), the host the page was requested on (shown in the brand
 * line), `body` (HTML, already escaped by the caller) inside the card, and an optional `footer`
 * (plain text) under it.
 */
export function layout(title: string, host: string, body: string, footer?: string): string {
  const brand = host ? `Entrada sign-in · ${escapeHtml(host)}` : 'Entrada sign-in';
  const foot = footer === undefined ? '' : `<footer>${escapeHtml(footer)}</footer>\n`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Entrada</title>
<style>${STYLE}</style>
</head>
<body>
<div class="wrap">
<main>
<p class="brand">${brand}</p>
${body}
</main>
${foot}</div>
</body>
</html>
`;
}

/** An AADSTS refusal shown above a form (id "form-error", for aria-describedby), linking to /error. */
export function errorBox(error?: IdpError): string {
  if (!error) return '';
  return `<div class="error" role="alert" id="form-error"><p>${escapeHtml(error.message.replace(/^AADSTS\d+: /, ''))}</p><p class="muted">Error code: <code>AADSTS${error.code}</code> · <a href="/error?code=${error.code}">what this means</a></p></div>`;
}

/** The hidden field carrying the CSRF token that the page's cookie also holds. */
export function csrfField(csrf: string): string {
  return `<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">`;
}

/** A hidden form field. */
export function hiddenField(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}
