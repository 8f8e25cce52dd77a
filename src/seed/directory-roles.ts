// `users[].directoryRoles` in the seed: the Entra directory roles a user holds (Global
// Administrator, User Administrator, …), named by display name or role template id
// (core/policy/graph-permissions.ts lists the roles Entrada knows). A delegated Graph call is
// limited by the signed-in user's roles (graph-and-clients.md §D.3); the token's `wids` claim lists
// them too.
//
// Applying: after the users are written, each role the seed names is given to its user, unless the
// user is not there (deleted at run time and kept deleted: seed/merge.ts). Like every object absent
// from the seed, a role the seed no longer names is left alone, never taken away.

import type { Guid } from '../core/model.js';
import type { DirectoryStore } from '../core/ports.js';
import { DIRECTORY_ROLES, findDirectoryRole } from '../core/policy/graph-permissions.js';
import type { TenantDirectory } from './directory.js';

/** Why `ref` names no directory role Entrada knows, or undefined when it does. */
export function directoryRoleProblem(ref: string): string | undefined {
  if (findDirectoryRole(ref)) return undefined;
  const known = Object.values(DIRECTORY_ROLES).map((r) => r.displayName);
  return `'${ref}' is not a directory role Entrada knows; use a role's name or template id: ${known.join(', ')}`;
}

/** The template ids of the roles a seed user names (unknown names were refused by validation). */
export function directoryRoleIds(refs: readonly string[]): Guid[] {
  return [...new Set(refs.flatMap((ref) => findDirectoryRole(ref)?.id ?? []))];
}

/** Gives every seeded user that is present the roles the seed names for it. */
export async function applyDirectoryRoles(
  tenantDirectory: TenantDirectory,
  directory: Pick<DirectoryStore, 'getUser' | 'setDirectoryRole'>,
): Promise<void> {
  const { tenantId } = tenantDirectory;
  for (const { user, id } of tenantDirectory.users) {
    const roles = directoryRoleIds(user.directoryRoles ?? []);
    if (roles.length === 0 || !(await directory.getUser(tenantId, id))) continue;
    for (const role of roles) await directory.setDirectoryRole(tenantId, role, id, true);
  }
}
