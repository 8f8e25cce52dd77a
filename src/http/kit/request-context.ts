// What every response needs to know about its request, computed once when the request arrives:
// the trace id (x-ms-request-id, error bodies, the sign-in log entry's id), the correlation id,
// the origin the client called, the client's address and the time. Routes read it as
// `req.requestContext`; no route draws its own ids.

import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isGuid } from '../../core/guid.js';

interface RequestContext {
  readonly traceId: string;
  /**
   * The client's own GUID where the endpoint looks for one (query, header), lower-cased; otherwise
   * a new one. A form body may still name another: see correlationIdFor.
   */
  readonly correlationId: string;
  /** `https://host[:port]` the client called (kit/request-info.ts decides which hosts count). */
  readonly origin: string;
  /** The socket's peer as Fastify sees it (no forwarded header is trusted). */
  readonly clientAddress: string | undefined;
  readonly receivedAt: Date;
  /**
   * The AADSTS code the request was refused with, noted where the refusal is sent (kit/refusal.ts,
   * /authorize); with grantType, read by the request log and the metrics (http/ops/) at the end.
   */
  refusalCode: number | undefined;
  /** The grant_type a token request sent, as sent (kit/form-endpoint.ts). */
  grantType: string | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the onRequest hook of kit/request-context.ts, before any route runs. */
    requestContext: RequestContext;
  }
}

interface RequestContextOptions {
  now: () => Date;
  origin: (req: FastifyRequest) => string;
  /** Where the client may send its correlation id, in order of preference; the first GUID wins. */
  correlationSources: (req: FastifyRequest) => unknown[];
}

/** A new trace or correlation id; also for answers sent where no request exists (kit/client-error.ts). */
export function newRequestId(): string {
  return randomUUID();
}

/** Gives every request of `app` its context. */
export function installRequestContext(app: FastifyInstance, options: RequestContextOptions): void {
  app.decorateRequest('requestContext', undefined as unknown as RequestContext);
  app.addHook('onRequest', async (req) => {
    attachRequestContext(req, options);
  });
}

/**
 * The request's context, attached now if no hook ran: Fastify answers a URL its router cannot
 * read (frameworkErrors) before any onRequest hook.
 */
export function attachRequestContext(req: FastifyRequest, options: RequestContextOptions): RequestContext {
  if (req.requestContext) return req.requestContext;
  const context: RequestContext = {
    traceId: newRequestId(),
    correlationId: firstGuid(options.correlationSources(req)) ?? newRequestId(),
    origin: options.origin(req),
    clientAddress: req.ip,
    receivedAt: options.now(),
    refusalCode: undefined,
    grantType: undefined,
  };
  req.requestContext = context;
  return context;
}

/**
 * Token and devicecode requests may carry `client-request-id` in the form body (MSAL sends it in
 * the body or the query [M]); the body's GUID comes first, then the context's.
 */
export function correlationIdFor(req: FastifyRequest, body?: Readonly<Record<string, string>>): string {
  return firstGuid([body?.['client-request-id']]) ?? req.requestContext.correlationId;
}

function firstGuid(candidates: unknown[]): string | undefined {
  for (const c of candidates) if (typeof c === 'string' && isGuid(c)) return c.toLowerCase();
  return undefined;
}
