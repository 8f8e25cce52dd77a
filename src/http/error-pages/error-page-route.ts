// GET /error — the target of every error_uri Entrada sends (`/error?code=<n>`, as Entra's), like
// Entra's own lookup page. Without a code it lists every code; with one it explains that code,
// and with the trace id of a request this Entrada logged (`&trace_id=<id>`: the `Link` header of
// every JSON refusal, kit/render-error.ts), that very request first. A trace id alone is enough:
// the logged request names its code.

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SignInRecorder } from '../../sign-in-log/recorder.js';
import { explainEntry } from '../../core/request-explanation.js';
import { traceAudience } from '../../core/policy/trace-audience.js';
import { single } from '../kit/query.js';
import type { ParsedQuery } from '../kit/route-types.js';
import { sendPage } from '../kit/csrf.js';
import type { PageResult } from '../kit/page.js';
import { ERROR_PAGE_CSP, parseCodeParam, renderErrorIndex, renderErrorPage } from './error-page.js';

/** The page kit's headers, with the error pages' own CSP (their style, no forms). */
function send(reply: FastifyReply, page: PageResult): FastifyReply {
  return sendPage(reply, page, { csp: ERROR_PAGE_CSP });
}

/** Trace ids are GUIDs; anything else is not looked up. */
const TRACE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function errorPageRoutes(options: { signIns?: SignInRecorder } = {}) {
  return async (app: FastifyInstance) => routes(app, options);
}

async function routes(app: FastifyInstance, options: { signIns?: SignInRecorder }): Promise<void> {
  app.get<{ Querystring: ParsedQuery }>('/error', async (req, reply) => {
    const query = req.query;
    const rawCode = single(query['code']);
    const traceId = single(query['trace_id']);
    const correlationId = single(query['correlation_id']);
    const host = req.host;

    // The request behind the trace id, when this Entrada logged it (issue #5); identities and
    // internals only for callers on this machine (the socket's peer, never a forwarded header).
    const entry = traceId && TRACE_ID.test(traceId) ? await options.signIns?.get(traceId) : undefined;
    const asked = rawCode !== undefined && rawCode.trim() !== '';
    const code = asked ? parseCodeParam(rawCode) : (entry?.errorCode ?? undefined);
    if (code === undefined) return send(reply, renderErrorIndex({ host }));
    return send(
      reply,
      renderErrorPage({
        ...(entry ? { request: explainEntry(entry, traceAudience(req.socket.remoteAddress)) } : {}),
        code,
        host,
        rawCode: asked ? rawCode : String(code),
        ...(traceId ? { traceId } : {}),
        ...(correlationId ? { correlationId } : {}),
      }),
    );
  });
}
