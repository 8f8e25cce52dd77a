import { describe, expect, it } from 'vitest';
import { startBanner } from '../../src/cli/banner.js';
import type { SeedSummary } from '../../src/seed/apply.js';

const seed = {
  tenants: [{
    tenant: { id: 'tid', displayName: 'T', defaultDomain: 't.localhost' },
    apps: [{ appId: 'app', displayName: 'Daemon', kind: 'confidential (daemon)', secrets: ['super-secret-value-1'], certificates: 0,
      redirectUris: { web: [], spa: [], publicClient: [] }, identifierUris: [], isFallbackPublicClient: false, hasServicePrincipal: true }],
    users: [{ upn: 'a@t.localhost', displayName: 'A', password: 'user-password-1', enabled: true }],
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
  });
  it("keeps a seed file's secrets and passwords out of the output unless asked", () => {
    const text = startBanner({ ...input, showSecrets: false });
    expect(text).not.toContain('super-secret-value-1');
    expect(text).not.toContain('user-password-1');
    expect(text).toContain('client secret: sup… (from the seed file; --show-secrets prints it)');
  });
});
