// The single description of Entrada's tables, as Kysely sees them. Migrations create exactly this.
//
// Conventions, identical in SQLite and PostgreSQL so that every comparison behaves the same:
// - instants are ISO-8601 text in one canonical form (`Date#toISOString()`, fixed width, UTC), so
//   text order is time order;
// - booleans are integers 0/1;
// - lookup keys that Entra compares case-insensitively (domains, UPNs, identifier URIs) are
//   normalised in TypeScript before they are written or queried, never with SQL `lower()`, whose
//   Unicode behaviour differs between the two databases.

import type {
  AppRoleAssignment,
  ClientType,
  OAuth2PermissionGrant,
  ServicePrincipal,
} from '../core/model.js';

/** 0 or 1. */
type IntBoolean = number;

export interface TenantsTable {
  id: string;
  /** Lower-case id: a tenant GUID matches in any case. Unique. */
  id_key: string;
  display_name: string;
  /** JSON array of the domains as registered (case kept); lookups go through tenant_domains. */
  domains: string;
  /** JSON array of FederatedIdentityProvider (migration 0005; default '[]'). */
  federated_identity_providers: string;
  /** Security defaults on (1) or off (0) (migration 0014; default 0). */
  security_defaults_enabled: IntBoolean;
  /** JSON SmartLockoutSettings (migration 0013); null = Entra's defaults. */
  smart_lockout: string | null;
  /** Graph organization countryLetterCode and preferredLanguage (migration 0017); null = not set. */
  country_letter_code: string | null;
  preferred_language: string | null;
}

interface TenantDomainsTable {
  /** Lower-case; unique across tenants, as a verified domain belongs to one tenant. */
  domain: string;
  tenant_id: string;
}

export interface ApplicationsTable {
  /** Object id. */
  id: string;
  /** Client id; unique. */
  app_id: string;
  tenant_id: string;
  display_name: string;
  /** The whole Application as JSON; the columns above are copies for lookups. */
  document: string;
}

interface ApplicationIdentifierUrisTable {
  app_id: string;
  /** Lower-case, one trailing slash removed (see repositories/normalize.ts). */
  uri: string;
}

export interface ServicePrincipalsTable {
  id: string;
  app_id: string;
  tenant_id: string;
  display_name: string;
  account_enabled: IntBoolean;
  app_role_assignment_required: IntBoolean;
  service_principal_type: ServicePrincipal['servicePrincipalType'];
  /** JSON array of Graph's alternativeNames (migration 0006; default '[]'). */
  alternative_names: string;
  /** JSON array of Graph's tags (migration 0010; default '[]'). */
  tags: string;
}

export interface UsersTable {
  id: string;
  tenant_id: string;
  user_principal_name: string;
  /** Lower-case userPrincipalName; unique per tenant. */
  upn_key: string;
  display_name: string;
  given_name: string | null;
  surname: string | null;
  mail: string | null;
  account_enabled: IntBoolean;
  password_hash: string | null;
  /** Migration 0009; null for users stored before. */
  mail_nickname: string | null;
  /** Migration 0014: 'disabled' | 'enabled' | 'enforced', null when never set (disabled). */
  per_user_mfa_state: string | null;
  /** Migration 0014: a second factor registered (1) or not (0); null when never set (registered). */
  mfa_registered: IntBoolean | null;
  /** passwordProfile.forceChangePasswordNextSignIn (migration 0013; default 0). */
  force_change_password: IntBoolean;
  /** Graph's country, preferredLanguage and usageLocation (migration 0017); null = not set. */
  country: string | null;
  preferred_language: string | null;
  usage_location: string | null;
}

export interface AppRoleAssignmentsTable {
  id: string;
  principal_id: string;
  principal_type: AppRoleAssignment['principalType'];
  resource_id: string;
  app_role_id: string;
}

export interface OAuth2PermissionGrantsTable {
  id: string;
  client_id: string;
  consent_type: OAuth2PermissionGrant['consentType'];
  principal_id: string | null;
  resource_id: string;
  scope: string;
}

export interface RefreshTokensTable {
  token_hash: string;
  family_id: string;
  tenant_id: string;
  client_id: string;
  user_id: string;
  client_type: ClientType;
  /** JSON array of scope strings. */
  scopes: string;
  auth_time: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  /** Authentication methods of the sign-in, space-separated (migration 0015). */
  amr: string;
  /** When the user signed in, if it differs from auth_time (migration 0017); null = auth_time. */
  sign_in_time: string | null;
}

/** jtis of accepted client assertions (migration 0002); primary key (client_id, jti). */
interface AssertionJtisTable {
  client_id: string;
  jti: string;
  /** SHA-256 of the whole assertion, base64url. */
  assertion_hash: string;
  expires_at: string;
}

/** Device authorization requests (migration 0003); primary key device_code_hash, user_code unique. */
export interface DeviceCodesTable {
  /** SHA-256 of the device code, base64url. */
  device_code_hash: string;
  user_code: string;
  /** Null for /common and /organizations requests until a user of some tenant approves. */
  tenant_id: string | null;
  client_id: string;
  endpoint: 'v1' | 'v2';
  scope: string | null;
  resource: string | null;
  status: 'pending' | 'approved' | 'declined' | 'redeemed';
  user_id: string | null;
  auth_time: string | null;
  created_at: string;
  expires_at: string;
  /** Authentication methods of the approving sign-in, space-separated; null until approved (migration 0015). */
  amr: string | null;
}

