// What `entrada start` prints: where it listens, the demo credentials, and the exact client
// configuration each SDK needs against a non-Microsoft host (entra-protocol.md §8).

import type { SeedSummary } from '../seed/apply.js';
import { managedIdentityLines, tenantManagedIdentityLines, type ManagedIdentityBannerInput } from './managed-identity-banner.js';

/**
 * `showSecrets`: the embedded demo's secrets and passwords are printed (they are public demo
 * values); a seed file's are not unless asked for (--show-secrets), since start-up output of a shared
 * or CI deployment ends up in logs.
 */
export function startBanner(input: {
  url: string;
  caCertPath: string;
  seed: SeedSummary;
  storage: string;
  showSecrets: boolean;
  /** The managed identity endpoint, when it listens. */
  managedIdentity?: ManagedIdentityBannerInput;
}): string {
  const { url, caCertPath, seed } = input;
  const host = new URL(url).host;
  const lines: string[] = [];
  lines.push(`Entrada is listening on ${url}`, `  storage: ${input.storage}`, `  CA certificate: ${caCertPath}`, '');
  for (const t of seed.tenants) {
    const authority = `${url}/${t.tenant.id}`;
    lines.push(`Tenant ${t.tenant.id} (${t.tenant.defaultDomain})`);
    lines.push(`  authority: ${authority}   (also ${url}/${t.tenant.defaultDomain})`);
    lines.push('  apps:');
    for (const a of t.apps) {
      lines.push(`    ${a.displayName.padEnd(16)} ${a.appId}  ${a.kind}`);
      for (const s of a.secrets) lines.push(`      client secret: ${input.showSecrets ? s : `${s.slice(0, 3)}… (from the seed file; --show-secrets prints it)`}`);
      for (const [platform, uris] of Object.entries(a.redirectUris)) {
        if (uris.length > 0) lines.push(`      ${platform} redirect URIs: ${uris.join(', ')}`);
      }
    }
    if (t.users.length > 0) {
      lines.push('  users:');
      for (const u of t.users) {
        const password = u.password === null ? '(none)' : input.showSecrets ? u.password : '(from the seed file)';
        lines.push(`    ${u.upn.padEnd(28)} password: ${password}${u.enabled ? '' : '  (disabled)'}`);
      }
    }
    lines.push(...tenantManagedIdentityLines(t));
    lines.push('');
  }
  const first = seed.tenants[0];
  const tenantId = first?.tenant.id ?? '<tenant id>';
  lines.push(
    'Client configuration:',
    `  trust the CA (Node reads it at start-up):   export NODE_EXTRA_CA_CERTS=${caCertPath}`,
    `  MSAL Node:        { auth: { clientId, authority: "${url}/${tenantId}", knownAuthorities: ["${host}"] } }`,
    `  @azure/identity:  new ClientSecretCredential("${tenantId}", clientId, secret, { authorityHost: "${url}", disableInstanceDiscovery: true })`,
    `  openid-client:    await discovery(new URL("${url}/${tenantId}/v2.0"), clientId, secret)`,
    `  Errors explained: ${url}/error?code=7000218`,
  );
  if (input.managedIdentity) lines.push('', ...managedIdentityLines(input.managedIdentity, seed));
  return lines.join('\n');
}
