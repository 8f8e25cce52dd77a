// Certificate credentials (private_key_jwt, entra-protocol.md §4.2) from the real clients: MSAL
// Node signs PS256 with x5t#S256 or RS256 with the deprecated SHA-1 x5t; @azure/identity reads a
// PEM with certificate and key. The certificate is registered by global-setup.ts.

import { createHash, X509Certificate } from 'node:crypto';
import { ClientCertificateCredential } from '@azure/identity';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { describe, expect, inject, it } from 'vitest';
import { API, authority, baseUrl, host, TENANT_ID } from './demo.js';
import { verifyToken } from './verify.js';

const { appId, certPem, privateKeyPem } = inject('certApp');
const der = new X509Certificate(certPem).raw;
const v2 = () => ({ issuer: `${authority()}/v2.0`, audience: API.appId, jwksUri: `${authority()}/discovery/v2.0/keys` });

function cca(clientCertificate: { thumbprintSha256?: string; thumbprint?: string; privateKey: string }) {
  return new ConfidentialClientApplication({ auth: { clientId: appId, clientCertificate, authority: authority(), knownAuthorities: [host()] } });
}

describe('certificate client assertions', () => {
  it('MSAL Node with thumbprintSha256 (PS256) gets a token with azpacr 2, twice without a cache hit', async () => {
    const app = cca({ thumbprintSha256: createHash('sha256').update(der).digest('hex'), privateKey: privateKeyPem });
    const r = await app.acquireTokenByClientCredential({ scopes: [`${API.uri}/.default`] });
    const claims = await verifyToken(r!.accessToken, v2());
    expect(claims).toMatchObject({ azp: appId, azpacr: '2', tid: TENANT_ID, roles: ['Data.Read'] });
    // MSAL re-sends the same cached assertion (same jti) for a forced refresh: Entra accepts it, so must we.
    const again = await app.acquireTokenByClientCredential({ scopes: [`${API.uri}/.default`], skipCache: true });
    expect(again?.fromCache).toBe(false);
  });

  it('MSAL Node with the deprecated SHA-1 thumbprint (RS256) gets a token with azpacr 2', async () => {
    const app = cca({ thumbprint: createHash('sha1').update(der).digest('hex'), privateKey: privateKeyPem });
    const r = await app.acquireTokenByClientCredential({ scopes: [`${API.uri}/.default`] });
    expect(await verifyToken(r!.accessToken, v2())).toMatchObject({ azp: appId, azpacr: '2' });
  });

  it('@azure/identity ClientCertificateCredential from a PEM with certificate and key', async () => {
    const cred = new ClientCertificateCredential(TENANT_ID, appId, { certificate: `${certPem}\n${privateKeyPem}` }, {
      authorityHost: baseUrl(), disableInstanceDiscovery: true, sendCertificateChain: true,
    });
    const token = await cred.getToken(`${API.uri}/.default`);
    expect(await verifyToken(token.token, v2())).toMatchObject({ azp: appId, azpacr: '2' });
  });
});
