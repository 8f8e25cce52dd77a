// A refusal in Entra's JSON shape, shared by every endpoint family that answers with JSON (token,
// devicecode, discovery, managed identity, the app-wide handlers): headers, error body, the
// terminal's refusal line and the sign-in log entry. Unknown exceptions become AADSTS50000.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdpError, idpError } from '../../core/errors/idp-error.js';
import type { TokenDeps, TokenRequest } from '../../flows/shared/context.js';
import type { SignInRecorder } from '../../sign-in-log/recorder.js';
import { errorBody, explanationLink } from './render-error.js';
import { setStsHeaders } from './sts-headers.js';
import type { RequestFacts } from '../../flows/shared/facts.js';
import { correlationIdFor } from './request-context.js';
import { tokenEntry } from './sign-in-log.js';

/** What the token endpoint reports about a refusal (never a secret, password or token). */
export interface RefusalEvent {
  error: IdpError;
  traceId: string;
  correlationId: string;
  grantType?: string;
  clientId?: string;
  /** Where the refusal happened when not the token endpoint, e.g. `/authorize`. */
  endpoint?: string;
}

export interface TokenRouteOptions {
  deps: TokenDeps;
  onRefusal?: (event: RefusalEvent) => void;
  /** The sign-in log: every request to a sign-in endpoint, success or refusal. */
  signIns?: SignInRecorder;
}

/** Headers Entra sends on every token endpoint response, success or error [O: §5.1]. */
export function setTokenHeaders(reply: FastifyReply, traceId: string): void {
  reply.headers({
    'cache-control': 'no-store, no-cache',
    pragma: 'no-cache',
    expires: '-1',
    'x-content-type-options': 'nosniff',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-ms-request-id': traceId,
    'content-type': 'application/json; charset=utf-8',
  });
  setStsHeaders(reply);
}

/**
 * Render any failure as Entra's error body. Unknown exceptions are bugs: logged, never a stack
 * trace. `facts` are what the flow learnt before it refused (flows/shared/facts.ts).
 */
export function refuse(
  req: FastifyRequest,
  reply: FastifyReply,
  err: unknown,
  options: TokenRouteOptions,
  params?: Record<string, string>,
  tokenRequest?: TokenRequest,
  facts?: RequestFacts,
) {
  const { traceId, origin, receivedAt } = req.requestContext;
  const idp = err instanceof IdpError ? err : unexpected(req, err, traceId);
  req.requestContext.refusalCode = idp.code;
  const correlationId = correlationIdFor(req, params);
  options.onRefusal?.({ error: idp, traceId, correlationId, grantType: params?.grant_type, clientId: params?.client_id });
  const log = options.signIns;
  log?.record(tokenEntry(req, { error: idp, correlationId }, tokenRequest, params, facts, log.fingerprint));
  setTokenHeaders(reply, traceId);
  // Throttling (AADSTS90055, 429): MSAL waits this long before sending the same request again [M].
  if (idp.retryAfterSeconds !== undefined) reply.header('retry-after', String(idp.retryAfterSeconds));
  reply.header('link', explanationLink(idp, { origin, traceId }));
  return reply.code(idp.entry.status).send(errorBody(idp, { traceId, correlationId, origin, now: receivedAt }));
}

/** A bug, not a refusal: logged with the trace id the client sees, answered as Entra's 50000. */
export function unexpected(req: FastifyRequest, err: unknown, traceId: string): IdpError {
  req.log.error({ err, traceId, url: req.url }, 'unexpected error');
  return idpError(50000, { detail: `An internal error; the server log has it under trace id ${traceId}.` });
}
