// The end of a successful /authorize: the user is known and has consented. Mint what the
// response_type asks for — a code (stored as a hash, single use, ~10 minutes), and for implicit or
// hybrid responses an id_token (nonce, c_hash, at_hash) and/or an access token [D: §3.2, §7.5].

import { sha256 } from '../../core/hash.js';
import type { Tenant, User } from '../../core/model.js';
import type { SignInSession } from '../../core/ports.js';
import { accessTokenClaims, clientInfo, halfHash, idTokenClaims } from '../../core/tokens/claims.js';
import type { Client, TokenDeps, TokenRequest } from '../shared/context.js';
import { delegatedGrant } from '../shared/delegated.js';
import { opaqueIds, pairwiseSubject } from '../shared/issue.js';
import { codeHash } from '../shared/code-hash.js';
import { groupClaimSet, rolesWithGroups, tokenGroupClaims } from '../shared/token-groups.js';
import { lifetimesFor } from '../shared/token-lifetimes.js';
import { idTokenExtras, userAccessTokenExtras, type SignInFacts } from '../shared/optional-claims.js';
import { graphTokenScopes } from '../../core/tokens/userinfo.js';
import type { AuthorizeContext } from './begin.js';
import { sessionState } from './sessions.js';

/** The token-flow helpers take a TokenRequest; this is the one an /authorize request stands for. */
function flowRequest(ctx: AuthorizeContext, tenant: Tenant): TokenRequest {
  return {
    endpoint: ctx.request.endpoint,
    tenant,
    tenantAlias: null,
    tenantSegment: ctx.tenantSegment,
    origin: ctx.origin,
    params: {},
    clientId: ctx.app.appId,
    credential: { kind: 'none' },
    originHeader: null,
    clientAddress: ctx.clientAddress,
  };
}

/** Response parameters, in Entra's order (code, client_info, …); `state` is added on delivery. */
export async function completeAuthorize(
  ctx: AuthorizeContext,
  signedIn: { tenant: Tenant; user: User; client: Client; session: SignInSession },
  /** Authentication contexts the sign-in satisfied (interact.ts assessed them): implicit tokens' acrs. */
  acrs: readonly string[],
  deps: Pick<TokenDeps, 'directory' | 'authorizationCodes' | 'signer' | 'random' | 'clock' | 'config'>,
): Promise<Record<string, string>> {
  const { request } = ctx;
  const { tenant, user, client, session } = signedIn;
  const grant = await delegatedGrant(flowRequest(ctx, tenant), tenant, client, user, request.scope, deps);
  const nowDate = deps.clock.now();
  const now = Math.floor(nowDate.getTime() / 1000);
  const out: Record<string, string> = {};

  let code: string | undefined;
  if (request.responseTypes.code) {
    code = deps.random.token(48);
    await deps.authorizationCodes.insert({
      codeHash: codeHash(code),
      tenantId: tenant.id,
      clientId: client.app.appId,
      userId: user.id,
      endpoint: request.endpoint,
      redirectUri: request.target.redirectUri,
      scopes: grant.grantedScopes,
      resource: request.scope.resource.identifier,
      nonce: request.nonce ?? null,
      codeChallenge: request.codeChallenge ?? null,
      codeChallengeMethod: request.codeChallengeMethod ?? null,
      authTime: session.authTime,
      amr: session.amr ?? ['pwd'],
      createdAt: nowDate.toISOString(),
      expiresAt: new Date(nowDate.getTime() + deps.config.authorizationCodeLifetime * 1000).toISOString(),
      redeemedAt: null,
    });
  }

  const subject = pairwiseSubject(user.id, client.app.appId);
  // Implicit and hybrid tokens follow the token endpoint's rules (flows/shared/token-lifetimes.ts).
  const lifetimes = await lifetimesFor({ tenantId: tenant.id, subject: 'user', capabilities: [], resource: grant.resource, client }, deps);
  const times = { now, lifetime: lifetimes.accessToken };
  const amr = session.amr ?? ['pwd'];
  const ids = () => opaqueIds(deps, amr);
  // Optional claims (flows/shared/optional-claims.ts): auth_time and sid from the browser session.
  const signIn: SignInFacts = {
    tenant, user, oidc: grant.oidc, clientAddress: ctx.clientAddress, authTime: session.authTime,
  };

  let accessToken: string | undefined;
  if (request.responseTypes.token) {
    const { resource } = grant;
    const extras = userAccessTokenExtras(resource.app, resource.tokenVersion, signIn);
    // Tokens in the /authorize response are implicit-flow tokens: hasgroups past 5 groups (token-groups.ts).
    const groups = await tokenGroupClaims({ app: resource.app, sp: resource.sp, tokenType: 'accessToken', user, origin: ctx.origin, implicit: true }, deps);
    accessToken = await deps.signer.sign(
      accessTokenClaims({
        version: resource.tokenVersion,
        origin: ctx.origin,
        tenantId: tenant.id,
        audience: extras.audience ?? resource.audience,
        clientAppId: client.app.appId,
        clientAuth: '0',
        times,
        ids: ids(),
        user: { user, subject, scp: resource.isGraph ? graphTokenScopes(grant.scp, grant.oidc) : grant.scp, roles: rolesWithGroups(grant.roles, groups), amr },
        acrs,
        extra: { ...extras.claims, ...groupClaimSet(groups, false) },
      }),
      { x5t: resource.tokenVersion === 1 },
    );
    out.access_token = accessToken;
    out.token_type = 'Bearer';
    out.expires_in = String(times.lifetime - 1);
    out.scope = grant.scope;
  }
  if (request.responseTypes.idToken) {
    const groups = await tokenGroupClaims({ app: client.app, sp: client.sp, tokenType: 'idToken', user, origin: ctx.origin, implicit: true }, deps);
    const claims = idTokenClaims({
      version: request.endpoint === 'v2' ? 2 : 1,
      origin: ctx.origin,
      tenantId: tenant.id,
      clientAppId: client.app.appId,
      user,
      subject,
      times: { now, lifetime: lifetimes.idToken },
      ids: ids(),
      amr,
      nonce: request.nonce,
      email: grant.oidc.includes('email') && user.mail ? user.mail : undefined,
      extra: { ...idTokenExtras(client.app, request.endpoint === 'v2' ? 2 : 1, signIn), ...groupClaimSet(groups, true) },
    });
    if (code !== undefined) claims.c_hash = halfHash(code, sha256);
    if (accessToken !== undefined) claims.at_hash = halfHash(accessToken, sha256);
    out.id_token = await deps.signer.sign(claims, { x5t: request.endpoint === 'v1' });
  }
  if (code !== undefined) out.code = code;
  if (request.clientInfo) out.client_info = clientInfo(user.id, tenant.id);
  out.session_state = sessionState(session);
  return code !== undefined ? { code, ...withoutCode(out) } : out;
}

function withoutCode(o: Record<string, string>): Record<string, string> {
  const { code: _code, ...rest } = o;
  return rest;
}
