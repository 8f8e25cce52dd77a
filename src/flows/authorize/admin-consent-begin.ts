// The admin consent endpoint's request [D: v2-admin-consent]: GET /{tenant}/adminconsent (v1:
// client_id, redirect_uri, state) and /{tenant}/v2.0/adminconsent (also scope). What cannot be
// sent to a registered redirect URI is shown on Entrada's error page, as /authorize does.

import { IdpError, idpError, refusalError } from '../../core/errors/idp-error.js';
import type { Application, Tenant } from '../../core/model.js';
import { parseAdminConsentScope, type AdminConsentAsk } from '../../core/policy/admin-consent.js';
import type { RedirectTarget } from '../../core/policy/authorize-request.js';
import { checkClientId } from '../../core/policy/client-id.js';
import { checkParameterLimits } from '../../core/policy/parameter-limits.js';
import { matchRedirectUri, registeredRedirectUris } from '../../core/policy/redirect-uri.js';
import { appAtPathTenant, CONSUMERS_TENANT_ID, type TenantAlias } from '../../core/policy/sign-in-audience.js';
import type { TokenDeps } from '../shared/context.js';
import { resolveTenant, type ResolvedTenant } from '../shared/resolve-tenant.js';

export type AdminConsentEndpoint = 'v1' | 'v2';

export interface AdminConsentRequest {
  endpoint: AdminConsentEndpoint;
  app: Application;
  /** The path tenant; null for organizations / common (the administrator's tenant decides). */
  tenant: Tenant | null;
  alias: TenantAlias | null;
  tenantSegment: string;
  target: RedirectTarget;
  /** `scope` as sent (v2 echoes it on success). */
  scope: string | undefined;
  ask: AdminConsentAsk;
}

export type BeginAdminConsent =
  | { ok: true; request: AdminConsentRequest }
  | { ok: false; show: 'page'; error: IdpError }
  | { ok: false; show: 'redirect'; target: RedirectTarget; error: IdpError };

/** The parameters the endpoint reads; others are ignored [I], as Entra ignores unknown ones. */
const PARAMETERS = ['client_id', 'redirect_uri', 'state', 'scope'];

export async function beginAdminConsent(
  input: { endpoint: AdminConsentEndpoint; tenantSegment: string; params: Readonly<Record<string, string>> },
  deps: Pick<TokenDeps, 'directory'>,
): Promise<BeginAdminConsent> {
  const page = (error: IdpError): BeginAdminConsent => ({ ok: false, show: 'page', error });
  let resolved: ResolvedTenant;
  try {
    resolved = await resolveTenant(input.tenantSegment, deps.directory);
  } catch (err) {
    if (err instanceof IdpError) return page(err);
    throw err;
  }
  const overLimit = checkParameterLimits(input.params, PARAMETERS);
  if (overLimit) return page(overLimit);
  const checked = checkClientId(input.params['client_id']);
  if (!checked.ok) return page(refusalError(checked.refusal));
  const app = await deps.directory.getApplicationByAppId(checked.clientId.toLowerCase());
  if (!app) return page(idpError(700016, { args: { appId: checked.clientId, tenant: input.tenantSegment } }));
  const sp = resolved.tenant ? await deps.directory.findServicePrincipalByAppId(resolved.tenant.id, app.appId) : undefined;
  const at = appAtPathTenant({ app, pathTenantId: resolved.tenant?.id ?? null, alias: resolved.alias, hasServicePrincipal: sp !== undefined });
  if (!at.ok) {
    const tenant = at.directory === 'consumers' ? CONSUMERS_TENANT_ID : input.tenantSegment;
    return page(idpError(700016, { args: { appId: app.appId, tenant }, detail: `signInAudience ${app.signInAudience}: the app cannot be used in ${tenant}.` }));
  }

  const target = redirectTarget(input.endpoint, app, input.params);
  if (!target.ok) return page(target.error);
  const scope = input.params['scope'];
  const ask = parseAdminConsentScope(input.endpoint, scope);
  if (ask.kind === 'missing') return { ok: false, show: 'redirect', target: target.target, error: idpError(900144, { args: { name: 'scope' } }) };
  return {
    ok: true,
    request: { endpoint: input.endpoint, app, tenant: resolved.tenant, alias: resolved.alias, tenantSegment: input.tenantSegment, target: target.target, scope, ask },
  };
}

/**
 * The redirect URI must be one registered on the app, on any platform (the registered-URI rules
 * of core/policy/redirect-uri.ts) [D: "must exactly match one of the redirect URIs that you
 * registered"]. v2 requires it; v1 without one answers at the app's first registered URI [I: v1
 * admin consent links are commonly published without redirect_uri].
 */
function redirectTarget(endpoint: AdminConsentEndpoint, app: Application, params: Readonly<Record<string, string>>): { ok: true; target: RedirectTarget } | { ok: false; error: IdpError } {
  const state = params['state'] === '' ? undefined : params['state'];
  const sent = params['redirect_uri'];
  if (sent === undefined || sent === '') {
    if (endpoint === 'v2') return { ok: false, error: idpError(900144, { args: { name: 'redirect_uri' } }) };
    const first = registeredRedirectUris(app)[0];
    if (!first) return { ok: false, error: idpError(500113) };
    return { ok: true, target: { redirectUri: first.uri, responseMode: 'query', state } };
  }
  const match = matchRedirectUri(app, sent);
  if (match.kind !== 'registered') return { ok: false, error: idpError(50011, { args: { redirectUri: sent, appId: app.appId } }) };
  return { ok: true, target: { redirectUri: sent, responseMode: 'query', state } };
}
