// Ports: the small interfaces core and flows use to reach storage, keys and the clock.
// Implemented in storage/ and crypto/, wired in compose.ts.

import type { DecisionTrace } from './decision-trace.js';
import type {
  Application,
  AppRoleAssignment,
  ConditionalAccessPolicy,
  DirectoryAudit,
  DirectoryRelation,
  Group,
  GroupMembership,
  Guid,
  Instant,
  NamedLocation,
  OAuth2PermissionGrant,
  RefreshTokenRecord,
  ServicePrincipal,
  NewSigningKey,
  SigningKey,
  TenantSignInPolicy,
  Tenant,
  TokenLifetimePolicy,
  User,
} from './model.js';
import type { SamlReadResult } from './policy/saml-assertion.js';
import type { LockoutBucket, LockoutState } from './policy/smart-lockout.js';

/** Read side of the directory, used on every token request. */
export interface DirectoryReader {
  /** By tenant GUID or any of its domains, case-insensitively. */
  findTenant(idOrDomain: string): Promise<Tenant | undefined>;
  getApplicationByAppId(appId: Guid): Promise<Application | undefined>;
  findServicePrincipalByAppId(tenantId: Guid, appId: Guid): Promise<ServicePrincipal | undefined>;
  /**
   * The tenant's managed identities (service principals of type ManagedIdentity), ordered by
   * displayName then id. Which one a request means is core/policy/managed-identity.ts's decision.
   */
  listManagedIdentities(tenantId: Guid): Promise<ServicePrincipal[]>;
  /**
   * The application whose appId equals `identifier`, or which lists `identifier` in identifierUris
   * (compared case-insensitively, ignoring one trailing slash), and that has a service principal in
   * `tenantId`.
   */
  findResource(tenantId: Guid, identifier: string): Promise<{ app: Application; sp: ServicePrincipal } | undefined>;
  /** By userPrincipalName, case-insensitively. */
  findUserByUpn(tenantId: Guid, upn: string): Promise<User | undefined>;
  getUser(tenantId: Guid, id: Guid): Promise<User | undefined>;
  /** Assignments of `principalId` (a service principal or user) to the resource service principal. */
  listAppRoleAssignments(principalId: Guid, resourceSpId: Guid): Promise<AppRoleAssignment[]>;
  /** Delegated grants from the client service principal to the resource service principal. */
  listPermissionGrants(clientSpId: Guid, resourceSpId: Guid): Promise<OAuth2PermissionGrant[]>;
  /** Security defaults, Conditional Access policies and named locations of the tenant. */
  signInPolicy(tenantId: Guid): Promise<TenantSignInPolicy>;
  /** Ids of every group the user belongs to, directly or through nested groups. */
  listTransitiveGroupIds(tenantId: Guid, userId: Guid): Promise<Guid[]>;
  /**
   * The user's groups, direct and nested, each once, in id order (issue 18): read only for an app
   * whose groupMembershipClaims asks for groups, or a resource with groups assigned.
   */
  listGroupMemberships(tenantId: Guid, userId: Guid): Promise<GroupMembership[]>;
  /** App role assignments to the resource service principal whose principal is a group. */
  listGroupAppRoleAssignments(resourceSpId: Guid): Promise<AppRoleAssignment[]>;
  /** Role template ids (as in `wids`) the principal holds in the tenant. */
  listDirectoryRoles(tenantId: Guid, principalId: Guid): Promise<Guid[]>;
  /** The tenant's token lifetime policies, by displayName then id (storage/repositories/token-lifetime-policies.ts). */
  listTokenLifetimePolicies(tenantId: Guid): Promise<TokenLifetimePolicy[]>;
}

/** Write side, used by the seed loader, CLI and (later) the Graph subset. Upserts are by id. */
export interface DirectoryWriter {
  upsertTenant(tenant: Tenant): Promise<void>;
  upsertApplication(app: Application): Promise<void>;
  upsertServicePrincipal(sp: ServicePrincipal): Promise<void>;
  upsertUser(user: User): Promise<void>;
  upsertAppRoleAssignment(a: AppRoleAssignment): Promise<void>;
  upsertPermissionGrant(g: OAuth2PermissionGrant): Promise<void>;
  listTenants(): Promise<Tenant[]>;
  listApplications(tenantId: Guid): Promise<Application[]>;
  listUsers(tenantId: Guid): Promise<User[]>;
}

