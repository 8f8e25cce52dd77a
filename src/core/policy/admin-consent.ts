// The admin consent endpoint's decisions (GET /{tenant}/adminconsent, /{tenant}/v2.0/adminconsent)
// [D: v2-admin-consent; grant-admin-consent]: who may consent for the whole tenant, what `scope`
// asks for, which permissions that means per API, and the answer sent back to the app.
//
//  - v1 asks for everything the app registration lists (requiredResourceAccess: delegated and
//    application permissions); v2 the same with a `/.default` scope ("it will function like the
//    v1.0 admin consent endpoint") [D], or only the delegated permissions it names (dynamic
//    scopes; application permissions need `/.default`) [D].
//  - Tenant-wide consent needs Global Administrator, Privileged Role Administrator, Application
//    Administrator or Cloud Application Administrator; Microsoft Graph's application permissions
//    and its admin-only delegated permissions need Global Administrator or Privileged Role
//    Administrator [D: permissions-reference, grant-admin-consent].

import type { Application, AppRole, PermissionScope } from '../model.js';
import { DIRECTORY_ROLES, GRAPH_CONSENT_ROLES } from './graph-permissions.js';
import { GRAPH_APP_ID, GRAPH_RESOURCE, OIDC_SCOPES, splitScope, tokenizeScope } from './scope.js';

const R = DIRECTORY_ROLES;
/** Roles that may grant tenant-wide (admin) consent [D]. */
export const ADMIN_CONSENT_ROLES: readonly string[] = [
  R.globalAdministrator.id,
  R.privilegedRoleAdministrator.id,
  R.applicationAdministrator.id,
  R.cloudApplicationAdministrator.id,
];

/** What the request's `scope` asks consent for. */
export type AdminConsentAsk =
  /** Everything in requiredResourceAccess (v1, or v2 with a `/.default`). */
  | { kind: 'required' }
  /** v2's dynamic scopes: these delegated permissions of these APIs, nothing else. */
  | { kind: 'named'; apis: Array<{ identifier: string; permissions: string[] }> }
  /** v2 without a scope (Entra documents it as required [D]; the refusal's code is [I]). */
  | { kind: 'missing' };

/**
 * v1 ignores `scope`. In v2 the OIDC scopes (openid, profile, email, offline_access) ask for
 * nothing more [I]; any `…/.default` means everything required; a bare name is Microsoft Graph's.
 */
export function parseAdminConsentScope(endpoint: 'v1' | 'v2', scope: string | undefined): AdminConsentAsk {
  if (endpoint === 'v1') return { kind: 'required' };
  const tokens = tokenizeScope(scope ?? '');
  if (tokens.length === 0) return { kind: 'missing' };
  const apis: Array<{ identifier: string; permissions: string[] }> = [];
  for (const token of tokens) {
    if (OIDC_SCOPES.has(token.toLowerCase())) continue;
    const { identifier, permission } = token.includes('/') ? splitScope(token) : { identifier: GRAPH_RESOURCE, permission: token };
    if (permission.toLowerCase() === '.default') return { kind: 'required' };
    const api = apis.find((a) => a.identifier.toLowerCase() === identifier.toLowerCase());
    if (api) {
      if (!api.permissions.includes(permission)) api.permissions.push(permission);
    } else apis.push({ identifier, permissions: [permission] });
  }
  return apis.length === 0 ? { kind: 'required' } : { kind: 'named', apis };
}

/** One API's part of the consent: delegated permissions (scope values) and app roles. */
export interface ApiConsent {
  api: Application;
  scopes: PermissionScope[];
  roles: AppRole[];
}

/**
 * The permissions `client` lists for `api` (requiredResourceAccess), limited to what the API
 * defines and enables: scopes, and app roles that applications may hold. Ids the API does not know
 * are skipped [I: the portal shows them as unknown and Entra grants nothing for them].
 */
export function requiredOf(client: Application, api: Application): ApiConsent {
  const wanted = client.requiredResourceAccess.filter((r) => r.resourceAppId.toLowerCase() === api.appId.toLowerCase()).flatMap((r) => r.resourceAccess);
  const scopeIds = new Set(wanted.filter((w) => w.type === 'Scope').map((w) => w.id.toLowerCase()));
  const roleIds = new Set(wanted.filter((w) => w.type === 'Role').map((w) => w.id.toLowerCase()));
  return {
    api,
    scopes: api.api.oauth2PermissionScopes.filter((s) => s.isEnabled && scopeIds.has(s.id.toLowerCase())),
    roles: api.appRoles.filter((r) => r.isEnabled && r.allowedMemberTypes.includes('Application') && roleIds.has(r.id.toLowerCase())),
  };
}

/** The named delegated permissions of `api` (v2 dynamic scopes), or the first unknown name. */
export function namedOf(api: Application, permissions: readonly string[]): { ok: true; consent: ApiConsent } | { ok: false; unknown: string } {
  const byValue = new Map(api.api.oauth2PermissionScopes.filter((s) => s.isEnabled).map((s) => [s.value.toLowerCase(), s]));
  const scopes: PermissionScope[] = [];
  for (const p of permissions) {
    const scope = byValue.get(p.toLowerCase());
    if (!scope) return { ok: false, unknown: p };
    if (!scopes.includes(scope)) scopes.push(scope);
  }
  return { ok: true, consent: { api, scopes, roles: [] } };
}

export type ConsentAuthority = { ok: true } | { ok: false; reason: 'not-an-administrator' | 'graph-needs-privileged-role'; needed: readonly string[] };

/** Whether a user holding `roles` may grant `plan` for the whole tenant. */
export function mayGrantAdminConsent(roles: readonly string[], plan: readonly ApiConsent[]): ConsentAuthority {
  if (!roles.some((r) => ADMIN_CONSENT_ROLES.includes(r))) return { ok: false, reason: 'not-an-administrator', needed: ADMIN_CONSENT_ROLES };
  const graph = plan.find((p) => p.api.appId === GRAPH_APP_ID);
  const privileged = graph !== undefined && (graph.roles.length > 0 || graph.scopes.some((s) => s.type === 'Admin'));
  if (privileged && !roles.some((r) => GRAPH_CONSENT_ROLES.includes(r))) return { ok: false, reason: 'graph-needs-privileged-role', needed: GRAPH_CONSENT_ROLES };
  return { ok: true };
}

/**
 * The answer on the redirect URI [D: v2-admin-consent "Successful response"; the v1 shape from the
 * older permissions-and-consent article]: `admin_consent=True` and the tenant's GUID, and in v2
 * the scope as asked. `state` is added by the delivery (deliverTo).
 */
export function adminConsentGranted(endpoint: 'v1' | 'v2', tenantId: string, scope: string | undefined): Record<string, string> {
  if (endpoint === 'v1') return { tenant: tenantId, admin_consent: 'True' };
  return { admin_consent: 'True', tenant: tenantId, ...(scope ? { scope } : {}) };
}

/**
 * An error on the redirect URI. v2 adds `admin_consent=True` [D: "Error response"]. A cancel is
 * `error=access_denied&error_subcode=cancel`; v1 sends it without a description [O: azure-docs
 * issue 41053, 2019], v2 with AADSTS65004's [I].
 */
export function adminConsentError(
  endpoint: 'v1' | 'v2',
  error: { error: string; description: string; subcode?: string },
): Record<string, string> {
  const out: Record<string, string> = endpoint === 'v2' ? { admin_consent: 'True' } : {};
  out.error = error.error;
  if (!(endpoint === 'v1' && error.subcode === 'cancel')) out.error_description = error.description;
  if (error.subcode) out.error_subcode = error.subcode;
  return out;
}
