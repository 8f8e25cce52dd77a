// GET /error — the target of every error_uri Entrada sends (`/error?code=<n>&trace_id=<id>`), like
// Entra's own lookup page. Without a code it lists every code; with one it explains that code.

import type { FastifyInstance, FastifyReply } from 'fastify';
import { ERROR_PAGE_CSP, parseCodeParam, renderErrorIndex, renderErrorPage, type ErrorPageResult } from './error-page.js';

/** A query value as one string: the first one when repeated, undefined when absent. */
export function single(value: unknown): string | undefined {
  if (Array.isArray(value)) return single(value[0]);
  return typeof value === 'string' ? value : undefined;
}

function send(reply: FastifyReply, page: ErrorPageResult): FastifyReply {
  return reply
    .code(page.status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', ERROR_PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .send(page.html);
}

export async function errorPageRoutes(app: FastifyInstance): Promise<void> {
  app.get('/error', async (req, reply) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const rawCode = single(query['code']);
    const traceId = single(query['trace_id']);
    const correlationId = single(query['correlation_id']);
    const host = req.host;

    if (rawCode === undefined || rawCode.trim() === '') {
      return send(reply, renderErrorIndex({ host }));
    }
    return send(
      reply,
      renderErrorPage({
        code: parseCodeParam(rawCode),
        host,
        rawCode,
        ...(traceId ? { traceId } : {}),
        ...(correlationId ? { correlationId } : {}),
      }),
    );
  });
}
