// The seed file: tenants with their app registrations, service principals, users, app role
// assignments and delegated permission grants, in Microsoft Graph's camelCase field names.
// This schema checks shapes and the rules that concern one value; validate.ts checks
// cross-references and the rules that span several objects. demo.yaml is the commented example.

import { z } from 'zod';
import type { Platform } from '../core/model.js';
import { readCertificate } from './certificate.js';
import { conditionalAccessSchemas } from './conditional-access.js';
import { tokenLifetimePolicySchema } from './token-lifetime-schema.js';
import { federatedIdentityCredentialSchema } from './federated-credentials.js';
import { managedIdentitySchema } from './managed-identities.js';
import { optionalClaimsSchema } from './optional-claims.js';
import { groupMembershipClaimsProblems } from '../core/tokens/group-claims.js';
import { redirectUriProblems } from './redirect-uri.js';
import { userPrincipalNameProblems } from './users.js';
import { DEFAULT_SMART_LOCKOUT, SMART_LOCKOUT_LIMITS } from '../core/policy/smart-lockout.js';

/** Graph addPassword's accepted secret length is 16–64; real Entra secrets are 40 characters. */
const SECRET_MIN_LENGTH = 16;
const SECRET_MAX_LENGTH = 64;

const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

const secretLengthMessage = (input: unknown) =>
  `must be ${SECRET_MIN_LENGTH} to ${SECRET_MAX_LENGTH} characters (Entra's secrets are 40); got ${String(input).length}`;

/**
 * The seed schemas. `strict` is the real thing. The lenient variant keeps types, structure and GUIDs
 * but skips the rules on single values (redirect URI rules, secret length, certificates, dates,
 * domain and UPN syntax, unknown keys): a tenant that breaks only those is still well-formed enough
 * to cross-check, so one load reports both kinds of problem.
 */
