// The human error page behind every `error_uri` (`/error?code=<n>`): what an AADSTS code means,
// why it usually happens and what to change. Plain, self-contained HTML — inline CSS, no scripts,
// no external resources — so it works offline, behind strict proxies and in text browsers.
//
// Everything that comes from the request (code, host, trace and correlation ids) is HTML-escaped,
// and so is the catalogue text (it contains "<app>" placeholders of its own).

import { createHash } from 'node:crypto';
import { allCodes, lookupCode } from '../core/errors/catalogue.js';
import type { CatalogueEntry } from '../core/errors/types.js';
import type { RequestExplanation } from './request-explanation.js';

export interface ErrorPageInput {
  /** The code asked for; null when the `code` parameter is missing or not a number. */
  code: number | null;
  /** Host the page was requested on (shown in the header; error_uri mirrors the called host). */
  host: string;
  traceId?: string;
  correlationId?: string;
  /** The raw `code` parameter, when it was given but is not a number (shown back, escaped). */
  rawCode?: string;
  /** The logged request behind trace_id, explained (http/request-explanation.ts). */
  request?: RequestExplanation;
}

export interface ErrorPageResult {
  status: number;
  html: string;
}

// ───────────────────────── Escaping and small helpers ─────────────────────────

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Request-supplied identifiers are shown, never trusted: escaped, control characters dropped, bounded. */
function shown(value: string, max = 128): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, '');
  return escapeHtml(clean.length > max ? `${clean.slice(0, max)}…` : clean);
}

/** Text with blank-line paragraph breaks as <p> elements. */
function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((para) => `<p>${escapeHtml(para.trim())}</p>`)
    .join('\n');
}

/** A message template with its `{name}` slots shown as «name». */
function templateHtml(template: string): string {
  return escapeHtml(template).replace(/\{(\w+)\}/g, (_m, name: string) => `<span class="slot">«${name}»</span>`);
}

const SOURCE_WORDS: Record<'D' | 'O' | 'I', string> = {
  D: 'documented by Microsoft',
  O: 'seen in real Entra responses',
  I: 'partly inferred (Entrada’s best reading where Microsoft publishes nothing)',
};

// ───────────────────────── Layout ─────────────────────────

const STYLE = `
:root{color-scheme:light dark;--bg:#f7f7f5;--card:#fff;--ink:#1f2328;--muted:#57606a;--line:#d8dee4;--accent:#0b5cad;--slot-bg:#eef3f9;--slot-ink:#0b4a8b;--note:#fff8e1;--note-line:#e6c66a}
@media (prefers-color-scheme:dark){:root{--bg:#16181b;--card:#1e2125;--ink:#e6e8eb;--muted:#a3acb6;--line:#353a40;--accent:#7ab4f5;--slot-bg:#24313f;--slot-ink:#a9cdf5;--note:#2b2618;--note-line:#7a6630}}
*{box-sizing:border-box}
html{font-size:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.wrap{max-width:46rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
header.site{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;justify-content:space-between;color:var(--muted);font-size:.9375rem;margin-bottom:1.25rem}
header.site .brand{font-weight:600;color:var(--ink)}
main{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1.75rem 1.5rem}
h1{font-size:1.75rem;line-height:1.25;margin:0 0 .25rem;letter-spacing:.01em}
.sub{margin:0 0 1.25rem;color:var(--muted)}
h2{font-size:1.125rem;margin:1.75rem 0 .5rem}
p{margin:.5rem 0}
ul{margin:.5rem 0;padding-left:1.25rem}
li{margin:.35rem 0}
a{color:var(--accent)}
a:focus-visible{outline:3px solid var(--accent);outline-offset:2px;border-radius:2px}
blockquote.message{margin:.75rem 0 0;padding:.875rem 1rem;border-left:4px solid var(--accent);background:var(--bg);border-radius:0 .5rem .5rem 0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9375rem;overflow-wrap:anywhere}
.slot{background:var(--slot-bg);color:var(--slot-ink);border-radius:.25rem;padding:0 .2rem;white-space:nowrap}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1.25rem;margin:.5rem 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;overflow-wrap:anywhere}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9375em}
.note{background:var(--note);border:1px solid var(--note-line);border-radius:.5rem;padding:.75rem 1rem;margin:1.25rem 0 0}
table{width:100%;border-collapse:collapse;font-size:.9375rem;margin-top:1rem}
th,td{text-align:left;vertical-align:top;padding:.5rem .5rem;border-top:1px solid var(--line)}
th{color:var(--muted);font-weight:600;border-top:none}
td.code{white-space:nowrap}
footer.site{margin-top:1.5rem;color:var(--muted);font-size:.875rem}
`.trim();