/**
 * Everything Graph reads and writes (issue 11), on top of the reader and writer. Inside
 * DirectoryAdmin.transact every call joins one transaction.
 */
export interface DirectoryStore extends DirectoryReader, DirectoryWriter {
  getApplication(id: Guid): Promise<Application | undefined>;
  getServicePrincipal(id: Guid): Promise<ServicePrincipal | undefined>;
  listServicePrincipals(tenantId: Guid): Promise<ServicePrincipal[]>;
  /** Assignments by principal (a user, group or service principal) or by resource service principal. */
  listAppRoleAssignmentsBy(query: { principalId: Guid } | { resourceId: Guid }): Promise<AppRoleAssignment[]>;
  getAppRoleAssignment(id: Guid): Promise<AppRoleAssignment | undefined>;
  /** Every delegated grant whose client service principal is in the tenant. */
  listTenantPermissionGrants(tenantId: Guid): Promise<OAuth2PermissionGrant[]>;
  getPermissionGrant(id: Guid): Promise<OAuth2PermissionGrant | undefined>;
  /** Deletes the application and its identifier URIs and owners. True when it existed. */
  deleteApplication(id: Guid): Promise<boolean>;
  /** Deletes the service principal with its assignments, grants (as client or resource) and relations. */
  deleteServicePrincipal(id: Guid): Promise<boolean>;
  /** Deletes the user with its assignments, Principal grants, memberships, roles and relations. */
  deleteUser(id: Guid): Promise<boolean>;
  deleteAppRoleAssignment(id: Guid): Promise<boolean>;
  deletePermissionGrant(id: Guid): Promise<boolean>;
  getGroup(id: Guid): Promise<Group | undefined>;
  listGroups(tenantId: Guid): Promise<Group[]>;
  upsertGroup(group: Group): Promise<void>;
  deleteGroup(id: Guid): Promise<boolean>;
  /** Members ('member', of groups) or owners ('owner', of apps, service principals, groups). */
  listRelations(kind: 'member' | 'owner', objectId: Guid): Promise<DirectoryRelation[]>;
  /** The objects `relatedId` is a member or owner of. */
  listRelationsOf(kind: 'member' | 'owner', relatedId: Guid): Promise<DirectoryRelation[]>;
  /** False when the relation already existed. */
  addRelation(kind: 'member' | 'owner', relation: DirectoryRelation): Promise<boolean>;
  removeRelation(kind: 'member' | 'owner', objectId: Guid, relatedId: Guid): Promise<boolean>;
  setDirectoryRole(tenantId: Guid, roleTemplateId: Guid, principalId: Guid, held: boolean): Promise<void>;
  appendAudit(entry: DirectoryAudit): Promise<void>;
  /**
   * Revokes every refresh token of the user not yet revoked (a password reset: Entra revokes them
   * [D: "Refresh token revocation", password changed]). Returns how many.
   */
  revokeUserRefreshTokens(userId: Guid, at: Instant): Promise<number>;
  /** Ends the user's browser sign-in sessions (a password reset signs the user out everywhere). Returns how many. */
  endUserSessions(userId: Guid): Promise<number>;
  /** Conditional Access policies and named locations, per tenant (storage/repositories/sign-in-policy.ts). */
  getConditionalAccessPolicy(tenantId: Guid, id: Guid): Promise<ConditionalAccessPolicy | undefined>;
  upsertConditionalAccessPolicy(policy: ConditionalAccessPolicy): Promise<void>;
  deleteConditionalAccessPolicy(tenantId: Guid, id: Guid): Promise<boolean>;
  getNamedLocation(tenantId: Guid, id: Guid): Promise<NamedLocation | undefined>;
  upsertNamedLocation(location: NamedLocation): Promise<void>;
  deleteNamedLocation(tenantId: Guid, id: Guid): Promise<boolean>;
  /** Token lifetime policies (issue 18), assignments included in each (`appliesTo`). */
  getTokenLifetimePolicy(tenantId: Guid, id: Guid): Promise<TokenLifetimePolicy | undefined>;
  upsertTokenLifetimePolicy(policy: TokenLifetimePolicy): Promise<void>;
  deleteTokenLifetimePolicy(tenantId: Guid, id: Guid): Promise<boolean>;
}

