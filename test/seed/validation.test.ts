import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSeed } from '../../src/seed/load.js';
import { validateSeed } from '../../src/seed/validate.js';

const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';
const API = 'a0000000-0000-4000-8000-000000000001';
const DAEMON = 'a0000000-0000-4000-8000-000000000002';
const WEB = 'a0000000-0000-4000-8000-000000000003';
const GRAPH = '00000003-0000-0000-c000-000000000000';

// The seed every case starts from: valid as it is. Mutations below break one rule each.
// biome-ignore lint/suspicious/noExplicitAny: seeds are broken here field by field, on purpose
type Json = any;
function base(): Json {
  return {
    tenants: [
      {
        id: T1,
        displayName: 'Contoso',
        domains: ['contoso.localhost', 'contoso.test'],
        applications: [
          {
            appId: API,
            displayName: 'Orders API',
            identifierUris: ['api://orders'],
            api: {
              oauth2PermissionScopes: [{ value: 'Orders.Read' }, { value: 'Orders.Old', isEnabled: false }],
            },
            appRoles: [
              { value: 'Orders.Admin', allowedMemberTypes: ['User'] },
              { value: 'Orders.Sync', allowedMemberTypes: ['Application'] },
              { value: 'Orders.Legacy', allowedMemberTypes: ['Application'], isEnabled: false },
            ],
          },
          { appId: DAEMON, displayName: 'Sync Job', passwordCredentials: [{ secretText: 'a-valid-secret-value-01' }] },
          {
            appId: WEB,
            displayName: 'Portal',
            web: { redirectUris: ['https://portal.contoso.test/signin', 'http://localhost:8080/cb'] },
            spa: { redirectUris: [] },
            publicClient: { redirectUris: [] },
          },
        ],
        users: [
          { userPrincipalName: 'ann@contoso.localhost', displayName: 'Ann' },
          { userPrincipalName: 'ben@contoso.test', displayName: 'Ben' },
        ],
        appRoleAssignments: [
          { principal: DAEMON, resource: 'api://orders', appRole: 'Orders.Sync' },
          { principal: 'ann@contoso.localhost', resource: API, appRole: 'Orders.Admin' },
          { principal: DAEMON, resource: 'https://graph.microsoft.com/', appRole: 'Directory.Read.All' },
        ],
        oauth2PermissionGrants: [
          { client: WEB, resource: 'api://orders', scope: 'Orders.Read' },
          { client: WEB, resource: GRAPH, scope: 'openid profile User.Read' },
          { client: WEB, resource: GRAPH, scope: 'Mail.Read', consentType: 'Principal', principal: 'ben@contoso.test' },
        ],
      },
    ],
  };
}

function secondTenant(): Json {
  return { id: T2, displayName: 'Fabrikam', domains: ['fabrikam.localhost'] };
}

function errorsOf(mutate: (seed: Json) => void): string[] {
  const seed = base();
  mutate(seed);
  const result = parseSeed(JSON.stringify(seed, null, 2), 'seed.json');
  return result.ok ? [] : result.errors;
}

function app(s: Json): Json[];
function app(s: Json, i: number): Json;
function app(s: Json, i?: number): Json {
  const apps = s.tenants[0].applications;
  return i === undefined ? apps : apps[i];
}

