// The common shape every input format is parsed into: what was sent to Entra and what came back.
// Parsers (error-body, har, curl, raw-http) only read; they never judge. Values are kept as sent
// (secrets included) because the diagnosis compares them; render.ts never prints them.

export interface ObservedRequest {
  method: string;
  /** Absolute URL when the input names the host, else the path as written; query included. */
  url: string;
  /** Header names in lower case; a repeated header's values joined with ", ". */
  headers: Record<string, string>;
  /** application/x-www-form-urlencoded body parameters, decoded; the first of repeated names wins. */
  form: Record<string, string>;
  /** Query-string parameters of `url`, decoded (an /authorize request carries its parameters here). */
  query: Record<string, string>;
  /** The body exactly as sent, for encoding checks ('+' meaning space, a bare '&'); never printed. */
  rawBody: string | null;
  /** What the parser could not see or had to assume (a body read from a file, a JSON body, …). */
  notes: string[];
}

export interface ObservedResponse {
  /** HTTP status, when the input shows it (a pasted error body does not). */
  status: number | null;
  /** The JSON object body, or an Entra-shaped error body rebuilt from text (then `fromText`). */
  body: Record<string, unknown> | null;
  /** True when `body` was rebuilt from text (an HTML page, an SDK's message, a redirect URL). */
  fromText: boolean;
  headers: Record<string, string>;
  /** The error came back in a redirect to the app (?error=…), which only /authorize sends. */
  redirect?: boolean;
}

export interface ObservedExchange {
  /** Where it came from, for the report: "HAR entry 7", "curl command", "error body". */
  source: string;
  request: ObservedRequest | null;
  response: ObservedResponse | null;
}

export type InputKind = 'har' | 'curl' | 'raw-http' | 'error-body' | 'text';

export interface ParsedInput {
  kind: InputKind;
  exchanges: ObservedExchange[];
  /** Entries seen but not login traffic (HAR: static assets, other APIs, CORS preflights). */
  ignored: number;
  notes: string[];
  /** Set when the input is meant as JSON (or a HAR) but is not valid: why, never its bytes. */
  invalid?: string;
}

// ───────────────────────── helpers shared by the parsers ─────────────────────────

export function emptyRequest(method: string, url: string): ObservedRequest {
  return { method: method.toUpperCase(), url, headers: {}, form: {}, query: queryOf(url), rawBody: null, notes: [] };
}

/** Add a header under its lower-case name; repeats are joined as HTTP allows. */
export function addHeader(headers: Record<string, string>, name: string, value: string): void {
  const key = name.trim().toLowerCase();
  if (key === '' || key.startsWith(':')) return; // HTTP/2 pseudo-headers (Chrome's HAR lists them)
  headers[key] = key in headers ? `${headers[key]}, ${value.trim()}` : value.trim();
}

/**
 * Decode an application/x-www-form-urlencoded string. '+' is a space (that is the format, and the
 * reason a secret with a literal '+' must be sent as %2B); malformed escapes are kept as written.
 */
export function parseForm(text: string, notes?: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const repeated = new Set<string>();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeFormComponent(eq < 0 ? pair : pair.slice(0, eq), notes);
    const value = eq < 0 ? '' : decodeFormComponent(pair.slice(eq + 1), notes);
    const key = name.trim();
    if (key in out) repeated.add(key);
    else out[key] = value;
  }
  if (notes && repeated.size > 0) notes.push(`repeated parameters (the first value is used here): ${[...repeated].join(', ')}`);
  return out;
}

function decodeFormComponent(s: string, notes?: string[]): string {
  const spaced = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    notes?.push('a parameter has malformed percent-encoding (kept as written)');
    return spaced;
  }
}

function queryOf(url: string): Record<string, string> {
  const q = url.indexOf('?');
  if (q < 0) return {};
  const hash = url.indexOf('#', q);
  return parseForm(url.slice(q + 1, hash < 0 ? undefined : hash));
}

