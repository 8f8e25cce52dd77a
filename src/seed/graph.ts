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
  type: 'User' | 'Admin' = 'User',
): PermissionScope {
  return {
    id,
    value,
    type,
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
  // Directory management (issue 11): admin-consent scopes; a delegated call also needs the
  // signed-in user's directory role (core/policy/graph-permissions.ts).
  ...(
    [
      ['c79f8feb-a9db-4090-85f9-90d820caa0eb', 'Application.Read.All', 'Read applications'],
      ['bdfbf15f-ee85-4955-8675-146e8e5296b5', 'Application.ReadWrite.All', 'Read and write all applications'],
      ['84bccea3-f856-4a8a-967b-dbe0a3d53a64', 'AppRoleAssignment.ReadWrite.All', 'Manage app permission grants and app role assignments'],
      ['41ce6ca6-6826-4807-84f1-1c82854f7ee5', 'DelegatedPermissionGrant.ReadWrite.All', 'Manage all delegated permission grants'],
      ['06da0dbc-49e2-44d2-8312-53f166ab848a', 'Directory.Read.All', 'Read directory data'],
      ['c5366453-9fb0-48a5-a156-24f0c49a4b84', 'Directory.ReadWrite.All', 'Read and write directory data'],
      ['0e263e50-5827-48a4-b97c-d940288653c7', 'Directory.AccessAsUser.All', 'Access directory as the signed in user'],
      ['a154be20-db9c-4678-8ab7-66f6cc099a59', 'User.Read.All', "Read all users' full profiles"],
      ['204e0828-b5ca-4ad8-b9f3-f32a958e7cc4', 'User.ReadWrite.All', "Read and write all users' full profiles"],
      ['5f8c59db-677d-491f-a6b8-5f174b11ec1d', 'Group.Read.All', 'Read all groups'],
      ['4e46008b-f24c-477d-8fff-7bb4ec7aafe0', 'Group.ReadWrite.All', 'Read and write all groups'],
      ['f81125ac-d3b7-4573-a3b2-7099cc39df9e', 'GroupMember.ReadWrite.All', 'Read and write group memberships'],
      ['e4c9e354-4dc5-45b8-9e7c-e1393b0b1a20', 'AuditLog.Read.All', 'Read audit log data'],
      ['2f9ee017-59c1-4f1d-9472-bd5529a7b311', 'Domain.Read.All', 'Read domains'],
      // Conditional Access, per-user MFA and sessions (issue 17).
      ['572fea84-0151-49b2-9301-11cb16974376', 'Policy.Read.All', "Read your organization's policies"],
      ['ad902697-1014-4ef5-81ef-2b4301988e8c', 'Policy.ReadWrite.ConditionalAccess', "Read and write your organization's conditional access policies"],
      ['7e823077-d88e-468f-a337-e18f1f0e6c7c', 'Policy.ReadWrite.AuthenticationMethod', 'Read and write authentication method policies'],
      // Token lifetime policies (issue 18) [D: Graph permissions reference].
      ['b27add92-efb2-4f16-84f5-8108ba77985c', 'Policy.ReadWrite.ApplicationConfiguration', "Read and write your organization's application configuration policies"],
      ['fc30e98b-8810-4501-81f5-c20a3196387b', 'User.RevokeSessions.All', 'Revoke all sign in sessions for a user'],
    ] as const
  ).map(([id, value, name]) => scope(id, value, name, `Allows the app to ${name.charAt(0).toLowerCase()}${name.slice(1)} on behalf of the signed-in user.`, 'Admin')),
];

/** Application permissions for directory management (issue 11), with Graph's real ids. */
const DIRECTORY_ROLES: AppRole[] = (
  [
    ['9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', 'Application.Read.All', 'Read all applications'],
    ['1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', 'Application.ReadWrite.All', 'Read and write all applications'],
    ['18a4783c-866b-4cc7-a460-3d5e5662c884', 'Application.ReadWrite.OwnedBy', 'Manage apps that this app creates or owns'],
    ['06b708a9-e830-4db3-a914-8e69da51d44f', 'AppRoleAssignment.ReadWrite.All', 'Manage app permission grants and app role assignments'],
    ['8e8e4742-1d95-4f68-9d56-6ee75648c72a', 'DelegatedPermissionGrant.ReadWrite.All', 'Manage all delegated permission grants'],
    ['19dbc75e-c2e2-444c-a770-ec69d8559fc7', 'Directory.ReadWrite.All', 'Read and write directory data'],
    ['741f803b-c850-494e-b5df-cde7c675a1ca', 'User.ReadWrite.All', "Read and write all users' full profiles"],
    ['5b567255-7703-4780-807c-7be8301ae99b', 'Group.Read.All', 'Read all groups'],
    ['62a82d76-70ea-41e2-9197-370581804d09', 'Group.ReadWrite.All', 'Read and write all groups'],
    ['bf7b1a76-6e77-406b-b258-bf5c7720e98f', 'Group.Create', 'Create groups'],
    ['dbaae8cf-10b5-4b86-a4a1-f871c94c6695', 'GroupMember.ReadWrite.All', 'Read and write all group memberships'],
    ['dbb9058a-0e50-45d7-ae91-66909b5d4664', 'Domain.Read.All', 'Read domains'],
    // Conditional Access, per-user MFA and sessions (issue 17).
    ['246dd0d5-5bd0-4def-940b-0421030a5b68', 'Policy.Read.All', "Read your organization's policies"],
    ['01c0a623-fc9b-48e9-b794-0756f8e8f067', 'Policy.ReadWrite.ConditionalAccess', "Read and write your organization's conditional access policies"],
    ['29c18626-4985-4dcd-85c0-193eef327366', 'Policy.ReadWrite.AuthenticationMethod', 'Read and write all authentication method policies'],
    ['be74164b-cff1-491c-8741-e671cb536e13', 'Policy.ReadWrite.ApplicationConfiguration', "Read and write your organization's application configuration policies"],
    ['77f3a031-c388-4f99-b373-dc68676a979e', 'User.RevokeSessions.All', 'Revoke all sign in sessions for a user'],
  ] as const
).map(([id, value, displayName]) => ({
  id,
  value,
  displayName,
  description: `Allows the app to ${displayName.charAt(0).toLowerCase()}${displayName.slice(1)} without a signed-in user.`,
  allowedMemberTypes: ['Application'],
  isEnabled: true,
}));

const GRAPH_ROLES: AppRole[] = [
  ...DIRECTORY_ROLES,
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
