// Find the resource a token is for and what it grants: app roles (app-only) or consented
// delegated permissions (user flows).

import { idpError } from '../../core/errors/idp-error.js';
import type { Application, AppRoleAssignment, ServicePrincipal, Tenant, User } from '../../core/model.js';
import { groupsThatAssign, userAssignmentMissing } from '../../core/policy/assignment.js';
import { accessTokenFormat } from '../../core/tokens/audience.js';
import { GRAPH_APP_ID, grantDelegatedPermissions, type ResourceRequest } from '../../core/policy/scope.js';
import type { Client, TokenDeps, TokenRequest } from './context.js';

export interface Resource {
  app: Application;
  sp: ServicePrincipal;
  /** The access token version the resource asks for: null/1 → v1, 2 → v2 [D: §7.1]. */
  tokenVersion: 1 | 2;
  /** `aud`: v2 always the resource app id; v1 the resource as the client named it [D]. */
  audience: string;
  isGraph: boolean;
  /** The resource exactly as requested (v1 responses echo it in `resource`). */
  requested: string;
}

export async function resolveResource(
  req: Pick<TokenRequest, 'tenantSegment'>,
  tenant: Tenant,
  request: ResourceRequest,
  deps: Pick<TokenDeps, 'directory'>,
): Promise<Resource> {
  const found = await deps.directory.findResource(tenant.id, request.identifier);
  if (!found) throw idpError(500011, { args: { resource: request.identifier, tenant: req.tenantSegment } });
  const { version, audience } = accessTokenFormat(found.app.api.requestedAccessTokenVersion, found.app.appId, request.identifier);
  return {
    ...found,
    tokenVersion: version,
    audience,
    isGraph: found.app.appId === GRAPH_APP_ID,
    requested: request.identifier,
  };
}

/** Enabled app role values of `resource` assigned to `principalId` (a service principal: app-only tokens). */
export async function assignedRoles(principalId: string, resource: Resource, deps: Pick<TokenDeps, 'directory'>): Promise<string[]> {
  return roleValues(await deps.directory.listAppRoleAssignments(principalId, resource.sp.id), resource);
}

/**
 * A user's app roles on `resource`: those assigned to the user, and those assigned to a group the
 * user is a direct member of (core/policy/assignment.ts groupsThatAssign) [D].
 */
export async function assignedUserRoles(user: User, resource: Resource, deps: Pick<TokenDeps, 'directory'>): Promise<string[]> {
  const [own, viaGroups] = await Promise.all([
    deps.directory.listAppRoleAssignments(user.id, resource.sp.id),
    groupAssignmentsReaching(user, resource.sp, deps),
  ]);
  return roleValues([...own, ...viaGroups], resource);
}

function roleValues(assignments: readonly AppRoleAssignment[], resource: Resource): string[] {
  if (assignments.length === 0) return [];
  const byId = new Map(resource.app.appRoles.filter((r) => r.isEnabled).map((r) => [r.id, r.value]));
  const values: string[] = [];
  for (const a of assignments) {
    const v = byId.get(a.appRoleId);
    if (v !== undefined && !values.includes(v)) values.push(v);
  }
  return values;
}

/**
 * The assignments to `sp` of groups that reach the user. Apps with no group assigned (the common
 * case) cost one cached look-up and never read the user's groups.
 */
export async function groupAssignmentsReaching(user: User, sp: ServicePrincipal, deps: Pick<TokenDeps, 'directory'>): Promise<AppRoleAssignment[]> {
  const assigned = await deps.directory.listGroupAppRoleAssignments(sp.id);
  if (assigned.length === 0) return [];
  const groups = groupsThatAssign(await deps.directory.listGroupMemberships(user.tenantId, user.id));
  return assigned.filter((a) => groups.has(a.principalId.toLowerCase()));
}

/** AADSTS50105 when the app the user signs in to requires assignment and the user has none, directly or through a group. */
export async function requireUserAssignment(client: Client, user: User, deps: Pick<TokenDeps, 'directory'>): Promise<void> {
  if (!client.sp.appRoleAssignmentRequired) return; // the common case costs no lookup
  const own = await deps.directory.listAppRoleAssignments(user.id, client.sp.id);
  const count = own.length > 0 ? own.length : (await groupAssignmentsReaching(user, client.sp, deps)).length;
  if (userAssignmentMissing(true, count)) {
    throw idpError(50105, { args: { appName: client.app.displayName, appId: client.app.appId } });
  }
}

/** Delegated permissions the client may use for this user on this resource (consent), or 65001/70011. */
export async function delegatedPermissions(
  client: Client,
  user: User,
  resource: Resource,
  request: ResourceRequest,
  deps: Pick<TokenDeps, 'directory'>,
): Promise<string[]> {
  const grants = await deps.directory.listPermissionGrants(client.sp.id, resource.sp.id);
  const consented = grants
    .filter((g) => g.consentType === 'AllPrincipals' || g.principalId === user.id)
    .flatMap((g) => g.scope.split(' ').filter(Boolean));
  const defined = resource.app.api.oauth2PermissionScopes.filter((s) => s.isEnabled).map((s) => s.value);
  const result = grantDelegatedPermissions({ request, defined, consented });
  if (result.ok) return result.granted;
  if (result.code === 70011) throw idpError(70011, { args: { scope: `${request.identifier}/${result.scope}` } });
  throw idpError(65001, {
    args: { appId: client.app.appId, appName: client.app.displayName },
    detail: `No consent covers ${request.isDefault ? `${request.identifier}/.default` : request.permissions.join(' ')} for this client.`,
  });
}
