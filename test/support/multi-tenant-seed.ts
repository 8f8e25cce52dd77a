// Two tenants for the multi-tenant tests (issue 18): Contoso (A) registers the apps; Fabrikam (B)
// has the users who sign in to them from outside. Only Contoso holds the apps' service principals
// at first: Fabrikam gets them from a consent.

import type { SeedDefinition } from '../../src/api/index.js';

export const CONTOSO = { id: 'aaaaaaaa-0000-4000-8000-00000000000a', domain: 'contoso.test', name: 'Contoso' };
export const FABRIKAM = { id: 'bbbbbbbb-0000-4000-8000-00000000000b', domain: 'fabrikam.test', name: 'Fabrikam' };

export const SAAS = {
  appId: 'a1a1a1a1-0000-4000-8000-0000000000a1',
  name: 'Shared SaaS',
  secret: 'saas~secret~multi-tenant-0000001',
  redirectUri: 'https://saas.example/cb',
};
export const PRIVATE = { appId: 'a2a2a2a2-0000-4000-8000-0000000000a2', name: 'Private App', redirectUri: 'https://private.example/cb', secret: 'private~secret~single-tenant-0002' };
export const API = {
  appId: 'a3a3a3a3-0000-4000-8000-0000000000a3',
  name: 'Multi API',
  uri: 'api://multi-api',
  readScopeId: 'a3a3a3a3-0000-4000-8000-0000000000b1',
  dataReadRoleId: 'a3a3a3a3-0000-4000-8000-0000000000c1',
};
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Microsoft Graph's User.Read (delegated) and User.Read.All (application) [D: Graph permissions reference]. */
export const GRAPH_USER_READ = 'e1fe6dd8-ba31-4d61-89e7-88639da4683d';

export const PASSWORD = 'Multi-tenant-password-1';
export const ALICE = `alice@${CONTOSO.domain}`;
/** An ordinary user of Fabrikam. */
export const BOB = `bob@${FABRIKAM.domain}`;
/** Fabrikam's Global Administrator. */
export const GINA = `gina@${FABRIKAM.domain}`;
/** Fabrikam's Application Administrator (may not grant Graph's application permissions). */
export const APRIL = `april@${FABRIKAM.domain}`;

export function multiTenantSeed(): SeedDefinition {
  return {
    tenants: [
      {
        id: CONTOSO.id,
        displayName: CONTOSO.name,
        domains: [CONTOSO.domain],
        applications: [
          {
            appId: SAAS.appId,
            displayName: SAAS.name,
            signInAudience: 'AzureADMultipleOrgs',
            web: { redirectUris: [SAAS.redirectUri] },
            passwordCredentials: [{ secretText: SAAS.secret }],
            requiredResourceAccess: [
              { resourceAppId: GRAPH_APP_ID, resourceAccess: [{ id: GRAPH_USER_READ, type: 'Scope' }] },
              { resourceAppId: API.appId, resourceAccess: [{ id: API.readScopeId, type: 'Scope' }, { id: API.dataReadRoleId, type: 'Role' }] },
            ],
          },
          {
            appId: PRIVATE.appId,
            displayName: PRIVATE.name,
            signInAudience: 'AzureADMyOrg',
            web: { redirectUris: [PRIVATE.redirectUri] },
            passwordCredentials: [{ secretText: PRIVATE.secret }],
          },
          {
            appId: API.appId,
            displayName: API.name,
            signInAudience: 'AzureADMultipleOrgs',
            identifierUris: [API.uri],
            web: { redirectUris: ['https://api.example/cb'] },
            api: {
              requestedAccessTokenVersion: 2,
              oauth2PermissionScopes: [{ id: API.readScopeId, value: 'Read', type: 'User', adminConsentDisplayName: 'Read data' }],
            },
            appRoles: [{ id: API.dataReadRoleId, value: 'Data.Read', allowedMemberTypes: ['Application'], displayName: 'Read all data' }],
          },
        ],
        users: [{ userPrincipalName: ALICE, displayName: 'Alice Contoso', password: PASSWORD }],
      },
      {
        id: FABRIKAM.id,
        displayName: FABRIKAM.name,
        domains: [FABRIKAM.domain],
        users: [
          { userPrincipalName: BOB, displayName: 'Bob Fabrikam', password: PASSWORD },
          { userPrincipalName: GINA, displayName: 'Gina Fabrikam', password: PASSWORD, directoryRoles: ['Global Administrator'] },
          { userPrincipalName: APRIL, displayName: 'April Fabrikam', password: PASSWORD, directoryRoles: ['Application Administrator'] },
        ],
      },
    ],
  };
}
