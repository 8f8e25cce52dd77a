// What a grant module receives: the parsed request (HTTP already normalised the wire format)
// and the narrow dependencies it may use.

import type {
  AssertionReplayStore,
  AuthorizationCodeStore,
  AssertionSignatureVerifier,
  Clock,
  ExternalKeySource,
  DeviceCodeStore,
  DirectoryReader,
  HashVerifier,
  OwnPasswordChanger,
  Randomness,
  RefreshTokenStore,
  SamlAssertionReader,
  SessionStore,
  SmartLockout,
  Signer,
} from '../../core/ports.js';
import type { Application, OAuth2PermissionGrant, ServicePrincipal, Tenant, User } from '../../core/model.js';
import type { PresentedCredential } from '../../core/policy/client-credential.js';
import type { FactRecorder } from './facts.js';
import type { AuthenticationAsked } from '../../core/policy/claims-request.js';

export type EndpointVersion = 'v1' | 'v2';
export type TenantAlias = 'common' | 'organizations' | 'consumers';

/** The calling app and its service principal in the request's tenant (client-auth.ts finds it). */
export interface Client {
  app: Application;
  sp: ServicePrincipal;
}

export interface TokenRequest {
  endpoint: EndpointVersion;
  /** The tenant as resolved from the path; null for common / organizations / consumers. */
  tenant: Tenant | null;
  tenantAlias: TenantAlias | null;
  /** The tenant path segment as the client wrote it (messages echo it). */
  tenantSegment: string;
  /** `https://host[:port]` the client called; issuers and error_uri use it. */
  origin: string;
  /** Form parameters (single-valued; duplicates were refused by the HTTP layer). */
  params: Readonly<Record<string, string>>;
  /** client_id from the body or from HTTP Basic. */
  clientId: string | undefined;
  credential: PresentedCredential;
  /** The Origin header, when present. */
  originHeader: string | null;
  /**
   * The caller's IP address as the server saw it (the TCP peer; Fastify's req.ip). Smart lockout
   * counts failures per address and Conditional Access matches IP ranges on it.
   */
  clientAddress: string;
  /** Notes what the flow learns (facts.ts); set by the flow's own pipeline, never by HTTP. */
  facts?: FactRecorder;
  /** Client capabilities from `claims` (`cp1`), read once by the token endpoint's pipeline (flows/token/handle.ts). */
  clientCapabilities?: readonly string[];
  /** What `claims` asks of the sign-in (auth contexts, MFA), read with clientCapabilities. */
  authenticationAsked?: AuthenticationAsked;
}

interface TokenConfig {
  /**
   * A fixed access token lifetime in seconds (ENTRADA_ACCESS_TOKEN_LIFETIME when set); undefined
   * gives Entra's defaults, 60–90 minutes for users, one hour for apps (core/policy/token-lifetime.ts).
   */
  accessTokenLifetime: number | undefined;
  /** Refresh token inactivity window in seconds (Entra default 90 days, sliding) [D]. */
  refreshTokenLifetime: number;
  /** Fixed lifetime of refresh tokens issued to SPAs (24 h) [D]. */
  spaRefreshTokenLifetime: number;
  /** Authorization code lifetime in seconds (Entra: about 10 minutes) [D]. */
  authorizationCodeLifetime: number;
  /** Browser sign-in session lifetime in seconds [I: Entra keeps a non-persistent session about a day]. */
  sessionLifetime: number;
}

export const DEFAULT_TOKEN_CONFIG: TokenConfig = {
  accessTokenLifetime: undefined,
  refreshTokenLifetime: 90 * 24 * 3600,
  spaRefreshTokenLifetime: 24 * 3600,
  authorizationCodeLifetime: 600,
  sessionLifetime: 24 * 3600,
};

/** Records a user's consent (a Principal oauth2PermissionGrant) and makes it visible to the next read. */
interface ConsentRecorder {
  record(grant: OAuth2PermissionGrant): Promise<void>;
  /**
   * A multi-tenant app's first consent in a tenant creates its service principal there, audited as
   * done by `by` (flows/shared/consent.ts addToTenant); answers the stored one (an existing one if
   * another request was first). Absent: apps are never added on consent (700016 instead).
   */
  provision?(sp: ServicePrincipal, by: User): Promise<ServicePrincipal>;
}

export interface TokenDeps {
  directory: DirectoryReader;
  refreshTokens: RefreshTokenStore;
  /** Certificate client assertions: jti records and signature checks (entra-protocol.md §4.2). */
  assertionReplay: AssertionReplayStore;
  assertionSignatures: AssertionSignatureVerifier;
  /** SAML bearer grants: reads the assertion and verifies its XML signature (entra-protocol.md §3.8). */
  samlAssertions: SamlAssertionReader;
  /** Federated identity credentials: external issuers' signing keys (entra-protocol.md §4.3). */
  externalKeys: ExternalKeySource;
  /** Device authorization requests (entra-protocol.md §3.6). */
  deviceCodes: DeviceCodeStore;
  /** /authorize: codes, browser sessions, user consent (entra-protocol.md §3.2). */
  authorizationCodes: AuthorizationCodeStore;
  sessions: SessionStore;
  consent: ConsentRecorder;
  signer: Signer;
  hashes: HashVerifier;
  /** Smart lockout of password sign-ins (password-sign-in.ts; core/policy/smart-lockout.ts). */
  smartLockout: SmartLockout;
  /** A user's own password change on the sign-in pages (password-update.ts). */
  passwordChanges: OwnPasswordChanger;
  random: Randomness;
  clock: Clock;
  config: TokenConfig;
}

/** Field order matters to nobody's parser, but Entra's order makes captures easy to compare. */
export type TokenResponse = Record<string, string | number>;

export function param(req: TokenRequest, name: string): string | undefined {
  const v = req.params[name];
  return v === undefined || v === '' ? undefined : v;
}
