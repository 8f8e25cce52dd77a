// Per-request identifiers and the origin the client called.

import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { isGuid } from '../core/guid.js';


export interface RequestInfo {
  traceId: string;
  correlationId: string;
  origin: string;
}

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
 * The client's `client-request-id` (body, query or header — MSAL sends the first two [M]) becomes
 * the correlation id; otherwise a new one. Only GUIDs are echoed.
 */
export function correlationIdOf(req: FastifyRequest, body?: Record<string, string>): string {
  const query = req.query as Record<string, unknown> | undefined;
  const candidates = [body?.['client-request-id'], query?.['client-request-id'], req.headers['client-request-id']];
  for (const c of candidates) if (typeof c === 'string' && isGuid(c)) return c.toLowerCase();
  return randomUUID();
}
