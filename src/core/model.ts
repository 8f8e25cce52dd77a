// Directory model. Field names follow Microsoft Graph's resources (application, servicePrincipal,
// user, appRoleAssignment, oauth2PermissionGrant) so that seed files, manifests and the Graph
// subset read the same. See ../shared/docs/entra-protocol.md §9.

export type Guid = string;
/** ISO 8601 instant, e.g. "2026-11-26T06:43:09Z". */
export type Instant = string;

export interface Tenant {
  id: Guid;
  displayName: string;
  /** Verified domains; the first is the default (`entrada.localhost`). Matched case-insensitively. */
  domains: string[];
  /** Identity providers whose SAML assertions the SAML bearer grants accept (entra-protocol.md §3.8). */
  federatedIdentityProviders: FederatedIdentityProvider[];
  /** Smart lockout (core/policy/smart-lockout.ts); absent = Entra's defaults, 10 failures and 60 s. */
  smartLockout?: SmartLockoutSettings;
  /**
   * Security defaults (Graph `policies/identitySecurityDefaultsEnforcementPolicy` isEnabled). Absent
   * = false: Entra turns them on for new tenants [D: security-defaults], Entrada leaves them off so
   * that its users sign in without MFA unless a test asks for it.
   */
  securityDefaultsEnabled?: boolean;
  /**
   * Graph organization `countryLetterCode` (two letters): the `tenant_ctry` optional claim.
   * `preferredLanguage` (e.g. `en`): the `xms_tpl` optional claim (core/tokens/optional-claims.ts).
   * Absent = not set.
   */
  countryLetterCode?: string;
  preferredLanguage?: string;
}

/**
 * Entra's "Password protection" settings for smart lockout [D: howto-password-smart-lockout]:
 * `threshold` failed sign-ins lock the account for `durationSeconds` at first, longer after that.
 */
export interface SmartLockoutSettings {
  threshold: number;
  durationSeconds: number;
}

/**
 * A federation partner (e.g. AD FS) the tenant trusts: Entra's domain federation settings
 * (issuerUri, signingCertificate / nextSigningCertificate), gathered per issuer.
 */
export interface FederatedIdentityProvider {
  /** The SAML `Issuer` its assertions carry; compared exactly. */
  issuerUri: string;
  displayName: string;
  /** Base64 DER of each token-signing certificate (two during a rollover). Public, never secret. */
  signingCertificates: string[];
  /** Domains of the tenant it federates; empty = it may assert any user of the tenant [I]. */
  domains: string[];
}

/** The three platforms a redirect URI can be registered under (portal: Authentication blade). */
export type Platform = 'web' | 'spa' | 'publicClient';

export interface PasswordCredential {
  keyId: Guid;
  displayName: string | null;
  /** First three characters of the secret value, as Graph returns it. */
  hint: string;
  /** Salted hash of the secret value; the value itself is never stored. See crypto/secret-hash.ts. */
  secretHash: string;
  startDateTime: Instant;
  endDateTime: Instant;
}

export interface KeyCredential {
  keyId: Guid;
  displayName: string | null;
  type: 'AsymmetricX509Cert';
  usage: 'Verify';
  /** Base64 DER of the certificate. */
  key: string;
  /** Base64url SHA-1 and SHA-256 of the DER (the `x5t` / `x5t#S256` a client assertion names). */
  thumbprintSha1: string;
  thumbprintSha256: string;
  startDateTime: Instant;
  endDateTime: Instant;
}

/**
 * A federated identity credential (workload identity federation, entra-protocol.md §4.3): tokens
 * of an external issuer with this exact subject and one of these audiences authenticate the app.
 * Graph's `federatedIdentityCredential` resource.
 */
export interface FederatedIdentityCredential {
  id: Guid;
  /** 3–120 characters `[A-Za-z0-9_-]`, starting alphanumeric; unique per app; immutable in Graph. */
  name: string;
  /** The external token's `iss`, compared exactly; its OIDC discovery yields the signing keys. */
  issuer: string;
  /** The external token's `sub`, compared exactly and case-sensitively. */
  subject: string;
  /** Exactly one value; Graph's default is `api://AzureADTokenExchange`. */
  audiences: string[];
  description: string | null;
}

export interface AppRole {
  id: Guid;
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: Array<'User' | 'Application'>;
  isEnabled: boolean;
}

export interface PermissionScope {
  id: Guid;
  value: string;
  type: 'User' | 'Admin';
  adminConsentDisplayName: string;
  adminConsentDescription: string;
  userConsentDisplayName: string | null;
  userConsentDescription: string | null;
  isEnabled: boolean;
}

