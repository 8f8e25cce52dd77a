// Which app roles may be assigned to whom, and which delegated permissions a grant may name: the
// rules the seed and Graph share (core/policy/entitlements.ts).

import { describe, expect, it } from 'vitest';
import type { AppRole, PermissionScope } from '../../src/core/model.js';
import { type AssigneeKind, checkAppRoleAssignment, checkGrantScopes, DEFAULT_ACCESS_ROLE_ID, grantScopeValues } from '../../src/core/policy/entitlements.js';

const role = (id: string, value: string, allowedMemberTypes: AppRole['allowedMemberTypes'], isEnabled = true): AppRole => ({ id, value, displayName: value, description: value, allowedMemberTypes, isEnabled });
const ROLES = [
  role('a0000000-0000-4000-8000-000000000001', 'Jobs.Run', ['Application']),
  role('a0000000-0000-4000-8000-000000000002', 'Reader', ['User']),
  role('a0000000-0000-4000-8000-000000000003', 'Both', ['User', 'Application']),
  role('a0000000-0000-4000-8000-000000000004', 'Old', ['Application'], false),
];

describe('checkAppRoleAssignment', () => {
  const cases: Array<[string, readonly AppRole[], string, boolean, AssigneeKind, string | RegExp]> = [
    ['by id, application role to a service principal', ROLES, 'A0000000-0000-4000-8000-000000000001', false, 'ServicePrincipal', 'a0000000-0000-4000-8000-000000000001'],
    ['by value (the seed)', ROLES, 'Reader', true, 'User', 'a0000000-0000-4000-8000-000000000002'],
    ['a value is not an id for Graph', ROLES, 'Reader', false, 'User', /^'Reader' is not an app role of 'R'; its roles: Jobs\.Run \(a0000000-/],
    ['User roles admit groups', ROLES, 'Reader', true, 'Group', 'a0000000-0000-4000-8000-000000000002'],
    ['both kinds', ROLES, 'Both', true, 'ServicePrincipal', 'a0000000-0000-4000-8000-000000000003'],
    ['wrong kind: a user for an Application role', ROLES, 'Jobs.Run', true, 'User', "app role 'Jobs.Run' of 'R' allows only Application members (allowedMemberTypes), but the principal is a user"],
    ['wrong kind: a group', ROLES, 'Jobs.Run', true, 'Group', /but the principal is a group$/],
    ['wrong kind: an application', ROLES, 'Reader', true, 'ServicePrincipal', /but the principal is an application$/],
    ['disabled', ROLES, 'Old', true, 'ServicePrincipal', "app role 'Old' of 'R' is disabled (isEnabled: false) and cannot be assigned"],
    ['case-sensitive values', ROLES, 'reader', true, 'User', "'reader' is not an app role of 'R'; role values are case-sensitive: did you mean 'Reader'?"],
    ['unknown', ROLES, 'Nope', true, 'User', "'Nope' is not an app role of 'R'; its roles: Jobs.Run, Reader, Both, Old"],
    ['the default role, no roles defined, a user', [], DEFAULT_ACCESS_ROLE_ID, false, 'User', DEFAULT_ACCESS_ROLE_ID],
    ['the default role, no roles defined, a group', [], DEFAULT_ACCESS_ROLE_ID, true, 'Group', DEFAULT_ACCESS_ROLE_ID],
    ['the default role is not for applications', [], DEFAULT_ACCESS_ROLE_ID, false, 'ServicePrincipal', /it defines no app roles \(the default role .* is for users and groups only\)$/],
    ['the default role when roles are defined', ROLES, DEFAULT_ACCESS_ROLE_ID, false, 'User', /is not an app role of 'R'; its roles/],
    ['no roles, the seed', [], 'Any', true, 'User', "'Any' is not an app role of 'R'; it defines no app roles"],
  ];
  it.each(cases)('%s', (_name, roles, wanted, byValue, assignee, expected) => {
    const check = checkAppRoleAssignment({ roles, wanted, byValue, assignee, resourceName: "'R'" });
    if (typeof expected === 'string' && /^[0-9a-f-]{36}$/.test(expected)) {
      expect(check).toMatchObject({ ok: true, roleId: expected });
    } else {
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.message).toMatch(expected);
    }
  });
});

describe('checkGrantScopes', () => {
  const scope = (value: string, isEnabled = true): PermissionScope => ({
    id: `b0000000-0000-4000-8000-00000000000${value.length}`,
    value,
    type: 'User',
    adminConsentDisplayName: value,
    adminConsentDescription: value,
    userConsentDisplayName: null,
    userConsentDescription: null,
    isEnabled,
  });
  const SCOPES = [scope('tasks.read'), scope('tasks.write'), scope('tasks.old', false)];
  const cases: Array<[string, readonly PermissionScope[], string, string[]]> = [
    ['enabled scopes', SCOPES, 'tasks.read  tasks.write tasks.read', []],
    ['empty', SCOPES, '', []],
    ['disabled', SCOPES, 'tasks.old', ["delegated permission 'tasks.old' of 'R' is disabled (isEnabled: false)"]],
    ['.default', SCOPES, 'api://x/.default', ["'api://x/.default' is a request-time shorthand for what was granted, not a permission; list the permissions to grant"]],
    ['case', SCOPES, 'Tasks.Read', ["'Tasks.Read' is not a delegated permission (oauth2PermissionScope) of 'R'; did you mean 'tasks.read'?"]],
    ['unknown', SCOPES, 'x', ["'x' is not a delegated permission (oauth2PermissionScope) of 'R'; it has: tasks.read, tasks.write"]],
    ['none exposed', [], 'x', ["'x' is not a delegated permission (oauth2PermissionScope) of 'R'; it exposes none"]],
    ['each problem', SCOPES, 'x tasks.old', [expect.stringMatching(/^'x'/) as unknown as string, expect.stringMatching(/tasks\.old/) as unknown as string]],
  ];
  it.each(cases)('%s', (_name, scopes, scopeText, problems) => {
    expect(checkGrantScopes(scopes, grantScopeValues(scopeText), "'R'")).toEqual(problems);
  });

  it('grantScopeValues splits on any whitespace and drops repeats, keeping order', () => {
    expect(grantScopeValues(' b\ta  b\nc ')).toEqual(['b', 'a', 'c']);
  });
});
