// Mint tokens and shape the response, v1 (strings, expires_on, resource) or v2 (numbers) [D: §6].

import { sha256Base64url } from '../../core/hash.js';
import type { ClientType, Guid, Tenant, User } from '../../core/model.js';
import {
  accessTokenClaims,
  clientInfo,
  idTokenClaims,
  CLOCK_SKEW_SECONDS,
  type ClientAuthLevel,
  type OpaqueIds,
} from '../../core/tokens/claims.js';
import { userFlowTokens } from '../../core/tokens/issuance.js';
import { lifetimesFor } from './token-lifetimes.js';
import type { Client, TokenDeps, TokenRequest, TokenResponse } from './context.js';
import type { Resource } from './resource.js';
import { clientAppTypeOf, enforceSignInPolicy } from './sign-in-policy.js';
import { aioFor } from '../../core/tokens/sign-in-strength.js';
import { groupClaimSet, NO_GROUP_CLAIMS, rolesWithGroups, tokenGroupClaims } from './token-groups.js';
import { graphTokenScopes } from '../../core/tokens/userinfo.js';
import { appAccessTokenExtras, idTokenExtras, userAccessTokenExtras, type SignInFacts } from './optional-claims.js';

/** `amr`, for user tokens: aio then says whether the sign-in did MFA (core/tokens/sign-in-strength.ts). */
export function opaqueIds(deps: Pick<TokenDeps, 'random'>, amr?: readonly string[]): OpaqueIds {
  const aio = deps.random.token(48);
  return { aio: amr === undefined ? aio : aioFor(aio, amr), rh: `0.${deps.random.token(36)}`, uti: deps.random.token(16) };
}

/**
 * `sub` is pairwise: the same user gets a different subject per application [D]. Entrada derives
 * it from the user and the client app id (stable, opaque, 43 base64url chars like Entra's).
 */
export function pairwiseSubject(userId: Guid, appId: Guid): string {
  return sha256Base64url(`${userId}:${appId.toLowerCase()}`);
}

interface AppOnlyIssue {
  req: TokenRequest;
  tenant: Tenant;
  client: Client;
  clientAuth: ClientAuthLevel;
  resource: Resource;
  roles: string[];
}

/** What issuing an app-only token reads. */
export type AppOnlyIssueDeps = Pick<TokenDeps, 'signer' | 'random' | 'clock' | 'config' | 'directory'>;

export async function issueAppOnly(input: AppOnlyIssue, deps: AppOnlyIssueDeps): Promise<TokenResponse> {
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const capabilities = input.req.clientCapabilities ?? [];
  // One hour, or the resource's token lifetime policy (flows/shared/token-lifetimes.ts).
  const lifetimes = await lifetimesFor({ tenantId: input.tenant.id, subject: 'app', capabilities, resource: input.resource, client: input.client }, deps);
  const times = { now, lifetime: lifetimes.accessToken };
  const version = input.resource.tokenVersion;
  // The resource's optional claims (idtyp, tenant_ctry, xms_tpl; aud use_guid): flows/shared/optional-claims.ts.
  const extras = appAccessTokenExtras(input.resource.app, version, input.tenant);
  const claims = accessTokenClaims({
    version: input.resource.tokenVersion,
    origin: input.req.origin,
    tenantId: input.tenant.id,
    audience: extras.audience ?? input.resource.audience,
    clientAppId: input.client.app.appId,
    clientAuth: input.clientAuth,
    times,
    // xms_ftd: v2 app tokens only (core/tokens/claims.ts); 43 base64url characters like a hash [I].
    ids: version === 2 ? { ...opaqueIds(deps), ftd: deps.random.token(32) } : opaqueIds(deps),
    app: { servicePrincipalId: input.client.sp.id, roles: input.roles },
    capabilities,
    extra: extras.claims,
  });
  const accessToken = await deps.signer.sign(claims, { x5t: input.resource.tokenVersion === 1 });
  // Client credentials responses carry no scope, refresh_token or id_token [O].
  return shapeResponse(input.req, { accessToken, now, lifetime: times.lifetime, resource: input.resource });
}

