// An AADSTS refusal raised anywhere in core or flows. It carries the catalogue code and the values
// for the message template; the HTTP layer adds trace id, correlation id, timestamp and error_uri.

import { catalogue, type AadstsCode } from './catalogue.js';
import type { AadstsRefusal, MessageArgs, SlotsOf } from './message-args.js';
import type { CatalogueEntry, OAuthError } from './types.js';
import type { Verdict } from '../policy/client-type.js';

/** Everything an IdpError takes besides the message arguments. */
interface IdpErrorDetails {
  /** Operator-only detail (sign-in log, /error page); never part of error_description. */
  detail?: string;
  /** Overrides the entry's suberror. */
  suberror?: string;
  /** The client-type decision the request met, for diagnostics (core/errors/explain.ts). */
  verdict?: Verdict;
  /**
   * The OAuth `error` where Entra sends a different one for the same code in this context, e.g.
   * AADSTS9002313 is `invalid_request` for a malformed request but `invalid_grant` for a malformed
   * refresh token [O].
   */
  oauthError?: OAuthError;
  /** Seconds the client should wait before retrying; the token endpoint sends it as `Retry-After` (throttling, AADSTS90055). */
  retryAfterSeconds?: number;
  /** A claims challenge (JSON text) sent as `claims` after suberror: Conditional Access refusals [D: §5.1]. */
  claims?: string;
}

/** The options for code C: `args` holds exactly the slots of C's message, or is absent when it has none. */
type IdpErrorOptions<C extends AadstsCode = AadstsCode> = IdpErrorDetails &
  ([SlotsOf<C>] extends [never] ? { args?: MessageArgs<C> } : { args: MessageArgs<C> });

/**
 * The options parameter for code C, optional exactly when C's message has no slot. Distributes over
 * a union of codes, so a code known only as a union accepts whatever one of its members accepts.
 */
type IdpErrorOptionsParam<C extends AadstsCode> = C extends AadstsCode
  ? [SlotsOf<C>] extends [never]
    ? [options?: IdpErrorOptions<C>]
    : [options: IdpErrorOptions<C>]
  : never;

/** What the constructor body sees once the per-code typing has been checked at the call. */
type CheckedOptions = IdpErrorDetails & { args?: Readonly<Record<string, string>> };

/**
 * `C` only types the constructor's options; members use AadstsCode so that an `instanceof IdpError`
 * (which yields IdpError<any>) still has a typed `code`.
 */
export class IdpError<C extends AadstsCode = AadstsCode> extends Error {
  readonly code: AadstsCode;
  readonly entry: CatalogueEntry;
  readonly args: Readonly<Record<string, string>>;
  readonly detail?: string;
  readonly suberror?: string;
  readonly verdict?: Verdict;
  /** The OAuth `error` on the wire. */
  readonly oauthError: OAuthError;
  readonly retryAfterSeconds?: number;
  readonly claims?: string;

  constructor(code: C, ...[typed]: IdpErrorOptionsParam<C>) {
    const options: CheckedOptions = typed ?? {};
    const entry: CatalogueEntry = catalogue[code];
    const args = options.args ?? {};
    super(`AADSTS${code}: ${formatMessage(entry.message, args)}`);
    this.name = 'IdpError';
    this.code = code;
    this.entry = entry;
    this.args = args;
    this.detail = options.detail;
    this.suberror = options.suberror ?? entry.suberror;
    this.verdict = options.verdict;
    this.oauthError = options.oauthError ?? entry.error;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.claims = options.claims;
  }

  /** The message after "AADSTS<code>: ". */
  get description(): string {
    return formatMessage(this.entry.message, this.args);
  }
}

/** Shorthand used at throw sites: `throw idpError(7000215, { args: { appId } })`. */
export function idpError<C extends AadstsCode>(code: C, ...options: IdpErrorOptionsParam<C>): IdpError {
  return new IdpError(code, ...options);
}

/** The error for a refusal a policy decided: its code and arguments, already typed together. */
export function refusalError(refusal: AadstsRefusal, details: IdpErrorDetails = {}): IdpError {
  // The union `refusal` cannot be spread into the per-code parameter without losing the link
  // between its code and args, which AadstsRefusal already guarantees.
  const options: CheckedOptions = { ...details, args: refusal.args };
  return new IdpError<AadstsCode>(refusal.code, ...([options] as IdpErrorOptionsParam<AadstsCode>));
}

/** Fill `{name}` slots; a slot without a value is left as written so a missing arg is visible. */
export function formatMessage(template: string, args: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in args ? args[key] : whole));
}