export interface DirectoryAuditQuery {
  tenantId: Guid;
  /** Entries strictly older than this one (newest first paging). */
  before?: { activityDateTime: Instant; id: string };
  limit: number;
}

/** The directory's write side for Graph: serialised transactions, plus the audit log. */
export interface DirectoryAdmin {
  /** Reads outside any transaction. */
  read: DirectoryStore;
  /**
   * Runs `work` as one transaction; directory writes are serialised (PostgreSQL: an advisory lock
   * per schema; SQLite: one writer), so a read-modify-write never loses a concurrent change. Every
   * node hears of the change on commit (storage/directory-changes.ts).
   */
  transact<T>(work: (tx: DirectoryStore) => Promise<T>): Promise<T>;
  listAudits(query: DirectoryAuditQuery): Promise<DirectoryAudit[]>;
  /** Retention: delete audit entries older than `before`. Returns how many were deleted. */
  deleteAuditsBefore(before: Instant): Promise<number>;
  /** SHA-256 of what the seed last wrote of each object of `kind` (seed/merge.ts). */
  seededFingerprints(kind: string): Promise<Map<Guid, string>>;
  recordSeeded(kind: string, id: Guid, fingerprint: string): Promise<void>;
}

export interface RefreshTokenStore {
  insert(record: RefreshTokenRecord): Promise<void>;
  findByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /** Revoke every token of a family (sign-out, password change). Returns how many were revoked. */
  revokeFamily(familyId: Guid, at: string): Promise<number>;
  /** Delete tokens that expired before `before`. Returns how many were deleted. */
  deleteExpired(before: string): Promise<number>;
}

/**
 * The `jti`s of certificate client assertions already accepted (entra-protocol.md §4.2). One atomic
 * storage call decides, so two nodes receiving the same jti cannot both accept a different assertion.
 */
export interface AssertionReplayStore {
  /**
   * Records (clientId, jti) for `assertionHash` until `expiresAt`, in one conditional insert. True
   * when the pair is new (or its record expired before `now`), or was recorded for this very
   * assertion; false when another assertion already used the jti.
   */
  consume(clientId: Guid, jti: string, assertionHash: string, expiresAt: string, now: string): Promise<boolean>;
  /** Delete records that expired before `before`. Returns how many were deleted. */
  deleteExpired(before: string): Promise<number>;
}

/** A device authorization request (entra-protocol.md §3.6), as stored. */
export interface DeviceCodeRecord {
  /** SHA-256 of the device code, base64url; the device code itself is never stored. */
  deviceCodeHash: string;
  /** 9 upper-case characters, what the user types on /devicelogin. */
  userCode: string;
  /** The tenant of the path; null for /common and /organizations until a user approves. */
  tenantId: Guid | null;
  clientId: Guid;
  endpoint: 'v1' | 'v2';
  /** v2: the scope parameter as sent. */
  scope: string | null;
  /** v1: the resource parameter as sent. */
  resource: string | null;
  status: 'pending' | 'approved' | 'declined' | 'redeemed';
  userId: Guid | null;
  authTime: string | null;
  createdAt: string;
  expiresAt: string;
  /** Authentication methods of the approving sign-in; absent until approved (then ['pwd'] if absent). */
  amr?: string[];
}

/** Device codes. Every state change is one conditional statement (approve/decline/redeem race-free). */
export interface DeviceCodeStore {
  /** False when the user code is already taken (the caller draws another). */
  create(record: DeviceCodeRecord): Promise<boolean>;
  findByUserCode(userCode: string): Promise<DeviceCodeRecord | undefined>;
  findByHash(deviceCodeHash: string): Promise<DeviceCodeRecord | undefined>;
  /** pending → approved, unless expired at `now`; true when this call made the change. */
  approve(userCode: string, approval: { tenantId: Guid; userId: Guid; authTime: string; amr?: string[] }, now: string): Promise<boolean>;
  /** pending → declined, unless expired at `now`; true when this call made the change. */
  decline(userCode: string, now: string): Promise<boolean>;
  /** approved → redeemed, unless expired at `now`; true for exactly one of any number of callers. */
  redeem(deviceCodeHash: string, now: string): Promise<boolean>;
  /** Delete requests that expired before `before`. Returns how many were deleted. */
  deleteExpired(before: string): Promise<number>;
}