interface UserIssue {
  req: TokenRequest;
  tenant: Tenant;
  client: Client;
  clientAuth: ClientAuthLevel;
  clientType: ClientType;
  resource: Resource;
  user: User;
  scp: string[];
  roles: string[];
  oidc: string[];
  /** The scope string echoed in the response. */
  scope: string;
  /** Full scope strings the refresh token will remember. */
  grantedScopes: string[];
  /** Refresh token family to continue (refresh grant), or undefined to start one. */
  family?: { familyId: Guid; authTime: string };
  /** How the sign-in behind this grant was proven (`pwd`, `mfa`): a password grant ['pwd'], else the session's. */
  amr: readonly string[];
  /** The /authorize nonce, repeated in the id token of a code redemption [D: OIDC Core §3.1.3.7]. */
  nonce?: string;
  /** When the user signed in (a code's authTime); default the family's, else now. For auth_time and sid. */
  authTime?: string;
}

/** What issuing user tokens reads: app-only's plus the refresh-token store and the directory (Conditional Access). */
export type UserIssueDeps = Pick<TokenDeps, 'signer' | 'random' | 'clock' | 'config' | 'refreshTokens' | 'directory'>;

export async function issueForUser(input: UserIssue, deps: UserIssueDeps): Promise<TokenResponse> {
  const { req, tenant, client, user, resource } = input;
  req.facts?.user(user);
  const amr = [...input.amr];
  // No grant of this endpoint can prompt: MFA or Conditional Access refuse here (sign-in-policy.ts).
  const acrs = await enforceSignInPolicy(
    {
      tenant, user, clientAppId: client.app.appId, resourceAppId: resource.app.appId, clientAppType: clientAppTypeOf(input.clientType),
      clientAddress: req.clientAddress, asked: req.authenticationAsked, amr, endpoint: req.endpoint,
    },
    deps,
  );
  const nowDate = deps.clock.now();
  const now = Math.floor(nowDate.getTime() / 1000);
  const capabilities = req.clientCapabilities ?? [];
  // 60–90 minutes drawn per token, or the resource's policy; the ID token one hour, or the client's policy.
  const lifetimes = await lifetimesFor({ tenantId: tenant.id, subject: 'user', capabilities, resource, client }, deps);
  const times = { now, lifetime: lifetimes.accessToken };
  const subject = pairwiseSubject(user.id, client.app.appId);
  // Optional claims: the resource app's for the access token, the client app's for the ID token.
  const signIn: SignInFacts = {
    tenant, user, oidc: input.oidc, clientAddress: req.clientAddress, authTime: input.authTime ?? input.family?.authTime ?? nowDate.toISOString(),
  };
  const extras = userAccessTokenExtras(resource.app, resource.tokenVersion, signIn);
  // groups, wids, overage (flows/shared/token-groups.ts): the resource's groupMembershipClaims for
  // the access token, the client's for the ID token; no directory read when they are None.
  const wanted = userFlowTokens(req.endpoint, input.oidc);
  // The ID token's groups are read only when an ID token is issued.
  const [accessGroups, idGroups] = await Promise.all([
    tokenGroupClaims({ app: resource.app, sp: resource.sp, tokenType: 'accessToken', user, origin: req.origin, implicit: false }, deps),
    wanted.idToken ? tokenGroupClaims({ app: client.app, sp: client.sp, tokenType: 'idToken', user, origin: req.origin, implicit: false }, deps) : NO_GROUP_CLAIMS,
  ]);
  const accessClaims = accessTokenClaims({
    version: resource.tokenVersion,
    origin: req.origin,
    tenantId: tenant.id,
    audience: extras.audience ?? resource.audience,
    clientAppId: client.app.appId,
    clientAuth: input.clientAuth,
    times,
    ids: opaqueIds(deps, amr),
    // Graph tokens also carry the OpenID scopes asked, so UserInfo accepts them (core/tokens/userinfo.ts).
    user: { user, subject, scp: resource.isGraph ? graphTokenScopes(input.scp, input.oidc) : input.scp, roles: rolesWithGroups(input.roles, accessGroups), amr },
    capabilities,
    acrs,
    extra: { ...extras.claims, ...groupClaimSet(accessGroups, false) },
  });
  const [accessToken, idToken] = await Promise.all([
    deps.signer.sign(accessClaims, { x5t: resource.tokenVersion === 1 }),
    wanted.idToken
      ? deps.signer.sign(
          idTokenClaims({
            version: req.endpoint === 'v2' ? 2 : 1,
            origin: req.origin,
            tenantId: tenant.id,
            clientAppId: client.app.appId,
            user,
            subject,
            times: { now, lifetime: lifetimes.idToken },
            ids: opaqueIds(deps, amr),
            amr,
            nonce: input.nonce,
            email: input.oidc.includes('email') && user.mail ? user.mail : undefined,
            extra: { ...idTokenExtras(client.app, req.endpoint === 'v2' ? 2 : 1, signIn), ...groupClaimSet(idGroups, true) },
          }),
          { x5t: req.endpoint === 'v1' },
        )
      : Promise.resolve(undefined),
  ]);

  const refresh = wanted.refreshToken ? await issueRefreshToken({ ...input, authTime: signIn.authTime }, nowDate, deps) : undefined;
  // Only SPA refresh tokens announce their end: it is fixed (24 h after sign-in), and MSAL.js
  // learns it from nothing else [M]; others slide, and Entra sends no refresh_token_expires_in [O].
  const refreshExpiresIn = refresh && input.clientType === 'spa' ? secondsLeft(refresh.expiresAt, nowDate) : undefined;

  const body = shapeResponse(req, {
    accessToken, now, lifetime: times.lifetime, resource, scope: input.scope, refreshToken: refresh?.token, refreshExpiresIn, idToken,
  });
  if (req.params['client_info'] === '1') body.client_info = clientInfo(user.id, tenant.id);
  return body;
}

