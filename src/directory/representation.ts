// Directory objects in Microsoft Graph v1.0's JSON shapes [D: Graph resource pages], with the
// properties Entrada does not model at their Graph defaults so clients find every key they read.
// Secrets never leave: passwordCredentials show `hint` and `secretText: null`, keyCredentials
// `key: null` (Graph returns the public certificate only when a single GET $selects keyCredentials:
// applications-route.ts adds it then).

import type {
  AppRole,
  Application,
  AppRoleAssignment,
  Group,
  OAuth2PermissionGrant,
  ServicePrincipal,
  Tenant,
  User,
} from '../core/model.js';

export type GraphObject = Record<string, unknown>;

/** Graph writes instants without milliseconds: `2026-12-02T06:17:33Z`. */
export function graphInstant(iso: string | undefined | null): string | null {
  return iso ? iso.replace(/\.\d{3}Z$/, 'Z') : null;
}

/** Graph's appRole, as applications and service principals show it. */
function graphAppRole(r: AppRole): GraphObject {
  return {
    allowedMemberTypes: [...r.allowedMemberTypes],
    description: r.description,
    displayName: r.displayName,
    id: r.id,
    isEnabled: r.isEnabled,
    origin: 'Application',
    value: r.value,
  };
}

export function toGraphApplication(app: Application, tenant: Tenant | undefined): GraphObject {
  const extras = app.extras ?? {};
  return {
    id: app.id,
    deletedDateTime: null,
    appId: app.appId,
    applicationTemplateId: null,
    disabledByMicrosoftStatus: null,
    createdDateTime: graphInstant(app.createdDateTime),
    displayName: app.displayName,
    description: extras.description ?? null,
    groupMembershipClaims: extras.groupMembershipClaims ?? null,
    identifierUris: [...app.identifierUris],
    isDeviceOnlyAuthSupported: extras.isDeviceOnlyAuthSupported ?? null,
    isFallbackPublicClient: app.isFallbackPublicClient ?? null,
    notes: extras.notes ?? null,
    publisherDomain: tenant?.domains[0] ?? null,
    serviceManagementReference: extras.serviceManagementReference ?? null,
    signInAudience: app.signInAudience,
    tags: [...(extras.tags ?? [])],
    tokenEncryptionKeyId: extras.tokenEncryptionKeyId ?? null,
    defaultRedirectUri: extras.defaultRedirectUri ?? null,
    certification: null,
    optionalClaims: extras.optionalClaims ?? null,
    requestSignatureVerification: null,
    addIns: [],
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [],
      requestedAccessTokenVersion: app.api.requestedAccessTokenVersion,
      oauth2PermissionScopes: app.api.oauth2PermissionScopes.map((s) => ({ ...s })),
      preAuthorizedApplications: [],
    },
    appRoles: app.appRoles.map(graphAppRole),
    info: extras.info ?? { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: app.keyCredentials.map((k) => ({
      customKeyIdentifier: Buffer.from(k.thumbprintSha1, 'base64url').toString('hex').toUpperCase(),
      displayName: k.displayName,
      endDateTime: graphInstant(k.endDateTime),
      key: null,
      keyId: k.keyId,
      startDateTime: graphInstant(k.startDateTime),
      type: k.type,
      usage: k.usage,
    })),
    parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: 'Allow' },
    passwordCredentials: app.passwordCredentials.map((p) => ({
      customKeyIdentifier: null,
      displayName: p.displayName,
      endDateTime: graphInstant(p.endDateTime),
      hint: p.hint,
      keyId: p.keyId,
      secretText: null,
      startDateTime: graphInstant(p.startDateTime),
    })),
    publicClient: { redirectUris: [...app.publicClient.redirectUris] },
    requiredResourceAccess: app.requiredResourceAccess.map((r) => ({
      resourceAppId: r.resourceAppId,
      resourceAccess: r.resourceAccess.map((a) => ({ ...a })),
    })),
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    web: {
      homePageUrl: app.web.homePageUrl ?? null,
      logoutUrl: app.web.logoutUrl ?? null,
      redirectUris: [...app.web.redirectUris],
      implicitGrantSettings: { ...app.web.implicitGrantSettings },
      redirectUriSettings: app.web.redirectUris.map((uri) => ({ uri, index: null })),
    },
    spa: { redirectUris: [...app.spa.redirectUris] },
  };
}

/**
 * A service principal; `app` (its application, when known) supplies what Graph copies from it:
 * appRoles, oauth2PermissionScopes, replyUrls, servicePrincipalNames.
 */
