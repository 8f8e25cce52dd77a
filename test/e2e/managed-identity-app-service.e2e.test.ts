// @azure/identity's ManagedIdentityCredential and DefaultAzureCredential against Entrada's managed
// identity endpoint in its App Service shape (IDENTITY_ENDPOINT + IDENTITY_HEADER, as the start-up
// banner prints them). Each case runs in its own process: MSAL chooses the source once per process.

import { describe, expect, it } from 'vitest';
import { appServiceEnv, identityClaims, runCredential, SCOPE, SYSTEM, USER, verifiedClaims } from './managed-identity-support.js';

describe('ManagedIdentityCredential, App Service (IDENTITY_ENDPOINT, IDENTITY_HEADER)', () => {
  it("system-assigned: the host's identity, a token that verifies, cached for the second call", async () => {
    const result = await runCredential(appServiceEnv(), { credential: 'mi', scope: SCOPE, twice: true });
    expect(await verifiedClaims(result)).toMatchObject(identityClaims(SYSTEM));
    expect(result).toMatchObject({ ok: true, secondSameToken: true });
    // 24-hour managed identity tokens; MSAL refreshes after half [M].
    if (!result.ok) return;
    expect(result.expiresOnTimestamp).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect(result.refreshAfterTimestamp).toBeLessThan(Date.now() + 13 * 3600_000);
  });

  it('user-assigned, by client id', async () => {
    const result = await runCredential(appServiceEnv(), { credential: 'mi', clientId: USER.clientId, scope: SCOPE });
    expect(await verifiedClaims(result)).toMatchObject(identityClaims(USER));
  });

  it('user-assigned, by resource id (mi_res_id)', async () => {
    const result = await runCredential(appServiceEnv(), { credential: 'mi', resourceId: USER.resourceId, scope: SCOPE });
    expect(await verifiedClaims(result)).toMatchObject(identityClaims(USER));
  });

  it('user-assigned, by object id', async () => {
    const result = await runCredential(appServiceEnv(), { credential: 'mi', objectId: USER.id, scope: SCOPE });
    expect(await verifiedClaims(result)).toMatchObject(identityClaims(USER));
  });

  it('an unknown resource fails with AADSTS500011 in the error', async () => {
    const result = await runCredential(appServiceEnv(), { credential: 'mi', scope: 'api://no-such-api/.default' });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/AADSTS500011/) });
  });

  it('a wrong IDENTITY_HEADER fails, saying so', async () => {
    const result = await runCredential({ ...appServiceEnv(), IDENTITY_HEADER: 'not-the-secret' }, { credential: 'mi', scope: SCOPE });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/X-IDENTITY-HEADER/) });
  });
});

describe('DefaultAzureCredential with the App Service variables', () => {
  it('reaches the managed identity credential and gets the system-assigned identity', async () => {
    const result = await runCredential(appServiceEnv(), { credential: 'dac', scope: SCOPE });
    expect(await verifiedClaims(result)).toMatchObject(identityClaims(SYSTEM));
  });

  it('managedIdentityClientId selects the user-assigned identity', async () => {
    const result = await runCredential(appServiceEnv(), { credential: 'dac', clientId: USER.clientId, scope: SCOPE });
    expect(await verifiedClaims(result)).toMatchObject(identityClaims(USER));
  });
});
