// The managed identity part of what `entrada start` prints: each tenant's identities, and the
// endpoint with the environment variables that point @azure/identity and MSAL at it
// (http/managed-identity/managed-identity-app.ts; msal-wire.md §1.10).

import type { TenantSeedSummary } from '../seed/apply.js';
import { APP_SERVICE_TOKEN_PATH } from '../http/managed-identity/managed-identity-app.js';

export interface ManagedIdentityBannerInput {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  identityHeader: string;
  tenantId: string;
  /** Name of the system-assigned identity the endpoint acts as, if any. */
  host: string | undefined;
}

/** The "managed identities:" lines of a tenant (none when it has none). */
export function tenantManagedIdentityLines(t: Pick<TenantSeedSummary, 'managedIdentities'>): string[] {
  const identities = t.managedIdentities ?? [];
  if (identities.length === 0) return [];
  const lines = ['  managed identities:'];
  for (const m of identities) {
    lines.push(`    ${m.name.padEnd(16)} ${m.clientId}  ${m.type === 'UserAssigned' ? 'user-assigned' : 'system-assigned'} (object id ${m.objectId})`);
    lines.push(`      resource id: ${m.resourceId}`);
  }
  return lines;
}

export function managedIdentityLines(mi: ManagedIdentityBannerInput, seed: { tenants: Array<Pick<TenantSeedSummary, 'tenant' | 'managedIdentities'>> }): string[] {
  const tenant = seed.tenants.find((t) => t.tenant.id === mi.tenantId);
  const user = (tenant?.managedIdentities ?? []).find((m) => m.type === 'UserAssigned');
  const acting = mi.host ? `as the host '${mi.host}' (its system-assigned identity when no identity is named)` : 'with no system-assigned identity (name a user-assigned one)';
  return [
    `Managed identity endpoint: ${mi.url}   (tenant ${mi.tenantId}, ${acting})`,
    `  App Service style (ManagedIdentityCredential, DefaultAzureCredential, MSAL):`,
    `    export IDENTITY_ENDPOINT=${mi.url}${APP_SERVICE_TOKEN_PATH} IDENTITY_HEADER=${mi.identityHeader}`,
    `  or IMDS style (as on a VM; unset IDENTITY_ENDPOINT):`,
    `    export AZURE_POD_IDENTITY_AUTHORITY_HOST=${mi.url}`,
    `  then:  new ManagedIdentityCredential()${user ? `  or  new ManagedIdentityCredential({ clientId: "${user.clientId}" })` : ''}  or  new DefaultAzureCredential()`,
  ];
}
