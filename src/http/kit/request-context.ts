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

/** A new correlation id, or a trace id where no request exists (kit/client-error.ts). */
export function newRequestId(): string {
  return randomUUID();
}

/**
 * A request's trace id: a GUID whose first 48 bits are the time in milliseconds (RFC 9562 §5.7,
 * UUIDv7; the other 74 bits stay random, so a trace id is still unguessable at /error?trace_id=).
 * It is the sign-in log's primary key, and time-ordered keys are appended to its index where random
 * ones rewrite a page each (storage/migrations/0011). Entra's trace ids are version-4 GUIDs [O]; no
 * client reads the version digit [I], so this one difference is kept for the write cost.
 */
export function newTraceId(at: Date): string {
  const ms = at.getTime();
  // Number#toString(16) of a 48-bit value is slow in V8 (a few µs), and requests of the same
  // millisecond share the prefix, so it is worked out once per millisecond.
  if (ms !== prefixMs) {
    prefixMs = ms;
    const hex = Math.max(0, Math.min(ms, 0xffff_ffff_ffff)).toString(16).padStart(12, '0');
    prefix = `${hex.slice(0, 8)}-${hex.slice(8)}-7`;
  }
  return prefix + randomUUID().slice(15);
}

let prefixMs = Number.NaN;
let prefix = '';

/** Gives every request of `app` its context. */
export function installRequestContext(app: FastifyInstance, options: RequestContextOptions): void {
  app.decorateRequest('requestContext', undefined as unknown as RequestContext);
  // A callback hook, not an async one: no promise per request (issue 16).
  app.addHook('onRequest', (req, _reply, done) => {
    attachRequestContext(req, options);
    done();
  });
}

/**
 * The request's context, attached now if no hook ran: Fastify answers a URL its router cannot
 * read (frameworkErrors) before any onRequest hook.
 */
export function attachRequestContext(req: FastifyRequest, options: RequestContextOptions): RequestContext {
  if (req.requestContext) return req.requestContext;
  const receivedAt = options.now();
  const context: RequestContext = {
    traceId: newTraceId(receivedAt),
    correlationId: firstGuid(options.correlationSources(req)) ?? newRequestId(),
    origin: options.origin(req),
    clientAddress: req.ip,
    receivedAt,
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
