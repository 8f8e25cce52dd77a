// The human error page behind every `error_uri` (`/error?code=<n>`): what an AADSTS code means,
// why it usually happens and what to change. Plain, self-contained HTML — inline CSS, no scripts,
// no external resources — so it works offline, behind strict proxies and in text browsers.
//
// The pages are the page kit's document (kit/page.ts) with a style of their own
// (error-page-style.ts). Everything that comes from the request (code, host, trace and correlation
// ids) is escaped by the `html` template, and so is the catalogue text (it contains "<app>"
// placeholders of its own).

import { allCodes, lookupCode } from '../../core/errors/catalogue.js';
import type { CatalogueEntry } from '../../core/errors/types.js';
import type { RequestExplanation } from '../../core/request-explanation.js';
import { html, joinHtml, type Html } from '../kit/html.js';
import { htmlDocument, pageCsp, type PageResult } from '../kit/page.js';
import { ERROR_PAGE_STYLE } from './error-page-style.js';

interface ErrorPageInput {
  /** The code asked for; null when the `code` parameter is missing or not a number. */
  code: number | null;
  /** Host the page was requested on (shown in the header; error_uri mirrors the called host). */
  host: string;
  traceId?: string;
  correlationId?: string;
  /** The raw `code` parameter, when it was given but is not a number (shown back, escaped). */
  rawCode?: string;
  /** The logged request behind trace_id, explained (core/request-explanation.ts). */
  request?: RequestExplanation;
}

// ───────────────────────── Small helpers ─────────────────────────

/**
 * Request-supplied identifiers are shown, never trusted: control characters dropped, bounded (and
 * escaped where `html` places them).
 */
function shown(value: string, max = 128): string {
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, '');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Text with blank-line paragraph breaks as <p> elements. */
function paragraphs(text: string): Html {
  return joinHtml(
    text.split(/\n{2,}/).map((para) => html`<p>${para.trim()}</p>`),
    '\n',
  );
}

/** A message template with its `{name}` slots shown as «name». */
function templateHtml(template: string): Html {
  // split() with a capture group: text at even indexes, slot names at odd ones.
  const parts = template.split(/\{(\w+)\}/);
  return joinHtml(parts.map((part, i) => (i % 2 === 1 ? html`<span class="slot">«${part}»</span>` : html`${part}`)));
}

const SOURCE_WORDS: Record<'D' | 'O' | 'I', string> = {
  D: 'documented by Microsoft',
  O: 'seen in real Entra responses',
  I: 'partly inferred (Entrada’s best reading where Microsoft publishes nothing)',
};

// ───────────────────────── Layout ─────────────────────────

/** Content-Security-Policy for these pages: nothing may load or run; only their inline style applies; no forms. */
export const ERROR_PAGE_CSP = pageCsp({ style: ERROR_PAGE_STYLE, formAction: "'none'" });

function layout(title: string, host: string, body: Html): string {
  return htmlDocument({
    title,
    style: ERROR_PAGE_STYLE,
    header: html`<header class="site"><span class="brand">Entrada sign-in service</span><span>${shown(host, 255)}</span></header>`,
    main: body,
    footer: html`<footer class="site"><p>Entrada reproduces Microsoft Entra ID’s error codes so that Microsoft clients behave as they would against Entra, and explains each refusal here. <a href="/error">All error codes</a></p></footer>`,
  });
}

/** The request behind trace_id, from the sign-in log: first on the page, it is the most specific. */
function thisRequest(input: ErrorPageInput): Html {
  const r = input.request;
  if (!r) return html``;
  const facts = r.facts.map(([k, v]) => html`<dt>${k}</dt><dd>${shown(v, 600)}</dd>`);
  const why = r.why ? html`<p><strong>Why:</strong> ${shown(r.why, 2000)}.</p>` : '';
  const fix = r.fix ? html`<p><strong>Fix:</strong> ${shown(r.fix, 2000)}${/[.!?]$/.test(r.fix) ? '' : '.'}</p>` : '';
  const detail = r.detail ? html`<p class="sub">${shown(r.detail, 2000)}</p>` : '';
  const redacted = r.redacted
    ? html`<p class="note">Who signed in, the credential’s fingerprint and the details of this request are shown only to callers on the machine running Entrada.</p>`
    : '';
  return html`<section aria-labelledby="this-request">
<h2 id="this-request">This request</h2>
${why}${fix}${detail}<dl class="facts">${facts}</dl>${redacted}
</section>`;
}

