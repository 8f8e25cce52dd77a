// An AADSTS refusal raised anywhere in core or flows. It carries the catalogue code and the values
// for the message template; the HTTP layer adds trace id, correlation id, timestamp and error_uri.

import { catalogue, type AadstsCode } from './catalogue.js';
import type { CatalogueEntry, OAuthError } from './types.js';

export interface IdpErrorOptions {
  /** Values for the `{placeholder}` slots of the entry's message. */
  args?: Record<string, string>;
  /** Operator-only detail (sign-in log, /error page); never part of error_description. */
  detail?: string;
  /** Overrides the entry's suberror. */
  suberror?: string;
  /** Why a decision refused the request (the client-type verdict, etc.), for diagnostics. */
  reason?: unknown;
  /**
   * The OAuth `error` where Entra sends a different one for the same code in this context, e.g.
   * AADSTS9002313 is `invalid_request` for a malformed request but `invalid_grant` for a malformed
   * refresh token [O].
   */
  oauthError?: OAuthError;
  /** Seconds the client should wait before retrying; the token endpoint sends it as `Retry-After` (throttling, AADSTS90055). */
  retryAfterSeconds?: number;
}

export class IdpError extends Error {
  readonly code: AadstsCode;
  readonly entry: CatalogueEntry;
  readonly args: Record<string, string>;
  readonly detail?: string;
  readonly suberror?: string;
  readonly reason?: unknown;
  /** The OAuth `error` on the wire. */
  readonly oauthError: OAuthError;
  readonly retryAfterSeconds?: number;

  constructor(code: AadstsCode, options: IdpErrorOptions = {}) {
    const entry: CatalogueEntry = catalogue[code];
    const args = options.args ?? {};
    super(`AADSTS${code}: ${formatMessage(entry.message, args)}`);
    this.name = 'IdpError';
    this.code = code;
    this.entry = entry;
    this.args = args;
    this.detail = options.detail;
    this.suberror = options.suberror ?? entry.suberror;
    this.reason = options.reason;
    this.oauthError = options.oauthError ?? entry.error;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** The message after "AADSTS<code>: ". */
  get description(): string {
    return formatMessage(this.entry.message, this.args);
  }
}

/** Shorthand used at throw sites: `throw idpError(7000215, { args: { appId } })`. */
export function idpError(code: AadstsCode, options?: IdpErrorOptions): IdpError {
  return new IdpError(code, options);
}

/** Fill `{name}` slots; a slot without a value is left as written so a missing arg is visible. */
export function formatMessage(template: string, args: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in args ? args[key] : whole));
}