describe('seed validation', () => {
  it('accepts the base seed', () => {
    expect(errorsOf(() => {})).toEqual([]);
  });

  // [rule, mutation, the first expected error: exact when it has no '…', else the text before '…'
  //  must start it; how many errors in all (default 1: each rule is reported once, no collateral)]
  const cases: Array<[string, (s: Json) => void, string, number?]> = [
    // ---- shapes and single values
    ['tenant id must be a GUID', (s) => (s.tenants[0].id = 'contoso'),
      'tenants[0].id: must be a GUID, e.g. 8eaef023-2b34-4da1-9baa-8bc8c9d6a490'],
    ['displayName is required', (s) => delete s.tenants[0].displayName,
      'tenants[0].displayName: is required (string)'],
    ['at least one domain', (s) => (s.tenants[0].domains = []),
      'tenants[0].domains: must list at least one domain'],
    ['domains are DNS names', (s) => s.tenants[0].domains.push('not a domain'),
      'tenants[0].domains[2]: must be a DNS domain name, e.g. contoso.localhost'],
    ['unknown keys are rejected', (s) => (app(s, 2).redirectUris = ['https://x/']),
      'tenants[0].applications[2]: Unrecognized key: "redirectUris"'],
    ['secretText at least 16 characters', (s) => (app(s, 1).passwordCredentials[0].secretText = 'short'),
      "tenants[0].applications[1].passwordCredentials[0].secretText: must be 16 to 64 characters (Entra's secrets are 40); got 5"],
    ['secretText at most 64 characters', (s) => (app(s, 1).passwordCredentials[0].secretText = 'x'.repeat(65)),
      "tenants[0].applications[1].passwordCredentials[0].secretText: must be 16 to 64 characters (Entra's secrets are 40); got 65"],
    ['dates are ISO 8601', (s) => (app(s, 1).passwordCredentials[0].endDateTime = 'next year'),
      'tenants[0].applications[1].passwordCredentials[0].endDateTime: must be an ISO 8601 date-time, e.g. 2026-01-01T00:00:00Z'],
    ['endDateTime after startDateTime', (s) => Object.assign(app(s, 1).passwordCredentials[0], {
      startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2025-01-01T00:00:00Z' }),
      'tenants[0].applications[1].passwordCredentials[0].endDateTime: must be after startDateTime'],
    ['requestedAccessTokenVersion is 1, 2 or null', (s) => (app(s, 0).api.requestedAccessTokenVersion = 3),
      'tenants[0].applications[0].api.requestedAccessTokenVersion: must be 1, 2 or null'],
    ['servicePrincipal is false or an object', (s) => (app(s, 0).servicePrincipal = true),
      'tenants[0].applications[0].servicePrincipal: must be false or an object { id?, accountEnabled?, appRoleAssignmentRequired? }'],
    ['app roles need a member type', (s) => (app(s, 0).appRoles[0].allowedMemberTypes = []),
      'tenants[0].applications[0].appRoles[0].allowedMemberTypes: must list User, Application or both'],

    // ---- redirect URIs
    ['http only on loopback', (s) => (app(s, 2).web.redirectUris[1] = 'http://portal.contoso.test/cb'),
      'tenants[0].applications[2].web.redirectUris[1]: http:// is only allowed for localhost, 127.0.0.1 and [::1]; use https://'],
    ['redirect URIs are absolute', (s) => app(s, 2).spa.redirectUris.push('/callback'),
      "tenants[0].applications[2].spa.redirectUris[0]: '/callback' is not an absolute URI (expected e.g. https://app.example.com/callback)"],
    ['no fragment', (s) => (app(s, 2).web.redirectUris[0] = 'https://portal.contoso.test/signin#x'),
      'tenants[0].applications[2].web.redirectUris[0]: must not contain a fragment (#…): the authorization response is appended to it'],
    ['at most 256 characters', (s) => (app(s, 2).web.redirectUris[0] = `https://portal.contoso.test/${'a'.repeat(229)}`),
      "tenants[0].applications[2].web.redirectUris[0]: is 257 characters long; Entra accepts at most 256"],
    ['custom schemes only for public clients', (s) => app(s, 2).spa.redirectUris.push('myapp://callback'),
      'tenants[0].applications[2].spa.redirectUris[0]: the myapp: scheme is only allowed for public clients (publicClient.redirectUris); Single-page application redirect URIs must be https:// (or http:// on localhost)'],
    ['no wildcards', (s) => (app(s, 2).web.redirectUris[0] = 'https://*.contoso.test/signin'),
      'tenants[0].applications[2].web.redirectUris[0]: wildcards are not supported…'],
    ['one URI under two platforms', (s) => app(s, 2).spa.redirectUris.push('https://portal.contoso.test/signin'),
      "tenants[0].applications[2].spa.redirectUris[0]: 'https://portal.contoso.test/signin' is also registered under Web (web.redirectUris[0]). A redirect URI must belong to one platform: Entra decides public, confidential or SPA from the platform of the matching URI and picks one arbitrarily when two platforms have it, so token requests would succeed or fail unpredictably. Keep it under Single-page application or Web, not both"],
    ['loopback URIs differing only by port under two platforms', (s) => app(s, 2).publicClient.redirectUris.push('http://localhost:9999/cb'),
      "tenants[0].applications[2].publicClient.redirectUris[0]: 'http://localhost:9999/cb' matches 'http://localhost:8080/cb' (web.redirectUris[1], Web) because Entra ignores the port of loopback redirect URIs.…"],
    ['the same URI twice on one platform', (s) => app(s, 2).web.redirectUris.push('https://portal.contoso.test/signin'),
      "tenants[0].applications[2].web.redirectUris[2]: 'https://portal.contoso.test/signin' is listed twice (also web.redirectUris[0])"],
    ['query strings only for work/school apps', (s) => Object.assign(app(s, 2), {
      signInAudience: 'AzureADandPersonalMicrosoftAccount', api: { requestedAccessTokenVersion: 2 },
      web: { redirectUris: ['https://portal.contoso.test/signin?x=1'] } }),
      'tenants[0].applications[2].web.redirectUris[0]: query strings are allowed only in redirect URIs of work/school-only apps, and signInAudience is AzureADandPersonalMicrosoftAccount'],

    // ---- app registration rules
    ['personal accounts need v2 access tokens', (s) => (app(s, 0).signInAudience = 'PersonalMicrosoftAccount'),
      'tenants[0].applications[0].api.requestedAccessTokenVersion: must be 2 when signInAudience is PersonalMicrosoftAccount: Entra issues only v2 access tokens to apps that allow personal Microsoft accounts'],
    ['app role values unique in an app', (s) => app(s, 0).appRoles.push({ value: 'Orders.Sync', allowedMemberTypes: ['User'] }),
      'tenants[0].applications[0].appRoles[3].value: duplicate app role value: same as tenants[0].applications[0].appRoles[1]'],
    ['scope values unique in an app', (s) => app(s, 0).api.oauth2PermissionScopes.push({ value: 'Orders.Read' }),
      'tenants[0].applications[0].api.oauth2PermissionScopes[2].value: duplicate permission scope value: same as tenants[0].applications[0].api.oauth2PermissionScopes[0]'],
    ['keyCredential must not be a private key', (s) => app(s, 1).keyCredentials = [{ key: privateKeyPem() }],
      'tenants[0].applications[1].keyCredentials[0].key: contains a PRIVATE KEY: a keyCredential holds only the public certificate (the client keeps the private key)'],
    ['keyCredential must be a certificate', (s) => app(s, 1).keyCredentials = [{ key: 'bm90IGEgY2VydGlmaWNhdGU=' }],
      'tenants[0].applications[1].keyCredentials[0].key: is not a readable X.509 certificate…'],
    ['requiredResourceAccess ids exist on seeded resources', (s) => (app(s, 2).requiredResourceAccess = [
      { resourceAppId: API, resourceAccess: [{ id: 'a0000000-0000-4000-8000-0000000000ff', type: 'Scope' }] }]),
      "tenants[0].applications[2].requiredResourceAccess[0].resourceAccess[0].id: a0000000-0000-4000-8000-0000000000ff is not a delegated permission (Scope) of 'Orders API'"],

    // ---- uniqueness across the seed
    ['tenant ids unique', (s) => s.tenants.push({ ...secondTenant(), id: T1 }),
      'tenants[1].id: duplicates tenants[0].id; tenant ids must be unique'],
    ['domains unique across tenants', (s) => s.tenants.push({ ...secondTenant(), domains: ['fabrikam.localhost', 'CONTOSO.test'] }),
      "tenants[1].domains[1]: 'CONTOSO.test' is already tenants[0].domains[1] ('Contoso'); a domain belongs to one tenant"],
    ['appIds unique across tenants', (s) => s.tenants.push({ ...secondTenant(), applications: [{ appId: DAEMON.toUpperCase(), displayName: 'Copy' }] }),
      "tenants[1].applications[0].appId: duplicates tenants[0].applications[1].appId ('Sync Job'); appIds are global across tenants"],
    ["Microsoft Graph's appId is reserved", (s) => app(s).push({ appId: GRAPH, displayName: 'My Graph' }),
      "tenants[0].applications[3].appId: 00000003-0000-0000-c000-000000000000 is Microsoft Graph's appId; Entrada registers Microsoft Graph itself"],
    ["the command line's appId is reserved", (s) => app(s).push({ appId: 'e7ada000-c11c-4000-8000-00000000c11c', displayName: 'Not the CLI' }),
      "tenants[0].applications[3].appId: e7ada000-c11c-4000-8000-00000000c11c is reserved for Entrada's command line, which acts as the installation's administrator; choose another appId"],
    ['identifierUris unique across the seed', (s) => s.tenants.push({ ...secondTenant(), applications: [{ appId: 'b0000000-0000-4000-8000-000000000001', displayName: 'Other', identifierUris: ['API://Orders/'] }] }),
      "tenants[1].applications[0].identifierUris[0]: 'API://Orders/' is already an identifier URI of tenants[0].applications[0] ('Orders API'); identifier URIs must be unique, since a token request names its resource by one"],
    ["Microsoft Graph's identifier URI is reserved", (s) => app(s, 0).identifierUris.push('https://graph.microsoft.com'),
      "tenants[0].applications[0].identifierUris[1]: 'https://graph.microsoft.com' is the identifier URI of a built-in Microsoft API (Microsoft Graph or Azure Resource Manager), which Entrada registers itself"],
    ["Azure Resource Manager's identifier URI is reserved", (s) => app(s, 0).identifierUris.push('https://management.core.windows.net/'),
      "tenants[0].applications[0].identifierUris[1]: 'https://management.core.windows.net/' is the identifier URI of a built-in Microsoft API (Microsoft Graph or Azure Resource Manager), which Entrada registers itself"],
    ['UPNs unique in a tenant', (s) => s.tenants[0].users.push({ userPrincipalName: 'ANN@contoso.localhost', displayName: 'Ann 2' }),
      "tenants[0].users[2].userPrincipalName: 'ANN@contoso.localhost' duplicates tenants[0].users[0]; UPNs are unique in a tenant (compared case-insensitively)"],
    ["UPN domain is one of the tenant's", (s) => s.tenants[0].users.push({ userPrincipalName: 'eve@evil.test', displayName: 'Eve' }),
      "tenants[0].users[2].userPrincipalName: the domain 'evil.test' is not a domain of this tenant (contoso.localhost, contoso.test)"],

    ['explicit object ids unique', (s) => {
      s.tenants[0].users[0].id = 'c0000000-0000-4000-8000-000000000001';
      app(s, 0).servicePrincipal = { id: 'C0000000-0000-4000-8000-000000000001' };
    }, "tenants[0].users[0].id: object id c0000000-0000-4000-8000-000000000001 is already used by tenants[0].applications[0].servicePrincipal.id; object ids must be unique"],
    ["Microsoft's services tenant is reserved", (s) => s.tenants.push({ ...secondTenant(), id: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a' }),
      "tenants[1].id: f8cdef31-a31e-4b4a-93e4-5f571e91255a is Microsoft's services tenant, home of the built-in Microsoft Graph; choose another id"],
    ['at most 256 redirect URIs', (s) => (app(s, 2).web.redirectUris = Array.from({ length: 257 }, (_, i) => `https://portal.contoso.test/${i}`)),
      'tenants[0].applications[2].web.redirectUris: the app has 257 redirect URIs across platforms; Entra allows at most 256'],

    ['UPNs look like name@domain', (s) => s.tenants[0].users.push({ userPrincipalName: 'carl', displayName: 'Carl' }),
      'tenants[0].users[2].userPrincipalName: must look like name@domain, with a domain of the tenant'],
    ["UPNs use Entra's characters (the rule Graph's /users applies)", (s) => s.tenants[0].users.push({ userPrincipalName: 'carl+x@contoso.test', displayName: 'Carl' }),
      "tenants[0].users[2].userPrincipalName: the part before @ may use only A-Z a-z 0-9 ' . - _ ! # ^ ~ (found: +)"],
    ['directory roles are roles Entrada knows', (s) => (s.tenants[0].users[1].directoryRoles = ['User Administrator', 'Chief Wizard']),
      "tenants[0].users[1].directoryRoles[1]: 'Chief Wizard' is not a directory role Entrada knows; use a role's name or template id: Global Administrator, Application Administrator, Cloud Application Administrator, Application Developer, User Administrator, Groups Administrator, Privileged Role Administrator, Privileged Authentication Administrator, Global Reader, Directory Readers, Reports Reader, Security Reader, Conditional Access Administrator, Security Administrator, Authentication Administrator, Authentication Policy Administrator"],

    // ---- app role assignments
    ['assignment principal user exists', (s) => (s.tenants[0].appRoleAssignments[1].principal = 'zed@contoso.localhost'),
      "tenants[0].appRoleAssignments[1].principal: no user 'zed@contoso.localhost' in this tenant (users: ann@contoso.localhost, ben@contoso.test)"],
    ['assignment principal app exists', (s) => (s.tenants[0].appRoleAssignments[0].principal = 'a0000000-0000-4000-8000-0000000000ee'),
      'tenants[0].appRoleAssignments[0].principal: no application with appId a0000000-0000-4000-8000-0000000000ee in this tenant'],
    ['assignment principal is an appId or a UPN', (s) => (s.tenants[0].appRoleAssignments[0].principal = 'Sync Job'),
      "tenants[0].appRoleAssignments[0].principal: 'Sync Job' must be a client appId (GUID), a managed identity's name or resource id, or a user's UPN (name@domain)"],
    ['assignment resource exists', (s) => (s.tenants[0].appRoleAssignments[0].resource = 'api://nope'),
      "tenants[0].appRoleAssignments[0].resource: no application with appId or identifier URI 'api://nope' in this tenant"],
    ['assignment role exists', (s) => (s.tenants[0].appRoleAssignments[0].appRole = 'Orders.Delete'),
      "tenants[0].appRoleAssignments[0].appRole: 'Orders.Delete' is not an app role of 'Orders API' (tenants[0].applications[0]); its roles: Orders.Admin, Orders.Sync, Orders.Legacy"],
    ['assignment role values are case-sensitive', (s) => (s.tenants[0].appRoleAssignments[0].appRole = 'orders.sync'),
      "tenants[0].appRoleAssignments[0].appRole: 'orders.sync' is not an app role of 'Orders API' (tenants[0].applications[0]); role values are case-sensitive: did you mean 'Orders.Sync'?"],
    ['application roles are not for users', (s) => (s.tenants[0].appRoleAssignments[1].appRole = 'Orders.Sync'),
      "tenants[0].appRoleAssignments[1].appRole: app role 'Orders.Sync' of 'Orders API' (tenants[0].applications[0]) allows only Application members (allowedMemberTypes), but the principal is a user"],
    ['user roles are not for applications', (s) => (s.tenants[0].appRoleAssignments[0].appRole = 'Orders.Admin'),
      "tenants[0].appRoleAssignments[0].appRole: app role 'Orders.Admin' of 'Orders API' (tenants[0].applications[0]) allows only User members (allowedMemberTypes), but the principal is an application"],
    ["Graph's roles are application-only", (s) => s.tenants[0].appRoleAssignments.push({ principal: 'ann@contoso.localhost', resource: GRAPH, appRole: 'User.Read.All' }),
      "tenants[0].appRoleAssignments[3].appRole: app role 'User.Read.All' of 'Microsoft Graph' (built in) allows only Application members (allowedMemberTypes), but the principal is a user"],
    ['disabled roles cannot be assigned', (s) => (s.tenants[0].appRoleAssignments[0].appRole = 'Orders.Legacy'),
      "tenants[0].appRoleAssignments[0].appRole: app role 'Orders.Legacy' of 'Orders API' (tenants[0].applications[0]) is disabled (isEnabled: false) and cannot be assigned"],
    ['the same assignment twice', (s) => s.tenants[0].appRoleAssignments.push({ principal: DAEMON, resource: API, appRole: 'Orders.Sync' }),
      'tenants[0].appRoleAssignments[3]: duplicates tenants[0].appRoleAssignments[0]'],
    ['a resource without a service principal', (s) => (app(s, 0).servicePrincipal = false),
      "tenants[0].appRoleAssignments[0].resource: 'Orders API' (tenants[0].applications[0]) has servicePrincipal: false, so it cannot be a resource in this tenant", 3],

    // ---- delegated permission grants
    ['grant scopes exist on the resource', (s) => (s.tenants[0].oauth2PermissionGrants[0].scope = 'Orders.Read Orders.Write'),
      "tenants[0].oauth2PermissionGrants[0].scope: 'Orders.Write' is not a delegated permission (oauth2PermissionScope) of 'Orders API' (tenants[0].applications[0]); it has: Orders.Read"],
    ['grant scopes must be enabled', (s) => (s.tenants[0].oauth2PermissionGrants[0].scope = 'Orders.Old'),
      "tenants[0].oauth2PermissionGrants[0].scope: delegated permission 'Orders.Old' of 'Orders API' (tenants[0].applications[0]) is disabled (isEnabled: false)"],
    ['grant scope case hint', (s) => (s.tenants[0].oauth2PermissionGrants[1].scope = 'openid user.read'),
      "tenants[0].oauth2PermissionGrants[1].scope: 'user.read' is not a delegated permission (oauth2PermissionScope) of 'Microsoft Graph' (built in); did you mean 'User.Read'?"],
    ['.default is not a permission', (s) => (s.tenants[0].oauth2PermissionGrants[1].scope = '.default'),
      "tenants[0].oauth2PermissionGrants[1].scope: '.default' is a request-time shorthand for what was granted, not a permission; list the permissions to grant"],
    ['Principal grants name a user', (s) => delete s.tenants[0].oauth2PermissionGrants[2].principal,
      'tenants[0].oauth2PermissionGrants[2].principal: is required when consentType is Principal: the UPN of the user who consented'],
    ['Principal grants name an existing user', (s) => (s.tenants[0].oauth2PermissionGrants[2].principal = 'zed@contoso.test'),
      "tenants[0].oauth2PermissionGrants[2].principal: no user 'zed@contoso.test' in this tenant (users: ann@contoso.localhost, ben@contoso.test)"],
    ['AllPrincipals grants name no user', (s) => (s.tenants[0].oauth2PermissionGrants[0].principal = 'ann@contoso.localhost'),
      "tenants[0].oauth2PermissionGrants[0].principal: must be omitted when consentType is AllPrincipals (consent for every user); use consentType: Principal for one user's consent"],
    ['grant client exists', (s) => (s.tenants[0].oauth2PermissionGrants[0].client = 'a0000000-0000-4000-8000-0000000000ee'),
      'tenants[0].oauth2PermissionGrants[0].client: no application with appId a0000000-0000-4000-8000-0000000000ee in this tenant'],
    ['Microsoft Graph is not a client', (s) => (s.tenants[0].oauth2PermissionGrants[0].client = GRAPH),
      'tenants[0].oauth2PermissionGrants[0].client: Microsoft Graph can be a resource, not a client'],
    ['a client without a service principal', (s) => (app(s, 2).servicePrincipal = false),
      "tenants[0].oauth2PermissionGrants[0].client: 'Portal' (tenants[0].applications[2]) has servicePrincipal: false, so it has no service principal here to be granted anything", 3],
    ['the same grant twice', (s) => s.tenants[0].oauth2PermissionGrants.push({ client: WEB, resource: 'https://graph.microsoft.com', scope: 'email' }),
      'tenants[0].oauth2PermissionGrants[3]: duplicates tenants[0].oauth2PermissionGrants[1] (same client, resource and consent); Entra keeps one grant per combination: merge their scopes'],
    ['resources from another tenant are named', (s) => {
      s.tenants.push({ ...secondTenant(), applications: [{ appId: 'b0000000-0000-4000-8000-000000000001', displayName: 'Fabrikam API' }] });
      s.tenants[0].oauth2PermissionGrants[0].resource = 'b0000000-0000-4000-8000-000000000001';
    }, "tenants[0].oauth2PermissionGrants[0].resource: no application with appId or identifier URI 'b0000000-0000-4000-8000-000000000001' in this tenant ('Fabrikam API' is registered in tenants[1]; a seed creates an app's service principal only in its own tenant)"],
  ];

  it.each(cases)('%s', (_rule, mutate, expected, count = 1) => {
    const errors = errorsOf(mutate);
    expect(errors).toHaveLength(count);
    if (expected.endsWith('…')) expect(errors[0].startsWith(expected.slice(0, -1)), errors[0]).toBe(true);
    else expect(errors[0]).toBe(expected);
  });

  it('accepts what Entra accepts', () => {
    expect(
      errorsOf((s) => {
        Object.assign(app(s, 2), {
          web: { redirectUris: ['https://portal.contoso.test/signin', 'http://127.0.0.1:8080/cb', 'http://[::1]/cb'] },
          publicClient: {
            redirectUris: [
              'msala0000000-0000-4000-8000-000000000003://auth',
              'https://login.microsoftonline.com/common/oauth2/nativeclient',
              'http://localhost',
            ],
          },
          spa: { redirectUris: ['https://portal.contoso.test/spa?tab=1'] },
        });
        s.tenants.push(secondTenant());
      }),
    ).toEqual([]);
  });

  it('lists every problem at once', () => {
    const errors = errorsOf((s) => {
      app(s, 1).passwordCredentials[0].secretText = 'short';
      app(s, 2).web.redirectUris.push('http://example.com/cb', 'relative');
      s.tenants[0].users.push({ userPrincipalName: 'ann@contoso.localhost', displayName: 'Ann again' });
      s.tenants[0].appRoleAssignments[0].appRole = 'Nope';
      s.tenants[0].oauth2PermissionGrants[0].scope = 'Orders.Write';
    });
    expect(errors.map((e) => e.slice(0, e.indexOf(': ')))).toEqual([
      'tenants[0].applications[1].passwordCredentials[0].secretText',
      'tenants[0].applications[2].web.redirectUris[2]',
      'tenants[0].applications[2].web.redirectUris[3]',
      // The tenant's structure is sound, so it is cross-checked in the same run.
      'tenants[0].users[2].userPrincipalName',
      'tenants[0].appRoleAssignments[0].appRole',
      'tenants[0].oauth2PermissionGrants[0].scope',
    ]);

    const crossRefs = errorsOf((s) => {
      s.tenants[0].users.push({ userPrincipalName: 'ann@contoso.localhost', displayName: 'Ann again' });
      s.tenants[0].users.push({ userPrincipalName: 'x@nowhere.test', displayName: 'X' });
      s.tenants[0].appRoleAssignments[0].appRole = 'Nope';
      s.tenants[0].oauth2PermissionGrants[0].scope = 'Orders.Write';
      app(s, 2).spa.redirectUris.push('https://portal.contoso.test/signin');
    });
    expect(crossRefs.map((e) => e.slice(0, e.indexOf(': ')))).toEqual([
      'tenants[0].users[2].userPrincipalName',
      'tenants[0].users[3].userPrincipalName',
      'tenants[0].applications[2].spa.redirectUris[0]',
      'tenants[0].appRoleAssignments[0].appRole',
      'tenants[0].oauth2PermissionGrants[0].scope',
    ]);
  });

  it('does not cross-check a tenant whose structure is broken, but does check the others', () => {
    const errors = errorsOf((s) => {
      s.tenants.unshift({
        id: 'bad',
        displayName: 'Broken',
        domains: ['broken.localhost'],
        users: [{ userPrincipalName: 'x@elsewhere.test', displayName: 'X' }],
      });
      s.tenants[1].applications.push({ appId: 'not-a-guid', displayName: 'Broken app' });
      s.tenants.push({ ...secondTenant(), users: [{ userPrincipalName: 'x@elsewhere.test', displayName: 'X' }] });
    });
    expect(errors).toEqual([
      'tenants[0].id: must be a GUID, e.g. 8eaef023-2b34-4da1-9baa-8bc8c9d6a490',
      'tenants[1].applications[3].appId: must be a GUID, e.g. 8eaef023-2b34-4da1-9baa-8bc8c9d6a490',
      "tenants[2].users[0].userPrincipalName: the domain 'elsewhere.test' is not a domain of this tenant (fabrikam.localhost)",
    ]);
  });

  it('validateSeed works on a parsed seed', () => {
    const result = parseSeed(JSON.stringify(base()), 'seed.json');
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(validateSeed(result.seed)).toEqual([]);
    result.seed.tenants[0].users.push({ ...result.seed.tenants[0].users[1], userPrincipalName: 'cy@elsewhere.test' });
    expect(validateSeed(result.seed)).toEqual([
      {
        path: ['tenants', 0, 'users', 2, 'userPrincipalName'],
        message: "the domain 'elsewhere.test' is not a domain of this tenant (contoso.localhost, contoso.test)",
      },
    ]);
  });
});

function privateKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
