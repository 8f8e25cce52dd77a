// POST /{tenant}/oauth2/devicecode (v1, resource=) and /{tenant}/oauth2/v2.0/devicecode (v2, scope=):
// the device authorization request (entra-protocol.md §3.6). Same wire handling, headers and
// error bodies as the token endpoint.

import type { FastifyInstance } from 'fastify';
import { idpError } from '../../core/errors/idp-error.js';
import type { EndpointVersion } from '../../flows/shared/context.js';
import { handleDeviceCodeRequest } from '../../flows/device/request.js';
import { serveFormEndpoint } from '../kit/form-endpoint.js';
import { refuse, type TokenRouteOptions } from '../kit/refusal.js';
import type { TenantPath } from '../kit/route-types.js';

export function deviceCodeRoutes(options: TokenRouteOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    const endpoints: Array<[string, EndpointVersion]> = [
      ['/:tenant/oauth2/devicecode', 'v1'],
      ['/:tenant/oauth2/v2.0/devicecode', 'v2'],
    ];
    for (const [path, endpoint] of endpoints) {
      app.post<TenantPath>(path, (req, reply) =>
        serveFormEndpoint(req, reply, endpoint, options, (request) => handleDeviceCodeRequest(request, options.deps)),
      );
      app.get(path, (req, reply) => refuse(req, reply, idpError(900561, { args: { verbs: 'POST', method: 'GET' } }), options));
    }
  };
}
