// Scope and resource rules of the token endpoint (entra-protocol.md §3.1, §3.4).
// v2 sends `scope` (space separated, `<resource>/<permission>`), v1 sends `resource`.

import { idpError } from '../errors/idp-error.js';

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

/** OpenID Connect scopes; they combine with the permissions of one resource [D]. */
export const OIDC_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'email', 'offline_access']);

/** A request for one resource: either its `.default` set, or named permissions. */
export interface ResourceRequest {
  /** The resource identifier as the client wrote it (App ID URI or app id GUID); also the v1 `aud`. */
  identifier: string;
  /** Permission values without the resource prefix; empty when `isDefault`. */
  permissions: string[];
  /** `<resource>/.default`, or a v1 `resource=` request: everything already granted. */
  isDefault: boolean;
  /** True when no resource scope was asked and Microsoft Graph was implied [D: a bare permission means Graph]. */
  implied: boolean;
  /**
   * v2: the client named the resource (`https://graph.microsoft.com/.default`, `api://x/read`, an
   * app id GUID) rather than writing bare Graph permissions (`User.Read`); the echoed `scope`
   * follows the client's form (responseScope). Absent (false) on v1 and for client credentials.
   */
  named?: boolean;
}

export interface ScopeRequest {
  resource: ResourceRequest;
  /** OIDC scopes asked, in request order. */
  oidc: string[];
}

/** Split one v2 scope token into resource identifier and permission. */
export function splitScope(token: string): { identifier: string; permission: string } {
  const slash = token.lastIndexOf('/');
  // No slash, or only the "//" of a scheme: a bare permission of Microsoft Graph [D].
  if (slash < 0 || token.slice(0, slash + 1).endsWith('://')) return { identifier: GRAPH_RESOURCE, permission: token };
  return { identifier: token.slice(0, slash), permission: token.slice(slash + 1) };
}

/** Resource identifiers compare case-insensitively and ignore one trailing slash [I]. */
export function sameResource(a: string, b: string): boolean {
  return normaliseResource(a) === normaliseResource(b);
}

export function normaliseResource(id: string): string {
  const lower = id.toLowerCase();
  return lower.endsWith('/') ? lower.slice(0, -1) : lower;
}

export function tokenizeScope(scope: string): string[] {
  return scope.split(' ').filter((s) => s.length > 0);
}

/**
 * Client credentials: exactly one `<resource>/.default` [O: AADSTS1002012, also for `openid`].
 * A missing scope is AADSTS90014 [O].
 */
export function parseClientCredentialsScope(scope: string | undefined): ResourceRequest {
  const tokens = tokenizeScope(scope ?? '');
  if (tokens.length === 0) throw idpError(90014, { args: { field: 'scope' } });
  const defaults = tokens.filter((t) => t.endsWith('/.default'));
  const bad = tokens.find((t) => !t.endsWith('/.default') || t === '/.default');
  if (bad !== undefined) throw idpError(1002012, { args: { scope: scope ?? '' } });
  const identifiers = dedupeResources(defaults.map((t) => t.slice(0, -'/.default'.length)));
  if (identifiers.length > 1) throw idpError(700022, { args: { scope: scope ?? '' } });
  return { identifier: identifiers[0], permissions: [], isDefault: true, implied: false };
}

/**
 * Delegated (user) flows on v2: OIDC scopes plus the permissions of at most one resource.
 * Only OIDC scopes → Microsoft Graph, everything granted (what Entra returns for a bare
 * `openid profile` sign-in) [O].
 */
export function parseDelegatedScope(scope: string | undefined): ScopeRequest {
  const tokens = tokenizeScope(scope ?? '');
  if (tokens.length === 0) throw idpError(90014, { args: { field: 'scope' } });
  const oidc: string[] = [];
  const byResource = new Map<string, { identifier: string; permissions: string[]; isDefault: boolean; named: boolean }>();
  for (const token of tokens) {
    if (OIDC_SCOPES.has(token.toLowerCase())) {
      if (!oidc.includes(token.toLowerCase())) oidc.push(token.toLowerCase());
      continue;
    }
    const { identifier, permission } = splitScope(token);
    if (identifier === '' || permission === '') throw idpError(70011, { args: { scope: token } });
    const key = normaliseResource(identifier);
    const entry = byResource.get(key) ?? { identifier, permissions: [], isDefault: false, named: false };
    if (token !== permission) entry.named = true;
    if (permission === '.default') entry.isDefault = true;
    else if (!entry.permissions.includes(permission)) entry.permissions.push(permission);
    byResource.set(key, entry);
  }
  if (byResource.size > 1) throw idpError(700022, { args: { scope: scope ?? '' } });
  const only = [...byResource.values()][0];
  const resource: ResourceRequest = only
    ? { identifier: only.identifier, permissions: only.isDefault ? [] : only.permissions, isDefault: only.isDefault, implied: false, named: only.named }
    : { identifier: GRAPH_RESOURCE, permissions: [], isDefault: true, implied: true };
  return { resource, oidc };
}

