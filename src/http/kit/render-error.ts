// IdpError → Entra's error body (entra-protocol.md §5.1), field order as Entra emits it:
// error, error_description, error_codes, timestamp, trace_id, correlation_id, error_uri[, suberror].

import type { IdpError } from '../../core/errors/idp-error.js';

interface ErrorContext {
  traceId: string;
  correlationId: string;
  /** `https://host[:port]` the client called; error_uri mirrors it like Entra's [O]. */
  origin: string;
  now: Date;
}

/** `yyyy-MM-dd HH:mm:ssZ`, UTC, no fraction [D][O]. */
export function entraTimestamp(d: Date): string {
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function errorBody(err: IdpError, ctx: ErrorContext, overrideError?: string): Record<string, unknown> {
  const timestamp = entraTimestamp(ctx.now);
  const body: Record<string, unknown> = {
    error: overrideError ?? err.oauthError,
    error_description: `AADSTS${err.code}: ${err.description}\r\nTrace ID: ${ctx.traceId}\r\nCorrelation ID: ${ctx.correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [Number(err.code)],
    timestamp,
    trace_id: ctx.traceId,
    correlation_id: ctx.correlationId,
    error_uri: `${ctx.origin}/error?code=${err.code}&trace_id=${ctx.traceId}`,
  };
  if (err.suberror) body.suberror = err.suberror;
  return body;
}
