// What a sign-in needs to use a multi-tenant app in another tenant than its home: the tenant a user
// name belongs to, and the service principal the app gets in the user's tenant when a consent adds
// it there [D: howto-convert-app-to-be-multi-tenant] (core/policy/sign-in-audience.ts decides when).

import type { Application, ServicePrincipal, Tenant } from '../../core/model.js';
import type { TokenDeps } from './context.js';

/** The tenant whose verified domain the user name carries (`bob@fabrikam.example` → fabrikam's). */
export async function homeTenantOf(username: string, deps: Pick<TokenDeps, 'directory'>): Promise<Tenant | undefined> {
  const name = username.trim();
  const at = name.lastIndexOf('@');
  return at > 0 && at < name.length - 1 ? deps.directory.findTenant(name.slice(at + 1)) : undefined;
}

/**
 * The service principal a consent creates for `app` in `tenant`: enabled, no assignment required,
 * the app's name — Graph's defaults for a new service principal [D: servicePrincipal resource].
 */
export function prospectiveServicePrincipal(tenant: Tenant, app: Application, id: string): ServicePrincipal {
  return {
    id,
    appId: app.appId,
    tenantId: tenant.id,
    displayName: app.displayName,
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    servicePrincipalType: 'Application',
    alternativeNames: [],
  };
}