/**
 * An authorization code issued by /authorize (entra-protocol.md §3.2): single use, about ten
 * minutes, bound to the client, the redirect URI and the PKCE challenge. The code itself is never
 * stored, only its SHA-256.
 */
export interface AuthorizationCodeRecord {
  /** SHA-256 of the code, base64url. */
  codeHash: string;
  tenantId: Guid;
  clientId: Guid;
  userId: Guid;
  /** The /authorize endpoint that issued it; redemption on the other version is allowed [I]. */
  endpoint: 'v1' | 'v2';
  /** redirect_uri exactly as /authorize received it; the token request must repeat it. */
  redirectUri: string;
  /** Full scope strings the sign-in granted (e.g. `api://x/read`) plus OIDC scopes, as refresh tokens keep them. */
  scopes: string[];
  /** The resource the sign-in asked for (v1 `resource`, or the v2 scopes' resource identifier). */
  resource: string | null;
  /** /authorize `nonce`, repeated in the id token the redemption returns. */
  nonce: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain' | null;
  /** When the user authenticated (the id token's auth_time, the refresh family's start). */
  authTime: Instant;
  createdAt: Instant;
  expiresAt: Instant;
  redeemedAt: Instant | null;
  /** How the sign-in was proven (`pwd`, `mfa`); absent = ['pwd']. */
  amr?: string[];
}

export interface AuthorizationCodeStore {
  insert(record: AuthorizationCodeRecord): Promise<void>;
  findByHash(codeHash: string): Promise<AuthorizationCodeRecord | undefined>;
  /**
   * Unredeemed → redeemed at `now`, unless expired at `now`: one conditional statement, so of
   * any number of concurrent callers (on any node) exactly one gets true.
   */
  redeem(codeHash: string, now: string): Promise<boolean>;
  /** Delete codes that expired before `before`. Returns how many were deleted. */
  deleteExpired(before: string): Promise<number>;
}

/**
 * A browser's signed-in session in one tenant (the session cookie holds a random value; only its
 * SHA-256 is stored). `clientIds` lists the apps the session signed in to, so sign-out can tell
 * which post_logout_redirect_uri values are registered.
 */
export interface SignInSession {
  sessionHash: string;
  tenantId: Guid;
  userId: Guid;
  authTime: Instant;
  clientIds: Guid[];
  createdAt: Instant;
  expiresAt: Instant;
  /** Authentication methods proven in the session (`pwd`, then `mfa` once done); absent = ['pwd']. */
  amr?: string[];
}

export interface SessionStore {
  create(session: SignInSession): Promise<void>;
  /** The session, unless missing or expired at `now`. */
  find(sessionHash: string, now: string): Promise<SignInSession | undefined>;
  /** Records that the session's user completed a second factor now (amr gains `mfa`). */
  addMfa(sessionHash: string): Promise<void>;
  /** Adds `clientId` to the session's list (no-op when present or the session is gone). */
  addClient(sessionHash: string, clientId: Guid): Promise<void>;
  /** Sign-out. Returns whether a session was deleted. */
  delete(sessionHash: string): Promise<boolean>;
  /** Delete sessions that expired before `before`. Returns how many were deleted. */
  deleteExpired(before: string): Promise<number>;
}

/**
 * One request to a sign-in endpoint, as the sign-in log keeps it (issue #5): what was asked, how
 * it ended and why. Never a secret, password, code or token: credentials appear as a kind and a
 * short fingerprint only.
 */
export interface SignInLogEntry {
  /** The trace id the client saw (x-ms-request-id, error bodies, error_uri). */
  id: string;
  createdAt: Instant;
  endpoint: 'token' | 'authorize' | 'sign-in page' | 'devicecode' | 'devicelogin' | 'logout' | 'managed identity';
  /** Tenant id when resolved, else the path segment as sent. */
  tenant: string | null;
  appId: string | null;
  appDisplayName: string | null;
  userId: string | null;
  userPrincipalName: string | null;
  grantType: string | null;
  outcome: 'success' | 'failure';
  errorCode: number | null;
  oauthError: string | null;
  correlationId: string;
  clientAddress: string | null;
  userAgent: string | null;
  /** What the decision behind the request saw and concluded (stored as JSON; core/decision-trace.ts). */
  decision: DecisionTrace | null;
  detail: string | null;
}

