// What one answered HTTP request comes to, for the request log (--log) and the metrics (/metrics):
// the same few fields for both, each either from a fixed set or cut to a bounded printable form,
// so that no client can grow the number of metric series or put a secret or a forged line into
// the log. Never the query string, a body, a header or a token: /authorize URLs carry login_hint
// and state, token requests carry secrets and codes.

import { isAadstsCode } from './errors/catalogue.js';

/** --log, ENTRADA_LOG: one human line per request (default), one JSON line (pino), or none. */
export const REQUEST_LOG_FORMATS = ['pretty', 'json', 'off'] as const;
export type RequestLogFormat = (typeof REQUEST_LOG_FORMATS)[number];

export type RequestOutcome = 'success' | 'refused' | 'error';

export interface RequestSummary {
  /** The trace id Entrada sent as x-ms-request-id (and in error bodies, the sign-in log). */
  traceId: string;
  /** From METHODS, else `OTHER`. */
  method: string;
  /** The route template with `{param}`s (`/{tenant}/oauth2/v2.0/token`), or UNMATCHED. */
  endpoint: string;
  /** The path as the client sent it, without the query string: printable ASCII, at most PATH_CHARS. */
  path: string;
  status: number;
  outcome: RequestOutcome;
  /** The AADSTS code of a refusal: one of the catalogue's, so a fixed set. */
  code: number | undefined;
  /** The token endpoint's grant_type: one of the grants Entrada serves, `other`, or undefined elsewhere. */
  grantType: string | undefined;
  durationMs: number;
}

/** The endpoint label of a request no route matched (a 404, a malformed URL): one series for all. */
export const UNMATCHED = 'unmatched';

/** A path longer than this is cut (a URL may be 80 KiB; a log line should not). */
export const PATH_CHARS = 200;

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}

/**
 * A refusal is `refused` unless Entrada itself failed (AADSTS50000 is sent as 500); without an
 * AADSTS code the status decides (Graph's errors, the 404 page). A redirect carrying an error to
 * the app (/authorize) is a refusal too, which is why the code comes first.
 */
export function outcomeOf(status: number, refusalCode: number | undefined): RequestOutcome {
  if (status >= 500) return 'error';
  if (refusalCode !== undefined || status >= 400) return 'refused';
  return 'success';
}

/** A code from Entrada's own catalogue, or undefined: the label never takes a value from outside it. */
export function codeLabel(code: number | undefined): number | undefined {
  return code !== undefined && isAadstsCode(code) ? code : undefined;
}

/** A grant type Entrada serves, `other` for anything else sent, undefined when none was read. */
export function grantTypeLabel(grantType: string | undefined, served: ReadonlySet<string>): string | undefined {
  if (grantType === undefined) return undefined;
  return served.has(grantType) ? grantType : 'other';
}

/** Fastify's `/:tenant/oauth2/token` as `/{tenant}/oauth2/token`; UNMATCHED when no route matched. */
export function endpointLabel(routeTemplate: string | undefined): string {
  if (routeTemplate === undefined || routeTemplate === '') return UNMATCHED;
  return routeTemplate.replace(/:(\w+)(\([^)]*\))?/g, '{$1}');
}

/** The path of a request URL: no query string, printable ASCII only, at most PATH_CHARS. */
export function loggablePath(url: string): string {
  const q = url.indexOf('?');
  const end = q < 0 ? url.length : q;
  let path = end > PATH_CHARS ? url.slice(0, PATH_CHARS) : url.slice(0, end);
  // Node's parser refuses control characters in a request line; a space or byte above 0x7e in the
  // log would still split or garble a line, so anything but visible ASCII becomes `?`.
  if (/[^\x21-\x7e]/.test(path)) path = path.replace(/[^\x21-\x7e]/g, '?');
  return end > PATH_CHARS ? `${path}…` : path;
}

/**
 * One short line for a person at the terminal, e.g.
 * `17:40:01.123 POST /{tenant}/oauth2/v2.0/token 400 AADSTS7000215 client_credentials 3.1 ms trace=…`
 * (local time; the route template, or the path when no route matched).
 */
export function prettyRequestLine(s: RequestSummary, at: Date): string {
  const where = s.endpoint === UNMATCHED ? s.path : s.endpoint;
  const code = s.code === undefined ? '' : ` AADSTS${s.code}`;
  const grant = s.grantType === undefined ? '' : ` ${s.grantType}`;
  return `${clockTime(at)} ${s.method} ${where} ${s.status}${code}${grant} ${s.durationMs.toFixed(1)} ms trace=${s.traceId}`;
}

function clockTime(d: Date): string {
  const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
  const ms = d.getMilliseconds();
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}`;
}
