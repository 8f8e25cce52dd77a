// A minimal Azure Resource Manager on management.azure.com, for hosts mode (issue 15): every
// `az login` lists subscriptions (and tenants) right after its token request, even with
// --allow-no-subscriptions [O: graph-and-clients.md §0.4, §F.4]. Entrada manages no Azure
// resources: the caller's tenant has no subscriptions, and its one tenant is the token's. Tokens
// are checked as ARM checks them (signed by this Entrada, for ARM's audience); refusals are in ARM's
// error envelope. Only requests to management.azure.com are answered; elsewhere these paths are 404.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AZURE_RESOURCE_MANAGER_HOST } from '../../core/microsoft-hosts.js';
import type { DirectoryReader } from '../../core/ports.js';
import type { TokenDeps } from '../../flows/shared/context.js';
import { type BearerProblem, checkBearerToken } from '../kit/bearer-token.js';

/** The audiences ARM accepts: its identifier URIs, with and without the trailing slash, and its appId. */
const ARM_AUDIENCES = new Set([
  'https://management.core.windows.net/',
  'https://management.core.windows.net',
  'https://management.azure.com/',
  'https://management.azure.com',
  '797f4846-ba00-4fd7-ba43-dac1f8f63013',
]);

/**
 * ARM's 401 codes and messages [I: written from ARM's published error codes (AuthenticationFailed,
 * InvalidAuthenticationToken*, ExpiredAuthenticationToken), not captured here; az prints the message
 * and fails either way].
 */
const ARM_401: Record<BearerProblem, [string, string]> = {
  missing: ['AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing."],
  malformed: ['InvalidAuthenticationToken', 'The access token is invalid.'],
  signature: ['InvalidAuthenticationToken', 'The access token is invalid.'],
  lifetime: ['ExpiredAuthenticationToken', 'The access token expiry UTC time is earlier than current UTC time.'],
  audience: ['InvalidAuthenticationTokenAudience', 'The access token has been obtained for wrong audience or resource.'],
  issuer: ['InvalidAuthenticationTokenTenant', 'The access token is from the wrong issuer.'],
};

export function armRoutes(options: { deps: Pick<TokenDeps, 'signer' | 'assertionSignatures' | 'clock' | 'directory'> }) {
  return async (app: FastifyInstance): Promise<void> => {
    const authenticated = (req: FastifyRequest, reply: FastifyReply): Record<string, unknown> | undefined => {
      const check = checkBearerToken(req, options.deps, ARM_AUDIENCES);
      if (check.ok) return check.claims;
      const [code, message] = ARM_401[check.problem];
      void reply
        .code(401)
        // [I] ARM's challenge names the login host; no client here reads it.
        .header('www-authenticate', `Bearer authorization_uri="https://login.windows.net/", error="invalid_token", error_description="${message}"`)
        .send({ error: { code, message } });
      return undefined;
    };
    app.get('/subscriptions', async (req, reply) => {
      if (!onArmHost(req)) return reply.callNotFound();
      if (!authenticated(req, reply)) return reply;
      // [I] Newer api-versions add `count`; az reads `value` only (graph-and-clients.md §F.4).
      return { value: [], count: { type: 'Total', value: 0 } };
    });
    app.get('/tenants', async (req, reply) => {
      if (!onArmHost(req)) return reply.callNotFound();
      const claims = authenticated(req, reply);
      if (!claims) return reply;
      const tenant = await tenantOf(options.deps.directory, String(claims['tid']));
      return { value: tenant ? [tenant] : [], count: { type: 'Total', value: tenant ? 1 : 0 } };
    });
  };
}

function onArmHost(req: FastifyRequest): boolean {
  return req.hostname.toLowerCase() === AZURE_RESOURCE_MANAGER_HOST;
}

async function tenantOf(directory: DirectoryReader, tenantId: string): Promise<Record<string, unknown> | undefined> {
  const tenant = await directory.findTenant(tenantId);
  if (!tenant) return undefined;
  return {
    id: `/tenants/${tenant.id}`,
    tenantId: tenant.id,
    tenantCategory: 'Home',
    displayName: tenant.displayName,
    domains: tenant.domains,
    defaultDomain: tenant.domains[0],
    tenantType: 'AAD',
  };
}
