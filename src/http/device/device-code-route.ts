// POST /{tenant}/oauth2/devicecode (v1, resource=) and /{tenant}/oauth2/v2.0/devicecode (v2, scope=):
// the device authorization request (entra-protocol.md §3.6). Same wire handling, headers and
// error bodies as the token endpoint.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { idpError } from '../../core/errors/idp-error.js';
import type { EndpointVersion, TokenRequest } from '../../flows/shared/context.js';
import type { RequestFacts } from '../../flows/shared/facts.js';
import { correlationIdFor } from '../kit/request-context.js';
import type { TenantPath } from '../kit/route-types.js';
import { tokenEntry } from '../kit/sign-in-log.js';
import { handleDeviceCodeRequest } from '../../flows/device/request.js';
import { formParams } from '../kit/form.js';
import { refuse, setTokenHeaders, type TokenRouteOptions } from '../kit/refusal.js';
import { buildTokenRequest } from '../kit/token-request.js';

export function deviceCodeRoutes(options: TokenRouteOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    const endpoints: Array<[string, EndpointVersion]> = [
      ['/:tenant/oauth2/devicecode', 'v1'],
      ['/:tenant/oauth2/v2.0/devicecode', 'v2'],
    ];
    for (const [path, endpoint] of endpoints) {
      app.post<TenantPath>(path, (req, reply) => serveDeviceCode(req, reply, endpoint, options));
      app.get(path, (req, reply) => refuse(req, reply, idpError(900561, { args: { verbs: 'POST', method: 'GET' } }), options));
    }
  };
}

async function serveDeviceCode(req: FastifyRequest<TenantPath>, reply: FastifyReply, endpoint: EndpointVersion, options: TokenRouteOptions) {
  let params: Record<string, string> | undefined;
  let request: TokenRequest | undefined;
  let facts: RequestFacts | undefined;
  try {
    params = formParams(req);
    request = await buildTokenRequest(req, endpoint, params, options);
    const outcome = await handleDeviceCodeRequest(request, options.deps);
    facts = outcome.facts;
    if (!outcome.ok) return refuse(req, reply, outcome.error, options, params, request, facts);
    setTokenHeaders(reply, req.requestContext.traceId);
    const log = options.signIns;
    log?.record(tokenEntry(req, { correlationId: correlationIdFor(req, params) }, request, params, facts, log.fingerprint));
    return reply.code(200).send(outcome.value);
  } catch (err) {
    return refuse(req, reply, err, options, params, request, facts);
  }
}