function buildSchemas(strict: boolean) {
  const object = <T extends z.core.$ZodLooseShape>(shape: T) => (strict ? z.strictObject(shape) : z.object(shape));
  /** A string with a rule on its value, enforced only when strict. */
  const checked = (check: (value: string) => string[]) =>
    strict
      ? z.string().superRefine((value, ctx) => {
          for (const message of check(value)) ctx.addIssue({ code: 'custom', message });
        })
      : z.string();

  const guid = () => z.guid({ error: 'must be a GUID, e.g. 8eaef023-2b34-4da1-9baa-8bc8c9d6a490' });
  const instant = () =>
    strict
      ? z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-01-01T00:00:00Z' })
      : z.string();
  const nonEmpty = () => z.string().trim().min(1, { error: 'must not be empty' });
  const pattern = (regex: RegExp, message: string) => checked((v) => (regex.test(v) ? [] : [message]));
  /** ISO 3166 alpha-2 [D: Graph user usageLocation]. */
  const countryCode = () => pattern(/^[A-Za-z]{2}$/, 'must be a two-letter country code (ISO 3166), e.g. US');
  /** ISO 639-1 language, optionally a region (en, en-US) [D: Graph preferredLanguage]; bounded [I]. */
  const languageTag = () => pattern(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/, 'must be a language tag such as en or en-US');

  const redirectUris = (platform: Platform) =>
    z.array(checked((uri) => redirectUriProblems(platform, uri))).default([]);

  const identifierUri = checked((uri) => {
    if (!URL.canParse(uri)) return [`'${uri}' is not an absolute URI (e.g. api://my-api)`];
    if (uri.includes('*')) return ['must not contain wildcards'];
    if (uri.includes('#')) return ['must not contain a fragment (#…)'];
    return [];
  });

  const PasswordCredentialSchema = object({
    keyId: guid().optional(),
    displayName: z.string().nullable().default(null),
    /** The secret value. Only its hash is stored; the plain value is printed at start-up for demos. */
    secretText: strict
      ? z
          .string()
          .min(SECRET_MIN_LENGTH, { error: (iss) => secretLengthMessage(iss.input) })
          .max(SECRET_MAX_LENGTH, { error: (iss) => secretLengthMessage(iss.input) })
      : z.string(),
    /** Default: when the seed is first applied. */
    startDateTime: instant().optional(),
    /** Default: startDateTime + 2 years, as Graph's addPassword. */
    endDateTime: instant().optional(),
  });

  const KeyCredentialSchema = object({
    /** Graph's fixed values, accepted so a Graph keyCredential reads as is. */
    type: z.literal('AsymmetricX509Cert', { error: 'must be AsymmetricX509Cert' }).optional(),
    usage: z.literal('Verify', { error: "must be Verify (Entrada's certificates verify client assertions)" }).optional(),
    customKeyIdentifier: z.string().nullable().optional(),
    keyId: guid().optional(),
    displayName: z.string().nullable().default(null),
    /** The public certificate: PEM or base64 DER. */
    key: checked((key) => {
      const result = readCertificate(key);
      return result.ok ? [] : [result.message];
    }),
    /** Defaults: the certificate's own notBefore / notAfter. */
    startDateTime: instant().optional(),
    endDateTime: instant().optional(),
  });

  const permissionValue = () => nonEmpty().regex(/^\S+$/, { error: 'must not contain spaces' });

  const AppRoleSchema = object({
    id: guid().optional(),
    /** Graph's read-only 'Application'; accepted and ignored. */
    origin: z.string().optional(),
    /** The value in the `roles` claim. */
    value: permissionValue(),
    /** Default: the value. */
    displayName: z.string().optional(),
    /** Default: the displayName. */
    description: z.string().optional(),
    allowedMemberTypes: z
      .array(z.enum(['User', 'Application']))
      .min(1, { error: 'must list User, Application or both' }),
    isEnabled: z.boolean().default(true),
  });

  const PermissionScopeSchema = object({
    id: guid().optional(),
    /** The value in the `scp` claim. */
    value: permissionValue(),
    /** Who may consent: User (users and admins) or Admin (admins only). */
    type: z.enum(['User', 'Admin']).default('User'),
    /** Default: the value. */
    adminConsentDisplayName: z.string().optional(),
    /** Default: the adminConsentDisplayName. */
    adminConsentDescription: z.string().optional(),
    userConsentDisplayName: z.string().nullable().default(null),
    userConsentDescription: z.string().nullable().default(null),
    isEnabled: z.boolean().default(true),
  });

  const RequiredResourceAccessSchema = object({
    resourceAppId: guid(),
    resourceAccess: z.array(object({ id: guid(), type: z.enum(['Scope', 'Role']) })).default([]),
  });

  const ServicePrincipalSchema = object({
    id: guid().optional(),
    /** false: tokens are refused for the app in this tenant. */
    accountEnabled: z.boolean().default(true),
    /** true: only users and apps with an app role assignment may get tokens for it. */
    appRoleAssignmentRequired: z.boolean().default(false),
  });

  const ApplicationSchema = object({
    /** Object id (Graph addressing only). Default: derived from the appId. */
    id: guid().optional(),
    /** The client id. */
    appId: guid(),
    displayName: nonEmpty(),
    signInAudience: z
      .enum(['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount'])
      .default('AzureADMyOrg'),
    /** Web platform: confidential clients (a secret or certificate is required at the token endpoint). */
    web: object({
      redirectUris: redirectUris('web'),
      homePageUrl: z.string().max(256, { error: 'must be at most 256 characters' }).nullable().optional(),
      /** Front-channel logout URL. */
      logoutUrl: z.string().max(256, { error: 'must be at most 256 characters' }).nullable().optional(),
      implicitGrantSettings: object({
        enableAccessTokenIssuance: z.boolean().default(false),
        enableIdTokenIssuance: z.boolean().default(false),
      }).prefault({}),
    }).prefault({}),
    /** Single-page application platform: public, cross-origin only, PKCE required. */
    spa: object({ redirectUris: redirectUris('spa') }).prefault({}),
    /** Mobile and desktop platform: public clients. */
    publicClient: object({ redirectUris: redirectUris('publicClient') }).prefault({}),
    /** Portal "Allow public client flows": ROPC and device code without a client secret. */
    isFallbackPublicClient: z.boolean().default(false),
    passwordCredentials: z.array(PasswordCredentialSchema).default([]),
    keyCredentials: z.array(KeyCredentialSchema).default([]),
    /** Workload identity federation: tokens of an external issuer (iss, sub, aud) that authenticate the app. */
    federatedIdentityCredentials: z.array(federatedIdentityCredentialSchema(strict)).default([]),
    /** App ID URIs, e.g. api://my-api; a v1 `resource` or v2 scope prefix names the app by one of them. */
    identifierUris: z.array(identifierUri).default([]),
    appRoles: z.array(AppRoleSchema).default([]),
    api: object({
      oauth2PermissionScopes: z.array(PermissionScopeSchema).default([]),
      /** Access token version issued for this API: null or 1 → v1, 2 → v2. */
      requestedAccessTokenVersion: z
        .union([z.literal(1), z.literal(2), z.null()], { error: 'must be 1, 2 or null' })
        .default(null),
    }).prefault({}),
    requiredResourceAccess: z.array(RequiredResourceAccessSchema).default([]),
    // Graph properties stored and returned as given; Entrada does not act on them (yet).
    description: z.string().max(1024, { error: 'must be at most 1024 characters' }).nullable().optional(),
    notes: z.string().max(1024, { error: 'must be at most 1024 characters' }).nullable().optional(),
    tags: z.array(z.string().max(256)).max(100).optional(),
    /** Groups and roles in tokens (core/tokens/group-claims.ts): None, SecurityGroup, DirectoryRole, ApplicationGroup, All. */
    groupMembershipClaims: checked(groupMembershipClaimsProblems).pipe(z.string().max(128)).nullable().optional(),
    /** Optional claims in ID and access tokens (core/tokens/optional-claims.ts): { idToken, accessToken, saml2Token }. */
    optionalClaims: optionalClaimsSchema(strict).nullable().optional(),
    info: z.record(z.string(), z.unknown()).nullable().optional(),
    serviceManagementReference: z.string().max(128).nullable().optional(),
    isDeviceOnlyAuthSupported: z.boolean().nullable().optional(),
    defaultRedirectUri: z.string().max(256).nullable().optional(),
    tokenEncryptionKeyId: guid().nullable().optional(),
    /**
     * The app's service principal (enterprise app) in this tenant, created by default as the portal
     * does. `false` creates none: the app can then neither sign in nor be a resource here.
     */
    servicePrincipal: z
      .union([z.literal(false), ServicePrincipalSchema], {
        error: 'must be false or an object { id?, accountEnabled?, appRoleAssignmentRequired? }',
      })
      .prefault({}),
  });

  const UserSchema = object({
    id: guid().optional(),
    /** alias@domain, with a domain of the tenant: seed/users.ts (the rules Graph's /users applies too). */
    userPrincipalName: checked(userPrincipalNameProblems),
    /** Graph's limits [D: user resource]: displayName 256, givenName and surname 64 characters. */
    displayName: nonEmpty().max(256, { error: 'must be at most 256 characters' }),
    givenName: z.string().max(64, { error: 'must be at most 64 characters' }).nullable().default(null),
    surname: z.string().max(64, { error: 'must be at most 64 characters' }).nullable().default(null),
    mail: z.string().nullable().default(null),
    accountEnabled: z.boolean().default(true),
    /** Graph's country (the `ctry` optional claim when it is a two-letter code, e.g. FR), at most 128 characters. */
    country: z.string().max(128, { error: 'must be at most 128 characters' }).nullable().optional(),
    /** Graph's preferredLanguage, a language tag such as en-US (the `xms_pl` optional claim). */
    preferredLanguage: languageTag().nullable().optional(),
    /** Graph's usageLocation: a two-letter country code (ISO 3166), e.g. US. */
    usageLocation: countryCode().nullable().optional(),
    /** Plain password; only its hash is stored. Without one the user cannot sign in with a password. */
    password: z.string().min(1, { error: 'must not be empty (omit it for a user without a password)' }).optional(),
    /** Directory roles the user holds, by name or template id (e.g. Global Administrator): seed/directory-roles.ts. */
    directoryRoles: z.array(nonEmpty()).default([]),
    /** Per-user MFA (Graph beta perUserMfaState): enabled and enforced both ask for MFA at sign-in. Omitted: disabled. */
    perUserMfa: z.enum(['disabled', 'enabled', 'enforced'], { error: 'must be disabled, enabled or enforced' }).optional(),
    /** false: the user has no second factor registered (a required MFA is AADSTS50079). Omitted: registered. */
    mfaRegistered: z.boolean().optional(),
    /** Graph passwordProfile.forceChangePasswordNextSignIn: the sign-in pages ask for a new password, ROPC gets AADSTS50055. */
    forceChangePasswordNextSignIn: z.boolean().default(false),
  });

  /** A group (Graph `group`, issue 18): seed/groups.ts resolves its members and owners. */
  const GroupSchema = object({
    id: guid().optional(),
    /** Unique in a seed tenant: members, app role assignments and policies name groups by it. */
    displayName: nonEmpty().max(256, { error: 'must be at most 256 characters' }),
    description: z.string().max(1024, { error: 'must be at most 1024 characters' }).nullable().default(null),
    /** Graph's rule (directory/mail-nickname.ts); default: the displayName without the characters it forbids. */
    mailNickname: z.string().optional(),
    /** A security group by default; `groupTypes: [Unified]` with mailEnabled true is a Microsoft 365 group. */
    securityEnabled: z.boolean().default(true),
    mailEnabled: z.boolean().default(false),
    groupTypes: z.array(z.enum(['Unified'], { error: 'must be Unified (a Microsoft 365 group)' })).default([]),
    /** Users by UPN, and groups of this tenant by displayName (nested membership). */
    members: z.array(nonEmpty()).max(10_000).default([]),
    /** Users by UPN. */
    owners: z.array(nonEmpty()).max(100).default([]),
  });

  const AppRoleAssignmentSchema = object({
    /** A client appId of this tenant (app-only role), a user's UPN, or a group's displayName. */
    principal: nonEmpty(),
    /** The resource's appId or one of its identifierUris. */
    resource: nonEmpty(),
    /** The role's value or id. */
    appRole: nonEmpty(),
  });

  const PermissionGrantSchema = object({
    /** The client's appId. */
    client: guid(),
    /** The resource's appId or one of its identifierUris. */
    resource: nonEmpty(),
    /** Space-separated delegated permission values, e.g. "User.Read openid profile". */
    scope: nonEmpty(),
    /** AllPrincipals: admin consent for every user; Principal: one user's consent. */
    consentType: z.enum(['AllPrincipals', 'Principal']).default('AllPrincipals'),
    /** The consenting user's UPN; required iff consentType is Principal. */
    principal: z.string().optional(),
  });

  const FederatedIdentityProviderSchema = object({
    /** The SAML Issuer of its assertions, e.g. http://adfs.contoso.com/adfs/services/trust. */
    issuerUri: checked((uri) => (URL.canParse(uri.trim()) ? [] : [`'${uri}' is not an absolute URI (AD FS: http://<host>/adfs/services/trust)`])),
    /** Default: the issuerUri. */
    displayName: z.string().optional(),
    /** Its token-signing certificates, PEM or base64 DER (two during a rollover); only public certificates. */
    signingCertificates: z
      .array(
        checked((key) => {
          const result = readCertificate(key);
          return result.ok ? [] : [result.message];
        }),
      )
      .min(1, { error: 'must list at least one token-signing certificate' }),
    /** Domains of this tenant it federates: it may assert only their users. Default: none listed, any user. */
    domains: z.array(pattern(DOMAIN_PATTERN, 'must be a DNS domain name, e.g. contoso.localhost')).default([]),
  });

  /** Entra's "Password protection" lockout settings, within SMART_LOCKOUT_LIMITS. */
  const lockoutNumber = (name: keyof typeof SMART_LOCKOUT_LIMITS, unit: string) => {
    const { min, max } = SMART_LOCKOUT_LIMITS[name];
    const error = `must be a whole number of ${unit} from ${min} to ${max}`;
    return z.number({ error }).int({ error }).min(min, { error }).max(max, { error }).default(DEFAULT_SMART_LOCKOUT[name]);
  };
  const SmartLockoutSchema = object({
    /** Failed sign-ins before the first lockout (Entra's default 10). */
    threshold: lockoutNumber('threshold', 'failed sign-ins'),
    /** The first lockout's length in seconds (Entra's default 60); later ones last longer. */
    durationSeconds: lockoutNumber('durationSeconds', 'seconds'),
  });

  const conditionalAccess = conditionalAccessSchemas({ strict, names: true });

  const TenantSchema = object({
    id: guid(),
    displayName: nonEmpty(),
    /** Verified domains; the first is the default. */
    domains: z
      .array(pattern(DOMAIN_PATTERN, 'must be a DNS domain name, e.g. contoso.localhost'))
      .min(1, { error: 'must list at least one domain' }),
    /** Identity providers (AD FS, ...) whose SAML assertions the SAML bearer grants accept. */
    federatedIdentityProviders: z.array(FederatedIdentityProviderSchema).default([]),
    applications: z.array(ApplicationSchema).default([]),
    users: z.array(UserSchema).default([]),
    /** Groups with their members and owners (seed/groups.ts). */
    groups: z.array(GroupSchema).default([]),
    appRoleAssignments: z.array(AppRoleAssignmentSchema).default([]),
    oauth2PermissionGrants: z.array(PermissionGrantSchema).default([]),
    /** Managed identities (system- and user-assigned): seed/managed-identities.ts. */
    managedIdentities: z.array(managedIdentitySchema(strict)).default([]),
    /** Security defaults (Graph identitySecurityDefaultsEnforcementPolicy); default off, unlike a new Entra tenant. */
    securityDefaults: z.boolean().default(false),
    /** IP named locations (seed/conditional-access.ts): { displayName, ipRanges: ['203.0.113.0/24'], isTrusted }. */
    namedLocations: z.array(conditionalAccess.NamedLocationSchema.extend({ id: guid().optional() })).default([]),
    /** Conditional Access policies in Graph's shape; users, groups, apps and locations may be named (seed/conditional-access-resolve.ts). */
    conditionalAccessPolicies: z.array(conditionalAccess.PolicySchema.extend({ id: guid().optional() })).default([]),
    /** Smart lockout (core/policy/smart-lockout.ts); omitted: Entra's defaults, 10 failures and 60 s. */
    smartLockout: SmartLockoutSchema.optional(),
    /** Token lifetime policies: { displayName, accessTokenLifetime: 2h, isOrganizationDefault, appliesTo: [app names] } (seed/token-lifetime-policies.ts). */
    tokenLifetimePolicies: z.array(tokenLifetimePolicySchema(strict)).default([]),
    /** Graph organization countryLetterCode, e.g. FR: the `tenant_ctry` optional claim. */
    countryLetterCode: countryCode().optional(),
    /** Graph organization preferredLanguage, e.g. en: the `xms_tpl` optional claim. */
    preferredLanguage: languageTag().optional(),
  });

  const SeedSchema = object({
    /** Editors' JSON schema hint; ignored. */
    $schema: z.string().optional(),
    tenants: z.array(TenantSchema).min(1, { error: 'must define at least one tenant' }),
  });

  return { SeedSchema, TenantSchema, ApplicationSchema, UserSchema };
}

export const { SeedSchema, ApplicationSchema, UserSchema } = buildSchemas(true);
/** See buildSchemas: for cross-checking tenants that failed only single-value rules. */
export const LenientTenantSchema = buildSchemas(false).TenantSchema;

/** A parsed seed, defaults applied. */
export type Seed = z.output<typeof SeedSchema>;
export type SeedTenant = Seed['tenants'][number];
export type SeedApplication = SeedTenant['applications'][number];
export type SeedUser = SeedTenant['users'][number];
export type SeedGroup = SeedTenant['groups'][number];