export interface RequiredResourceAccess {
  resourceAppId: Guid;
  resourceAccess: Array<{ id: Guid; type: 'Scope' | 'Role' }>;
}

export type SignInAudience =
  | 'AzureADMyOrg'
  | 'AzureADMultipleOrgs'
  | 'AzureADandPersonalMicrosoftAccount'
  | 'PersonalMicrosoftAccount';

export interface Application {
  /** Object id. */
  id: Guid;
  /** Client id. */
  appId: Guid;
  /** Home tenant. */
  tenantId: Guid;
  displayName: string;
  signInAudience: SignInAudience;
  web: {
    redirectUris: string[];
    implicitGrantSettings: { enableAccessTokenIssuance: boolean; enableIdTokenIssuance: boolean };
    homePageUrl?: string | null;
    /** Front-channel logout URL. */
    logoutUrl?: string | null;
  };
  spa: { redirectUris: string[] };
  publicClient: { redirectUris: string[] };
  /** Portal "Allow public client flows"; manifest `allowPublicClient`. null means false. */
  isFallbackPublicClient: boolean | null;
  passwordCredentials: PasswordCredential[];
  keyCredentials: KeyCredential[];
  /**
   * Graph: a relationship of the application (`/applications/{id}/federatedIdentityCredentials`).
   * Absent in documents stored before it existed: read as none.
   */
  federatedIdentityCredentials?: FederatedIdentityCredential[];
  identifierUris: string[];
  appRoles: AppRole[];
  api: {
    oauth2PermissionScopes: PermissionScope[];
    /** null or 1 → v1 access tokens, 2 → v2 (entra-protocol.md §7.1). */
    requestedAccessTokenVersion: 1 | 2 | null;
  };
  requiredResourceAccess: RequiredResourceAccess[];
  /** When it was registered (Graph `createdDateTime`); absent for apps stored before Graph writes. */
  createdDateTime?: Instant;
  /** Graph properties kept and returned as given; Entrada does not act on them (yet). */
  extras?: ApplicationExtras;
}

/** Graph application properties Entrada stores as given (seed or Graph) without acting on them. */
export interface ApplicationExtras {
  description?: string | null;
  notes?: string | null;
  tags?: string[];
  groupMembershipClaims?: string | null;
  optionalClaims?: unknown;
  info?: unknown;
  serviceManagementReference?: string | null;
  isDeviceOnlyAuthSupported?: boolean | null;
  defaultRedirectUri?: string | null;
  tokenEncryptionKeyId?: string | null;
}

export interface ServicePrincipal {
  id: Guid;
  appId: Guid;
  tenantId: Guid;
  displayName: string;
  accountEnabled: boolean;
  appRoleAssignmentRequired: boolean;
  servicePrincipalType: 'Application' | 'ManagedIdentity';
  /**
   * Graph's `alternativeNames`: empty for applications; for a managed identity
   * `['isExplicit=True', '<its resource id>']` (user-assigned) or
   * `['isExplicit=False', '<resource id of the Azure resource it belongs to>']` (system-assigned).
   * See core/policy/managed-identity.ts.
   */
  alternativeNames: string[];
  /** Graph's `tags` of the service principal (set through Graph; absent when there are none). */
  tags?: string[];
}

export interface User {
  id: Guid;
  tenantId: Guid;
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  accountEnabled: boolean;
  /** scrypt hash (crypto/password-hash.ts); null when the user cannot sign in with a password. */
  passwordHash: string | null;
  /** Graph requires it when a user is created; null for users seeded before it was kept. */
  mailNickname?: string | null;
  /**
   * Graph's passwordProfile.forceChangePasswordNextSignIn: the password is right but must be
   * changed before a sign-in completes (the sign-in pages ask for a new one; ROPC gets AADSTS50055).
   * Absent = false.
   */
  forceChangePasswordNextSignIn?: boolean;
  /**
   * Per-user MFA (Graph beta `users/{id}/authentication/requirements`, perUserMfaState): 'enabled'
   * and 'enforced' both require MFA at every sign-in [D: howto-mfa-userstates]. Absent = 'disabled'.
   */
  perUserMfaState?: PerUserMfaState;
  /**
   * Whether the user has registered a second factor. false makes a required MFA an enrolment
   * requirement (AADSTS50079) instead of a prompt (50076). Absent = true (Entrada's simulated
   * authenticator counts as registered).
   */
  mfaRegistered?: boolean;
  /**
   * Graph user properties the optional claims read (core/tokens/optional-claims.ts): `country`
   * (`ctry` when it is a two-letter code), `preferredLanguage` (`xms_pl`, e.g. `en-US`), and
   * `usageLocation` (two letters; Graph's, kept and returned). Absent = not set (migration 0017).
   */
  country?: string;
  preferredLanguage?: string;
  usageLocation?: string;
}