/** Content-Security-Policy for these pages: nothing may load or run; only the inline style above applies. */
export const ERROR_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

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
<header class="site"><span class="brand">Entrada sign-in service</span><span>${shown(host, 255)}</span></header>
<main>
${body}
</main>
<footer class="site"><p>Entrada reproduces Microsoft Entra ID’s error codes so that Microsoft clients behave as they would against Entra, and explains each refusal here. <a href="/error">All error codes</a></p></footer>
</div>
</body>
</html>
`;
}

/** The request behind trace_id, from the sign-in log: first on the page, it is the most specific. */
function thisRequest(input: ErrorPageInput): string {
  const r = input.request;
  if (!r) return '';
  const facts = r.facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${shown(v, 600)}</dd>`).join('');
  const why = r.why ? `<p><strong>Why:</strong> ${shown(r.why, 2000)}.</p>` : '';
  const fix = r.fix ? `<p><strong>Fix:</strong> ${shown(r.fix, 2000)}${/[.!?]$/.test(r.fix) ? '' : '.'}</p>` : '';
  const detail = r.detail ? `<p class="sub">${shown(r.detail, 2000)}</p>` : '';
  const redacted = r.redacted
    ? '<p class="note">Who signed in, the credential’s fingerprint and the details of this request are shown only to callers on the machine running Entrada.</p>'
    : '';
  return `<section aria-labelledby="this-request">
<h2 id="this-request">This request</h2>
${why}${fix}${detail}<dl class="facts">${facts}</dl>${redacted}
</section>`;
}

function requestDetails(input: ErrorPageInput): string {
  if (input.request) return '';
  const rows: string[] = [];
  if (input.traceId) rows.push(`<dt>Trace ID</dt><dd><code>${shown(input.traceId)}</code></dd>`);
  if (input.correlationId) rows.push(`<dt>Correlation ID</dt><dd><code>${shown(input.correlationId)}</code></dd>`);
  if (rows.length === 0) return '';
  return `<h2>This request</h2>
<dl class="facts">${rows.join('')}</dl>
<p>Whoever runs this Entrada instance can find the full reason for this refusal in its log under the trace ID.</p>`;
}

// ───────────────────────── Pages ─────────────────────────

