// What a sign-in needs to use a multi-tenant app in another tenant than its home: the tenant a user
// name belongs to [D: howto-convert-app-to-be-multi-tenant] (core/policy/sign-in-audience.ts decides
// when; the service principal a consent adds there is core/new-service-principal.ts).

import type { Tenant } from '../../core/model.js';
import type { TokenDeps } from './context.js';

/** The tenant whose verified domain the user name carries (`bob@fabrikam.example` → fabrikam's). */
export async function homeTenantOf(username: string, deps: Pick<TokenDeps, 'directory'>): Promise<Tenant | undefined> {
  const name = username.trim();
  const at = name.lastIndexOf('@');
  return at > 0 && at < name.length - 1 ? deps.directory.findTenant(name.slice(at + 1)) : undefined;
}

