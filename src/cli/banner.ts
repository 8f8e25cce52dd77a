// What `entrada start` prints: where it listens, the demo credentials, and the exact client
// configuration each SDK needs against a non-Microsoft host (entra-protocol.md §8).

import { findDirectoryRole } from '../core/policy/graph-permissions.js';
import { portalAccess } from '../core/policy/portal-access.js';
import type { SeedSummary } from '../seed/apply.js';
import type { SeedKind } from '../seed/merge.js';
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
  lines.push(`Entrada is listening on ${url}`, `  storage: ${input.storage}`, `  CA certificate: ${caCertPath}`);
  // The admin portal admits users holding an administrative directory role (core/policy/portal-access.ts).
  const admins = seed.tenants.flatMap((t) =>
    t.users.filter((u) => u.enabled && portalAccess(u.directoryRoles.flatMap((r) => findDirectoryRole(r)?.id ?? [])).allowed).map((u) => u.upn),
  );
  lines.push(`  admin portal: ${url}/  (sign in as ${admins.length ? admins.join(' or ') : 'a user holding an administrative directory role'})`, '');
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
      lines.push(...apiLines(a));
    }
    if (t.users.length > 0) {
      lines.push('  users:');
      for (const u of t.users) {
        const password = u.password === null ? '(none)' : input.showSecrets ? u.password : '(from the seed file)';
        const roles = u.directoryRoles.length > 0 ? `  (${u.directoryRoles.join(', ')})` : '';
        lines.push(`    ${u.upn.padEnd(28)} password: ${password}${u.enabled ? '' : '  (disabled)'}${roles}`);
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
    '    (without it: MSAL\'s endpoints_resolution_error, "self-signed certificate in certificate chain",',
    '    "unable to get local issuer certificate"; browsers: import the CA, or open the URL once and accept it)',
    `  MSAL Node:        { auth: { clientId, authority: "${url}/${tenantId}", knownAuthorities: ["${host}"] } }`,
    `  @azure/identity:  new ClientSecretCredential("${tenantId}", clientId, secret, { authorityHost: "${url}", disableInstanceDiscovery: true })`,
    `  openid-client:    await discovery(new URL("${url}/${tenantId}/v2.0"), clientId, secret)`,
    `  Errors explained: ${url}/error?code=7000218`,
    `  Microsoft Graph:  ${url}/v1.0 (tokens for https://graph.microsoft.com/.default; \`entrada app|sp|user|group|grant\` use it)`,
  );
  if (input.managedIdentity) lines.push('', ...managedIdentityLines(input.managedIdentity, seed));
  const changes = seedChangeLines(seed);
  if (changes.length > 0) lines.push('', ...changes);
  return lines.join('\n');
}

/**
 * What a client asks for to call an API app: its delegated scopes as `<identifier URI>/<scope>`
 * (a user signed in), and `<identifier URI>/.default` for client credentials, whose token carries
 * the app roles assigned to the client. Without an identifier URI, Entra accepts the appId there.
 */
export function apiLines(app: SeedSummary['tenants'][number]['apps'][number]): string[] {
  const resource = app.identifierUris[0] ?? app.appId;
  const lines: string[] = [];
  if (app.scopes.length > 0) lines.push(`      delegated:  ${app.scopes.map((s) => `${resource}/${s}`).join(' ')}   (a signed-in user's token)`);
  if (app.appOnlyRoles.length > 0) lines.push(`      app-only:   ${resource}/.default   (client credentials; app roles ${app.appOnlyRoles.join(', ')}, when assigned)`);
  if (lines.length === 0 && app.identifierUris.length > 0) lines.push(`      identifier URI: ${app.identifierUris.join(', ')}   (no scopes or app roles yet)`);
  return lines;
}

const KIND_NAMES: Record<SeedKind, string> = {
  tenant: 'tenant',
  application: 'application',
  servicePrincipal: 'service principal',
  user: 'user',
  group: 'group',
  appRoleAssignment: 'app role assignment',
  oauth2PermissionGrant: 'delegated permission grant',
  namedLocation: 'named location',
  conditionalAccessPolicy: 'Conditional Access policy',
  tokenLifetimePolicy: 'token lifetime policy',
};

/** One line per seeded object the start did something to, or left alone (seed/merge.ts); none when all are unchanged. */
export function seedChangeLines(seed: SeedSummary): string[] {
  const lines: string[] = [];
  for (const t of seed.tenants) {
    const objects = t.objects ?? [];
    // A new database: one line for the whole tenant rather than one per object.
    if (objects.length > 1 && objects.every((o) => o.outcome === 'created')) {
      lines.push(`seed: created tenant ${t.tenant.displayName} and its ${objects.length - 1} objects (a new database)`);
      continue;
    }
    for (const o of objects) {
      const what = `${o.displayName} (${KIND_NAMES[o.kind]} ${o.id})`;
      switch (o.outcome) {
        case 'unchanged':
          break;
        case 'created':
        case 'updated':
          lines.push(`seed: ${o.outcome} ${what}`);
          break;
        case 'kept':
          lines.push(`seed: kept ${what} — changed at run time; start with --seed-mode reset to overwrite`);
          break;
        case 'kept deleted':
          lines.push(`seed: kept ${what} deleted — deleted at run time; start with --seed-mode reset to recreate`);
          break;
        case 'reset':
          lines.push(`seed: reset ${what} to the seed file, undoing its run-time change or deletion (--seed-mode reset)`);
          break;
      }
    }
  }
  return lines;
}
