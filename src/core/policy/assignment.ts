// "Assignment required?" (servicePrincipal.appRoleAssignmentRequired) [D: Entra docs on
// assigning users and apps; AADSTS501051 / AADSTS50105 observed]:
//  - app-only: a resource that requires assignment issues tokens only to clients holding one of
//    its app roles;
//  - user sign-in: an application that requires assignment admits only users assigned to it.
// Entra does not apply the resource's setting to delegated tokens, only the signed-in app's.

export function appOnlyAssignmentMissing(resourceRequiresAssignment: boolean, assignedRoles: readonly string[]): boolean {
  return resourceRequiresAssignment && assignedRoles.length === 0;
}

export function userAssignmentMissing(clientRequiresAssignment: boolean, userAssignmentsToClient: number): boolean {
  return clientRequiresAssignment && userAssignmentsToClient === 0;
}