function knownCodePage(code: number, entry: CatalogueEntry, input: ErrorPageInput): string {
  const title = `AADSTS${code}`;
  const causes = entry.causes.map((c) => `<li>${escapeHtml(c)}</li>`).join('\n');
  const source = entry.source.map((s) => SOURCE_WORDS[s]).join('; ');
  const suberror = entry.suberror
    ? `<dt>Sub-error</dt><dd><code>${escapeHtml(entry.suberror)}</code></dd>`
    : '';
  const body = `<h1>${title}</h1>
<p class="sub">${escapeHtml(entry.name)}</p>
${thisRequest(input)}
<section aria-labelledby="msg">
<h2 id="msg">The message</h2>
<p>Clients receive this text after “${title}: ”. Parts shown as <span class="slot">«like this»</span> are filled in from the request.</p>
<blockquote class="message">${templateHtml(entry.message)}</blockquote>
</section>
<section aria-labelledby="meaning">
<h2 id="meaning">What it means</h2>
${paragraphs(entry.explanation)}
</section>
<section aria-labelledby="causes">
<h2 id="causes">Usual causes</h2>
<ul>
${causes}
</ul>
</section>
<section aria-labelledby="fix">
<h2 id="fix">How to fix it</h2>
${paragraphs(entry.fix)}
</section>
<section aria-labelledby="wire">
<h2 id="wire">On the wire</h2>
<dl class="facts">
<dt>OAuth error</dt><dd><code>${escapeHtml(entry.error)}</code></dd>
<dt>HTTP status</dt><dd>${entry.status}</dd>
${suberror}<dt>Basis</dt><dd>${escapeHtml(source)}</dd>
</dl>
</section>
${requestDetails(input)}`;
  return layout(title, input.host, body);
}

function unknownCodePage(input: ErrorPageInput): ErrorPageResult {
  const numeric = input.code !== null;
  const asked = numeric ? `AADSTS${input.code}` : input.rawCode !== undefined && input.rawCode !== '' ? input.rawCode : '';
  const what = numeric
    ? `<p>Entrada does not know the code <strong>${shown(asked)}</strong>. It is not one Entrada sends, so there is no explanation for it here.</p>
<p>If the code came from Microsoft Entra ID itself, Microsoft’s own error lookup page describes it.</p>`
    : asked !== ''
      ? `<p><strong>${shown(asked, 64)}</strong> is not an AADSTS error code. Codes are numbers, such as <code>7000218</code> (with or without the “AADSTS” prefix).</p>`
      : `<p>No error code was given. Codes are numbers, such as <code>7000218</code>.</p>`;
  const body = `<h1>${numeric ? 'Unknown error code' : 'Not an error code'}</h1>
<p class="sub">Entrada does not know this code.</p>
${what}
<p><a href="/error">See the list of every code Entrada can send</a>, each with what it means and how to fix it.</p>
${requestDetails(input)}`;
  return { status: numeric ? 404 : 400, html: layout(numeric ? 'Unknown error code' : 'Not an error code', input.host, body) };
}

/** The page for one code (or the "unknown code" page). */
export function renderErrorPage(input: ErrorPageInput): ErrorPageResult {
  if (input.code !== null) {
    const entry = lookupCode(input.code);
    if (entry) return { status: 200, html: knownCodePage(input.code, entry, input) };
  }
  return unknownCodePage(input);
}

/** `/error` without a code: every code with its one-line message. */
export function renderErrorIndex(input: { host: string }): ErrorPageResult {
  const rows = allCodes()
    .map((code) => {
      const entry = lookupCode(code) as CatalogueEntry;
      return `<tr><td class="code"><a href="/error?code=${code}">AADSTS${code}</a></td><td><code>${escapeHtml(entry.error)}</code></td><td>${templateHtml(entry.message)}</td></tr>`;
    })
    .join('\n');
  const body = `<h1>Error codes</h1>
<p class="sub">Every AADSTS code Entrada can send, in numeric order.</p>
<p>Each code is the one Microsoft Entra ID uses for the same refusal, so clients react as they would against Entra. Open a code to see what it means, its usual causes and what to change. Parts shown as <span class="slot">«like this»</span> are filled in from the request.</p>
<table>
<thead><tr><th scope="col">Code</th><th scope="col">OAuth error</th><th scope="col">Message</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
  return { status: 200, html: layout('Error codes', input.host, body) };
}

/**
 * Read the `code` query parameter: digits, optionally prefixed with "AADSTS" (as people paste it).
 * Returns null for anything else.
 */
export function parseCodeParam(raw: string): number | null {
  const m = /^\s*(?:AADSTS)?(\d{1,10})\s*$/i.exec(raw);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : null;
}
