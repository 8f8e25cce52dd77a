// Who calls Graph: the bearer token, verified as Graph verifies tokens Entra issued for it
// (signature by one of this Entrada's keys, lifetime, audience Microsoft Graph, issuer of the
// token's own tenant), turned into the actor the directory operations authorise. Graph's 401
// messages as clients see them [O: graph-and-clients.md §C.4].

import type { FastifyRequest } from 'fastify';
import type { DirectoryStore } from '../../core/ports.js';
import { GRAPH_APP_ID } from '../../core/policy/scope.js';
import type { TokenDeps } from '../../flows/shared/context.js';
import { type BearerProblem, checkBearerToken } from '../kit/bearer-token.js';
import { ENTRADA_CLI_APP_ID, ENTRADA_CLI_DISPLAY_NAME, type GraphActor } from '../../directory/context.js';
import { GraphError } from '../../directory/errors.js';

const GRAPH_AUDIENCES = new Set([GRAPH_APP_ID, 'https://graph.microsoft.com', 'https://graph.microsoft.com/']);

function unauthenticated(message: string): GraphError {
  return new GraphError(401, 'InvalidAuthenticationToken', message);
}

/** Graph's 401 message for each way a bearer token fails [O: graph-and-clients.md §C.4]. */
const GRAPH_401: Record<BearerProblem, string> = {
  missing: 'Access token is empty.',
  malformed: 'CompactToken parsing failed with error code: 80049217',
  signature: 'Signing key is invalid.',
  lifetime: 'Access token has expired or is not yet valid.',
  audience: 'Access token validation failure. Invalid audience.',
  issuer: 'Access token validation failure. Invalid issuer.',
};

/** The verified claims of the request's bearer token, or Graph's 401. */
export function verifyGraphToken(req: FastifyRequest, deps: Pick<TokenDeps, 'signer' | 'assertionSignatures' | 'clock'>): Record<string, unknown> {
  const check = checkBearerToken(req, deps, GRAPH_AUDIENCES);
  if (!check.ok) throw unauthenticated(GRAPH_401[check.problem]);
  return check.claims;
}

/** The actor behind a verified token: app-only (roles) or delegated (scopes plus the user's directory roles). */
export async function graphActor(req: FastifyRequest, claims: Record<string, unknown>, store: DirectoryStore): Promise<GraphActor> {
  const tenantId = String(claims['tid']).toLowerCase();
  const appId = String(claims['appid'] ?? claims['azp'] ?? '').toLowerCase();
  const sp = appId ? await store.findServicePrincipalByAppId(tenantId, appId) : undefined;
  const ctx = req.requestContext;
  const base = {
    tenantId,
    // The `entrada` command line has no service principal; audit entries still name it.
    app: { appId, displayName: sp?.displayName ?? (appId === ENTRADA_CLI_APP_ID ? ENTRADA_CLI_DISPLAY_NAME : null), servicePrincipalId: sp?.id ?? null },
    ipAddress: ctx.clientAddress ?? null,
    correlationId: ctx.correlationId,
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
  };
  if (typeof claims['scp'] === 'string') {
    const userId = String(claims['oid'] ?? '').toLowerCase();
    const user = userId ? await store.getUser(tenantId, userId) : undefined;
    // A token outliving its user (deleted, disabled) no longer acts for anyone [I].
    if (!user?.accountEnabled) throw unauthenticated('Access token validation failure. The user of the token no longer exists or is disabled.');
    return {
      ...base,
      caller: { kind: 'user', scopes: claims['scp'].split(' ').filter(Boolean), directoryRoles: await store.listDirectoryRoles(tenantId, user.id) },
      user: { id: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName },
    };
  }
  const roles = Array.isArray(claims['roles']) ? claims['roles'].filter((r): r is string => typeof r === 'string') : [];
  return { ...base, caller: { kind: 'app', roles }, user: null };
}
