// What a seed's tenant looks like once ids are settled: its applications (Microsoft Graph included)
// with resolved role and scope ids, their service principals and its users, plus the look-ups that
// assignments and grants use to name them. Shared by validation and apply so both resolve alike.

import type { AppRole, Application, ApplicationExtras, Guid, PermissionScope } from '../core/model.js';
import { AZURE_MANAGEMENT_APP_ID, azureManagementApplication } from './azure-management.js';
import { microsoftGraphApplication, MICROSOFT_GRAPH_APP_ID } from './graph.js';
import { derivedId } from './ids.js';
import { buildManagedIdentities, findManagedIdentity, type DirectoryManagedIdentity } from './managed-identities.js';
import type { SeedApplication, SeedTenant, SeedUser } from './schema.js';

export interface DirectoryApp {
  /** The application, credentials left empty (apply fills them). */
  app: Application;
  /** Index in the tenant's `applications`; undefined for the built-in Microsoft Graph. */
  index: number | undefined;
  /** The service principal id in this tenant, or null when the seed says `servicePrincipal: false`. */
  spId: Guid | null;
}

export interface DirectoryUser {
  user: SeedUser;
  index: number;
  id: Guid;
}

/** Graph properties kept as given (model.ts ApplicationExtras). */
export const EXTRA_KEYS = [
  'description',
  'notes',
  'tags',
  'groupMembershipClaims',
  'optionalClaims',
  'info',
  'serviceManagementReference',
  'isDeviceOnlyAuthSupported',
  'defaultRedirectUri',
  'tokenEncryptionKeyId',
] as const satisfies ReadonlyArray<keyof ApplicationExtras>;

/** Compare identifier URIs as Entra does: case-insensitively, ignoring one trailing slash. */
export function normalizeIdentifier(value: string): string {
  const lower = value.trim().toLowerCase();
  return lower.endsWith('/') ? lower.slice(0, -1) : lower;
}

/** The Application a seed entry (or a Graph body read through the same schema) describes; credentials empty. */
export function buildApplication(tenantId: Guid, seedApp: SeedApplication): Application {
  const appRoles: AppRole[] = seedApp.appRoles.map((role) => {
    const displayName = role.displayName ?? role.value;
    return {
      id: (role.id ?? derivedId.appRole(tenantId, seedApp.appId, role.value)).toLowerCase(),
      value: role.value,
      displayName,
      description: role.description ?? displayName,
      allowedMemberTypes: [...role.allowedMemberTypes],
      isEnabled: role.isEnabled,
    };
  });
  const scopes: PermissionScope[] = seedApp.api.oauth2PermissionScopes.map((scope) => {
    const adminConsentDisplayName = scope.adminConsentDisplayName ?? scope.value;
    return {
      id: (scope.id ?? derivedId.permissionScope(tenantId, seedApp.appId, scope.value)).toLowerCase(),
      value: scope.value,
      type: scope.type,
      adminConsentDisplayName,
      adminConsentDescription: scope.adminConsentDescription ?? adminConsentDisplayName,
      userConsentDisplayName: scope.userConsentDisplayName,
      userConsentDescription: scope.userConsentDescription,
      isEnabled: scope.isEnabled,
    };
  });
  const extras: ApplicationExtras = {};
  for (const key of EXTRA_KEYS) if (seedApp[key] !== undefined) (extras as Record<string, unknown>)[key] = seedApp[key];
  const web: Application['web'] = {
    redirectUris: [...seedApp.web.redirectUris],
    implicitGrantSettings: { ...seedApp.web.implicitGrantSettings },
  };
  if (seedApp.web.homePageUrl !== undefined) web.homePageUrl = seedApp.web.homePageUrl;
  if (seedApp.web.logoutUrl !== undefined) web.logoutUrl = seedApp.web.logoutUrl;
  return {
    ...(Object.keys(extras).length ? { extras } : {}),
    id: (seedApp.id ?? derivedId.application(tenantId, seedApp.appId)).toLowerCase(),
    appId: seedApp.appId.toLowerCase(),
    tenantId,
    displayName: seedApp.displayName,
    signInAudience: seedApp.signInAudience,
    web,
    spa: { redirectUris: [...seedApp.spa.redirectUris] },
    publicClient: { redirectUris: [...seedApp.publicClient.redirectUris] },
    isFallbackPublicClient: seedApp.isFallbackPublicClient,
    passwordCredentials: [],
    keyCredentials: [],
    identifierUris: [...seedApp.identifierUris],
    appRoles,
    api: {
      oauth2PermissionScopes: scopes,
      requestedAccessTokenVersion: seedApp.api.requestedAccessTokenVersion,
    },
    requiredResourceAccess: seedApp.requiredResourceAccess.map((r) => ({
      resourceAppId: r.resourceAppId.toLowerCase(),
      resourceAccess: r.resourceAccess.map((a) => ({ id: a.id.toLowerCase(), type: a.type })),
    })),
  };
}

