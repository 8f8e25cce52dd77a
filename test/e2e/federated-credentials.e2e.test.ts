// Federated identity credentials (workload identity federation, entra-protocol.md §4.3) from the
// real clients against `entrada start`: @azure/identity's ClientAssertionCredential and
// WorkloadIdentityCredential (AZURE_FEDERATED_TOKEN_FILE, as on Kubernetes) and MSAL Node's
// clientAssertion. The external issuer is an HTTPS server started by global-setup.ts
// (federated-setup.ts) with a certificate of Entrada's local CA; the Entrada process fetches its
// discovery document and JWKS over HTTPS, trusting that CA through NODE_EXTRA_CA_CERTS.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientAssertionCredential, WorkloadIdentityCredential } from '@azure/identity';
import { ConfidentialClientApplication, type AuthError } from '@azure/msal-node';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { issuerKey, keyFromPem, signJwt, workloadClaims } from '../support/federated-issuer.js';
import { API, authority, baseUrl, DAEMON, host, TENANT_ID } from './demo.js';
import { GITHUB_SUBJECT, K8S_SUBJECT } from './federated-setup.js';
import { verifyToken } from './verify.js';

const { appId, issuer, brokenIssuer, rsaPem, ecPem } = inject('federation');
const rsa = keyFromPem('e2e-rsa', 'RS256', rsaPem);
const ec = keyFromPem('e2e-ec', 'ES256', ecPem);
const options = () => ({ authorityHost: baseUrl(), disableInstanceDiscovery: true });
const v2 = () => ({ issuer: `${authority()}/v2.0`, audience: API.appId, jwksUri: `${authority()}/discovery/v2.0/keys` });
const now = () => Math.floor(Date.now() / 1000);
const token = (subject = GITHUB_SUBJECT, extra: Record<string, unknown> = {}, key = rsa) => signJwt(key, workloadClaims(issuer, subject, extra));

const dir = mkdtempSync(join(tmpdir(), 'entrada-fic-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cca(clientId: string, clientAssertion: string | (() => Promise<string>)) {
  return new ConfidentialClientApplication({ auth: { clientId, clientAssertion, authority: authority(), knownAuthorities: [host()] } });
}
async function refusal(clientId: string, assertion: string): Promise<AuthError> {
  const err = await cca(clientId, assertion).acquireTokenByClientCredential({ scopes: [`${API.uri}/.default`] }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(Error);
  return err as AuthError;
}

describe('federated credentials: accepted', () => {
  it('@azure/identity ClientAssertionCredential: getAssertion returns the issuer-signed token', async () => {
    let calls = 0;
    const cred = new ClientAssertionCredential(TENANT_ID, appId, async () => {
      calls++;
      return token();
    }, options());
    const t = await cred.getToken(`${API.uri}/.default`);
    expect(calls).toBeGreaterThanOrEqual(1); // the credential asks for it (its MSAL client may ask twice)
    expect(await verifyToken(t.token, v2())).toMatchObject({ azp: appId, azpacr: '2', tid: TENANT_ID, roles: ['Data.Read'], ver: '2.0' });
  });

  it('@azure/identity WorkloadIdentityCredential reads the token from AZURE_FEDERATED_TOKEN_FILE (ES256, aud as an array)', async () => {
    const file = join(dir, 'azure-identity-token');
    writeFileSync(file, `${signJwt(ec, workloadClaims(issuer, K8S_SUBJECT, { aud: ['api://AzureADTokenExchange'] }))}\n`);
    const saved = process.env.AZURE_FEDERATED_TOKEN_FILE;
    process.env.AZURE_FEDERATED_TOKEN_FILE = file;
    try {
      const cred = new WorkloadIdentityCredential({ tenantId: TENANT_ID, clientId: appId, ...options() });
      const t = await cred.getToken(`${API.uri}/.default`);
      expect(await verifyToken(t.token, v2())).toMatchObject({ azp: appId, azpacr: '2', roles: ['Data.Read'] });
    } finally {
      if (saved === undefined) delete process.env.AZURE_FEDERATED_TOKEN_FILE;
      else process.env.AZURE_FEDERATED_TOKEN_FILE = saved;
    }
  });

  it('MSAL Node ConfidentialClientApplication with clientAssertion as a callback, then as a string', async () => {
    const byCallback = await cca(appId, async () => token()).acquireTokenByClientCredential({ scopes: [`${API.uri}/.default`] });
    expect(await verifyToken(byCallback!.accessToken, v2())).toMatchObject({ azp: appId, azpacr: '2' });
    const byString = await cca(appId, token()).acquireTokenByClientCredential({ scopes: [`${API.uri}/.default`], skipCache: true });
    expect(byString?.fromCache).toBe(false);
    expect(await verifyToken(byString!.accessToken, v2())).toMatchObject({ azp: appId });
  });
});

describe('federated credentials: refused, as the clients report it', () => {
  it.each<[string, () => string, number, string?]>([
    ['an app without federated credentials → 70021', () => token(), 70021, DAEMON.appId],
    ['an issuer no credential names → 700211', () => signJwt(rsa, workloadClaims(`${issuer}/`, GITHUB_SUBJECT)), 700211],
    ['another audience → 700212', () => token(GITHUB_SUBJECT, { aud: 'api://not-the-exchange' }), 700212],
    ['another subject → 700213', () => token('repo:entrada/e2e:ref:refs/heads/dev'), 700213],
    ['the subject in another case → 7002138', () => token(GITHUB_SUBJECT.toUpperCase()), 7002138],
    ['an expired token → 700024', () => token(GITHUB_SUBJECT, { iat: now() - 3600, nbf: now() - 3600, exp: now() - 600 }), 700024],
    ['a key the issuer does not publish (unknown kid) → 7000272', () => token(GITHUB_SUBJECT, {}, issuerKey('rotated-away')), 7000272],
    ['a signature by another key under the published kid → 7000272 [I]', () => token(GITHUB_SUBJECT, {}, issuerKey('e2e-rsa')), 7000272],
    ['an issuer whose discovery fails → 50166', () => signJwt(rsa, workloadClaims(brokenIssuer, GITHUB_SUBJECT)), 50166],
  ])('%s', async (_name, assertion, code, clientId = appId) => {
    const err = await refusal(clientId, assertion());
    expect(err.errorMessage).toContain(`AADSTS${code}:`);
    expect((err as AuthError & { errorNo?: unknown }).errorNo).toBe(code);
  });

  it('@azure/identity carries the code in its error', async () => {
    const cred = new ClientAssertionCredential(TENANT_ID, appId, async () => token('repo:entrada/e2e:pull_request'), options());
    await expect(cred.getToken(`${API.uri}/.default`)).rejects.toThrow(/AADSTS700213/);
  });
});

