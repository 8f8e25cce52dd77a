// Certificate client assertions through the token endpoint (entra-protocol.md §4.2), with
// certificates made here and registered through an in-test seed.

import { describe, expect, it } from 'vitest';
import { clientCertificate, msalAssertion, type ClientCertificate } from '../support/client-certificate.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient } from '../support/token-client.js';
import { claimsOf, ORIGIN, PLAIN_FORM } from '../support/wire.js';

const TENANT = 'c0ffee00-cafe-4000-8000-00000000ce00';
const DOMAIN = 'certs.localhost';
const APP = 'c0ffee00-cafe-4000-8000-00000000ce01';
const PUBLIC_APP = 'c0ffee00-cafe-4000-8000-00000000ce02';
const V2 = `/${TENANT}/oauth2/v2.0/token`;
const AUD = `${ORIGIN}${V2}`;
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

let cert: ClientCertificate;
let unregistered: ClientCertificate;

const entrada = useEntrada(async () => {
  [cert, unregistered] = await Promise.all([clientCertificate(), clientCertificate()]);
  const seed = {
    tenants: [{
      id: TENANT, displayName: 'Certificate cases', domains: [DOMAIN],
      applications: [
        { appId: 'c0ffee00-cafe-4000-8000-00000000ce03', displayName: 'Cert API', identifierUris: ['api://cert-api'], api: { requestedAccessTokenVersion: 2 } },
        { appId: 'c0ffee00-cafe-4000-8000-00000000ce04', displayName: 'Cert API v1', identifierUris: ['api://cert-api-v1'] },
        { appId: APP, displayName: 'Cert Daemon', keyCredentials: [{ key: cert.certPem }] },
        { appId: PUBLIC_APP, displayName: 'Cert Public', isFallbackPublicClient: true, keyCredentials: [{ key: cert.certPem }] },
      ],
    }],
  };
  return { seed };
});
const { post } = tokenClient(entrada, PLAIN_FORM);

const cc = (assertion: string, extra: Record<string, string> = {}) => ({
  grant_type: 'client_credentials', client_id: APP, scope: 'api://cert-api/.default',
  client_assertion_type: JWT_BEARER, client_assertion: assertion, ...extra,
});

describe('accepted certificate assertions', () => {
  it.each(['PS256', 'RS256'] as const)('%s: client credentials token with azpacr 2', async (alg) => {
    const r = await post(V2, cc(msalAssertion(cert, APP, AUD, { alg })));
    expect(r.status).toBe(200);
    expect(claimsOf(r.json.access_token as string)).toMatchObject({ azp: APP, azpacr: '2' });
  });

  it('v1 endpoint, tenant by domain in another case: appidacr 2', async () => {
    const url = `/${DOMAIN.toUpperCase()}/oauth2/token`;
    const r = await post(url, { ...cc(msalAssertion(cert, APP, `${ORIGIN}${url}`)), scope: '', resource: 'api://cert-api-v1' });
    expect(r.status).toBe(200);
    expect(claimsOf(r.json.access_token as string)).toMatchObject({ appid: APP, appidacr: '2' });
  });

  it('the same assertion sent again (MSAL Node re-uses it for 10 minutes) is accepted [I]', async () => {
    const assertion = msalAssertion(cert, APP, AUD);
    expect((await post(V2, cc(assertion))).status).toBe(200);
    expect((await post(V2, cc(assertion))).status).toBe(200);
  });
});

describe('refused certificate assertions', () => {
  it('an unregistered certificate → 700027 naming its hex SHA-1 thumbprint', async () => {
    const r = await post(V2, cc(msalAssertion(unregistered, APP, AUD, { alg: 'RS256' })));
    expect([r.status, r.code]).toEqual([401, 700027]);
    expect(r.json.error_description).toContain(`Thumbprint of key used by client: '${unregistered.hexSha1}'`);
    expect(r.json.error_description).toContain(`for app Id '${APP}'`);
  });

  it('a signature by another key → 700027', async () => {
    const forged = msalAssertion(unregistered, APP, AUD, { header: { 'x5t#S256': cert.thumbprintSha256 } });
    const r = await post(V2, cc(forged));
    expect([r.status, r.code]).toEqual([401, 700027]);
  });

  it("expired → 700024 with Entra's instants", async () => {
    const r = await post(V2, cc(msalAssertion(cert, APP, AUD, { now: Math.floor(Date.now() / 1000) - 3600 })));
    expect([r.status, r.code]).toEqual([401, 700024]);
    expect(r.json.error_description).toMatch(/Current time: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z, assertion valid from \S+\.\d{7}Z, expiry time of assertion \S+\.\d{7}Z\./);
  });

  it('aud of another tenant → 700023', async () => {
    const r = await post(V2, cc(msalAssertion(cert, APP, `${ORIGIN}/common/oauth2/v2.0/token`)));
    expect([r.status, r.code]).toEqual([401, 700023]);
  });

  it('sub ≠ iss → 50048; iss ≠ client_id → 700021', async () => {
    expect((await post(V2, cc(msalAssertion(cert, APP, AUD, { claims: { sub: PUBLIC_APP } })))).code).toBe(50048);
    expect((await post(V2, cc(msalAssertion(cert, APP, AUD, { claims: { iss: PUBLIC_APP, sub: PUBLIC_APP } })))).code).toBe(700021);
  });

  it('a different assertion re-using a jti → 50012 [I]', async () => {
    const jti = 'c0ffee00-0000-4000-8000-0000000000aa';
    expect((await post(V2, cc(msalAssertion(cert, APP, AUD, { claims: { jti } })))).status).toBe(200);
    const again = await post(V2, cc(msalAssertion(cert, APP, AUD, { alg: 'RS256', claims: { jti } })));
    expect([again.status, again.code]).toEqual([401, 50012]);
  });

  it('a malformed assertion → 50027', async () => {
    expect((await post(V2, cc('not.a.jwt'))).code).toBe(50027);
  });

  it('an assertion from a public client → 700025, before the assertion is looked at', async () => {
    const r = await post(V2, {
      grant_type: 'password', client_id: PUBLIC_APP, username: 'nobody@certs.localhost', password: 'x', scope: 'api://cert-api/.default',
      client_assertion_type: JWT_BEARER, client_assertion: msalAssertion(cert, PUBLIC_APP, AUD),
    });
    expect([r.status, r.code]).toEqual([401, 700025]);
  });
});
