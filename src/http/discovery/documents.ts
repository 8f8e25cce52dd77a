// OpenID discovery documents with Entra's field sets (entra-protocol.md §1.3, captured [O]).
// Tenant-specific documents always name the GUID, even when asked by domain [O]; the
// multi-tenant aliases get the `{tenantid}` issuer template [O][D].

import { issuerV1, issuerV2 } from '../../core/tokens/claims.js';
import { isMicrosoftOrigin, MICROSOFT_LOGIN_HOSTS } from '../../core/microsoft-hosts.js';

export const CONSUMERS_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export interface DocumentTarget {
  origin: string;
  /** Tenant GUID, or the alias segment for common/organizations/consumers. */
  segment: string;
  /** The tenant id for issuers: a GUID, or the literal `{tenantid}` template. */
  issuerTenant: string;
  regionScope: string | null;
  /**
   * The `?appid=` the document was asked with (a GUID, lower-cased): Entra then points jwks_uri at
   * the app's own keys, `…/keys?appid={appid}` [D: access-tokens.md "Validate the signature"].
   */
  appId?: string;
}

/** The keys document's URL, carrying the app id when the document was asked for one. */
function jwksUri(path: string, t: DocumentTarget): string {
  return t.appId === undefined ? path : `${path}?appid=${t.appId}`;
}

/**
 * Front-channel logout (an iframe per signed-in app on sign-out, OpenID Connect Front-Channel
 * Logout 1.0 §3) is not served, so it is not advertised: Entra says true [O], Entrada false until
 * its sign-out loads the apps' logout URLs. `false` is also what an absent field means (§3).
 */
const LOGOUT_SUPPORT = { http_logout_supported: false, frontchannel_logout_supported: false } as const;

export function v2Document(t: DocumentTarget): Record<string, unknown> {
  const base = `${t.origin}/${t.segment}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: jwksUri(`${base}/discovery/v2.0/keys`, t),
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: issuerV2(t.origin, t.issuerTenant),
    request_uri_parameter_supported: false,
    // Entra points at Microsoft Graph's https://graph.microsoft.com/oidc/userinfo [O]; Entrada serves
    // Graph's endpoint on its own host (http/graph/userinfo-route.ts).
    userinfo_endpoint: `${t.origin}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    ...LOGOUT_SUPPORT,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host',
      'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email',
    ],
    ...trailingFields(t, base),
  };
}

/** The fields both versions end with: Kerberos, region and Microsoft cloud names [O]. */
function trailingFields(t: DocumentTarget, base: string): Record<string, unknown> {
  return {
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: t.regionScope,
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

/**
 * v1: non-v2.0 endpoints, the v1 issuer, extra v1 fields [O]. Entra's v1 documents point jwks_uri
 * at /common/discovery/keys even for a tenant [O]; Entrada keeps the tenant's own keys path,
 * which serves the same key set.
 */
export function v1Document(t: DocumentTarget): Record<string, unknown> {
  const base = `${t.origin}/${t.segment}`;
  return {
    token_endpoint: `${base}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: jwksUri(`${base}/discovery/keys`, t),
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid'],
    issuer: issuerV1(t.origin, t.issuerTenant),
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${base}/oauth2/authorize`,
    device_authorization_endpoint: `${base}/oauth2/devicecode`,
    ...LOGOUT_SUPPORT,
    end_session_endpoint: `${base}/oauth2/logout`,
    claims_supported: [
      'sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host',
      'aud', 'exp', 'iat', 'auth_time', 'acr', 'amr', 'nonce', 'email', 'given_name', 'family_name', 'nickname',
    ],
    check_session_iframe: `${base}/oauth2/checksession`,
    // Served on this host like v2's (http/graph/userinfo-route.ts) [O: Entra's v1 path].
    userinfo_endpoint: `${base}/openid/userinfo`,
    ...trailingFields(t, base),
  };
}

/**
 * Instance discovery answer for our own host (entra-protocol.md §1.5): the host is its own
 * preferred network and cache alias. Clients normally skip this call (knownAuthorities). Called
 * on one of Microsoft's hosts (hosts mode, issue 15), it is Entra's answer for the public cloud:
 * one alias group, login.microsoftonline.com preferred on the network, login.windows.net in caches
 * [O: §1.5]; the other clouds' groups are left out (Entrada answers for the public cloud only).
 */
export function instanceDiscovery(origin: string, tenantSegment: string): Record<string, unknown> {
  const host = new URL(origin).host;
  const publicCloud = isMicrosoftOrigin(origin);
  const discoveryOrigin = publicCloud ? `https://${MICROSOFT_LOGIN_HOSTS[0]}` : origin;
  return {
    tenant_discovery_endpoint: `${discoveryOrigin}/${tenantSegment}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: publicCloud
      ? [{ preferred_network: MICROSOFT_LOGIN_HOSTS[0], preferred_cache: MICROSOFT_LOGIN_HOSTS[1], aliases: [...MICROSOFT_LOGIN_HOSTS] }]
      : [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}

/** Whether instance discovery called on `origin` knows the instance of `endpoint` (an authorization endpoint URL). */
export function knownInstance(origin: string, endpoint: URL): boolean {
  if (endpoint.protocol !== 'https:') return false;
  if (endpoint.host === new URL(origin).host) return true;
  // In hosts mode every alias of the public cloud is known, with or without :443 (MSAL Python drops ports).
  return isMicrosoftOrigin(origin) && (MICROSOFT_LOGIN_HOSTS as readonly string[]).includes(endpoint.hostname.toLowerCase()) && (endpoint.port === '' || endpoint.port === '443');
}