export interface SignInLogQuery {
  /** Entries of this tenant only (its id, as logged). */
  tenant?: string;
  appId?: string;
  correlationId?: string;
  outcome?: 'success' | 'failure';
  /** Entries refused with this AADSTS code. */
  errorCode?: number;
  /** Entries whose userPrincipalName contains this text, compared case-insensitively (the portal's user filter). */
  userPrincipalNameContains?: string;
  /** Entries created at or after this instant (a time range's start, inclusive). */
  since?: Instant;
  /** Entries created strictly before this instant (a time range's end, exclusive). */
  until?: Instant;
  /** Entries created strictly before this entry (paging, newest first). */
  before?: { createdAt: Instant; id: string };
  /** Entries created strictly after this instant (following). */
  after?: Instant;
  /** Newest first (default) or oldest first (following). */
  order?: 'desc' | 'asc';
  limit: number;
}

/** What a batch write kept out: rows that could not be stored, by trace id, with the reason. */
export interface SignInLogWriteResult {
  dropped: Array<{ id: string; reason: string }>;
}

export interface SignInLogStore {
  /**
   * Stores the entries, each made loggable first (core/sign-in-log-limits.ts). One row that cannot
   * be stored never costs the others: it is reported in `dropped`. Rejects only when none could be.
   */
  insertMany(entries: SignInLogEntry[]): Promise<SignInLogWriteResult>;
  get(id: string): Promise<SignInLogEntry | undefined>;
  /** Newest first, unless query.order is 'asc'. */
  list(query: SignInLogQuery): Promise<SignInLogEntry[]>;
  /** Retention: delete entries created before `before`. Returns how many were deleted. */
  deleteBefore(before: Instant): Promise<number>;
  /** Size cap: delete all but the newest `keep` entries. Returns how many were deleted. */
  deleteBeyond(keep: number): Promise<number>;
}

/**
 * The signing keys of external OpenID Connect issuers, for federated identity credentials
 * (entra-protocol.md §4.3): `{issuer}/.well-known/openid-configuration` → `jwks_uri`, fetched over
 * HTTPS and cached per issuer (crypto/oidc-key-source.ts).
 */
export interface ExternalKeySource {
  /** Verifies a JWS signature with the issuer's published key named by `kid` (or `x5t`). */
  verify(issuer: string, jws: ExternalJws): Promise<ExternalSignatureCheck>;
}

export type ExternalJwsAlg = 'RS256' | 'PS256' | 'ES256';

export interface ExternalJws {
  alg: ExternalJwsAlg;
  kid?: string;
  x5t?: string;
  /** `BASE64URL(header) '.' BASE64URL(payload)`. */
  signingInput: string;
  signature: Uint8Array;
}

export type ExternalSignatureCheck =
  | { ok: true; kid: string | undefined }
  | {
      ok: false;
      /** unreachable: discovery or JWKS could not be fetched or read; no-key: no published key fits; bad-signature: keys fit, none verifies. */
      failure: 'unreachable' | 'no-key' | 'bad-signature';
      detail: string;
    };

/** Verifies a client assertion's signature with a certificate's public key (crypto/jws-verify.ts). */
export interface AssertionSignatureVerifier {
  verify(alg: 'RS256' | 'PS256', certificateDer: string, signingInput: string, signature: Uint8Array): boolean;
}

/** Reads a SAML bearer grant's assertion and verifies its XML signature (crypto/saml-signature.ts; entra-protocol.md §3.8). */
export interface SamlAssertionReader {
  /** May answer later: the XML libraries behind it load on the first SAML bearer request (compose.ts). */
  read(assertion: string): SamlReadResult | Promise<SamlReadResult>;
}

/**
 * Token signing keys, installation-wide: Entra's keys are shared by every tenant (each tenant's
 * JWKS is the same document [D]), and so are Entrada's. States: core/signing-key-states.ts.
 */
