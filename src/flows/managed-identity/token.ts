// A token for a managed identity (entra-protocol.md §6.3): the identity the request names (or the
// host's system-assigned one, core/policy/managed-identity.ts), for the resource it names. The token
// is an app-only access token like a client-credentials one (§3.4, §7.4): `idtyp: app` (v1 tokens), `oid` and
// `sub` the identity's object id, `appid`/`azp` its client id, roles from its app role assignments,
// `aud` and version as the resource asks. Both endpoint shapes (IMDS, App Service) render it.

import { idpError } from '../../core/errors/idp-error.js';
import type { Tenant } from '../../core/model.js';
import { appOnlyAssignmentMissing } from '../../core/policy/assignment.js';
import { selectManagedIdentity, type IdentitySelector, type ManagedIdentity } from '../../core/policy/managed-identity.js';
import { accessTokenClaims, CLOCK_SKEW_SECONDS } from '../../core/tokens/claims.js';
import type { TokenDeps } from '../shared/context.js';
import { opaqueIds } from '../shared/issue.js';
import { assignedRoles, resolveResource } from '../shared/resource.js';

/**
 * Managed identity tokens live 24 hours [D: Azure caches them for 24 h; O: IMDS answers
 * expires_in 86399], whatever ENTRADA_ACCESS_TOKEN_LIFETIME says for the token endpoint. MSAL
 * refreshes them after half their life [M].
 */
const MANAGED_IDENTITY_TOKEN_LIFETIME = 24 * 3600;

export type ManagedIdentityDeps = Pick<TokenDeps, 'directory' | 'signer' | 'random' | 'clock'>;

/** A refusal that is not an AADSTS one: the endpoint's own checks (header, parameters, identity). */
export class ManagedIdentityRefusal extends Error {
  constructor(
    /** IMDS's `error` value, e.g. invalid_request. */
    readonly error: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'ManagedIdentityRefusal';
  }
}

interface ManagedIdentityTokenRequest {
  tenant: Tenant;
  /** `resource` exactly as sent (App ID URI or app id); undefined when missing. */
  resource: string | undefined;
  selector: IdentitySelector;
  /** The system-assigned identity the endpoint acts as (see core/policy/managed-identity.ts). */
  host: string | undefined;
  /** Origin of the HTTPS authority: the tokens' issuer, verifiable through its discovery document. */
  origin: string;
}

export interface ManagedIdentityToken {
  accessToken: string;
  identity: ManagedIdentity;
  /** The resource as requested (the responses echo it). */
  resource: string;
  /** Seconds since the epoch. */
  issuedAt: number;
  expiresOn: number;
  notBefore: number;
  lifetime: number;
}

export async function issueManagedIdentityToken(req: ManagedIdentityTokenRequest, deps: ManagedIdentityDeps): Promise<ManagedIdentityToken> {
  const requested = req.resource?.trim();
  // [I] IMDS's wording for a request without `resource`, as it calls the parameter the audience.
  if (!requested) throw new ManagedIdentityRefusal('invalid_request', 'Required audience parameter not specified');

  const identities = await deps.directory.listManagedIdentities(req.tenant.id);
  const selection = selectManagedIdentity({ identities, selector: req.selector, host: req.host });
  if (!selection.ok) throw new ManagedIdentityRefusal('invalid_request', selection.message);
  const { identity } = selection;
  const { sp } = identity;
  if (!sp.accountEnabled) throw idpError(7000112, { args: { appId: sp.appId, appName: sp.displayName } });

  const resource = await resolveResource({ tenantSegment: req.tenant.id }, req.tenant, { identifier: requested, permissions: [], isDefault: true, implied: false }, deps);
  const roles = await assignedRoles(sp.id, resource, deps);
  if (appOnlyAssignmentMissing(resource.sp.appRoleAssignmentRequired, roles)) {
    throw idpError(501051, {
      args: { appId: sp.appId, appName: sp.displayName, resourceAppId: resource.app.appId, resourceName: resource.app.displayName },
    });
  }

  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const lifetime = MANAGED_IDENTITY_TOKEN_LIFETIME;
  const claims = accessTokenClaims({
    version: resource.tokenVersion,
    origin: req.origin,
    tenantId: req.tenant.id,
    audience: resource.audience,
    clientAppId: sp.appId,
    // [I] Managed identities authenticate with a certificate Azure holds for them: appidacr '2'.
    clientAuth: '2',
    times: { now, lifetime },
    ids: opaqueIds(deps),
    app: { servicePrincipalId: sp.id, roles },
  });
  // The identity's resource id [O: real managed identity tokens carry xms_mirid].
  claims.xms_mirid = identity.resourceId;
  const accessToken = await deps.signer.sign(claims, { x5t: resource.tokenVersion === 1 });
  return {
    accessToken,
    identity,
    resource: requested,
    issuedAt: now,
    expiresOn: now + lifetime,
    notBefore: now - CLOCK_SKEW_SECONDS,
    lifetime,
  };
}
