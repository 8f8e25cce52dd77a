// core/policy/admin-consent.ts: the admin consent endpoint's scope, plan, authority and answers (issue 18).

import { describe, expect, it } from 'vitest';
import type { Application } from '../../src/core/model.js';
import { ADMIN_CONSENT_ROLES, adminConsentError, adminConsentGranted, mayGrantAdminConsent, namedOf, parseAdminConsentScope, requiredOf, type AdminConsentAsk } from '../../src/core/policy/admin-consent.js';
import { DIRECTORY_ROLES as R } from '../../src/core/policy/graph-permissions.js';

const GRAPH = '00000003-0000-0000-c000-000000000000';

function api(appId: string, scopes: Array<[string, string, 'User' | 'Admin', boolean?]>, roles: Array<[string, string, Array<'User' | 'Application'>]> = []): Application {
  return {
    id: `o-${appId}`, appId, tenantId: 't', displayName: appId, signInAudience: 'AzureADMultipleOrgs',
    web: { redirectUris: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
    spa: { redirectUris: [] }, publicClient: { redirectUris: [] }, isFallbackPublicClient: null, passwordCredentials: [], keyCredentials: [],
    identifierUris: [], requiredResourceAccess: [],
    appRoles: roles.map(([id, value, allowedMemberTypes]) => ({ id, value, displayName: value, description: value, allowedMemberTypes, isEnabled: true })),
    api: {
      requestedAccessTokenVersion: null,
      oauth2PermissionScopes: scopes.map(([id, value, type, isEnabled]) => ({ id, value, type, adminConsentDisplayName: value, adminConsentDescription: value, userConsentDisplayName: null, userConsentDescription: null, isEnabled: isEnabled ?? true })),
    },
  };
}

describe('scope', () => {
  it.each<[string, 'v1' | 'v2', string | undefined, AdminConsentAsk]>([
    ['v1 ignores scope', 'v1', 'https://graph.microsoft.com/Mail.Send', { kind: 'required' }],
    ['v2 .default: everything required', 'v2', 'https://graph.microsoft.com/.default', { kind: 'required' }],
    ['v2 .default of another API still means everything required', 'v2', 'openid api://x/.default', { kind: 'required' }],
    ['v2 OIDC scopes only: everything required [I]', 'v2', 'openid profile', { kind: 'required' }],
    ['v2 without scope', 'v2', undefined, { kind: 'missing' }],
    ['v2 empty scope', 'v2', '  ', { kind: 'missing' }],
    ['v2 dynamic scopes, grouped per API; bare names are Graph\'s', 'v2', 'https://graph.microsoft.com/Calendars.Read Mail.Send api://x/Read openid',
      { kind: 'named', apis: [{ identifier: 'https://graph.microsoft.com', permissions: ['Calendars.Read', 'Mail.Send'] }, { identifier: 'api://x', permissions: ['Read'] }] }],
  ])('%s', (_name, endpoint, scope, expected) => {
    expect(parseAdminConsentScope(endpoint, scope)).toEqual(expected);
  });
});

describe('what requiredResourceAccess asks of one API', () => {
  const target = api('r', [['s1', 'Read', 'User'], ['s2', 'Write', 'Admin'], ['s3', 'Old', 'User', false]], [['r1', 'Data.Read', ['Application']], ['r2', 'Reader', ['User']]]);
  const client = { ...api('c', []), requiredResourceAccess: [{ resourceAppId: 'r', resourceAccess: [{ id: 's1', type: 'Scope' as const }, { id: 's3', type: 'Scope' as const }, { id: 'r1', type: 'Role' as const }, { id: 'r2', type: 'Role' as const }, { id: 'zz', type: 'Scope' as const }] }] };
  it('enabled scopes and application roles, unknown ids skipped', () => {
    const part = requiredOf(client, target);
    expect(part.scopes.map((s) => s.value)).toEqual(['Read']);
    expect(part.roles.map((r) => r.value)).toEqual(['Data.Read']);
  });
  it('named permissions: case-insensitive values, the first unknown refused', () => {
    expect(namedOf(target, ['read', 'Write'])).toMatchObject({ ok: true, consent: { scopes: [{ value: 'Read' }, { value: 'Write' }], roles: [] } });
    expect(namedOf(target, ['Read', 'Nope'])).toEqual({ ok: false, unknown: 'Nope' });
  });
});

describe('who may consent for the tenant', () => {
  const graph = api(GRAPH, [['g1', 'User.Read', 'User'], ['g2', 'Directory.Read.All', 'Admin']], [['gr', 'User.Read.All', ['Application']]]);
  const other = api('r', [['s1', 'Read', 'Admin']], [['r1', 'Data.Read', ['Application']]]);
  const plan = {
    graphUser: [{ api: graph, scopes: [graph.api.oauth2PermissionScopes[0]], roles: [] }],
    graphAdminScope: [{ api: graph, scopes: [graph.api.oauth2PermissionScopes[1]], roles: [] }],
    graphRole: [{ api: graph, scopes: [], roles: [graph.appRoles[0]] }],
    otherApi: [{ api: other, scopes: other.api.oauth2PermissionScopes, roles: other.appRoles }],
  };
  it.each<[string, string[], keyof typeof plan, ReturnType<typeof mayGrantAdminConsent>['ok']]>([
    ['no role', [], 'otherApi', false],
    ['User Administrator', [R.userAdministrator.id], 'graphUser', false],
    ['Application Administrator, another API\'s admin scope and app role', [R.applicationAdministrator.id], 'otherApi', true],
    ['Cloud Application Administrator, Graph User.Read', [R.cloudApplicationAdministrator.id], 'graphUser', true],
    ['Application Administrator, Graph admin-only scope', [R.applicationAdministrator.id], 'graphAdminScope', false],
    ['Cloud Application Administrator, Graph app role', [R.cloudApplicationAdministrator.id], 'graphRole', false],
    ['Privileged Role Administrator, Graph app role', [R.privilegedRoleAdministrator.id], 'graphRole', true],
    ['Global Administrator, Graph admin-only scope', [R.globalAdministrator.id], 'graphAdminScope', true],
  ])('%s', (_name, roles, which, ok) => {
    expect(mayGrantAdminConsent(roles, plan[which]).ok).toBe(ok);
  });
  it('a non-administrator is told which roles may', () => {
    expect(mayGrantAdminConsent([], [])).toEqual({ ok: false, reason: 'not-an-administrator', needed: ADMIN_CONSENT_ROLES });
  });
});

describe('the answer on the redirect URI', () => {
  it.each<[string, Record<string, string>, Record<string, string>]>([
    ['v1 success', adminConsentGranted('v1', 'tid', 'ignored'), { tenant: 'tid', admin_consent: 'True' }],
    ['v2 success echoes the scope', adminConsentGranted('v2', 'tid', 'https://graph.microsoft.com/.default'), { admin_consent: 'True', tenant: 'tid', scope: 'https://graph.microsoft.com/.default' }],
    ['v1 cancel: no description [O]', adminConsentError('v1', { error: 'access_denied', description: 'AADSTS65004: …', subcode: 'cancel' }), { error: 'access_denied', error_subcode: 'cancel' }],
    ['v2 cancel', adminConsentError('v2', { error: 'access_denied', description: 'AADSTS65004: …', subcode: 'cancel' }), { admin_consent: 'True', error: 'access_denied', error_description: 'AADSTS65004: …', error_subcode: 'cancel' }],
    ['v1 refusal', adminConsentError('v1', { error: 'access_denied', description: 'AADSTS90093: …' }), { error: 'access_denied', error_description: 'AADSTS90093: …' }],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });
});
