// Which delegated permissions a sign-in would use that the user (or an admin, for everyone) has not
// consented to yet, and recording a user's consent as a Principal oauth2PermissionGrant
// [D: consent-framework.md; entra-protocol.md §9.1].

import { idpError, type IdpError } from '../../core/errors/idp-error.js';
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

/**
 * The consent question of a sign-in that asks no permission (openid, profile): the app's first use
 * in a tenant still needs a consent, which the page words as "sign you in" [D].
 */
export function signInOnlyQuestion(client: Client): ConsentQuestion {
  return { resource: { app: client.app, sp: client.sp }, asked: [], missing: [] };
}

/**
 * A multi-tenant app's first consent in a tenant: its service principal is created there (audited)
 * and the user's grant recorded against it. Returns the stored service principal (another request
 * may have created it first). `question` undefined: nothing to grant, only the app to add.
 */
export async function addToTenant(
  client: Client,
  user: User,
  question: ConsentQuestion | undefined,
  deps: Pick<TokenDeps, 'directory' | 'consent' | 'random'>,
): Promise<ServicePrincipal> {
  if (!deps.consent.provision) throw new Error('addToTenant: this deployment cannot add service principals on consent');
  const sp = await deps.consent.provision(client.sp, user);
  if (question && question.asked.length > 0) await recordUserConsent({ app: client.app, sp }, user, question, deps);
  return sp;
}

/**
 * AADSTS650052 when the permissions asked are of an API that has no service principal in the
 * user's tenant but one in the client's home tenant (a multi-tenant API never added here): a
 * consent adds the client, never the API [D: consent framework; O: the message]. Resources found
 * nowhere are left to the grant step (500011).
 */
export async function unavailableResource(
  tenant: Tenant,
  clientApp: Application,
  scope: ScopeRequest,
  deps: Pick<TokenDeps, 'directory'>,
): Promise<IdpError | undefined> {
  if (clientApp.tenantId === tenant.id) return undefined;
  const identifier = scope.resource.identifier;
  if (await deps.directory.findResource(tenant.id, identifier)) return undefined;
  const elsewhere = await deps.directory.findResource(clientApp.tenantId, identifier);
  if (!elsewhere) return undefined;
  return idpError(650052, {
    args: { resourceAppId: elsewhere.app.appId, resourceName: elsewhere.app.displayName, tenant: tenant.id },
    detail: `'${elsewhere.app.displayName}' is registered in tenant ${elsewhere.app.tenantId} (signInAudience ${elsewhere.app.signInAudience}) and has no service principal in ${tenant.id}.`,
  });
}
