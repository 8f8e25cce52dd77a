// The origin the client called, and where it may name its correlation id (kit/request-context.ts).

import type { FastifyRequest } from 'fastify';

export interface OriginPolicy {
  /** Used when the Host header is missing or names a host Entrada was not configured for. */
  publicOrigin: string;
  /** Host names (lower-case, no port) the server answers as. */
  hostnames: ReadonlySet<string>;
}

/**
 * Entra mirrors the host the client called in issuers and error_uri [O]; Entrada does the same
 * for its configured names (so a client using 127.0.0.1 validates issuers against 127.0.0.1),
 * and falls back to the public origin for anything else (a forged Host cannot mint issuers).
 */
export function requestOrigin(req: FastifyRequest, policy: OriginPolicy): string {
  const host = req.headers.host;
  if (typeof host !== 'string') return policy.publicOrigin;
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(host);
  if (!m || !policy.hostnames.has(m[1].toLowerCase())) return policy.publicOrigin;
  return m[2] && m[2] !== '443' ? `https://${m[1].toLowerCase()}:${m[2]}` : `https://${m[1].toLowerCase()}`;
}

/**
 * Where the login endpoints find the client's `client-request-id` besides a form body (the query,
 * then the header; MSAL sends the body or the query [M]). Only GUIDs are echoed
 * (kit/request-context.ts); otherwise a new id.
 */
export function correlationSources(req: FastifyRequest): unknown[] {
  const query: unknown = req.query;
  const fromQuery = typeof query === 'object' && query !== null && 'client-request-id' in query ? query['client-request-id'] : undefined;
  return [fromQuery, req.headers['client-request-id']];
}
