// The /devicelogin pages: enter the code, sign in (or decline), done. Plain, self-contained,
// accessible HTML like the error page: inline CSS allowed by hash, no scripts, no external
// resources; every value from the request or the directory is escaped. Each form carries the CSRF
// token that device-login-route.ts also puts in a cookie.

import { createHash } from 'node:crypto';
import type { IdpError } from '../core/errors/idp-error.js';
import type { RequestView } from '../flows/device/verify.js';
import { escapeHtml } from './error-page.js';

const STYLE = `
:root{color-scheme:light dark;--bg:#f3f4f6;--card:#fff;--ink:#1b1f24;--muted:#5a636e;--line:#cfd6de;--accent:#0b5cad;--accent-ink:#fff;--err-bg:#fdecec;--err-line:#c9372c;--err-ink:#8a1c14}
@media (prefers-color-scheme:dark){:root{--bg:#15171a;--card:#1f2226;--ink:#e8eaed;--muted:#a6afb9;--line:#3a4047;--accent:#7ab4f5;--accent-ink:#0d1117;--err-bg:#3a1d1b;--err-line:#e0675d;--err-ink:#f6c6c1}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.wrap{max-width:28rem;margin:0 auto;padding:2.5rem 1.25rem}
main{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:2rem 1.75rem}
.brand{font-weight:600;color:var(--muted);margin:0 0 1rem;font-size:.9375rem}
h1{font-size:1.5rem;line-height:1.3;margin:0 0 .75rem}
p{margin:.5rem 0}
label{display:block;font-weight:600;margin:1rem 0 .35rem}
input[type=text],input[type=password]{width:100%;font:inherit;padding:.6rem .7rem;border:1px solid var(--line);border-radius:.4rem;background:var(--card);color:var(--ink)}
input.code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;letter-spacing:.15em;text-transform:uppercase}
input:focus-visible,button:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;margin-top:1.5rem}
button{font:inherit;font-weight:600;padding:.6rem 1.25rem;border-radius:.4rem;border:1px solid var(--accent);cursor:pointer}
button.primary{background:var(--accent);color:var(--accent-ink)}
button.secondary{background:transparent;color:var(--accent)}
.error{background:var(--err-bg);border:1px solid var(--err-line);color:var(--err-ink);border-radius:.4rem;padding:.7rem .9rem;margin:1rem 0}
.error code{font-size:.875em}
.app{font-weight:600}
ul.perms{margin:.5rem 0;padding-left:1.25rem}
ul.perms li{margin:.3rem 0}
.muted{color:var(--muted);font-size:.9375rem}
footer{margin-top:1.25rem;color:var(--muted);font-size:.875rem;text-align:center}
`.trim();

/** Nothing may load or run; the inline style above applies; forms post back to this origin only. */
export const DEVICE_LOGIN_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface PageResult {
  status: number;
  html: string;
}

function layout(title: string, host: string, body: string): string {
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
<p class="brand">Entrada sign-in · ${escapeHtml(host)}</p>
${body}
</main>
<footer>Only continue if you started this sign-in on a device yourself.</footer>
</div>
</body>
</html>
`;
}

function errorBox(error: IdpError | undefined): string {
  if (!error) return '';
  return `<div class="error" role="alert" id="form-error"><p>${escapeHtml(error.message.replace(/^AADSTS\d+: /, ''))}</p><p class="muted">Error code: <code>AADSTS${error.code}</code> · <a href="/error?code=${error.code}">what this means</a></p></div>`;
}

function csrfField(csrf: string): string {
  return `<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">`;
}

/** Step 1: "Enter code". */
export function codePage(input: { host: string; csrf: string; error?: IdpError; typed?: string }): PageResult {
  const invalid = input.error ? ' aria-invalid="true" aria-describedby="form-error code-hint"' : ' aria-describedby="code-hint"';
  const body = `<h1>Enter code</h1>
<p>Enter the code displayed on your app or device to allow it to sign in.</p>
${errorBox(input.error)}
<form method="post" action="/devicelogin">
${csrfField(input.csrf)}
<input type="hidden" name="step" value="code">
<label for="otc">Code</label>
<input class="code" type="text" id="otc" name="otc" required autofocus autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" maxlength="32" value="${escapeHtml(input.typed ?? '')}"${invalid}>
<p class="muted" id="code-hint">Nine letters and digits, for example <code>CDF3GH7KM</code>.</p>
<div class="actions"><button class="primary" type="submit">Next</button></div>
</form>`;
  return { status: input.error ? 400 : 200, html: layout('Enter code', input.host, body) };
}

/** Step 2: who asks for what, then user name and password — or decline. */
export function signInPage(input: { host: string; csrf: string; view: RequestView; error?: IdpError; username?: string }): PageResult {
  const { view } = input;
  const perms = view.permissions.map((p) => `<li>${escapeHtml(p.description)} <span class="muted">(<code>${escapeHtml(p.value)}</code>)</span></li>`).join('\n');
  const invalid = input.error ? ' aria-describedby="form-error"' : '';
  const body = `<h1>Sign in to <span class="app">${escapeHtml(view.appName)}</span></h1>
<p>You are signing in to <span class="app">${escapeHtml(view.appName)}</span> on another device, which shows the code <code>${escapeHtml(view.userCode)}</code>. It asks for these permissions (resource: ${escapeHtml(view.resourceName)}):</p>
<ul class="perms">
${perms}
</ul>
<p class="muted">Application ID <code>${escapeHtml(view.appId)}</code></p>
${errorBox(input.error)}
<form method="post" action="/devicelogin">
${csrfField(input.csrf)}
<input type="hidden" name="step" value="signin">
<input type="hidden" name="otc" value="${escapeHtml(view.userCode)}">
<label for="username">Email or user name</label>
<input type="text" inputmode="email" id="username" name="username" required autocomplete="username" autocapitalize="none" spellcheck="false" value="${escapeHtml(input.username ?? '')}"${invalid}>
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
    ? `<h1>Sign-in declined</h1>
<p>You declined to sign in to <span class="app">${escapeHtml(input.appName)}</span> on your device. The device will not be signed in.</p>
<p>You may now close this window.</p>`
    : `<h1>You're signed in</h1>
<p>You have signed in to <span class="app">${escapeHtml(input.appName)}</span> on your device.</p>
<p>You may now close this window.</p>`;
  return { status: 200, html: layout(input.declined ? 'Sign-in declined' : 'Signed in', input.host, body) };
}

/** The form was not posted from a page Entrada served to this browser (CSRF check failed). */
export function forbiddenPage(input: { host: string }): PageResult {
  const body = `<h1>Start again</h1>
<div class="error" role="alert"><p>This form could not be accepted: it was not sent from this sign-in page in this browser, or your browser does not keep its cookies.</p></div>
<p><a href="/devicelogin">Open the sign-in page again</a> and enter the code shown on your device.</p>`;
  return { status: 403, html: layout('Start again', input.host, body) };
}
