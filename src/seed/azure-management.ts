// The built-in Azure Resource Manager resource, "Windows Azure Service Management API": every
// Entra tenant has its service principal, and `az login` asks for a token for it
// (`https://management.core.windows.net//.default`) on every sign-in [O: graph-and-clients.md §0.4,
// §F.1]. Entrada registers it beside Microsoft Graph so hosts mode (issue 15) can serve the Azure CLI;
// Entrada's minimal ARM (http/arm/) accepts its tokens. The appId, identifier URIs and the one
// delegated scope are Microsoft's well-known values.

import type { Application, Guid } from '../core/model.js';
import { MICROSOFT_SERVICES_TENANT_ID } from './graph.js';
import { derivedId } from './ids.js';

export const AZURE_MANAGEMENT_APP_ID: Guid = '797f4846-ba00-4fd7-ba43-dac1f8f63013';
export const AZURE_MANAGEMENT_IDENTIFIER_URIS = ['https://management.core.windows.net/', 'https://management.azure.com/'] as const;
export const AZURE_MANAGEMENT_DISPLAY_NAME = 'Windows Azure Service Management API';

/** Its application object. A fresh copy on each call. */
export function azureManagementApplication(): Application {
  return {
    id: derivedId.application(MICROSOFT_SERVICES_TENANT_ID, AZURE_MANAGEMENT_APP_ID),
    appId: AZURE_MANAGEMENT_APP_ID,
    tenantId: MICROSOFT_SERVICES_TENANT_ID,
    displayName: AZURE_MANAGEMENT_DISPLAY_NAME,
    signInAudience: 'AzureADMultipleOrgs',
    web: { redirectUris: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
    spa: { redirectUris: [] },
    publicClient: { redirectUris: [] },
    isFallbackPublicClient: false,
    passwordCredentials: [],
    keyCredentials: [],
    identifierUris: [...AZURE_MANAGEMENT_IDENTIFIER_URIS],
    appRoles: [],
    api: {
      oauth2PermissionScopes: [
        {
          id: '41094075-9dad-400e-a0bd-54e686782033',
          value: 'user_impersonation',
          type: 'User',
          adminConsentDisplayName: 'Access Azure Service Management as organization users (preview)',
          adminConsentDescription: 'Allows the application to access the Azure Management Service API acting as users in the organization.',
          userConsentDisplayName: 'Access Azure Service Management as you (preview)',
          userConsentDescription: 'Allows the application to access the Azure Management Service API acting as you.',
          isEnabled: true,
        },
      ],
      // ARM takes v1 tokens (aud: the resource URI asked for, iss: sts.windows.net) [O].
      requestedAccessTokenVersion: 1,
    },
    requiredResourceAccess: [],
  };
}