export type PerUserMfaState = 'disabled' | 'enabled' | 'enforced';

/**
 * A Conditional Access policy, in Graph's `conditionalAccessPolicy` shape, reduced to the
 * conditions and controls Entrada evaluates (core/policy/conditional-access.ts). For testing apps
 * against MFA and block answers, not a policy engine: see README "Testing the hard paths".
 */
export interface ConditionalAccessPolicy {
  id: Guid;
  tenantId: Guid;
  displayName: string;
  state: 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';
  conditions: {
    /** Ids are app ids (client or resource), or 'All' / 'None'; auth contexts are 'c1'…'c99'. */
    applications: { includeApplications: string[]; excludeApplications: string[]; includeAuthenticationContextClassReferences: string[] };
    /** User object ids or 'All' / 'None'; group object ids (transitive membership). */
    users: { includeUsers: string[]; excludeUsers: string[]; includeGroups: string[]; excludeGroups: string[] };
    /** 'all', 'browser', 'mobileAppsAndDesktopClients' (others are kept but never match a request). */
    clientAppTypes: string[];
    /** Named location ids, or 'All' / 'AllTrusted'; null = any location. */
    locations: { includeLocations: string[]; excludeLocations: string[] } | null;
  };
  /** builtInControls: 'block' or 'mfa' are evaluated; others are kept and ignored. */
  grantControls: { operator: 'AND' | 'OR'; builtInControls: string[] } | null;
  createdDateTime: Instant;
  modifiedDateTime: Instant | null;
}

/** An IP named location (Graph `ipNamedLocation`): CIDR ranges, IPv4 or IPv6. */
export interface NamedLocation {
  id: Guid;
  tenantId: Guid;
  displayName: string;
  isTrusted: boolean;
  /** CIDR strings, e.g. `203.0.113.0/24`, `2001:db8::/32`. */
  ipRanges: string[];
  createdDateTime: Instant;
  modifiedDateTime: Instant | null;
}

/** What MFA and Conditional Access decisions read about a tenant, once per sign-in. */
export interface TenantSignInPolicy {
  /** Graph `policies/identitySecurityDefaultsEnforcementPolicy` isEnabled. */
  securityDefaultsEnabled: boolean;
  conditionalAccessPolicies: ConditionalAccessPolicy[];
  namedLocations: NamedLocation[];
}

/**
 * A token lifetime policy (Graph `tokenLifetimePolicy`, issue 18): `definition` as Graph stores it
 * (one JSON string, core/policy/token-lifetime.ts reads it), and the applications and service
 * principals it is assigned to (`appliesTo`, object ids; Graph's `…/tokenLifetimePolicies/$ref`).
 */
export interface TokenLifetimePolicy {
  id: Guid;
  tenantId: Guid;
  displayName: string;
  description: string | null;
  definition: string[];
  isOrganizationDefault: boolean;
  appliesTo: Guid[];
}

export interface AppRoleAssignment {
  id: Guid;
  /** The service principal (app-only roles) or user the role is granted to. */
  principalId: Guid;
  principalType: 'ServicePrincipal' | 'User' | 'Group';
  /** The resource's service principal id. */
  resourceId: Guid;
  appRoleId: Guid;
}

export interface OAuth2PermissionGrant {
  id: Guid;
  /** The client's service principal id. */
  clientId: Guid;
  consentType: 'AllPrincipals' | 'Principal';
  /** The user, when consentType is Principal. */
  principalId: Guid | null;
  /** The resource's service principal id. */
  resourceId: Guid;
  /** Space-separated delegated permission values. */
  scope: string;
}

/** The client type a token grant was issued under; refresh tokens remember it (entra-protocol.md §2.2). */
export type ClientType = 'confidential' | 'public' | 'spa';

