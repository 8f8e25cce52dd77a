// POST /{tenant}/oauth2/token (v1, resource=) and /{tenant}/oauth2/v2.0/token (v2, scope=).
// Parses the wire format into a TokenRequest, runs the flow, renders Entra's JSON either way.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { idpError } from '../../core/errors/idp-error.js';
import type { EndpointVersion, TokenRequest } from '../../flows/shared/context.js';
import type { RequestFacts } from '../../flows/shared/facts.js';
import { handleTokenRequest } from '../../flows/token/handle.js';
import { serveFormEndpoint } from '../kit/form-endpoint.js';
import { refuse, type TokenRouteOptions } from '../kit/refusal.js';
import type { TenantPath } from '../kit/route-types.js';

export function tokenRoutes(options: TokenRouteOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    const endpoints: Array<[string, EndpointVersion]> = [
      ['/:tenant/oauth2/token', 'v1'],
      ['/:tenant/oauth2/v2.0/token', 'v2'],
    ];
    for (const [path, endpoint] of endpoints) {
      app.post<TenantPath>(path, (req, reply) =>
        serveFormEndpoint(req, reply, endpoint, options, (request) => handleTokenRequest(request, options.deps), allowSpaOrigin),
      );
      app.get(path, (req, reply) => refuse(req, reply, idpError(900561, { args: { verbs: 'POST', method: 'GET' } }), options));
      app.options(path, (req, reply) => preflight(req, reply));
    }
  };
}

/**
 * A successful request with an Origin header was decided SPA (any other client type with an Origin
 * is refused, AADSTS9002326). The browser may read the answer when the Origin is the origin of one
 * of the app's Single-page application redirect URIs [D: §2.4]; errors never carry CORS headers,
 * as Entra's do not [D].
 */
function allowSpaOrigin(reply: FastifyReply, req: TokenRequest, facts: RequestFacts): void {
  const origin = req.originHeader;
  if (origin === null || facts.verdict?.rule !== 'spa-cross-origin' || !facts.client) return;
  if (!facts.client.spaRedirectUris.some((uri) => originOf(uri) === origin.toLowerCase())) return;
  reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
}

function originOf(uri: string): string | undefined {
  try {
    return new URL(uri).origin.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * CORS preflight. MSAL.js sends simple form POSTs that need none; other browser clients adding a
 * header get a permissive preflight, and the POST itself decides whether its answer is readable [I].
 */
function preflight(req: FastifyRequest, reply: FastifyReply) {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== '') {
    reply
      .header('access-control-allow-origin', origin)
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', 'content-type, client-request-id, x-client-sku, x-client-ver, x-client-os, x-client-cpu, x-ms-lib-capability')
      .header('access-control-max-age', '86400')
      .header('vary', 'Origin');
  }
  return reply.code(204).send();
}