export function toGraphServicePrincipal(sp: ServicePrincipal, app: Application | undefined): GraphObject {
  const managed = sp.servicePrincipalType === 'ManagedIdentity';
  return {
    id: sp.id,
    deletedDateTime: null,
    accountEnabled: sp.accountEnabled,
    alternativeNames: [...sp.alternativeNames],
    appDisplayName: managed ? null : (app?.displayName ?? sp.displayName),
    appDescription: null,
    appId: sp.appId,
    applicationTemplateId: null,
    appOwnerOrganizationId: managed ? null : (app?.tenantId ?? null),
    appRoleAssignmentRequired: sp.appRoleAssignmentRequired,
    createdDateTime: null,
    description: null,
    disabledByMicrosoftStatus: null,
    displayName: sp.displayName,
    homepage: app?.web.homePageUrl ?? null,
    loginUrl: null,
    logoutUrl: app?.web.logoutUrl ?? null,
    notes: null,
    notificationEmailAddresses: [],
    preferredSingleSignOnMode: null,
    preferredTokenSigningKeyThumbprint: null,
    replyUrls: app ? [...app.web.redirectUris, ...app.spa.redirectUris, ...app.publicClient.redirectUris] : [],
    servicePrincipalNames: app ? [sp.appId, ...app.identifierUris] : [sp.appId, ...sp.alternativeNames.filter((n) => n.startsWith('/'))],
    servicePrincipalType: sp.servicePrincipalType,
    signInAudience: managed ? null : (app?.signInAudience ?? null),
    tags: [...(sp.tags ?? [])],
    tokenEncryptionKeyId: null,
    addIns: [],
    appRoles: (app?.appRoles ?? []).map(graphAppRole),
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: [],
    oauth2PermissionScopes: (app?.api.oauth2PermissionScopes ?? []).map((s) => ({ ...s })),
    passwordCredentials: [],
    resourceSpecificApplicationPermissions: [],
    verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
  };
}

/** Graph's default user properties (a GET without $select) [D: user resource]. */
export function toGraphUser(user: User): GraphObject {
  return {
    id: user.id,
    businessPhones: [],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: null,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: user.preferredLanguage ?? null,
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    // Not among Graph's defaults, but Graph returns them when $select names them; Entrada always
    // includes them (a client reading defaults only ignores extra keys).
    accountEnabled: user.accountEnabled,
    mailNickname: user.mailNickname ?? user.userPrincipalName.split('@')[0],
    // Not among Graph's defaults either; what the optional claims read (ctry), returned for $select.
    country: user.country ?? null,
    usageLocation: user.usageLocation ?? null,
  };
}

export function toGraphGroup(group: Group): GraphObject {
  return {
    id: group.id,
    deletedDateTime: null,
    classification: null,
    createdDateTime: graphInstant(group.createdDateTime),
    creationOptions: [],
    description: group.description,
    displayName: group.displayName,
    expirationDateTime: null,
    groupTypes: [...group.groupTypes],
    isAssignableToRole: null,
    mail: null,
    mailEnabled: group.mailEnabled,
    mailNickname: group.mailNickname,
    membershipRule: null,
    membershipRuleProcessingState: null,
    onPremisesSyncEnabled: null,
    preferredDataLocation: null,
    preferredLanguage: null,
    proxyAddresses: [],
    renewedDateTime: graphInstant(group.createdDateTime),
    resourceBehaviorOptions: [],
    resourceProvisioningOptions: [],
    securityEnabled: group.securityEnabled,
    securityIdentifier: null,
    theme: null,
    visibility: null,
    onPremisesProvisioningErrors: [],
  };
}

export function toGraphPermissionGrant(grant: OAuth2PermissionGrant): GraphObject {
  return {
    clientId: grant.clientId,
    consentType: grant.consentType,
    id: grant.id,
    principalId: grant.principalId,
    resourceId: grant.resourceId,
    scope: grant.scope,
  };
}

export function toGraphAppRoleAssignment(
  a: AppRoleAssignment,
  names: { principalDisplayName: string | null; resourceDisplayName: string | null },
): GraphObject {
  return {
    id: a.id,
    deletedDateTime: null,
    appRoleId: a.appRoleId,
    createdDateTime: null,
    principalDisplayName: names.principalDisplayName,
    principalId: a.principalId,
    principalType: a.principalType,
    resourceDisplayName: names.resourceDisplayName,
    resourceId: a.resourceId,
  };
}