/** The request body's parameters, by content type. Entra reads only form bodies [D: §3.1]. */
export function applyBody(req: ObservedRequest, body: string, contentType: string | undefined): void {
  req.rawBody = body;
  const type = (contentType ?? '').toLowerCase();
  if (body.trim() === '') return;
  if (type.includes('json') || (type === '' && /^\s*[{[]/.test(body))) {
    req.notes.push('the body is JSON; Entra reads only application/x-www-form-urlencoded bodies, so it sees none of these parameters (AADSTS900144)');
    return;
  }
  if (type.includes('multipart/')) {
    req.notes.push('the body is multipart/form-data; Entra reads only application/x-www-form-urlencoded bodies');
    return;
  }
  req.form = parseForm(body, req.notes);
}

/**
 * HTTP Basic client authentication (RFC 6749 §2.3.1): base64 of "client_id:secret", each
 * form-urlencoded. curl -u does not encode, so only %XX escapes are decoded here.
 */
export function parseBasic(header: string | undefined): { clientId: string; secret: string } | null {
  if (!header) return null;
  const m = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const percentDecode = (s: string) => {
    if (!/%[0-9a-f]{2}/i.test(s)) return s;
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return { clientId: percentDecode(decoded.slice(0, colon)), secret: percentDecode(decoded.slice(colon + 1)) };
}

// ───────────────────────── Entra errors found in text ─────────────────────────

const OAUTH_ERRORS = [
  'invalid_client', 'invalid_grant', 'invalid_request', 'unauthorized_client', 'invalid_scope', 'unsupported_grant_type',
  'invalid_resource', 'interaction_required', 'consent_required', 'login_required', 'invalid_tenant', 'invalid_instance',
  'authorization_pending', 'authorization_declined', 'expired_token', 'bad_verification_code', 'access_denied',
  'unsupported_response_type', 'temporarily_unavailable', 'server_error',
];

/** True for an object shaped like an Entra (or any OAuth) error body. */
export function isErrorBody(j: unknown): j is Record<string, unknown> {
  if (typeof j !== 'object' || j === null || Array.isArray(j)) return false;
  const o = j as Record<string, unknown>;
  return (typeof o['error'] === 'string' && (typeof o['error_description'] === 'string' || Array.isArray(o['error_codes']))) ||
    (typeof o['error_description'] === 'string' && /AADSTS\d+/.test(o['error_description']));
}

/**
 * An Entra-shaped error body rebuilt from text that mentions AADSTS codes: an SDK's exception
 * message (MSAL "Error(s): … Description: AADSTS…"), a Python dict repr, the sign-in page's HTML,
 * the text a person copied from the error page, or a bare mention ("Getting AADSTS50011 when…").
 * Null when the text names no AADSTS code.
 *
 * Entra's error page [O] shows the code without a colon ("AADSTS50011" in its own element, and
 * "Message: AADSTS50011 The redirect URI …" in the troubleshooting details) and labels its ids
 * "Request Id" (the trace id), "Correlation Id" and "Timestamp"; the page is read as text.
 */
export function errorFromText(input: string): Record<string, unknown> | null {
  const text = looksLikeHtml(input) ? htmlToText(input) : input;
  const codes: number[] = [];
  let description: string | null = null;
  // The message runs to the first line break (real or escaped), "Trace ID:", a quote or a tag; the
  // spaces before "Trace ID:" are trimmed afterwards (a `\s*` inside the lookahead rescanned every
  // run of spaces at each position: quadratic, 24 s on a 200 KB paste).
  const re = /AADSTS(\d{4,8})\s*:\s*([\s\S]*?)(?=\\r\\n|\\n|\r?\n|Trace ID:|\s-\sCorrelation ID|"|<|$)/g;
  for (const m of text.matchAll(re)) {
    const code = Number(m[1]);
    if (!codes.includes(code)) codes.push(code);
    if (description === null) description = `AADSTS${code}: ${decodeEscapes(m[2]).trim()}`;
  }
  // Codes named without a colon: the error page's heading, a bare mention in a question.
  for (const m of text.matchAll(/\bAADSTS(\d{4,8})\b/g)) {
    const code = Number(m[1]);
    if (!codes.includes(code)) codes.push(code);
  }
  if (codes.length === 0) return null;
  description ??= `AADSTS${codes[0]}: ${pageMessage(text, codes[0]) ?? ''}`.trim();
  const body: Record<string, unknown> = {};
  const errorMatch = new RegExp(`\\b(${OAUTH_ERRORS.join('|')})\\b`).exec(text);
  if (errorMatch) body['error'] = errorMatch[1];
  body['error_description'] = description;
  body['error_codes'] = codes;
  const ts = /Timestamp\s*:\s*(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?)/i.exec(text);
  if (ts) body['timestamp'] = ts[1];
  // The page's $Config names them strTraceId and correlationId [O].
  const trace = new RegExp(`(?:Trace ID|Request Id|"strTraceId")\\s*:\\s*"?(${GUID})`, 'i').exec(text);
  if (trace) body['trace_id'] = trace[1];
  const corr = new RegExp(`(?:Correlation ID|"correlationId")\\s*:\\s*"?(${GUID})`, 'i').exec(text);
  if (corr) body['correlation_id'] = corr[1];
  const sub = /["']?suberror["']?\s*[:=]\s*["']?([a-z_]+)/i.exec(text);
  if (sub) body['suberror'] = sub[1];
  return body;
}

/** HTML comments removed in one pass; an unclosed one is kept, like an unclosed script. */
function withoutComments(html: string): string {
  let out = '';
  let i = 0;
  for (let open = html.indexOf('<!--'); open >= 0; open = html.indexOf('<!--', i)) {
    const close = html.indexOf('-->', open + 4);
    if (close < 0) break;
    out += html.slice(i, open);
    i = close + 3;
  }
  return out + html.slice(i);
}

/**
 * Script and style elements removed, except a script that holds an AADSTS message (the page's
 * $Config), whose text is kept. One pass with indexOf: linear in the page's size, whatever the
 * number of unclosed tags.
 */
function withoutScripts(html: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let i = 0;
  for (;;) {
    const open = /<(script|style)\b/g;
    open.lastIndex = i;
    const m = open.exec(lower);
    if (!m) break;
    const close = lower.indexOf(`</${m[1]}`, m.index);
    if (close < 0) break;
    const end = lower.indexOf('>', close);
    const body = html.slice(m.index, end < 0 ? html.length : end + 1);
    out += `${html.slice(i, m.index)} ${/AADSTS\d/.test(body) ? body.replace(/<[^<>]*>/g, ' ') : ''} `;
    i = end < 0 ? html.length : end + 1;
  }
  return out + html.slice(i);
}

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The error page's "Message:" line, or the sentence right after the code, without the code. */
function pageMessage(text: string, code: number): string | null {
  const labelled = /(?:^|\n)[ \t]*Message[ \t]*:[ \t]*(?:AADSTS\d+[ \t]*:?[ \t]*)?([^\n]+)/i.exec(text);
  if (labelled) return decodeEscapes(labelled[1]).trim();
  const after = new RegExp(`AADSTS${code}\\b[ \\t]*(?:\\n[ \\t]*)?([A-Z][^\\n]{20,})`).exec(text);
  return after ? decodeEscapes(after[1]).trim() : null;
}

function looksLikeHtml(text: string): boolean {
  return /<(?:!doctype html|html|body|div|span|td)\b/i.test(text);
}

/** An HTML page as the lines a browser would show: tags dropped, block ends as line breaks. */
function htmlToText(html: string): string {
  return withoutScripts(withoutComments(html).replace(/<!\[CDATA\[|\]\]>/g, ' '))
    .replace(/<\/(?:div|p|tr|li|h\d|table)\s*>|<br\s*\/?>/gi, '\n')
    .replace(/<[^<>]*>/g, '')
    .split('\n')
    .map((line) => decodeEscapes(line).replace(/[ \t]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** JavaScript/JSON string escapes (\u0027) and the HTML entities the sign-in page uses. */
function decodeEscapes(s: string): string {
  return s
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\\//g, '/')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** A response body: JSON object when it parses as one, else an error rebuilt from its text. */
export function responseBody(text: string | null | undefined): { body: Record<string, unknown> | null; fromText: boolean } {
  if (text === null || text === undefined || text.trim() === '') return { body: null, fromText: false };
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const j = JSON.parse(trimmed) as unknown;
      if (typeof j === 'object' && j !== null && !Array.isArray(j)) return { body: j as Record<string, unknown>, fromText: false };
    } catch {
      // not JSON after all; fall through to text
    }
  }
  const rebuilt = errorFromText(text);
  return rebuilt ? { body: rebuilt, fromText: true } : { body: null, fromText: false };
}

/** An error carried back in a redirect (`Location: https://app/cb?error=…&error_description=…`). */
export function errorFromRedirect(location: string | undefined): Record<string, unknown> | null {
  if (!location) return null;
  const params = { ...queryOf(location), ...fragmentOf(location) };
  if (!params['error'] && !params['error_description']) return null;
  const fromText = params['error_description'] ? errorFromText(params['error_description']) : null;
  const body: Record<string, unknown> = { ...(fromText ?? {}) };
  if (params['error']) body['error'] = params['error'];
  if (params['error_description'] && !fromText) body['error_description'] = params['error_description'];
  if (params['error_uri']) body['error_uri'] = params['error_uri'];
  if (params['suberror']) body['suberror'] = params['suberror'];
  return body;
}

function fragmentOf(url: string): Record<string, string> {
  const h = url.indexOf('#');
  return h < 0 ? {} : parseForm(url.slice(h + 1));
}

/**
 * Is this URL one of Entra's login endpoints (token, authorize, devicecode, logout, discovery)?
 * Any path on a login host counts too, so that a malformed authority (/v2.0 or /oauth2/… twice)
 * is kept and diagnosed rather than dropped.
 */
export function isLoginEndpoint(url: string): boolean {
  return /\/oauth2\/(?:v2\.0\/)?(?:token|authorize|devicecode|logout)\/?(?:[?#]|$)/i.test(url) ||
    /\/\.well-known\/openid-configuration(?:[?#]|$)/i.test(url) ||
    (loginHostOf(url) !== null && /\/(?:oauth2|v2\.0|\.well-known)(?:[/?#]|$)/i.test(url));
}

/** The host of an absolute URL when it is one of Entra's login hosts (any cloud), else null. */
export function loginHostOf(url: string): string | null {
  const m = /^https?:\/\/([^/?#:]+)/i.exec(url);
  if (!m) return null;
  const host = m[1].toLowerCase();
  return LOGIN_HOSTS.test(host) ? host : null;
}

// Global, pre-production, and sovereign-cloud login hosts [D: authentication-national-cloud.md].
const LOGIN_HOSTS = /^(?:login\.microsoftonline\.(?:com|us|de)|login\.microsoft\.com|login\.windows\.net|sts\.windows\.net|login\.windows-ppe\.net|login\.chinacloudapi\.cn|login\.partner\.microsoftonline\.cn|login\.microsoftonline\.microsoft\.scloud|login\.microsoftonline\.eaglex\.ic\.gov)$/;

/** The first balanced JSON object in a text, if any (a response pasted after a command). */
export function firstJsonObject(text: string): Record<string, unknown> | null {
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        try {
          const j = JSON.parse(text.slice(start, i + 1)) as unknown;
          if (typeof j === 'object' && j !== null && !Array.isArray(j)) return j as Record<string, unknown>;
        } catch {
          // keep looking
        }
        break;
      }
    }
  }
  return null;
}
