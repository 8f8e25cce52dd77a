// GET /error — the target of every error_uri Entrada sends (`/error?code=<n>&trace_id=<id>`), like
// Entra's own lookup page. Without a code it lists every code; with one it explains that code,
// and with the trace id of a request this Entrada logged, that very request first.

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SignInRecorder } from './sign-in-recorder.js';
import { explainEntry } from './request-explanation.js';
import { traceAudience } from '../core/policy/trace-audience.js';
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

/** Trace ids are GUIDs; anything else is not looked up. */
const TRACE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function errorPageRoutes(options: { signIns?: SignInRecorder } = {}) {
  return async (app: FastifyInstance) => routes(app, options);
}

async function routes(app: FastifyInstance, options: { signIns?: SignInRecorder }): Promise<void> {
  app.get('/error', async (req, reply) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const rawCode = single(query['code']);
    const traceId = single(query['trace_id']);
    const correlationId = single(query['correlation_id']);
    const host = req.host;

    if (rawCode === undefined || rawCode.trim() === '') {
      return send(reply, renderErrorIndex({ host }));
    }
    // The request behind the trace id, when this Entrada logged it (issue #5); identities and
    // internals only for callers on this machine (the socket's peer, never a forwarded header).
    const entry = traceId && TRACE_ID.test(traceId) ? await options.signIns?.get(traceId) : undefined;
    return send(
      reply,
      renderErrorPage({
        ...(entry ? { request: explainEntry(entry, traceAudience(req.socket.remoteAddress)) } : {}),
        code: parseCodeParam(rawCode),
        host,
        rawCode,
        ...(traceId ? { traceId } : {}),
        ...(correlationId ? { correlationId } : {}),
      }),
    );
  });
}
