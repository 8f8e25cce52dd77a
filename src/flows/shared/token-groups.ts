// Reads what core/tokens/group-claims.ts needs for one token, and only that: an application whose
// groupMembershipClaims is None (the common case) costs no directory read at all.
// The setting of the RESOURCE applies to access tokens, the client's to id tokens (group-claims.ts).

import type { Application, ServicePrincipal, User } from '../../core/model.js';
import {
  groupClaimKinds,
  groupClaimNeeds,
  groupClaimOptions,
  groupClaims,
  groupOverageEndpoint,
  type GroupClaimsResult,
} from '../../core/tokens/group-claims.js';
import type { TokenDeps } from './context.js';

export interface TokenGroupsInput {
  /** The application whose manifest decides: the resource (access token) or the client (id token). */
  app: Application;
  /** Its service principal in the user's tenant (ApplicationGroup: the groups assigned to it). */
  sp: ServicePrincipal;
  tokenType: 'idToken' | 'accessToken';
  user: User;
  /** The origin the request came to (the overage claim's Graph URL). */
  origin: string;
  /** Returned by /authorize (implicit or hybrid): hasgroups past 5 groups. */
  implicit: boolean;
}

export const NO_GROUP_CLAIMS: GroupClaimsResult = { replacesRoles: false };

export async function tokenGroupClaims(input: TokenGroupsInput, deps: Pick<TokenDeps, 'directory'>): Promise<GroupClaimsResult> {
  const kinds = groupClaimKinds(input.app.extras?.groupMembershipClaims);
  if (kinds.size === 0) return NO_GROUP_CLAIMS;
  const needs = groupClaimNeeds(kinds);
  const { user } = input;
  const [memberships, directoryRoles, assigned] = await Promise.all([
    needs.groups ? deps.directory.listGroupMemberships(user.tenantId, user.id) : Promise.resolve([]),
    needs.directoryRoles ? deps.directory.listDirectoryRoles(user.tenantId, user.id) : Promise.resolve([]),
    kinds.has('ApplicationGroup') ? deps.directory.listGroupAppRoleAssignments(input.sp.id) : Promise.resolve([]),
  ]);
  const assignedIds = new Set(assigned.map((a) => a.principalId.toLowerCase()));
  return groupClaims({
    kinds,
    options: groupClaimOptions(input.app.extras?.optionalClaims, input.tokenType),
    groups: memberships.map((g) => ({ ...g, assignedToApp: assignedIds.has(g.id.toLowerCase()) })),
    directoryRoles,
    implicit: input.implicit,
    overageEndpoint: groupOverageEndpoint(input.origin, user.id),
  });
}

/** The token's `roles`: emit_as_roles puts the group values there instead of the app roles [D]. */
export function rolesWithGroups(appRoles: string[], groups: GroupClaimsResult): string[] {
  return groups.replacesRoles ? (groups.roles ?? []) : appRoles;
}

/**
 * The claims to add through claims.ts `extra` (placed in Entra's order: `_claim_names` and
 * `_claim_sources` right after exp, `groups`/`hasgroups` alphabetically, `wids` after ver).
 * `roles` only where the token has none of its own (ID tokens); access tokens take rolesWithGroups.
 */
export function groupClaimSet(groups: GroupClaimsResult, withRoles: boolean): Record<string, unknown> {
  const { replacesRoles: _replaces, roles, ...claims } = groups;
  return withRoles && roles !== undefined ? { ...claims, roles } : claims;
}