export interface RefreshTokenRecord {
  /** SHA-256 (base64url) of the opaque token; the token itself is never stored. */
  tokenHash: string;
  /** All refresh tokens descending from one sign-in share a family. */
  familyId: Guid;
  tenantId: Guid;
  /** Client app id the token is bound to. */
  clientId: Guid;
  userId: Guid;
  clientType: ClientType;
  /** Delegated scopes the sign-in covered (full strings, e.g. `api://x/read`, plus OIDC scopes). */
  scopes: string[];
  /** When the user signed in (start of the family). */
  authTime: Instant;
  createdAt: Instant;
  expiresAt: Instant;
  revokedAt: Instant | null;
  /** How the sign-in was proven (`pwd`, `mfa`); absent = ['pwd']. */
  amr?: string[];
  /**
   * When the user signed in (a code's session authTime; for other grants the family's start), for
   * the auth_time and sid optional claims (migration 0017). Absent for rows stored before: authTime.
   */
  signInTime?: Instant;
}

export interface SigningKey {
  /** Base64url SHA-1 thumbprint of the certificate; also used as `x5t`. */
  kid: string;
  /** PKCS#8 PEM of the RSA private key. */
  privateKeyPem: string;
  /** Base64 DER of the self-signed certificate published in `x5c`. */
  certificate: string;
  createdAt: Instant;
  /**
   * When it starts signing; published from creation (a "next" key until then). Which key signs and
   * which are published: core/signing-key-states.ts.
   */
  activatesAt: Instant;
  /** When it was retired (unpublished: its tokens stop verifying); null until then. */
  retiredAt: Instant | null;
  /**
   * Creation order, 1 for the installation's first key; unique, so two nodes creating "the next
   * key" at once create one (storage/repositories/signing-keys.ts).
   */
  generation: number;
}

/** A key about to be stored: the store gives it its generation. */
export type NewSigningKey = Omit<SigningKey, 'generation'>;

/**
 * A group (Graph `group`): security groups and Microsoft 365 groups (`groupTypes: ['Unified']`).
 * Members and owners are kept as relations (storage), not in the object.
 */
export interface Group {
  id: Guid;
  tenantId: Guid;
  displayName: string;
  description: string | null;
  /** Graph requires it on create: ASCII, no spaces or `@()\[]";:<>,`, at most 64 characters. */
  mailNickname: string;
  mailEnabled: boolean;
  securityEnabled: boolean;
  groupTypes: string[];
  createdDateTime: Instant;
}

/** One group a user belongs to, as token claims and group assignments read it (issue 18). */
export interface GroupMembership {
  id: Guid;
  displayName: string;
  securityEnabled: boolean;
  /** A direct member; false: only through a nested group. */
  direct: boolean;
}

/** What a group member, an owner or a directory role holder can be. */
export type DirectoryObjectType = 'User' | 'Group' | 'ServicePrincipal' | 'Application';

export interface DirectoryRelation {
  /** The group (members), or the application, service principal or group (owners). */
  objectId: Guid;
  /** The member or owner. */
  relatedId: Guid;
  relatedType: DirectoryObjectType;
}

/**
 * One change to the directory, in Microsoft Graph's `directoryAudit` shape (graph-and-clients.md §E):
 * who did it, to which object, which properties changed (old and new values, never a secret).
 */
export interface DirectoryAudit {
  id: string;
  tenantId: Guid;
  activityDateTime: Instant;
  activityDisplayName: string;
  category: 'ApplicationManagement' | 'UserManagement' | 'GroupManagement' | 'RoleManagement' | 'DirectoryManagement' | 'Policy';
  correlationId: string;
  /** 'Conditional Access' for policies, named locations and security defaults [D: reference-audit-activities]. */
  loggedByService: 'Core Directory' | 'Conditional Access';
  operationType: 'Add' | 'Update' | 'Delete' | 'Assign' | 'Unassign';
  result: 'success' | 'failure';
  resultReason: string;
  initiatedBy: {
    user: {
      id: Guid;
      displayName: string | null;
      userPrincipalName: string | null;
      ipAddress: string | null;
      userType: 'Member';
      homeTenantId: Guid;
      homeTenantName: string | null;
    } | null;
    app: { appId: Guid | null; displayName: string | null; servicePrincipalId: Guid | null; servicePrincipalName: string | null } | null;
  };
  targetResources: Array<{
    id: string;
    displayName: string | null;
    type: 'User' | 'Group' | 'Application' | 'ServicePrincipal' | 'Directory' | 'Role' | 'Policy' | 'Other';
    userPrincipalName: string | null;
    /** For groups: `unifiedGroups` or `azureAD` (security); null otherwise. */
    groupType: string | null;
    modifiedProperties: Array<{ displayName: string; oldValue: string | null; newValue: string | null }>;
  }>;
  additionalDetails: Array<{ key: string; value: string }>;
}
