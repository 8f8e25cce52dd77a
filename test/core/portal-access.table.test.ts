// Who the admin portal admits (core/policy/portal-access.ts): any administrative directory role,
// not Directory Readers, not a user without roles.

import { describe, expect, it } from 'vitest';
import { DIRECTORY_ROLES } from '../../src/core/policy/graph-permissions.js';
import { portalAccess } from '../../src/core/policy/portal-access.js';

const R = DIRECTORY_ROLES;
const TABLE: Array<[string, string[], boolean]> = [
  ['no role', [], false],
  ['Directory Readers only', [R.directoryReaders.id], false],
  ['Global Administrator', [R.globalAdministrator.id], true],
  ['Application Administrator', [R.applicationAdministrator.id], true],
  ['Cloud Application Administrator', [R.cloudApplicationAdministrator.id], true],
  ['Application Developer', [R.applicationDeveloper.id], true],
  ['User Administrator', [R.userAdministrator.id], true],
  ['Groups Administrator', [R.groupsAdministrator.id], true],
  ['Global Reader', [R.globalReader.id], true],
  ['Reports Reader', [R.reportsReader.id], true],
  ['Directory Readers and Security Reader', [R.directoryReaders.id, R.securityReader.id], true],
  ['upper-case role id', [R.globalAdministrator.id.toUpperCase()], true],
  ['an unknown role id', ['00000000-1111-2222-3333-444444444444'], false],
];

describe('portalAccess', () => {
  it.each(TABLE)('%s', (_name, roles, allowed) => {
    const access = portalAccess(roles);
    expect(access.allowed).toBe(allowed);
    if (!access.allowed) expect(access.needed).not.toContain(R.directoryReaders.id);
  });
});
