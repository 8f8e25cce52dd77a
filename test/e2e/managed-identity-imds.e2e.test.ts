// @azure/identity's ManagedIdentityCredential against Entrada's managed identity endpoint in its
// IMDS shape, reached as MSAL reaches a non-default IMDS: AZURE_POD_IDENTITY_AUTHORITY_HOST (it
// then calls /metadata/identity/oauth2/token/ with the slash). One process per case.

import { describe, expect, it } from 'vitest';
import { identityClaims, imdsEnv, runCredential, SCOPE, SYSTEM, USER, verifiedClaims } from './managed-identity-support.js';

describe('ManagedIdentityCredential, IMDS (AZURE_POD_IDENTITY_AUTHORITY_HOST)', () => {
  it("system-assigned: the host's identity, a token that verifies, cached for the second call", async () => {
    const result = await runCredential(imdsEnv(), { credential: 'mi', scope: SCOPE, twice: true });
    expect(await verifiedClaims(result)).toMatchObject(identityClaims(SYSTEM));
    expect(result).toMatchObject({ ok: true, secondSameToken: true });
  });

  it('user-assigned, by client id', async () => {
    const result = await runCredential(imdsEnv(), { credential: 'mi', clientId: USER.clientId, scope: SCOPE });
    expect(await verifiedClaims(result)).toMatchObject(identityClaims(USER));
  });

  it('user-assigned, by resource id (msi_res_id)', async () => {
    const result = await runCredential(imdsEnv(), { credential: 'mi', resourceId: USER.resourceId, scope: SCOPE });
    expect(await verifiedClaims(result)).toMatchObject(identityClaims(USER));
  });

  it('an identity the tenant does not have fails with "Identity not found"', async () => {
    const result = await runCredential(imdsEnv(), { credential: 'mi', clientId: 'e7ada000-0000-4000-8000-0000000000ff', scope: SCOPE });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/Identity not found/) });
  });
});

describe('DefaultAzureCredential with AZURE_POD_IDENTITY_AUTHORITY_HOST', () => {
  it('gets the system-assigned identity', async () => {
    const result = await runCredential(imdsEnv(), { credential: 'dac', scope: SCOPE });
    expect(await verifiedClaims(result)).toMatchObject(identityClaims(SYSTEM));
  });
});
