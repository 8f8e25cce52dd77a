// POST /{tenant}/oauth2/devicecode (v1, resource=) and /{tenant}/oauth2/v2.0/devicecode (v2, scope=):
// the device authorization request (entra-protocol.md §3.6). Same wire handling, headers and
// error bodies as the token endpoint.

import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { idpError } from '../core/errors/idp-error.js';
import type { EndpointVersion, TokenRequest } from '../flows/token/context.js';
import { correlationIdOf } from './request-info.js';
import { tokenEntry } from './sign-in-log.js';
import { handleDeviceCodeRequest } from '../flows/device/request.js';
import { buildTokenRequest, formParams, refuse, setTokenHeaders, type TokenRouteOptions } from './token-route.js';

export function deviceCodeRoutes(options: TokenRouteOptions) {
  return async function (app: FastifyInstance): Promise<void> {
    const endpoints: Array<[string, EndpointVersion]> = [
      ['/:tenant/oauth2/devicecode', 'v1'],
      ['/:tenant/oauth2/v2.0/devicecode', 'v2'],
    ];
    for (const [path, endpoint] of endpoints) {
      app.post(path, (req, reply) => serveDeviceCode(req, reply, endpoint, options));
      app.get(path, (req, reply) => refuse(req, reply, idpError(900561, { args: { verbs: 'POST', method: 'GET' } }), options));
    }
  };
}

async function serveDeviceCode(req: FastifyRequest, reply: FastifyReply, endpoint: EndpointVersion, options: TokenRouteOptions) {
  let params: Record<string, string> | undefined;
  let request: TokenRequest | undefined;
  try {
    params = formParams(req);
    request = { ...(await buildTokenRequest(req, endpoint, params, options)), trace: {} };
    const body = await handleDeviceCodeRequest(request, options.deps);
    const traceId = randomUUID();
    setTokenHeaders(reply, traceId);
    const log = options.signIns;
    log?.record(tokenEntry(req, { traceId, correlationId: correlationIdOf(req, params), now: options.deps.clock.now() }, request, params, log.fingerprint));
    return reply.code(200).send(body);
  } catch (err) {
    return refuse(req, reply, err, options, params, request);
  }
}
