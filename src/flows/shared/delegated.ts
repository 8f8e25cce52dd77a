// What every delegated (user) grant does once it knows the user and the scope asked: the user
// must be enabled and, where the app requires it, assigned; then the resource, the consented
// permissions (65001 otherwise), the user's roles on it, and the response's scope string.

import { idpError } from '../../core/errors/idp-error.js';
import type { Tenant, User } from '../../core/model.js';
import { responseScope, type ScopeRequest } from '../../core/policy/scope.js';
import type { Client, TokenDeps, TokenRequest } from './context.js';
import { assignedUserRoles, delegatedPermissions, requireUserAssignment, resolveResource, type Resource } from './resource.js';

interface DelegatedGrant {
  resource: Resource;
  scp: string[];
  roles: string[];
  oidc: string[];
  /** The `scope` echoed in the response. */
  scope: string;
  /** Full scope strings a new refresh token family remembers. */
  grantedScopes: string[];
}

export async function delegatedGrant(
  req: TokenRequest,
  tenant: Tenant,
  client: Client,
  user: User,
  asked: ScopeRequest,
  deps: Pick<TokenDeps, 'directory'>,
): Promise<DelegatedGrant> {
  if (!user.accountEnabled) throw idpError(50057);
  await requireUserAssignment(client, user, deps);
  const { resource: request, oidc } = asked;
  const resource = await resolveResource(req, tenant, request, deps);
  const [scp, roles] = await Promise.all([
    delegatedPermissions(client, user, resource, request, deps),
    assignedUserRoles(user, resource, deps),
  ]);
  return {
    resource,
    scp,
    roles,
    oidc,
    scope: responseScope(request, scp, oidc, { endpoint: req.endpoint, isGraph: resource.isGraph }),
    grantedScopes: [...scp.map((p) => `${request.identifier}/${p}`), ...oidc],
  };
}
