// Strict application/x-www-form-urlencoded parsing (WHATWG URL §5.1) for the token endpoint.
// Hostile input becomes an AADSTS error, never an exception: invalid UTF-8, bad percent escapes,
// repeated parameters, too many parameters, a value longer than any real client sends, or a NUL
// character (`%00`), which PostgreSQL text columns cannot hold (issue 9). Per-parameter length
// caps are core/policy/parameter-limits.ts, applied by each endpoint before its lookups.
// Entra's answer to these is not documented; AADSTS9002313 "Request is malformed or invalid" [I].

import type { FastifyRequest } from 'fastify';
import { idpError } from '../../core/errors/idp-error.js';

export const FORM_LIMITS = {
  /** Whole body; the HTTP server refuses larger bodies before parsing. */
  bodyBytes: 1024 * 1024,
  parameters: 200,
  /** Client assertions and SAML assertions are the longest legitimate values (a few KB to ~100 KB). */
  valueChars: 256 * 1024,
  nameChars: 256,
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw idpError(9002313, { detail: 'The request body is not valid UTF-8.' });
  }
}

export function parseForm(text: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (text.length === 0) return out;
  const pairs = text.split('&');
  if (pairs.length > FORM_LIMITS.parameters) {
    throw idpError(9002313, { detail: `The request body has ${pairs.length} parameters; at most ${FORM_LIMITS.parameters} are accepted.` });
  }
  for (const pair of pairs) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq), 'a parameter name');
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1), `parameter '${truncate(name)}'`);
    if (name.includes('\u0000') || value.includes('\u0000')) {
      throw idpError(9002313, { detail: `Parameter '${truncate(name.replace(/\u0000/g, '?'))}' contains a NUL character.` });
    }
    if (name.length > FORM_LIMITS.nameChars) throw idpError(9002313, { detail: `A parameter name is ${name.length} characters long.` });
    if (value.length > FORM_LIMITS.valueChars) {
      throw idpError(9002313, { detail: `Parameter '${truncate(name)}' is ${value.length} characters long; at most ${FORM_LIMITS.valueChars} are accepted.` });
    }
    if (Object.hasOwn(out, name)) {
      // RFC 6749 §3.1/§3.2: request and response parameters MUST NOT be included more than once.
      throw idpError(9002313, { detail: `Parameter '${truncate(name)}' appears more than once.` });
    }
    out[name] = value;
  }
  return out;
}

function decodeComponent(raw: string, what: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw idpError(9002313, { detail: `The percent-encoding of ${what} is invalid or not UTF-8.` });
  }
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/**
 * HTTP Basic client authentication, RFC 6749 §2.3.1: both parts are form-urlencoded before
 * base64. Returns undefined when the header is not Basic.
 */
export function parseBasicAuth(header: string | undefined): { clientId: string; secret: string } | undefined {
  if (header === undefined) return undefined;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) {
    if (/^Basic\b/i.test(header)) throw idpError(9002313, { detail: 'The Authorization header is not valid HTTP Basic.' });
    return undefined;
  }
  const decoded = decodeUtf8(Buffer.from(m[1], 'base64'));
  const colon = decoded.indexOf(':');
  if (colon < 0) throw idpError(9002313, { detail: 'The HTTP Basic credentials have no ":" separator.' });
  const clientId = decodeComponent(decoded.slice(0, colon), 'the Basic user name');
  const secret = decodeComponent(decoded.slice(colon + 1), 'the Basic password');
  if ((clientId + secret).includes('\u0000')) throw idpError(9002313, { detail: 'The HTTP Basic credentials contain a NUL character.' });
  return { clientId, secret };
}

/**
 * A query string (without `?`) parsed as strictly as a form body. Node's HTTP parser hands the
 * URL over as Latin-1 bytes; decodeUtf8 then refuses invalid UTF-8 in raw (unescaped) bytes.
 */
export function parseQuery(url: string): Record<string, string> {
  const q = url.indexOf('?');
  return q < 0 ? {} : parseForm(decodeUtf8(Buffer.from(url.slice(q + 1), 'latin1')));
}

/** True when a value read outside parseForm (a path segment, Fastify's req.query) holds a NUL. */
export function hasNul(value: unknown): boolean {
  return typeof value === 'string' ? value.includes('\u0000') : Array.isArray(value) && value.some(hasNul);
}

/** Only form bodies carry parameters; any other body is ignored, as Entra ignores JSON [O]. */
export function formParams(req: FastifyRequest): Record<string, string> {
  const body = req.body;
  if (!Buffer.isBuffer(body)) return {};
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  if (!contentType.startsWith('application/x-www-form-urlencoded')) return {};
  return parseForm(decodeUtf8(body));
}
