import { describe, expect, it } from 'vitest';
import { startBanner } from '../../src/cli/banner.js';
import type { SeedSummary } from '../../src/seed/apply.js';

const seed = {
  tenants: [{
    tenant: { id: 'tid', displayName: 'T', defaultDomain: 't.localhost' },
    apps: [],
    users: [],
    managedIdentities: [
      { type: 'SystemAssigned', name: 'demo-vm', clientId: 'c-vm', objectId: 'o-vm', resourceId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/demo-vm' },
      { type: 'UserAssigned', name: 'demo-identity', clientId: 'c-ua', objectId: 'o-ua', resourceId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/demo-identity' },
    ],
  }],
} as unknown as SeedSummary;
const input = { url: 'https://localhost:8443', caCertPath: '/ca.pem', seed, storage: 'SQLite', showSecrets: false };

describe('start-up banner: managed identity', () => {
  it("lists each tenant's managed identities with client id, object id and resource id", () => {
    const text = startBanner(input);
    expect(text).toContain('  managed identities:\n    demo-vm          c-vm  system-assigned (object id o-vm)\n      resource id: /subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/demo-vm');
    expect(text).toContain('    demo-identity    c-ua  user-assigned (object id o-ua)');
    expect(text).not.toContain('Managed identity endpoint');
  });

  it('prints the endpoint and the variables that select it, App Service and IMDS', () => {
    const text = startBanner({ ...input, managedIdentity: { url: 'http://127.0.0.1:8444', identityHeader: 'hdr-secret', tenantId: 'tid', host: 'demo-vm' } });
    expect(text).toContain("Managed identity endpoint: http://127.0.0.1:8444   (tenant tid, as the host 'demo-vm'");
    expect(text).toContain('export IDENTITY_ENDPOINT=http://127.0.0.1:8444/msi/token IDENTITY_HEADER=hdr-secret');
    expect(text).toContain('export AZURE_POD_IDENTITY_AUTHORITY_HOST=http://127.0.0.1:8444');
    expect(text).toContain('new ManagedIdentityCredential({ clientId: "c-ua" })');
    expect(text).toContain('new DefaultAzureCredential()');
  });

  it('says so when there is no host identity to act as', () => {
    const text = startBanner({ ...input, managedIdentity: { url: 'http://127.0.0.1:1', identityHeader: 'h', tenantId: 'tid', host: undefined } });
    expect(text).toContain('with no system-assigned identity (name a user-assigned one)');
  });
});