/** Authorization codes (migration 0004); primary key code_hash. */
export interface AuthorizationCodesTable {
  /** SHA-256 of the code, base64url. */
  code_hash: string;
  tenant_id: string;
  client_id: string;
  user_id: string;
  endpoint: 'v1' | 'v2';
  /** As /authorize received it (compared exactly, so not normalised). */
  redirect_uri: string;
  /** JSON array of scope strings. */
  scopes: string;
  resource: string | null;
  nonce: string | null;
  code_challenge: string | null;
  code_challenge_method: 'S256' | 'plain' | null;
  auth_time: string;
  created_at: string;
  expires_at: string;
  redeemed_at: string | null;
  /** Authentication methods of the sign-in, space-separated (migration 0015). */
  amr: string;
}

/** Browser sign-in sessions (migration 0004); primary key session_hash. */
export interface SignInSessionsTable {
  /** SHA-256 of the session cookie's value, base64url. */
  session_hash: string;
  tenant_id: string;
  user_id: string;
  auth_time: string;
  /** JSON array of lower-case client ids, in the order the session signed in to them. */
  client_ids: string;
  created_at: string;
  expires_at: string;
  /** Authentication methods proven in the session, space-separated (migration 0015). */
  amr: string;
}

export interface SigningKeysTable {
  kid: string;
  private_key_pem: string;
  certificate: string;
  created_at: string;
  /** When it starts signing (migration 0012; core/signing-key-states.ts). */
  activates_at: string;
  retired_at: string | null;
  /** Creation order; unique (index signing_keys_generation), which makes concurrent rotation create one key. */
  generation: number;
}

export interface Database {
  tenants: TenantsTable;
  tenant_domains: TenantDomainsTable;
  applications: ApplicationsTable;
  application_identifier_uris: ApplicationIdentifierUrisTable;
  service_principals: ServicePrincipalsTable;
  users: UsersTable;
  app_role_assignments: AppRoleAssignmentsTable;
  oauth2_permission_grants: OAuth2PermissionGrantsTable;
  refresh_tokens: RefreshTokensTable;
  signing_keys: SigningKeysTable;
  assertion_jtis: AssertionJtisTable;
  device_codes: DeviceCodesTable;
  authorization_codes: AuthorizationCodesTable;
  sign_in_sessions: SignInSessionsTable;
  sign_in_log: SignInLogTable;
  installation_secrets: InstallationSecretsTable;
  groups: GroupsTable;
  directory_relations: DirectoryRelationsTable;
  directory_role_members: DirectoryRoleMembersTable;
  directory_audits: DirectoryAuditsTable;
  seeded_objects: SeededObjectsTable;
  smart_lockout: SmartLockoutTable;
  conditional_access_policies: PolicyDocumentsTable;
  named_locations: PolicyDocumentsTable;
  /** Token lifetime policies (migration 0018): the whole object as JSON, assignments included. */
  token_lifetime_policies: TokenLifetimePoliciesTable;
}

/** Smart lockout buckets (migration 0013): one per user and client address (or '*'); primary key (user_id, bucket). */
export interface SmartLockoutTable {
  user_id: string;
  bucket: string;
  tenant_id: string;
  failures: number;
  lockouts: number;
  locked_until: string | null;
  /** JSON array of keyed hashes of the last wrong passwords. */
  recent_wrong: string;
  /** Canonical instant (normalize.ts): the sweeper deletes rows past it. */
  expires_at: string;
}

/** Groups (migration 0009): the whole Group as JSON; the columns are copies for lookups. */
export interface GroupsTable {
  id: string;
  tenant_id: string;
  display_name: string;
  document: string;
}

/** Group members ('member') and owners ('owner') of apps, service principals and groups (migration 0009). */
export interface DirectoryRelationsTable {
  kind: 'member' | 'owner';
  object_id: string;
  related_id: string;
  related_type: string;
}

/** Directory role holders (migration 0009): roleTemplateId as in the `wids` claim. */
interface DirectoryRoleMembersTable {
  tenant_id: string;
  role_template_id: string;
  principal_id: string;
}

/** The directory audit log (migration 0009): the whole DirectoryAudit as JSON. */
interface DirectoryAuditsTable {
  id: string;
  tenant_id: string;
  /** Canonical instant (normalize.ts), so text order is time order. */
  activity_date_time: string;
  document: string;
}

/** What the seed last wrote of an object (migration 0009; seed/merge.ts). */
interface SeededObjectsTable {
  kind: string;
  id: string;
  /** SHA-256 of the object as the seed wrote it. */
  fingerprint: string;
}

export interface SignInLogTable {
  id: string;
  created_at: string;
  endpoint: string;
  tenant: string | null;
  app_id: string | null;
  app_display_name: string | null;
  user_id: string | null;
  user_principal_name: string | null;
  grant_type: string | null;
  outcome: string;
  error_code: number | null;
  oauth_error: string | null;
  correlation_id: string;
  client_address: string | null;
  user_agent: string | null;
  /** JSON. */
  decision: string | null;
  detail: string | null;
}

/**
 * Conditional Access policies and named locations (migration 0014): the whole object as JSON; the
 * other columns are copies for look-ups and ordering.
 */
export interface PolicyDocumentsTable {
  id: string;
  tenant_id: string;
  display_name: string;
  document: string;
  created_date_time: string;
  modified_date_time: string | null;
}

/** A token lifetime policy (migration 0018); display_name copied for ordering. */
export interface TokenLifetimePoliciesTable {
  id: string;
  tenant_id: string;
  display_name: string;
  document: string;
}

/** Per-installation secrets (e.g. the sign-in log's fingerprint key), one row per name. */
interface InstallationSecretsTable {
  name: string;
  value: string;
  created_at: string;
}
