// grant_type=authorization_code (entra-protocol.md §3.2). The code names the user, the sign-in's
// scopes, the redirect URI and the PKCE challenge; the client-type decision runs on the redirect
// URI's platform (Web → secret, Mobile & desktop → none, SPA → Origin + PKCE, no secret) [D].
// Order: find the code, check it belongs to this client and tenant, decide the client type and
// check the credential, then redirect URI, PKCE, user and scope, and only then consume it — so a
// request that fails a check does not burn the legitimate client's code [I].

import { idpError } from '../../../core/errors/idp-error.js';
import { sha256Base64url } from '../../../core/hash.js';
import type { AuthorizationCodeRecord } from '../../../core/ports.js';
import { pkceMatches } from '../../../core/policy/authorize-request.js';
import { OIDC_SCOPES, parseDelegatedScope, parseV1Resource, splitScope, type ScopeRequest } from '../../../core/policy/scope.js';
import { authenticateClient, identifyClient, type ClientAuthDeps } from '../../shared/client-auth.js';
import { codeHash } from '../../shared/code-hash.js';
import { param, type TokenDeps, type TokenRequest } from '../../shared/context.js';
import { delegatedGrant } from '../../shared/delegated.js';
import { issueForUser, type UserIssueDeps } from '../../shared/issue.js';
import type { GrantModule } from './types.js';

/** What this grant reads itself, besides client authentication and issuance. */
type Deps = Pick<TokenDeps, 'authorizationCodes' | 'directory' | 'clock'> & ClientAuthDeps & UserIssueDeps;

export const authorizationCodeGrant: GrantModule<Deps> = {
  grantTypes: ['authorization_code'],
  kind: 'authorization_code',
  parameters: ['code', 'redirect_uri', 'code_verifier', 'scope', 'resource', 'client_info'],
  async handle(req, deps) {
    const code = param(req, 'code');
    if (code === undefined) throw idpError(900144, { args: { name: 'code' } });
    const record = await findCode(code, deps);
    if (req.tenant && req.tenant.id !== record.tenantId) {
      // A code is redeemed at the tenant that issued it [D: AADSTS700005].
      throw idpError(700005);
    }
    const tenant = req.tenant ?? (await deps.directory.findTenant(record.tenantId));
    if (!tenant) throw idpError(70000, { detail: 'The tenant of the authorization code no longer exists.' });
    const client = await identifyClient(req, tenant, deps);
    if (client.app.appId !== record.clientId) {
      throw idpError(70000, { detail: `The code was issued to client ${record.clientId}, not ${client.app.appId}.` });
    }
    const redirectUri = param(req, 'redirect_uri');
    if (redirectUri === undefined) throw idpError(900144, { args: { name: 'redirect_uri' } });
    const { clientAuth, clientType } = await authenticateClient(req, client, 'authorization_code', deps, {
      codeHasPkce: record.codeChallenge !== null,
    });
    // The very redirect_uri /authorize used, as sent [D: "the same redirect_uri value"]: not another
    // loopback port, not another trailing slash.
    if (record.redirectUri !== redirectUri) {
      throw idpError(500112, { args: { redirectUri, codeRedirectUri: record.redirectUri } });
    }
    checkPkce(req, record);
    const user = await deps.directory.getUser(tenant.id, record.userId);
    if (!user) throw idpError(70000, { detail: 'The user the code was issued to no longer exists.' });
    const grant = await delegatedGrant(req, tenant, client, user, scopeForCode(req, record), deps);
    // Consumed last, once everything else holds: a refused request leaves the code to its client.
    if (!(await deps.authorizationCodes.redeem(record.codeHash, deps.clock.now().toISOString()))) {
      throw usedOrExpired(record, deps);
    }
    return issueForUser(
      {
        req, tenant, client, clientAuth, clientType, user, ...grant,
        nonce: record.nonce ?? undefined,
        amr: record.amr ?? ['pwd'],
        // The sign-in's time, for the auth_time optional claim (flows/shared/optional-claims.ts).
        authTime: record.authTime,
        // A new refresh token family starts here; an SPA's 24 hours count from this redemption [D].
      },
      deps,
    );
  },
};

async function findCode(code: string, deps: Pick<TokenDeps, 'authorizationCodes' | 'clock'>): Promise<AuthorizationCodeRecord> {
  const record = code.length <= 512 ? await deps.authorizationCodes.findByHash(codeHash(code)) : undefined;
  // A code Entra cannot read is "malformed or invalid" [O: AADSTS9002313 with invalid_grant].
  if (!record) {
    throw idpError(9002313, { oauthError: 'invalid_grant', detail: 'The code is not one Entrada issued (or its database was reset).' });
  }
  if (record.redeemedAt !== null) throw idpError(54005);
  if (Date.parse(record.expiresAt) <= deps.clock.now().getTime()) throw idpError(70008, { detail: `The code expired at ${record.expiresAt}.` });
  return record;
}

/** Why the atomic redeem found the code no longer redeemable: another request won (54005) or it expired (70008). */
function usedOrExpired(record: AuthorizationCodeRecord, deps: Pick<TokenDeps, 'clock'>) {
  return Date.parse(record.expiresAt) <= deps.clock.now().getTime() ? idpError(70008) : idpError(54005);
}

/** RFC 7636 §4.6. A verifier without a challenge is ignored [I: RFC 7636 leaves it to the server]. */
function checkPkce(req: TokenRequest, record: AuthorizationCodeRecord): void {
  if (record.codeChallenge === null || record.codeChallengeMethod === null) return;
  const verifier = param(req, 'code_verifier');
  if (verifier === undefined) throw idpError(900144, { args: { name: 'code_verifier' } });
  if (!pkceMatches(record.codeChallenge, record.codeChallengeMethod, verifier, sha256Base64url)) throw idpError(501481);
}

/**
 * `scope` on redemption (v2) or `resource` (v1) selects the resource of this access token, as
 * Entra allows [D]; without them, the sign-in's own scopes apply.
 */
function scopeForCode(req: TokenRequest, record: AuthorizationCodeRecord): ScopeRequest {
  const recorded = record.scopes.join(' ');
  if (req.endpoint === 'v2') {
    const asked = param(req, 'scope');
    const scope = parseDelegatedScope(asked ?? (recorded || 'openid'));
    // The code's OIDC scopes (openid → id_token, offline_access → refresh token) stay with it.
    const oidc = [...scope.oidc];
    for (const s of record.scopes) if (OIDC_SCOPES.has(s) && !oidc.includes(s)) oidc.push(s);
    return { ...scope, oidc };
  }
  const resource = param(req, 'resource') ?? record.resource ?? firstResource(record);
  return parseV1Resource(resource, record.scopes.filter((s) => OIDC_SCOPES.has(s)).join(' ') || 'openid');
}

function firstResource(record: AuthorizationCodeRecord): string | undefined {
  const first = record.scopes.find((s) => !OIDC_SCOPES.has(s));
  return first === undefined ? undefined : splitScope(first).identifier;
}
