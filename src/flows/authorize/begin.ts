// The first step of /authorize: which tenant and app the request is for, and whether its
// parameters are acceptable (core/policy/authorize-request.ts). Errors that cannot be sent back to
// a registered redirect URI are shown on Entrada's page [D: entra-protocol.md §2.2, §5.1].

import { IdpError, idpError, refusalError } from '../../core/errors/idp-error.js';
import { checkClientId } from '../../core/policy/client-id.js';
import type { Application, Tenant } from '../../core/model.js';
import { checkParameterLimits, parameterProblem } from '../../core/policy/parameter-limits.js';
import { checkAuthorizeRequest, type AuthorizeRequest, type RedirectTarget } from '../../core/policy/authorize-request.js';
import { resolveTenant, type ResolvedTenant } from '../shared/resolve-tenant.js';
import { authenticationAsked, type AuthenticationAsked } from '../../core/policy/claims-request.js';
import type { TenantAlias, TokenDeps } from '../shared/context.js';
import { appAtPathTenant, CONSUMERS_TENANT_ID, type AtPathTenant } from '../../core/policy/sign-in-audience.js';

export interface AuthorizeContext {
  request: AuthorizeRequest;
  app: Application;
  /** The path tenant; null for common / organizations / consumers (the user's domain decides). */
  tenant: Tenant | null;
  tenantAlias: TenantAlias | null;
  /** The tenant path segment as written (form actions and messages reuse it). */
  tenantSegment: string;
  /** `https://host[:port]` the browser called; issuers use it. */
  origin: string;
  /** The browser's IP address (smart lockout, Conditional Access IP ranges). */
  clientAddress: string;
  /** What the request's `claims` asks of the sign-in: auth contexts (a claims challenge), MFA. */
  asked: AuthenticationAsked;
}

type Begin =
  | { ok: true; context: AuthorizeContext }
  | { ok: false; show: 'page'; error: IdpError }
  | { ok: false; show: 'redirect'; target: RedirectTarget; error: IdpError };

/** What decides where an error goes: until these are accepted, errors are shown on the page. */
const EARLY_PARAMETERS = ['client_id', 'redirect_uri', 'response_mode'];

export async function beginAuthorize(
  input: { endpoint: 'v1' | 'v2'; tenantSegment: string; origin: string; clientAddress: string; params: Readonly<Record<string, string>> },
  deps: Pick<TokenDeps, 'directory'>,
): Promise<Begin> {
  const page = (error: IdpError): Begin => ({ ok: false, show: 'page', error });
  let resolved: ResolvedTenant;
  try {
    resolved = await resolveTenant(input.tenantSegment, deps.directory);
  } catch (err) {
    if (err instanceof IdpError) return page(err);
    throw err;
  }
  // Values read before the redirect URI is validated are refused on the page, before any lookup;
  // the others are refused at the redirect URI once it is known (issue 9; limits in core).
  const early = checkParameterLimits(input.params, EARLY_PARAMETERS);
  if (early) return page(early);
  // The same ids the token endpoint refuses, on Entra's sign-in error page [O: AADSTS700038 page].
  const checked = checkClientId(input.params['client_id']);
  if (!checked.ok) return page(refusalError(checked.refusal));
  const { clientId } = checked;
  const app = await deps.directory.getApplicationByAppId(clientId.toLowerCase());
  if (!app) return page(idpError(700016, { args: { appId: clientId, tenant: input.tenantSegment } }));
  const atTenant = await appAtRequestTenant(app, resolved, deps);
  if (!atTenant.ok) return page(notInDirectory(app, clientId, input.tenantSegment, resolved, atTenant.directory));
  const check = checkAuthorizeRequest(input.endpoint, input.params, app);
  if (!check.ok && check.show === 'page') return check;
  const overLimit = checkParameterLimits(input.params);
  if (overLimit) {
    const target = check.ok ? check.request.target : check.target;
    // An unusable state is not echoed back [I]: the app gets the error without it.
    const state = parameterProblem('state', input.params['state'] ?? '') ? undefined : target.state;
    return { ok: false, show: 'redirect', target: { ...target, state }, error: overLimit };
  }
  if (!check.ok) return check;
  return {
    ok: true,
    context: {
      request: check.request,
      app,
      tenant: resolved.tenant,
      tenantAlias: resolved.alias,
      tenantSegment: input.tenantSegment,
      origin: input.origin,
      clientAddress: input.clientAddress,
      asked: authenticationAsked(input.params['claims']),
    },
  };
}

/**
 * The path's tenant must know the app, unless a consent there can add it (a multi-tenant app);
 * /consumers serves only apps open to personal accounts (core/policy/sign-in-audience.ts).
 */
async function appAtRequestTenant(app: Application, resolved: ResolvedTenant, deps: Pick<TokenDeps, 'directory'>): Promise<AtPathTenant> {
  const sp = resolved.tenant ? await deps.directory.findServicePrincipalByAppId(resolved.tenant.id, app.appId) : undefined;
  return appAtPathTenant({ app, pathTenantId: resolved.tenant?.id ?? null, alias: resolved.alias, hasServicePrincipal: sp !== undefined });
}

function notInDirectory(app: Application, clientId: string, segment: string, resolved: ResolvedTenant, directory: 'path' | 'consumers'): IdpError {
  if (directory === 'consumers') {
    return idpError(700016, {
      args: { appId: clientId, tenant: CONSUMERS_TENANT_ID },
      detail: `/consumers is for personal Microsoft accounts, and the app's signInAudience is ${app.signInAudience}: it accepts work or school accounts only. Use /organizations or a tenant.`,
    });
  }
  return idpError(700016, {
    args: { appId: clientId, tenant: segment },
    detail: `The app exists (home tenant ${app.tenantId}, signInAudience ${app.signInAudience}) but has no service principal in tenant ${resolved.tenant?.id ?? segment}, and a single-tenant app cannot be added to another tenant.`,
  });
}
