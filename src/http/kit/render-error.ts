// IdpError → Entra's error body (entra-protocol.md §5.1), field order as Entra emits it:
// error, error_description, error_codes, timestamp, trace_id, correlation_id[, error_uri][, suberror][, claims].
// The text rules (description, timestamp, error_uri) are core/errors/envelope.ts.

import { entraTimestamp, errorDescription, errorUri } from '../../core/errors/envelope.js';
import type { IdpError } from '../../core/errors/idp-error.js';

export { entraTimestamp };

interface ErrorContext {
  traceId: string;
  correlationId: string;
  /** `https://host[:port]` the client called; error_uri mirrors it like Entra's [O]. */
  origin: string;
  now: Date;
}

export function errorBody(err: IdpError, ctx: ErrorContext, overrideError?: string): Record<string, unknown> {
  const timestamp = entraTimestamp(ctx.now);
  const body: Record<string, unknown> = {
    error: overrideError ?? err.oauthError,
    error_description: errorDescription(Number(err.code), err.description, { traceId: ctx.traceId, correlationId: ctx.correlationId, timestamp }),
    error_codes: [Number(err.code)],
    timestamp,
    trace_id: ctx.traceId,
    correlation_id: ctx.correlationId,
  };
  const uri = errorUri(ctx.origin, Number(err.code), err.entry);
  if (uri !== undefined) body.error_uri = uri;
  if (err.suberror) body.suberror = err.suberror;
  if (err.claims !== undefined) body.claims = err.claims;
  return body;
}

/**
 * Entrada's page explaining this very request (what was sent, what decided, the fix), which Entra
 * does not offer: error_uri stays Entra's bare `/error?code=N`, so the page for the request goes in
 * a `Link` header (RFC 8288, relation "help") on every JSON refusal, for any code.
 */
export function explanationLink(err: IdpError, ctx: Pick<ErrorContext, 'origin' | 'traceId'>): string {
  return `<${ctx.origin}/error?code=${err.code}&trace_id=${ctx.traceId}>; rel="help"`;
}
