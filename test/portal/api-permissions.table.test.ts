// The API permissions blade's rules, without a browser: which permission shows as granted for the
// tenant, what "Grant admin consent" writes, and how "Add permissions" merges requiredResourceAccess.

import { describe, expect, it } from 'vitest';
import type { AppRole, AppRoleAssignment, Application, OAuth2PermissionGrant, PermissionScope, RequiredResourceAccess } from '../../src/core/model.js';
import { apiPermissionGroups, consentPlan, hasConsent, type ResourceApi } from '../../src/ui/portal/pages/apps/api-permissions-model.js';
import { withPermissions } from '../../src/ui/portal/pages/apps/app-permissions-add.js';

const CLIENT_SP = 'c0000000-0000-4000-8000-000000000001';
const API_SP = 'a0000000-0000-4000-8000-000000000001';
const API_APP = 'a0000000-0000-4000-8000-0000000000aa';
const ID = (n: number) => `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const scope = (n: number, value: string, extra: Partial<PermissionScope> = {}): PermissionScope => ({
  id: ID(n),
  value,
  type: 'User',
  adminConsentDisplayName: `${value} (admin)`,
  adminConsentDescription: '',
  userConsentDisplayName: null,
  userConsentDescription: null,
  isEnabled: true,
  ...extra,
});
const role = (n: number, value: string, extra: Partial<AppRole> = {}): AppRole => ({
  id: ID(n),
  value,
  displayName: `${value} (role)`,
  description: '',
  allowedMemberTypes: ['Application'],
  isEnabled: true,
  ...extra,
});

function application(appId: string, parts: { scopes?: PermissionScope[]; roles?: AppRole[]; required?: RequiredResourceAccess[] }): Application {
  return {
    id: appId,
    appId,
    tenantId: 't',
    displayName: appId,
    signInAudience: 'AzureADMyOrg',
    web: { redirectUris: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
    spa: { redirectUris: [] },
    publicClient: { redirectUris: [] },
    isFallbackPublicClient: null,
    passwordCredentials: [],
    keyCredentials: [],
    identifierUris: [],
    appRoles: parts.roles ?? [],
    api: { oauth2PermissionScopes: parts.scopes ?? [], requestedAccessTokenVersion: null },
    requiredResourceAccess: parts.required ?? [],
  };
}

const API: ResourceApi = {
  spId: API_SP,
  appId: API_APP,
  displayName: 'Demo API',
  app: application(API_APP, {
    scopes: [scope(1, 'read'), scope(2, 'admin.all', { type: 'Admin' }), scope(3, 'old', { isEnabled: false })],
    roles: [role(11, 'Data.Read'), role(12, 'Data.Write'), role(13, 'Reader', { allowedMemberTypes: ['User'] })],
  }),
};

const grant = (scopeText: string, consentType: OAuth2PermissionGrant['consentType'] = 'AllPrincipals'): OAuth2PermissionGrant => ({
  id: 'g1',
  clientId: CLIENT_SP,
  consentType,
  principalId: consentType === 'Principal' ? 'u1' : null,
  resourceId: API_SP,
  scope: scopeText,
});
const assignment = (roleN: number): AppRoleAssignment => ({ id: `as${roleN}`, principalId: CLIENT_SP, principalType: 'ServicePrincipal', resourceId: API_SP, appRoleId: ID(roleN) });

function groupsFor(access: Array<[number, 'Scope' | 'Role']>, consent: { grants?: OAuth2PermissionGrant[]; assignments?: AppRoleAssignment[]; clientSp?: string | null; resourceAppId?: string } = {}) {
  const client = application('c', { required: [{ resourceAppId: consent.resourceAppId ?? API_APP, resourceAccess: access.map(([n, type]) => ({ id: ID(n), type })) }] });
  return apiPermissionGroups({
    app: client,
    resources: [API],
    clientSpId: consent.clientSp === undefined ? CLIENT_SP : consent.clientSp,
    grants: consent.grants ?? [],
    assignments: consent.assignments ?? [],
  });
}

describe('API permissions: status per permission', () => {
  const cases: Array<{ name: string; access: Array<[number, 'Scope' | 'Role']>; consent?: Parameters<typeof groupsFor>[1]; rows: Array<{ value: string | null; granted: boolean; admin: boolean; problem: boolean }> }> = [
    { name: 'a delegated permission without a grant', access: [[1, 'Scope']], rows: [{ value: 'read', granted: false, admin: false, problem: false }] },
    { name: 'an AllPrincipals grant that includes the scope', access: [[1, 'Scope']], consent: { grants: [grant('read other')] }, rows: [{ value: 'read', granted: true, admin: false, problem: false }] },
    { name: "one user's consent (Principal) is not the tenant's", access: [[1, 'Scope']], consent: { grants: [grant('read', 'Principal')] }, rows: [{ value: 'read', granted: false, admin: false, problem: false }] },
    { name: 'an admin-only scope needs admin consent', access: [[2, 'Scope']], rows: [{ value: 'admin.all', granted: false, admin: true, problem: false }] },
    { name: 'a disabled scope cannot be consented', access: [[3, 'Scope']], rows: [{ value: 'old', granted: false, admin: false, problem: true }] },
    { name: 'an application permission assigned to the app', access: [[11, 'Role']], consent: { assignments: [assignment(11)] }, rows: [{ value: 'Data.Read', granted: true, admin: true, problem: false }] },
    { name: 'an application permission not assigned', access: [[12, 'Role']], consent: { assignments: [assignment(11)] }, rows: [{ value: 'Data.Write', granted: false, admin: true, problem: false }] },
    { name: 'a role for users only is no application permission', access: [[13, 'Role']], rows: [{ value: 'Reader', granted: false, admin: true, problem: true }] },
    { name: 'an id the API does not expose', access: [[99, 'Scope']], rows: [{ value: null, granted: false, admin: false, problem: true }] },
    { name: 'no service principal for the app: nothing is granted', access: [[1, 'Scope'], [11, 'Role']], consent: { clientSp: null, grants: [grant('read')], assignments: [assignment(11)] }, rows: [{ value: 'read', granted: false, admin: false, problem: false }, { value: 'Data.Read', granted: false, admin: true, problem: false }] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const [group] = groupsFor(c.access, c.consent);
      expect(group.rows.map((r) => ({ value: r.value, granted: r.granted, admin: r.adminConsentRequired, problem: r.problem !== null }))).toEqual(c.rows);
    });
  }

  it('an API without a service principal here is named by its appId and cannot be consented', () => {
    const [group] = groupsFor([[1, 'Scope']], { resourceAppId: 'b0000000-0000-4000-8000-0000000000bb' });
    expect(group).toMatchObject({ name: 'Unknown API (b0000000-0000-4000-8000-0000000000bb)', resource: undefined });
    expect(group.rows[0]).toMatchObject({ value: null, granted: false });
  });

  it('lists what is granted but no longer configured apart, also for an API with nothing configured', () => {
    const [group] = groupsFor([[1, 'Scope']], { grants: [grant('read admin.all')], assignments: [assignment(12)] });
    expect(group.otherGranted).toEqual([
      { type: 'Scope', value: 'admin.all' },
      { type: 'Role', value: 'Data.Write' },
    ]);
    const none = apiPermissionGroups({ app: application('c', {}), resources: [API], clientSpId: CLIENT_SP, grants: [grant('read')], assignments: [] });
    expect(none).toHaveLength(1);
    expect(none[0]).toMatchObject({ rows: [], otherGranted: [{ type: 'Scope', value: 'read' }] });
    expect(hasConsent(none[0])).toBe(true);
  });
});

describe('API permissions: what admin consent writes', () => {
  const cases: Array<{ name: string; access: Array<[number, 'Scope' | 'Role']>; consent?: Parameters<typeof groupsFor>[1]; plan: { scope: string | null; roles: string[] } }> = [
    { name: 'a new grant with every listed scope, and the roles', access: [[1, 'Scope'], [2, 'Scope'], [11, 'Role']], plan: { scope: 'read admin.all', roles: [ID(11)] } },
    { name: 'the grant keeps what it had and adds the rest', access: [[1, 'Scope'], [2, 'Scope']], consent: { grants: [grant('read other.thing')] }, plan: { scope: 'read admin.all', roles: [] } },
    { name: 'keeps an enabled scope granted earlier but no longer listed', access: [[2, 'Scope']], consent: { grants: [grant('read')] }, plan: { scope: 'read admin.all', roles: [] } },
    { name: 'nothing to do when all is granted', access: [[1, 'Scope'], [11, 'Role']], consent: { grants: [grant('read')], assignments: [assignment(11)] }, plan: { scope: null, roles: [] } },
    { name: 'disabled, unknown and user-only permissions are left out', access: [[3, 'Scope'], [99, 'Scope'], [13, 'Role'], [12, 'Role']], plan: { scope: null, roles: [ID(12)] } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const [group] = groupsFor(c.access, c.consent);
      expect(consentPlan(group)).toEqual(c.plan);
    });
  }
});

describe('Add permissions: requiredResourceAccess', () => {
  const graph = '00000003-0000-0000-c000-000000000000';
  it('adds an entry for a new API, and adds to an existing one without duplicates', () => {
    const current: RequiredResourceAccess[] = [{ resourceAppId: graph, resourceAccess: [{ id: ID(1), type: 'Scope' }] }];
    expect(withPermissions(current, API_APP, [{ id: ID(11), type: 'Role' }])).toEqual([...current, { resourceAppId: API_APP, resourceAccess: [{ id: ID(11), type: 'Role' }] }]);
    expect(
      withPermissions(current, graph, [
        { id: ID(1), type: 'Scope' },
        { id: ID(1), type: 'Role' },
      ]),
    ).toEqual([{ resourceAppId: graph, resourceAccess: [{ id: ID(1), type: 'Scope' }, { id: ID(1), type: 'Role' }] }]);
    expect(current[0].resourceAccess).toHaveLength(1);
  });
});
