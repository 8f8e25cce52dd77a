// Who may give and take away directory roles (core/policy/graph-permissions.ts
// 'directoryRoles.write'): RoleManagement.ReadWrite.Directory (or, delegated, Directory.AccessAsUser.All,
// what the admin portal acts with), and for a signed-in user a Global Administrator or Privileged
// Role Administrator only — not the other administrators, who would otherwise promote themselves.

import { describe, expect, it } from 'vitest';
import { decideGraphPermission, DIRECTORY_ROLES, type GraphCaller } from '../../src/core/policy/graph-permissions.js';

const R = DIRECTORY_ROLES;
const user = (scopes: string[], roles: string[]): GraphCaller => ({ kind: 'user', scopes, directoryRoles: roles });
const PORTAL = ['Directory.AccessAsUser.All', 'Directory.Read.All', 'AuditLog.Read.All'];

const TABLE: Array<[string, GraphCaller, boolean]> = [
  ['portal user, Global Administrator', user(PORTAL, [R.globalAdministrator.id]), true],
  ['portal user, Privileged Role Administrator', user(PORTAL, [R.privilegedRoleAdministrator.id]), true],
  ['portal user, Application Administrator', user(PORTAL, [R.applicationAdministrator.id]), false],
  ['portal user, User Administrator', user(PORTAL, [R.userAdministrator.id]), false],
  ['portal user, Privileged Authentication Administrator', user(PORTAL, [R.privilegedAuthenticationAdministrator.id]), false],
  ['portal user, no role', user(PORTAL, []), false],
  ['delegated RoleManagement.ReadWrite.Directory, Global Administrator', user(['RoleManagement.ReadWrite.Directory'], [R.globalAdministrator.id]), true],
  ['delegated Directory.ReadWrite.All, Global Administrator', user(['Directory.ReadWrite.All'], [R.globalAdministrator.id]), false],
  ['app-only RoleManagement.ReadWrite.Directory', { kind: 'app', roles: ['RoleManagement.ReadWrite.Directory'] }, true],
  ['app-only Directory.ReadWrite.All', { kind: 'app', roles: ['Directory.ReadWrite.All'] }, false],
  ['app-only User.ReadWrite.All', { kind: 'app', roles: ['User.ReadWrite.All'] }, false],
];

describe("decideGraphPermission('directoryRoles.write')", () => {
  it.each(TABLE)('%s', (_name, caller, allowed) => {
    const decision = decideGraphPermission('directoryRoles.write', caller);
    expect(decision.allowed).toBe(allowed);
    // Never an owner-only right: roles have no owners.
    if (decision.allowed) expect(decision.ownedOnly).toBe(false);
  });
});
