// Which delegated permissions a sign-in would use that the user (or an admin, for everyone) has not
// consented to yet, and recording a user's consent as a Principal oauth2PermissionGrant
// [D: consent-framework.md; entra-protocol.md §9.1].

import type { Application, PermissionScope, ServicePrincipal, Tenant, User } from '../../core/model.js';
import { GRAPH_APP_ID, type ScopeRequest } from '../../core/policy/scope.js';
import type { Client, TokenDeps } from './context.js';

export interface ConsentQuestion {
  resource: { app: Application; sp: ServicePrincipal };
  /** Every permission the sign-in asks of the resource (canonical values, enabled scopes only). */
  asked: PermissionScope[];
  /** Those not yet consented for this user. */
  missing: PermissionScope[];
}

/**
 * undefined when the resource does not exist in the tenant (the grant step reports 500011) or
 * asks nothing that needs consent (a bare OpenID Connect sign-in: Entrada treats openid, profile,
 * email and offline_access as always granted [I]).
 */
export async function consentQuestion(
  tenant: Tenant,
  client: Client,
  user: User,
  scope: ScopeRequest,
  deps: Pick<TokenDeps, 'directory'>,
): Promise<ConsentQuestion | undefined> {
  const found = await deps.directory.findResource(tenant.id, scope.resource.identifier);
  if (!found) return undefined;
  const enabled = found.app.api.oauth2PermissionScopes.filter((s) => s.isEnabled);
  const asked = askedScopes(scope, client.app, found.app, enabled);
  if (asked.length === 0) return undefined;
  const grants = await deps.directory.listPermissionGrants(client.sp.id, found.sp.id);
  const consented = new Set(
    grants
      .filter((g) => g.consentType === 'AllPrincipals' || g.principalId === user.id)
      .flatMap((g) => g.scope.split(' '))
      .map((v) => v.toLowerCase()),
  );
  return { resource: found, asked, missing: asked.filter((s) => !consented.has(s.value.toLowerCase())) };
}

/**
 * Named permissions ask for themselves; `.default` asks for what the app registration lists under
 * "API permissions" for that resource (requiredResourceAccess) [D]. Unknown names are left to the
 * grant step, which answers 70011.
 */
function askedScopes(scope: ScopeRequest, client: Application, resource: Application, enabled: PermissionScope[]): PermissionScope[] {
  const r = scope.resource;
  if (r.isDefault) {
    // A bare OIDC sign-in implies Microsoft Graph; it asks for nothing by itself [I].
    if (r.implied && resource.appId === GRAPH_APP_ID) return [];
    const ids = new Set(
      client.requiredResourceAccess
        .filter((x) => x.resourceAppId === resource.appId)
        .flatMap((x) => x.resourceAccess.filter((a) => a.type === 'Scope').map((a) => a.id)),
    );
    return enabled.filter((s) => ids.has(s.id));
  }
  const byValue = new Map(enabled.map((s) => [s.value.toLowerCase(), s]));
  return r.permissions.map((p) => byValue.get(p.toLowerCase())).filter((s): s is PermissionScope => s !== undefined);
}

/** The user's own consent, merged into their existing grant for this client and resource. */
export async function recordUserConsent(
  client: Client,
  user: User,
  question: ConsentQuestion,
  deps: Pick<TokenDeps, 'directory' | 'consent' | 'random'>,
): Promise<void> {
  const grants = await deps.directory.listPermissionGrants(client.sp.id, question.resource.sp.id);
  const mine = grants.find((g) => g.consentType === 'Principal' && g.principalId === user.id);
  const values = new Set((mine?.scope ?? '').split(' ').filter(Boolean));
  for (const s of question.asked) values.add(s.value);
  await deps.consent.record({
    id: mine?.id ?? deps.random.uuid(),
    clientId: client.sp.id,
    consentType: 'Principal',
    principalId: user.id,
    resourceId: question.resource.sp.id,
    scope: [...values].join(' '),
  });
}

/** Admin-only permissions a user cannot consent to [D: permission type "Admins only"]. */
export function adminOnly(question: ConsentQuestion): PermissionScope[] {
  return question.missing.filter((s) => s.type === 'Admin');
}
