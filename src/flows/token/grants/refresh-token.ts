// grant_type=refresh_token (entra-protocol.md §3.3). Every redemption returns a new refresh token
// of the same family; the one redeemed is not revoked, as Entra documents [D: refresh-tokens.md].
// Tokens are bound to the client and user they were issued to; the client type recorded at issue
// time applies again, whatever redirect_uri the refresh names (core/policy/client-type.ts) [I].

import { idpError, refusalError } from '../../../core/errors/idp-error.js';
import type { RefreshTokenRecord, Tenant } from '../../../core/model.js';
import { refreshTokenRefusal } from '../../../core/policy/refresh-token.js';
import {
  OIDC_SCOPES,
  parseDelegatedScope,
  parseV1Resource,
  splitScope,
  type ScopeRequest,
} from '../../../core/policy/scope.js';
import { authenticateClient, identifyClient, type ClientAuthDeps } from '../../shared/client-auth.js';
import { param, type TokenDeps, type TokenRequest } from '../../shared/context.js';
import { issueForUser, refreshTokenHash, type UserIssueDeps } from '../../shared/issue.js';
import { delegatedGrant } from '../../shared/delegated.js';
import type { GrantModule } from './types.js';

/** What this grant reads itself, besides client authentication and issuance. */
type Deps = Pick<TokenDeps, 'refreshTokens' | 'directory' | 'clock'> & ClientAuthDeps & UserIssueDeps;

export const refreshTokenGrant: GrantModule<Deps> = {
  grantTypes: ['refresh_token'],
  kind: 'refresh_token',
  parameters: ['refresh_token', 'scope', 'resource', 'client_info', 'redirect_uri'],
  async handle(req, deps) {
    const token = param(req, 'refresh_token');
    if (token === undefined) throw idpError(900144, { args: { name: 'refresh_token' } });
    const record = await findUsable(token, deps);
    const tenant = await grantTenant(req, record, deps);
    const client = await identifyClient(req, tenant, deps);
    if (client.app.appId !== record.clientId) {
      throw idpError(70000, { detail: `The refresh token was issued to client ${record.clientId}, not ${client.app.appId}.` });
    }
    const { clientAuth, clientType } = await authenticateClient(req, client, 'refresh_token', deps, {
      issuedClientType: record.clientType,
    });

    const user = await deps.directory.getUser(tenant.id, record.userId);
    if (!user) {
      throw idpError(50173, {
        args: { issueDate: record.createdAt, tokensValidFrom: deps.clock.now().toISOString() },
        detail: 'The user the refresh token was issued to no longer exists.',
      });
    }
    const grant = await delegatedGrant(req, tenant, client, user, scopeForRefresh(req, record), deps);
    // A refresh always returns a new refresh token [D], whether or not offline_access is repeated;
    // the family keeps the scopes of its sign-in: a refresh for another resource does not widen
    // what a later refresh without `scope` asks for ("the first resource wins") [D: §3.1, §3.3].
    const oidc = grant.oidc.includes('offline_access') ? grant.oidc : [...grant.oidc, 'offline_access'];
    return issueForUser(
      {
        req, tenant, client, clientAuth, clientType, user, ...grant, oidc, grantedScopes: record.scopes,
        family: { familyId: record.familyId, authTime: record.authTime },
        amr: record.amr ?? ['pwd'],
        // The sign-in's own time (auth_time, sid: flows/shared/optional-claims.ts).
        authTime: record.signInTime ?? record.authTime,
      },
      deps,
    );
  },
};

async function findUsable(token: string, deps: Pick<TokenDeps, 'refreshTokens' | 'clock'>): Promise<RefreshTokenRecord> {
  const record = await deps.refreshTokens.findByHash(refreshTokenHash(token));
  // Entra's refresh tokens are sealed blobs; one it cannot open is answered AADSTS9002313 with
  // invalid_grant [O: captured bodies], which tells clients to drop it and sign in again.
  if (!record) {
    throw idpError(9002313, { oauthError: 'invalid_grant', detail: 'The refresh token is not one Entrada issued (or its database was reset).' });
  }
  const refusal = refreshTokenRefusal(record, deps.clock.now());
  if (refusal) throw refusalError(refusal);
  return record;
}

/** The path tenant must be the token's tenant; aliases resolve to it [I]. */
async function grantTenant(req: TokenRequest, record: RefreshTokenRecord, deps: Pick<TokenDeps, 'directory'>): Promise<Tenant> {
  if (req.tenant && req.tenant.id !== record.tenantId) {
    throw idpError(70000, { detail: `The refresh token belongs to tenant ${record.tenantId}, not ${req.tenant.id}.` });
  }
  const tenant = req.tenant ?? (await deps.directory.findTenant(record.tenantId));
  if (!tenant) throw idpError(70000, { detail: 'The tenant of the refresh token no longer exists.' });
  return tenant;
}

/** Without scope/resource, the refresh continues with what the sign-in asked for [D]. */
function scopeForRefresh(req: TokenRequest, record: RefreshTokenRecord): ScopeRequest {
  if (req.endpoint === 'v2') {
    const asked = param(req, 'scope');
    return parseDelegatedScope(asked ?? record.scopes.join(' '));
  }
  const resource = param(req, 'resource') ?? firstResource(record);
  return parseV1Resource(resource, param(req, 'scope') ?? record.scopes.filter((s) => OIDC_SCOPES.has(s)).join(' '));
}

function firstResource(record: RefreshTokenRecord): string | undefined {
  const first = record.scopes.find((s) => !OIDC_SCOPES.has(s));
  return first === undefined ? undefined : splitScope(first).identifier;
}