function requestDetails(input: ErrorPageInput): Html {
  if (input.request) return html``;
  const rows: Html[] = [];
  if (input.traceId) rows.push(html`<dt>Trace ID</dt><dd><code>${shown(input.traceId)}</code></dd>`);
  if (input.correlationId) rows.push(html`<dt>Correlation ID</dt><dd><code>${shown(input.correlationId)}</code></dd>`);
  if (rows.length === 0) return html``;
  return html`<h2>This request</h2>
<dl class="facts">${rows}</dl>
<p>Whoever runs this Entrada instance can find the full reason for this refusal in its log under the trace ID.</p>`;
}

// ───────────────────────── Pages ─────────────────────────

function knownCodePage(code: number, entry: CatalogueEntry, input: ErrorPageInput): string {
  const title = `AADSTS${code}`;
  const causes = joinHtml(
    entry.causes.map((c) => html`<li>${c}</li>`),
    '\n',
  );
  const source = entry.source.map((s) => SOURCE_WORDS[s]).join('; ');
  const suberror = entry.suberror ? html`<dt>Sub-error</dt><dd><code>${entry.suberror}</code></dd>` : '';
  const body = html`<h1>${title}</h1>
<p class="sub">${entry.name}</p>
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
<dt>OAuth error</dt><dd><code>${entry.error}</code></dd>
<dt>HTTP status</dt><dd>${entry.status}</dd>
${suberror}<dt>Basis</dt><dd>${source}</dd>
</dl>
</section>
${requestDetails(input)}`;
  return layout(title, input.host, body);
}

function unknownCodePage(input: ErrorPageInput): PageResult {
  const numeric = input.code !== null;
  const asked = numeric ? `AADSTS${input.code}` : input.rawCode !== undefined && input.rawCode !== '' ? input.rawCode : '';
  const what = numeric
    ? html`<p>Entrada does not know the code <strong>${shown(asked)}</strong>. It is not one Entrada sends, so there is no explanation for it here.</p>
<p>If the code came from Microsoft Entra ID itself, Microsoft’s own error lookup page describes it.</p>`
    : asked !== ''
      ? html`<p><strong>${shown(asked, 64)}</strong> is not an AADSTS error code. Codes are numbers, such as <code>7000218</code> (with or without the “AADSTS” prefix).</p>`
      : html`<p>No error code was given. Codes are numbers, such as <code>7000218</code>.</p>`;
  const body = html`<h1>${numeric ? 'Unknown error code' : 'Not an error code'}</h1>
<p class="sub">Entrada does not know this code.</p>
${what}
<p><a href="/error">See the list of every code Entrada can send</a>, each with what it means and how to fix it.</p>
${requestDetails(input)}`;
  return { status: numeric ? 404 : 400, html: layout(numeric ? 'Unknown error code' : 'Not an error code', input.host, body) };
}

/** The page for one code (or the "unknown code" page). */
export function renderErrorPage(input: ErrorPageInput): PageResult {
  if (input.code !== null) {
    const entry = lookupCode(input.code);
    if (entry) return { status: 200, html: knownCodePage(input.code, entry, input) };
  }
  return unknownCodePage(input);
}

/** `/error` without a code: every code with its one-line message. */
export function renderErrorIndex(input: { host: string }): PageResult {
  const rows = allCodes().map((code) => {
    const entry = lookupCode(code) as CatalogueEntry;
    return html`<tr><td class="code"><a href="/error?code=${code}">AADSTS${code}</a></td><td><code>${entry.error}</code></td><td>${templateHtml(entry.message)}</td></tr>`;
  });
  const body = html`<h1>Error codes</h1>
<p class="sub">Every AADSTS code Entrada can send, in numeric order.</p>
<p>Each code is the one Microsoft Entra ID uses for the same refusal, so clients react as they would against Entra. Open a code to see what it means, its usual causes and what to change. Parts shown as <span class="slot">«like this»</span> are filled in from the request.</p>
<table>
<thead><tr><th scope="col">Code</th><th scope="col">OAuth error</th><th scope="col">Message</th></tr></thead>
<tbody>
${joinHtml(rows, '\n')}
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
