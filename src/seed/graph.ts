// The built-in Microsoft Graph resource. Every Entra tenant has a service principal for it, and apps
// ask for its delegated permissions (User.Read, openid, profile, …) on nearly every sign-in, so the
// seed always registers it. Only a small, commonly used subset of its permissions is defined.
//
// The permission ids are Graph's real, well-known ids (the same in every tenant; the ones apps put in
// requiredResourceAccess), so manifests copied from Azure resolve unchanged. They were checked
// against several independent app-registration scripts and permission tables that list Graph's ids.

import type { AppRole, Application, Guid, PermissionScope } from '../core/model.js';
import { derivedId } from './ids.js';

export const MICROSOFT_GRAPH_APP_ID: Guid = '00000003-0000-0000-c000-000000000000';
/** Microsoft's first-party services tenant, home of Microsoft Graph's application object. */
export const MICROSOFT_SERVICES_TENANT_ID: Guid = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
export const MICROSOFT_GRAPH_IDENTIFIER_URI = 'https://graph.microsoft.com';
export const MICROSOFT_GRAPH_DISPLAY_NAME = 'Microsoft Graph';

function scope(
  id: Guid,
  value: string,
  adminConsentDisplayName: string,
  adminConsentDescription: string,
): PermissionScope {
  return {
    id,
    value,
    type: 'User',
    adminConsentDisplayName,
    adminConsentDescription,
    userConsentDisplayName: adminConsentDisplayName,
    userConsentDescription: adminConsentDescription,
    isEnabled: true,
  };
}

const GRAPH_SCOPES: PermissionScope[] = [
  scope(
    'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
    'User.Read',
    'Sign in and read user profile',
    'Lets users sign in to the app and lets the app read the profile of the signed-in user.',
  ),
  scope(
    'b340eb25-3456-403f-be2f-af7a0d370277',
    'User.ReadBasic.All',
    "Read all users' basic profiles",
    'Lets the app read the basic profile (name, email, photo) of other users in the organization on behalf of the signed-in user.',
  ),
  scope(
    '570282fd-fa5c-430d-a7fd-fc8dc98a9dca',
    'Mail.Read',
    'Read user mail',
    "Lets the app read the signed-in user's mailbox.",
  ),
  scope(
    '64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0',
    'email',
    "View users' email address",
    "Lets the app read the signed-in user's primary email address.",
  ),
  scope(
    '7427e0e9-2fba-42fe-b0c0-848c9e6a8182',
    'offline_access',
    'Maintain access to data you have given it access to',
    'Lets the app keep the access it was given (refresh tokens) while the user is not using it.',
  ),
  scope(
    '37f7f235-527c-4136-accd-4a02d197296e',
    'openid',
    'Sign users in',
    'Lets users sign in to the app with their work or school account.',
  ),
  scope(
    '14dad69e-099b-42c9-810b-d002981feec1',
    'profile',
    "View users' basic profile",
    "Lets the app see the signed-in user's basic profile (name, user name).",
  ),
];

const GRAPH_ROLES: AppRole[] = [
  {
    id: 'df021288-bdef-4463-88db-98f22de89214',
    value: 'User.Read.All',
    displayName: "Read all users' full profiles",
    description: 'Lets the app read the full profile of every user without a signed-in user.',
    allowedMemberTypes: ['Application'],
    isEnabled: true,
  },
  {
    // Read by Entrada's GET /v1.0/auditLogs/signIns (the sign-in log in Graph's shape).
    id: 'b0afded3-3588-46d8-8b3d-9842eff778da',
    value: 'AuditLog.Read.All',
    displayName: 'Read all audit log data',
    description: "Lets the app read and query the organization's audit log activities, including sign-ins, without a signed-in user.",
    allowedMemberTypes: ['Application'],
    isEnabled: true,
  },
  {
    id: '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
    value: 'Directory.Read.All',
    displayName: 'Read directory data',
    description: "Lets the app read the organization's directory (users, groups, apps) without a signed-in user.",
    allowedMemberTypes: ['Application'],
    isEnabled: true,
  },
];

/** Microsoft Graph's application object. A fresh copy on each call. */
export function microsoftGraphApplication(): Application {
  return {
    id: derivedId.application(MICROSOFT_SERVICES_TENANT_ID, MICROSOFT_GRAPH_APP_ID),
    appId: MICROSOFT_GRAPH_APP_ID,
    tenantId: MICROSOFT_SERVICES_TENANT_ID,
    displayName: MICROSOFT_GRAPH_DISPLAY_NAME,
    signInAudience: 'AzureADMultipleOrgs',
    web: {
      redirectUris: [],
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
    },
    spa: { redirectUris: [] },
    publicClient: { redirectUris: [] },
    isFallbackPublicClient: false,
    passwordCredentials: [],
    keyCredentials: [],
    identifierUris: [MICROSOFT_GRAPH_IDENTIFIER_URI],
    appRoles: GRAPH_ROLES.map((r) => ({ ...r, allowedMemberTypes: [...r.allowedMemberTypes] })),
    api: {
      oauth2PermissionScopes: GRAPH_SCOPES.map((s) => ({ ...s })),
      // Graph issues v1 access tokens (aud https://graph.microsoft.com, iss sts.windows.net).
      requestedAccessTokenVersion: 1,
    },
    requiredResourceAccess: [],
  };
}
