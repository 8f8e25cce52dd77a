// "Assignment required?" (servicePrincipal.appRoleAssignmentRequired) [D: Entra docs on
// assigning users and apps; AADSTS501051 / AADSTS50105 observed]:
//  - app-only: a resource that requires assignment issues tokens only to clients holding one of
//    its app roles;
//  - user sign-in: an application that requires assignment admits only users assigned to it,
//    themselves or through a group.
// Entra does not apply the resource's setting to delegated tokens, only the signed-in app's.
//
// A group assigned to an application admits, and gives its app role to, the group's DIRECT
// members only: "The assignment doesn't cascade to nested groups", and group-based assignment
// works for groups whose securityEnabled is true only [D: Entra docs
// assign-user-or-group-access-portal].

import type { GroupMembership } from '../model.js';

export function appOnlyAssignmentMissing(resourceRequiresAssignment: boolean, assignedRoles: readonly string[]): boolean {
  return resourceRequiresAssignment && assignedRoles.length === 0;
}

export function userAssignmentMissing(clientRequiresAssignment: boolean, userAssignmentsToClient: number): boolean {
  return clientRequiresAssignment && userAssignmentsToClient === 0;
}

/**
 * The ids of the user's groups through which an assignment to a group reaches the user: groups
 * the user is a direct member of and that are security-enabled [D].
 */
export function groupsThatAssign(memberships: readonly Pick<GroupMembership, 'id' | 'securityEnabled' | 'direct'>[]): Set<string> {
  return new Set(memberships.filter((g) => g.direct && g.securityEnabled).map((g) => g.id.toLowerCase()));
}
