// The optional claims of the tokens one grant issues (core/tokens/optional-claims.ts has the rules):
// an access token reads the resource app's `accessToken` list, an ID token the client app's
// `idToken` list [D: optional-claims.md]. Both apps are already loaded: no directory read here.

import { sha256 } from '../../core/hash.js';
import type { Application, Tenant, User } from '../../core/model.js';
import { readOptionalClaims, sessionId, tokenExtras, type OptionalClaimFacts, type TokenExtras } from '../../core/tokens/optional-claims.js';

/** What a user sign-in contributes. */
export interface SignInFacts {
  tenant: Tenant;
  user: User;
  /** The request's OpenID Connect scopes. */
  oidc: readonly string[];
  clientAddress: string;
  /**
   * When the user signed in — the browser session's authTime (kept by its codes and their refresh
   * tokens), else when the grant began: `auth_time`, and what `sid` derives from, so every token of
   * one session carries the same sid (core/tokens/optional-claims.ts sessionId).
   */
  authTime: string;
}

function userFacts(s: SignInFacts): Omit<OptionalClaimFacts, 'token' | 'version'> {
  return {
    user: s.user,
    tenant: s.tenant,
    oidc: s.oidc.map((o) => o.toLowerCase()),
    clientAddress: s.clientAddress,
    authTime: Math.floor(Date.parse(s.authTime) / 1000),
    // The instant, not its text: stores may write it in another ISO form.
    sessionId: sessionId(s.tenant.id, s.user.id, String(Date.parse(s.authTime)), sha256),
  };
}

/** A delegated access token's extras, by the resource app's configuration. */
export function userAccessTokenExtras(resourceApp: Application, version: 1 | 2, s: SignInFacts): TokenExtras {
  const configured = readOptionalClaims(resourceApp.extras?.optionalClaims).accessToken;
  return tokenExtras(configured, { token: 'access', version, resourceAppId: resourceApp.appId, ...userFacts(s) });
}

/** An app-only access token's extras (idtyp, tenant_ctry, xms_tpl, aud), by the resource app's configuration. */
export function appAccessTokenExtras(resourceApp: Application, version: 1 | 2, tenant: Tenant): TokenExtras {
  const configured = readOptionalClaims(resourceApp.extras?.optionalClaims).accessToken;
  return tokenExtras(configured, { token: 'access', version, resourceAppId: resourceApp.appId, tenant, oidc: [] });
}

/** An ID token's extras, by the client app's configuration. */
export function idTokenExtras(clientApp: Application, version: 1 | 2, s: SignInFacts): Record<string, unknown> {
  const configured = readOptionalClaims(clientApp.extras?.optionalClaims).idToken;
  return tokenExtras(configured, { token: 'id', version, ...userFacts(s) }).claims;
}