export interface SigningKeyStore {
  /** Every key, retired ones too, newest (highest generation) first. */
  list(): Promise<SigningKey[]>;
  /**
   * The first start: stores `candidate` as generation 1 unless a key was ever stored, atomically,
   * so several nodes starting together agree on one key. Returns every key.
   */
  ensureInitial(candidate: NewSigningKey): Promise<SigningKey[]>;
  /**
   * Stores `candidate` as generation `after + 1`, where `after` is the highest generation the caller
   * saw. Another node that rotated first took that generation: then nothing is stored and the
   * answer is undefined (so two nodes rotating at once create one key). Other nodes are told.
   */
  rotate(candidate: NewSigningKey, after: number): Promise<SigningKey | undefined>;
  /** Sets `retiredAt` unless already set; false for an unknown or already retired key. Other nodes are told. */
  retire(kid: string, at: Instant): Promise<boolean>;
  /** Deletes these keys' rows (retired long ago: core/signing-key-states.ts expiredKeyRows); how many went. */
  delete(kids: readonly string[]): Promise<number>;
}

/** Per-installation secrets (not configuration), shared by every node through the database. */
export interface InstallationSecretStore {
  /**
   * The secret called `name`; the first caller's `candidate` becomes it, atomically, so nodes
   * starting together agree.
   */
  ensure(name: string, candidate: string): Promise<string>;
}

/**
 * Smart lockout's buckets (core/policy/smart-lockout.ts): per user, one per client address (and a
 * shared overflow bucket). Every attempt is one atomic read-modify-write, so attempts on several
 * nodes sharing a database all count.
 */
export interface SmartLockoutStore {
  /** The user's buckets not yet forgotten at `now` (at most MAX_TRACKED_ADDRESSES + 1). */
  list(userId: Guid, now: Instant): Promise<LockoutBucket[]>;
  /**
   * One attempt, atomically across nodes: the user's buckets forgotten at `now` are deleted, the
   * rest read and handed to `decide`, and its `state` written to its `bucket` (null: the bucket is
   * deleted). No other attempt on the same user runs in between. Returns `decide`'s `result`.
   */
  update<T>(
    tenantId: Guid,
    userId: Guid,
    now: Instant,
    decide: (buckets: LockoutBucket[]) => { bucket: string; state: LockoutState | null; result: T },
  ): Promise<T>;
  /** Sweep: delete buckets forgotten before `before`. Returns how many were deleted. */
  deleteExpired(before: Instant): Promise<number>;
}

/** What the password checks need of smart lockout: its store and the keyed hash of a wrong password. */
export interface SmartLockout {
  store: SmartLockoutStore;
  /**
   * A keyed hash (HMAC with an installation secret) of a wrong password for one user, to tell a
   * retyped wrong password from a new one; the password itself is never stored.
   */
  wrongPasswordKey(userId: Guid, password: string): string;
}

/**
 * A user's own password change on the sign-in pages (a password that must be changed): hashed,
 * stored and audited by the directory like a self-service change (directory/password-change.ts);
 * the must-change flag is cleared. Returns the user as stored after the change.
 */
export interface OwnPasswordChanger {
  change(user: User, newPassword: string, context: { clientAddress: string | undefined }): Promise<User>;
}

export interface Clock {
  now(): Date;
}

/** Signs token payloads (crypto/token-signer.ts). v1 tokens carry `x5t` in the header, v2 don't [D]. */
export interface Signer {
  sign(payload: Record<string, unknown>, options?: { x5t?: boolean }): Promise<string>;
  /** Every published key as a JWK Set (its `x5c` certificates verify tokens we issued, e.g. OBO assertions). */
  jwks(): { keys: object[] };
  /**
   * kid → base64 DER certificate of every key published now. A signer whose keys change (the key
   * ring, crypto/key-ring.ts) answers it, so that Entrada's own verifiers follow rotations.
   */
  certificates?(): ReadonlyMap<string, string>;
}

/** Verifies stored hashes (crypto/secret-hash.ts, crypto/password-hash.ts); constant-time. */
export interface HashVerifier {
  verifySecret(value: string, stored: string): boolean;
  /**
   * False for a wrong password or an unusable hash; `stored` null (an unknown user) costs the same
   * work as a real check and gives false. Rejects with IdpError 90055 when password checks are throttled.
   */
  verifyPassword(password: string, stored: string | null): Promise<boolean>;
}

/** Random values: GUIDs, opaque token ids, refresh token strings. */
export interface Randomness {
  uuid(): string;
  /** URL-safe random string with `bytes` bytes of entropy. */
  token(bytes: number): string;
  /** A uniform draw in [0, 1): Entra's randomised default access token lifetime (core/policy/token-lifetime.ts). */
  fraction(): number;
}