function userId(tenantId: Guid, user: SeedUser): Guid {
  return (user.id ?? derivedId.user(tenantId, user.userPrincipalName)).toLowerCase();
}

/** One seeded tenant, indexed. Every tenant gets a service principal for Microsoft Graph. */
export class TenantDirectory {
  readonly tenantId: Guid;
  readonly apps: DirectoryApp[];
  readonly users: DirectoryUser[];
  /** Its managed identities, ids settled (seed/managed-identities.ts). */
  readonly managedIdentities: DirectoryManagedIdentity[];
  private readonly byAppId = new Map<string, DirectoryApp>();
  private readonly byIdentifier = new Map<string, DirectoryApp>();
  private readonly byUpn = new Map<string, DirectoryUser>();

  constructor(readonly tenant: SeedTenant) {
    this.tenantId = tenant.id.toLowerCase();
    const graph = microsoftGraphApplication();
    this.apps = [
      { app: graph, index: undefined, spId: derivedId.servicePrincipal(this.tenantId, MICROSOFT_GRAPH_APP_ID) },
      { app: azureManagementApplication(), index: undefined, spId: derivedId.servicePrincipal(this.tenantId, AZURE_MANAGEMENT_APP_ID) },
      ...tenant.applications.map((seedApp, index) => ({
        app: buildApplication(this.tenantId, seedApp),
        index,
        spId:
          seedApp.servicePrincipal === false
            ? null
            : (seedApp.servicePrincipal.id ?? derivedId.servicePrincipal(this.tenantId, seedApp.appId)).toLowerCase(),
      })),
    ];
    // First registration wins; duplicates are reported by validation.
    for (const entry of this.apps) {
      if (!this.byAppId.has(entry.app.appId)) this.byAppId.set(entry.app.appId, entry);
      for (const uri of entry.app.identifierUris) {
        const key = normalizeIdentifier(uri);
        if (!this.byIdentifier.has(key)) this.byIdentifier.set(key, entry);
      }
    }
    this.users = tenant.users.map((user, index) => ({ user, index, id: userId(this.tenantId, user) }));
    this.managedIdentities = buildManagedIdentities(this.tenantId, tenant.managedIdentities);
    for (const entry of this.users) {
      const key = entry.user.userPrincipalName.toLowerCase();
      if (!this.byUpn.has(key)) this.byUpn.set(key, entry);
    }
  }

  /** An application of this tenant (or Microsoft Graph) by appId. */
  findAppByAppId(appId: string): DirectoryApp | undefined {
    return this.byAppId.get(appId.trim().toLowerCase());
  }

  /** A resource by appId or identifier URI, as the token endpoint resolves `resource` / scope prefixes. */
  findResource(identifier: string): DirectoryApp | undefined {
    return this.findAppByAppId(identifier) ?? this.byIdentifier.get(normalizeIdentifier(identifier));
  }

  /** A managed identity by client id, name or resource id (an app role assignment's principal). */
  findManagedIdentity(ref: string): DirectoryManagedIdentity | undefined {
    return findManagedIdentity(this.managedIdentities, ref);
  }

  findUser(upn: string): DirectoryUser | undefined {
    return this.byUpn.get(upn.trim().toLowerCase());
  }
}

/** How to name an application in a message: `'Demo API' (tenants[0].applications[0])`. */
export function describeApp(entry: DirectoryApp, tenantIndex: number): string {
  return entry.index === undefined
    ? `'${entry.app.displayName}' (built in)`
    : `'${entry.app.displayName}' (tenants[${tenantIndex}].applications[${entry.index}])`;
}
