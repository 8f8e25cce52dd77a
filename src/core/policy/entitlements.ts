// Which app roles may be assigned to a principal, and which delegated permissions a grant may
// name: the rules the seed file (seed/resolve.ts) and Microsoft Graph (directory/app-role-assignments.ts,
// directory/permission-grants.ts) both apply, so the two accept exactly the same entitlements.
//
// App roles [D: Graph appRoleAssignment and appRole resources]: the role must be one of the
// resource application's app roles, enabled, and allow the principal's kind in allowedMemberTypes
// ('User' covers users and groups, 'Application' service principals). A resource that declares no
// app roles at all may still be assigned to users and groups with the default role id
// 00000000-0000-0000-0000-000000000000 ("assigned to the app without a specific role").
// Delegated permissions [D: Graph oAuth2PermissionGrant]: each value of `scope` must be an enabled
// oauth2PermissionScope of the resource application; `.default` is a request-time shorthand, never
// a grantable value.

import type { AppRole, Guid, PermissionScope } from '../model.js';

export const DEFAULT_ACCESS_ROLE_ID: Guid = '00000000-0000-0000-0000-000000000000';

/** The kind of directory object an app role is assigned to. */
export type AssigneeKind = 'User' | 'Group' | 'ServicePrincipal';

export type AppRoleCheck =
  /** `role` null: the default role of a resource without app roles. */
  | { ok: true; roleId: Guid; role: AppRole | null }
  | { ok: false; message: string };

const DESCRIBED: Record<AssigneeKind, string> = { User: 'a user', Group: 'a group', ServicePrincipal: 'an application' };

/** The allowedMemberTypes value that admits a principal of this kind. */
export function memberTypeOf(kind: AssigneeKind): 'User' | 'Application' {
  return kind === 'ServicePrincipal' ? 'Application' : 'User';
}

/**
 * Whether the role `wanted` of a resource (named `resourceName` in messages) may be assigned to a
 * principal of kind `assignee`. `byValue`: `wanted` may be the role's value (the seed file) as well
 * as its id (Graph's appRoleId, an id only).
 */
export function checkAppRoleAssignment(input: {
  roles: readonly AppRole[];
  wanted: string;
  byValue: boolean;
  assignee: AssigneeKind;
  resourceName: string;
}): AppRoleCheck {
  const { roles, wanted, byValue, assignee, resourceName } = input;
  const id = wanted.toLowerCase();
  const role = (byValue ? roles.find((r) => r.value === wanted) : undefined) ?? roles.find((r) => r.id.toLowerCase() === id);
  if (!role) {
    if (id === DEFAULT_ACCESS_ROLE_ID && roles.length === 0 && assignee !== 'ServicePrincipal') {
      return { ok: true, roleId: DEFAULT_ACCESS_ROLE_ID, role: null };
    }
    const nearly = byValue ? roles.find((r) => r.value.toLowerCase() === id) : undefined;
    const listed = roles.map((r) => (byValue ? r.value : `${r.value} (${r.id})`));
    const defaultHint =
      !byValue && roles.length === 0 && assignee === 'ServicePrincipal'
        ? ` (the default role ${DEFAULT_ACCESS_ROLE_ID} is for users and groups only)`
        : !byValue && roles.length === 0
          ? ` (assign users and groups with the default role ${DEFAULT_ACCESS_ROLE_ID})`
          : '';
    return {
      ok: false,
      message: nearly
        ? `'${wanted}' is not an app role of ${resourceName}; role values are case-sensitive: did you mean '${nearly.value}'?`
        : `'${wanted}' is not an app role of ${resourceName}; ${listed.length ? `its roles: ${listed.join(', ')}` : `it defines no app roles${defaultHint}`}`,
    };
  }
  if (!role.isEnabled) {
    return { ok: false, message: `app role '${role.value}' of ${resourceName} is disabled (isEnabled: false) and cannot be assigned` };
  }
  if (!role.allowedMemberTypes.includes(memberTypeOf(assignee))) {
    return {
      ok: false,
      message:
        `app role '${role.value}' of ${resourceName} allows only ${role.allowedMemberTypes.join(' and ')} members ` +
        `(allowedMemberTypes), but the principal is ${DESCRIBED[assignee]}`,
    };
  }
  return { ok: true, roleId: role.id, role };
}

/** The distinct permission values of a grant's space-separated `scope`, in order. */
export function grantScopeValues(scope: string): string[] {
  return [...new Set(scope.split(/\s+/).filter(Boolean))];
}

/** What is wrong with each value that is not an enabled delegated permission of the resource (empty: none). */
export function checkGrantScopes(scopes: readonly PermissionScope[], values: readonly string[], resourceName: string): string[] {
  const problems: string[] = [];
  for (const value of values) {
    const scope = scopes.find((s) => s.value === value);
    if (scope?.isEnabled) continue;
    if (scope) {
      problems.push(`delegated permission '${value}' of ${resourceName} is disabled (isEnabled: false)`);
    } else if (value === '.default' || value.endsWith('/.default')) {
      problems.push(`'${value}' is a request-time shorthand for what was granted, not a permission; list the permissions to grant`);
    } else {
      const nearly = scopes.find((s) => s.value.toLowerCase() === value.toLowerCase());
      const enabled = scopes.filter((s) => s.isEnabled).map((s) => s.value);
      problems.push(
        `'${value}' is not a delegated permission (oauth2PermissionScope) of ${resourceName}; ` +
          (nearly ? `did you mean '${nearly.value}'?` : enabled.length ? `it has: ${enabled.join(', ')}` : 'it exposes none'),
      );
    }
  }
  return problems;
}
