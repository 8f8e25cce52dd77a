import { describe, expect, it } from 'vitest';
import { apiLines, startBanner } from '../../src/cli/banner.js';
import type { SeedSummary } from '../../src/seed/apply.js';

const seed = {
  tenants: [{
    tenant: { id: 'tid', displayName: 'T', defaultDomain: 't.localhost' },
    apps: [
      { appId: 'app', displayName: 'Daemon', kind: 'confidential (daemon)', secrets: ['super-secret-value-1'], certificates: 0,
        redirectUris: { web: [], spa: [], publicClient: [] }, identifierUris: [], scopes: [], appOnlyRoles: [], isFallbackPublicClient: false, hasServicePrincipal: true },
      { appId: 'api-app-id', displayName: 'Orders API', kind: 'API', secrets: [], certificates: 0,
        redirectUris: { web: [], spa: [], publicClient: [] }, identifierUris: ['api://orders'], scopes: ['Orders.Read', 'access_as_user'], appOnlyRoles: ['Orders.ReadAll'],
        isFallbackPublicClient: false, hasServicePrincipal: true },
    ],
    users: [{ upn: 'a@t.localhost', displayName: 'A', password: 'user-password-1', enabled: true, directoryRoles: ['Global Administrator'] }],
  }],
} as unknown as SeedSummary;

describe('start-up banner', () => {
  const input = { url: 'https://localhost:8443', caCertPath: '/ca.pem', seed, storage: 'SQLite' };
  it('prints the client configuration each SDK needs', () => {
    const text = startBanner({ ...input, showSecrets: true });
    expect(text).toContain('export NODE_EXTRA_CA_CERTS=/ca.pem');
    expect(text).toContain('knownAuthorities: ["localhost:8443"]');
    expect(text).toContain('authorityHost: "https://localhost:8443", disableInstanceDiscovery: true');
    expect(text).toContain('client secret: super-secret-value-1');
    expect(text).toContain('password: user-password-1');
    expect(text).toMatch(/a@t\.localhost +password: user-password-1 +\(Global Administrator\)/);
    expect(text).toContain('Microsoft Graph:  https://localhost:8443/v1.0');
  });
  it('says how to fix an untrusted CA, with the errors MSAL gives without it', () => {
    const lines = startBanner({ ...input, showSecrets: true }).split('\n');
    const trust = lines.findIndex((l) => l.includes('export NODE_EXTRA_CA_CERTS=/ca.pem'));
    expect(lines.slice(trust + 1, trust + 3).join(' ')).toMatch(/endpoints_resolution_error.*self-signed certificate in certificate chain.*unable to get local issuer certificate/);
  });

  it('names what to request from each API: its delegated scopes and, for client credentials, /.default with its app roles', () => {
    const lines = startBanner({ ...input, showSecrets: true }).split('\n');
    const api = lines.findIndex((l) => l.includes('Orders API'));
    expect(lines.slice(api + 1, api + 3)).toEqual([
      "      delegated:  api://orders/Orders.Read api://orders/access_as_user   (a signed-in user's token)",
      '      app-only:   api://orders/.default   (client credentials; app roles Orders.ReadAll, when assigned)',
    ]);
    // Not for an app that exposes nothing.
    const daemon = lines.findIndex((l) => l.includes('Daemon'));
    expect(lines[daemon + 2]).toMatch(/^ {4}Orders API/);
  });

  it('names the appId as the resource of an API without an identifier URI, and an identifier URI with nothing to request', () => {
    const app = seed.tenants[0].apps[1];
    expect(apiLines({ ...app, identifierUris: [], scopes: [], appOnlyRoles: ['R'] })).toEqual([
      '      app-only:   api-app-id/.default   (client credentials; app roles R, when assigned)',
    ]);
    expect(apiLines({ ...app, scopes: [], appOnlyRoles: [] })).toEqual(['      identifier URI: api://orders   (no scopes or app roles yet)']);
    expect(apiLines(seed.tenants[0].apps[0])).toEqual([]);
  });

  it("keeps a seed file's secrets and passwords out of the output unless asked", () => {
    const text = startBanner({ ...input, showSecrets: false });
    expect(text).not.toContain('super-secret-value-1');
    expect(text).not.toContain('user-password-1');
    expect(text).toContain('client secret: sup… (from the seed file; --show-secrets prints it)');
  });
  it('ends with a line for each seeded object the start created, updated, kept or reset, and none for unchanged ones', () => {
    const report = (displayName: string, kind: string, id: string, outcome: string) => ({ kind, id, displayName, outcome });
    const objects = [
      report('T', 'tenant', 'tid', 'unchanged'),
      report('Demo Web App', 'application', 'e7ad0003', 'kept'),
      report('Demo API', 'application', 'e7ad0001', 'updated'),
      report('bob@t.localhost', 'user', 'b0b', 'kept deleted'),
      report('Daemon → Demo API: Data.Read', 'appRoleAssignment', 'a551', 'created'),
      report('Demo CLI', 'servicePrincipal', '5p', 'reset'),
    ];
    const text = startBanner({ ...input, showSecrets: false, seed: { tenants: [{ ...seed.tenants[0], objects }] } as unknown as SeedSummary });
    expect(text.split('\n').filter((l) => l.startsWith('seed:'))).toEqual([
      'seed: kept Demo Web App (application e7ad0003) — changed at run time; start with --seed-mode reset to overwrite',
      'seed: updated Demo API (application e7ad0001)',
      'seed: kept bob@t.localhost (user b0b) deleted — deleted at run time; start with --seed-mode reset to recreate',
      'seed: created Daemon → Demo API: Data.Read (app role assignment a551)',
      'seed: reset Demo CLI (service principal 5p) to the seed file, undoing its run-time change or deletion (--seed-mode reset)',
    ]);
    expect(text.endsWith('(--seed-mode reset)')).toBe(true);
    const quiet = startBanner({ ...input, showSecrets: false, seed: { tenants: [{ ...seed.tenants[0], objects: objects.slice(0, 1) }] } as unknown as SeedSummary });
    expect(quiet).not.toContain('seed:');
    expect(quiet).toBe(startBanner({ ...input, showSecrets: false }));
    const fresh = objects.map((o) => ({ ...o, outcome: 'created' }));
    const first = startBanner({ ...input, showSecrets: false, seed: { tenants: [{ ...seed.tenants[0], objects: fresh }] } as unknown as SeedSummary });
    expect(first.split('\n').filter((l) => l.startsWith('seed:'))).toEqual(['seed: created tenant T and its 5 objects (a new database)']);
  });
});