async function issueRefreshToken(
  input: UserIssue,
  now: Date,
  deps: Pick<TokenDeps, 'random' | 'config' | 'refreshTokens'>,
): Promise<{ token: string; expiresAt: Date }> {
  const token = `1.${deps.random.token(64)}`;
  const authTime = input.family?.authTime ?? now.toISOString();
  // SPA refresh tokens die 24 h after sign-in whatever their use; others slide for 90 days [D].
  const expiresAt =
    input.clientType === 'spa'
      ? new Date(Date.parse(authTime) + deps.config.spaRefreshTokenLifetime * 1000)
      : new Date(now.getTime() + deps.config.refreshTokenLifetime * 1000);
  await deps.refreshTokens.insert({
    tokenHash: refreshTokenHash(token),
    familyId: input.family?.familyId ?? deps.random.uuid(),
    tenantId: input.tenant.id,
    clientId: input.client.app.appId,
    userId: input.user.id,
    clientType: input.clientType,
    scopes: input.grantedScopes,
    authTime,
    createdAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    revokedAt: null,
    amr: [...input.amr],
    // Kept only where it differs from the family's start (a code's sign-in): auth_time and sid.
    ...(input.authTime !== undefined && input.authTime !== authTime ? { signInTime: input.authTime } : {}),
  });
  return { token, expiresAt };
}

/**
 * `refresh_token_expires_in`: whole seconds left in the SPA refresh token's window, counted like
 * `expires_in` (one second under the exact remainder, so 86399 on a fresh sign-in) [O: issue 13];
 * a refresh inherits the sign-in's window, so the number falls with every refresh [D: §2.4].
 */
export function secondsLeft(expiresAt: Date, now: Date): number {
  return Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / 1000) - 1);
}

export function refreshTokenHash(token: string): string {
  return sha256Base64url(token);
}

interface ShapeInput {
  accessToken: string;
  now: number;
  lifetime: number;
  resource: Resource;
  scope?: string;
  refreshToken?: string;
  /** SPA refresh tokens only (issueForUser). */
  refreshExpiresIn?: number;
  idToken?: string;
}

/** §6.1 (v2, JSON numbers) and §6.2 (v1, all strings, expires_on / not_before / resource). */
function shapeResponse(req: TokenRequest, s: ShapeInput): TokenResponse {
  const expiresIn = s.lifetime - 1; // Entra answers 3599 for a one-hour token [O].
  const body: TokenResponse = { token_type: 'Bearer' };
  if (s.scope !== undefined) body.scope = s.scope;
  if (req.endpoint === 'v2') {
    body.expires_in = expiresIn;
    body.ext_expires_in = expiresIn;
  } else {
    body.expires_in = String(expiresIn);
    body.ext_expires_in = String(expiresIn);
    body.expires_on = String(s.now + s.lifetime);
    body.not_before = String(s.now - CLOCK_SKEW_SECONDS);
    body.resource = s.resource.requested;
  }
  body.access_token = s.accessToken;
  if (s.refreshToken !== undefined) body.refresh_token = s.refreshToken;
  // Right after refresh_token, as Entra places it [O]; a string on v1 like every v1 number [I].
  if (s.refreshExpiresIn !== undefined) body.refresh_token_expires_in = req.endpoint === 'v2' ? s.refreshExpiresIn : String(s.refreshExpiresIn);
  if (s.idToken !== undefined) body.id_token = s.idToken;
  return body;
}