/** v1 endpoint: `resource=` names the resource; all its granted permissions apply [D]. */
export function parseV1Resource(resource: string | undefined, scope: string | undefined): ScopeRequest {
  if (resource === undefined || resource.trim() === '') throw idpError(900144, { args: { name: 'resource' } });
  // On v1, `scope=openid` may be added to get an id_token [D]; other scope values are ignored.
  const oidc = tokenizeScope(scope ?? '').map((s) => s.toLowerCase()).filter((s) => OIDC_SCOPES.has(s));
  return { resource: { identifier: resource.trim(), permissions: [], isDefault: true, implied: false }, oidc };
}

function dedupeResources(ids: string[]): string[] {
  const seen = new Map<string, string>();
  for (const id of ids) if (!seen.has(normaliseResource(id))) seen.set(normaliseResource(id), id);
  return [...seen.values()];
}

/**
 * Which delegated permissions the token carries. Named permissions must exist on the resource
 * (70011) and be consented (65001); `.default` means everything consented. OIDC scopes need no
 * consent here [I: Entra consents them together with the first permission; Entrada treats them
 * as always granted].
 */
export function grantDelegatedPermissions(input: {
  request: ResourceRequest;
  /** Enabled oauth2PermissionScopes values of the resource. */
  defined: readonly string[];
  /** Values consented for this client (AllPrincipals) or this user (Principal). */
  consented: readonly string[];
}):
  | { ok: true; granted: string[] }
  | { ok: false; code: 70011; scope: string }
  | { ok: false; code: 65001 } {
  const { request, defined, consented } = input;
  const definedLower = new Map(defined.map((d) => [d.toLowerCase(), d]));
  const consentedLower = new Set(consented.map((c) => c.toLowerCase()));
  if (request.isDefault) {
    const granted = defined.filter((d) => consentedLower.has(d.toLowerCase()));
    // An implied Graph request with nothing consented still signs the user in [I].
    if (granted.length === 0 && !request.implied) return { ok: false, code: 65001 };
    return { ok: true, granted };
  }
  const granted: string[] = [];
  for (const p of request.permissions) {
    const canonical = definedLower.get(p.toLowerCase());
    if (canonical === undefined) return { ok: false, code: 70011, scope: p };
    if (!consentedLower.has(canonical.toLowerCase())) return { ok: false, code: 65001 };
    granted.push(canonical);
  }
  return { ok: true, granted };
}

/**
 * The `scope` echoed in a user-flow response; MSAL caches the access token under these scopes and
 * finds it again only if they contain every (non-OIDC) scope a later acquireTokenSilent asks for [M].
 *
 * v1: the delegated permission values alone (`"scope":"user_impersonation"`) [O: §6.2].
 *
 * v2, bare Graph permissions (`User.Read openid`): Graph permissions unprefixed, then the OIDC
 * scopes asked except offline_access, which Entra does not echo [D][O: `"User.Read profile openid email"`].
 *
 * v2, resource named by the client (its URI or app id): for
 * `scope=https://graph.microsoft.com/.default openid profile offline_access` Entra answers
 * `email openid profile https://graph.microsoft.com/User.Read https://graph.microsoft.com/.default`
 * [O: issue 13]: OIDC scopes bare and first (those granted as permissions of the resource and
 * those asked, except offline_access), then every other granted permission qualified by the
 * resource as the client wrote it, then `<resource>/.default` itself when it was asked.
 * [I] The OIDC scopes are sorted (the capture's order is alphabetical), and the same rule applies
 * to every resource named by URI or app id — a custom API
 * (`api://entrada-demo-api/.default openid` → `openid api://entrada-demo-api/access_as_user
 * api://entrada-demo-api/.default`) and a URI-named Graph permission
 * (`https://graph.microsoft.com/User.Read` → `https://graph.microsoft.com/User.Read`).
 */
export function responseScope(
  resource: ResourceRequest,
  granted: string[],
  oidc: string[],
  shape: { endpoint: 'v1' | 'v2'; isGraph: boolean },
): string {
  const perms = granted.filter((g) => g.toLowerCase() !== 'offline_access');
  if (shape.endpoint === 'v1') return perms.join(' ');
  if (resource.named) return namedResourceScope(resource, perms, oidc);
  const out = perms.map((g) => (shape.isGraph ? g : `${resource.identifier}/${g}`));
  for (const o of oidc) if (o !== 'offline_access' && !out.some((x) => x.toLowerCase() === o)) out.push(o);
  return out.join(' ');
}

function namedResourceScope(resource: ResourceRequest, perms: string[], oidc: string[]): string {
  const oidcOut = new Set<string>();
  const qualified: string[] = [];
  for (const p of perms) {
    if (OIDC_SCOPES.has(p.toLowerCase())) oidcOut.add(p.toLowerCase());
    else qualified.push(`${resource.identifier}/${p}`);
  }
  for (const o of oidc) if (o !== 'offline_access') oidcOut.add(o);
  if (resource.isDefault) qualified.push(`${resource.identifier}/.default`);
  return [...[...oidcOut].sort(), ...qualified].join(' ');
}
