// POST /{tenant}/oauth2/token (v1, resource=) and /{tenant}/oauth2/v2.0/token (v2, scope=).
// Parses the wire format into a TokenRequest, runs the flow, renders Entra's JSON either way.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { idpError } from '../../core/errors/idp-error.js';
import { pageReadableGrant } from '../../core/policy/client-type.js';
import type { EndpointVersion } from '../../flows/shared/context.js';
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
      app.post<TenantPath>(path, { onSend: corsForBrowsers }, (req, reply) =>
        serveFormEndpoint(req, reply, endpoint, options, (request) => handleTokenRequest(request, options.deps)),
      );
      app.get(path, (req, reply) => refuse(req, reply, idpError(900561, { args: { verbs: 'POST', method: 'GET' } }), options));
      app.options(path, (req, reply) => preflight(req, reply));
    }
  };
}

/**
 * What Entra sends on a cross-origin (SPA) token response, byte for byte [O: issue 13]: any origin
 * may read it (the code needed PKCE and an SPA redirect URI already; no cookie is involved), and
 * the headers MSAL.js reads are exposed.
 */
const SPA_CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Content-Length,Content-Encoding,x-ms-request-id,x-ms-srs',
  'access-control-allow-methods': 'POST, OPTIONS',
};

/**
 * Every answer to a code or refresh request with an Origin header (a browser page's) carries the
 * SPA CORS headers, added as it is sent, from the grant_type the endpoint parsed (one parse). A
 * success then is an SPA's: any other client type with an Origin is refused (AADSTS9002326,
 * core/policy/client-type.ts). Which grants a page may read: pageReadableGrant (same file).
 *
 * Refusals carry them too — a choice [I] against §2.4's "errors come back without CORS headers"
 * [D]: MSAL.js can only turn AADSTS700084 (the SPA refresh token's 24 h are over) into an
 * interactive sign-in, or show 9002326/9002325, if the browser lets it read the body; without
 * Access-Control-Allow-Origin it sees a bare network error. Browser apps do report these codes
 * from MSAL.js with Entra's text [O: public MSAL.js issues quoting AADSTS9002326 bodies], which a
 * hidden body would not allow. Requests without Origin (not from a browser page) get none.
 */
function corsForBrowsers(req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void): void {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== '' && pageReadableGrant(req.requestContext.grantType)) reply.headers(SPA_CORS_HEADERS);
  // A callback hook, not an async one: no promise per token request (issue 16).
  done(null, payload);
}

/**
 * CORS preflight. MSAL.js sends simple form POSTs that need none; other browser clients adding a
 * header get a permissive preflight with the same origin and methods as the POST's answer [I].
 */
function preflight(req: FastifyRequest, reply: FastifyReply) {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== '') {
    reply
      .header('access-control-allow-origin', '*')
      .header('access-control-allow-methods', SPA_CORS_HEADERS['access-control-allow-methods'])
      .header('access-control-allow-headers', 'content-type, client-request-id, x-client-sku, x-client-ver, x-client-os, x-client-cpu, x-ms-lib-capability')
      .header('access-control-max-age', '86400');
  }
  return reply.code(204).send();
}
