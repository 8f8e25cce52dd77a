// The wire format of the token and devicecode endpoints, parsed into the TokenRequest their flows
// take: every parameter capped before any lookup, the tenant segment resolved, the credential found.

import type { FastifyRequest } from 'fastify';
import { presentedCredential } from '../../core/policy/client-credential.js';
import { checkParameterLimits, parameterProblem } from '../../core/policy/parameter-limits.js';
import type { EndpointVersion, TokenRequest } from '../../flows/shared/context.js';
import { resolveTenant } from '../../flows/shared/resolve-tenant.js';
import { parseBasicAuth } from './form.js';
import type { TokenRouteOptions } from './refusal.js';
import type { TenantPath } from './route-types.js';

export async function buildTokenRequest(
  req: FastifyRequest<TenantPath>,
  endpoint: EndpointVersion,
  params: Record<string, string>,
  options: TokenRouteOptions,
): Promise<TokenRequest> {
  // Every value capped before any lookup (issue 9): the directory cache is keyed on them.
  const basic = parseBasicAuth(req.headers.authorization);
  const overLimit =
    checkParameterLimits(params) ?? (basic && (parameterProblem('client_id', basic.clientId) ?? parameterProblem('client_secret', basic.secret)));
  if (overLimit) throw overLimit;
  const segment = req.params.tenant;
  const resolved = await resolveTenant(segment, options.deps.directory);
  const { clientId, credential } = presentedCredential(params, basic);
  const origin = req.headers.origin;
  return {
    endpoint,
    tenant: resolved.tenant,
    tenantAlias: resolved.alias,
    tenantSegment: segment,
    origin: req.requestContext.origin,
    params,
    clientId,
    credential,
    originHeader: typeof origin === 'string' && origin !== '' ? origin : null,
    clientAddress: req.requestContext.clientAddress ?? '',
  };
}
