// Federated identity credentials through the token endpoint (entra-protocol.md §4.3), in-process:
// an external OIDC issuer made by the test (keys, tokens, discovery and JWKS answered by the fetch
// handed to OidcKeySource), and Entrada itself as the issuer (its own discovery and keys, reached
// through app.inject), for app-only and user tokens.

import { describe, expect, it } from 'vitest';
import { parseAddressPolicy } from '../../src/core/policy/network-address.js';
import { OidcKeySource } from '../../src/crypto/oidc-key-source.js';
import type { RefusalEvent } from '../../src/http/kit/refusal.js';
import { issuerFetch, issuerKey, signJwt, TestIssuer, workloadClaims, type IssuerKey } from '../support/federated-issuer.js';
import { TestClock } from '../support/clock.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient } from '../support/token-client.js';
import { claimsOf, ORIGIN, PLAIN_FORM } from '../support/wire.js';

const TENANT = 'f1c00000-0000-4000-8000-00000000f100';
const APP = 'f1c00000-0000-4000-8000-00000000f101';
const API = 'f1c00000-0000-4000-8000-00000000f102';
const EXCHANGE = 'f1c00000-0000-4000-8000-00000000f103';
const EXCHANGE_V2 = 'f1c00000-0000-4000-8000-00000000f104';
const UPSTREAM = 'f1c00000-0000-4000-8000-00000000f105';
const UPSTREAM_SP = 'f1c00000-0000-4000-8000-0000000005f5';
const NO_FIC = 'f1c00000-0000-4000-8000-00000000f106';
const UPSTREAM_SECRET = 'upstream~secret~value-0001';
const USER = { upn: 'dev@fic.localhost', password: 'Dev-password-1' };

const ISSUER = 'https://issuer.test/workloads';
const MAIN = 'repo:contoso/app:ref:refs/heads/main';
const SA = 'system:serviceaccount:ns:sa';
const V2 = `/${TENANT}/oauth2/v2.0/token`;
const V1 = `/${TENANT}/oauth2/token`;
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const rsa = issuerKey('rsa-1', 'RS256');
const ps = issuerKey('ps-1', 'PS256');
const ec = issuerKey('ec-1', 'ES256');
const unpublished = issuerKey('rsa-2', 'RS256');
const issuer = new TestIssuer(ISSUER, [rsa, ps, ec]);

const clock = new TestClock();
const refusals: RefusalEvent[] = [];

const entrada = useEntrada(() => {
  const seed = {
    tenants: [{
      id: TENANT, displayName: 'Federation cases', domains: ['fic.localhost'],
      applications: [
        {
          appId: API, displayName: 'FIC API', identifierUris: ['api://fic-api'], api: { requestedAccessTokenVersion: 2 },
          appRoles: [{ value: 'Data.Read', allowedMemberTypes: ['Application'] }],
        },
        {
          appId: EXCHANGE, displayName: 'Token exchange (v1 tokens)', identifierUris: ['api://AzureADTokenExchange'],
          api: { oauth2PermissionScopes: [{ value: 'user_impersonation' }] },
        },
        { appId: EXCHANGE_V2, displayName: 'Token exchange (v2 tokens)', identifierUris: ['api://exchange-v2'], api: { requestedAccessTokenVersion: 2 } },
        {
          appId: UPSTREAM, displayName: 'Upstream workload', servicePrincipal: { id: UPSTREAM_SP },
          passwordCredentials: [{ secretText: UPSTREAM_SECRET }],
        },
        { appId: NO_FIC, displayName: 'No federation', passwordCredentials: [{ secretText: 'nofic~secret~value-0001' }] },
        {
          appId: APP, displayName: 'Federated workload',
          federatedIdentityCredentials: [
            { name: 'github-main', issuer: ISSUER, subject: MAIN, description: 'main branch deployments' },
            { name: 'k8s-sa', issuer: ISSUER, subject: SA, audiences: ['api://custom-exchange'] },
            { name: 'entrada-v1', issuer: `${ORIGIN}/${TENANT}/`, subject: UPSTREAM_SP },
            { name: 'entrada-v2', issuer: `${ORIGIN}/${TENANT}/v2.0`, subject: UPSTREAM_SP, audiences: [EXCHANGE_V2] },
            { name: 'offline', issuer: 'https://down.test', subject: MAIN },
            { name: 'internal', issuer: 'https://internal.test', subject: MAIN },
          ],
        },
      ],
      users: [{ userPrincipalName: USER.upn, displayName: 'Dev', password: USER.password }],
      appRoleAssignments: [{ principal: APP, resource: 'api://fic-api', appRole: 'Data.Read' }],
      oauth2PermissionGrants: [
        { client: UPSTREAM, resource: 'api://AzureADTokenExchange', scope: 'user_impersonation' },
        { client: APP, resource: 'https://graph.microsoft.com', scope: 'User.Read openid profile' },
      ],
    }],
  };
  // Entrada's own discovery and keys (the issuer of upstream tokens) are answered by Entrada itself.
  const viaEntrada = async (url: string) => {
    const u = new URL(url);
    if (u.host !== 'localhost:8443') return undefined;
    const res = await entrada.app.inject({ method: 'GET', url: `${u.pathname}${u.search}`, headers: { host: u.host } });
    return new Response(res.body, { status: res.statusCode, headers: { 'content-type': String(res.headers['content-type']) } });
  };
  // Names the fetch answers for, as DNS would resolve them: the test issuers public, Entrada
  // itself on loopback (allowed by the opt-in, as for a local test issuer), internal.test private.
  const dns: Record<string, string> = { 'issuer.test': '20.190.160.1', 'down.test': '20.190.160.2', localhost: '127.0.0.1', 'internal.test': '10.0.0.7' };
  const resolve = async (host: string) => (dns[host] ? [{ address: dns[host], family: 4 }] : []);
  const optIn = parseAddressPolicy('127.0.0.1');
  if (!optIn.ok) throw new Error(optIn.error);
  const externalKeys = new OidcKeySource({ clock, resolve, addressPolicy: optIn.policy, fetch: issuerFetch([issuer], viaEntrada) });
  return { seed, clock, externalKeys, onRefusal: (e: RefusalEvent) => refusals.push(e) };
});
const { post } = tokenClient(entrada, PLAIN_FORM);

const cc = (assertion: string, extra: Record<string, string> = {}) => ({
  grant_type: 'client_credentials', client_id: APP, scope: 'api://fic-api/.default',
  client_assertion_type: JWT_BEARER, client_assertion: assertion, ...extra,
});
const now = () => Math.floor(clock.now().getTime() / 1000);
const external = (key: IssuerKey = rsa, extra: Record<string, unknown> = {}, header: Record<string, unknown> = {}) =>
  signJwt(key, workloadClaims(ISSUER, MAIN, extra, now()), header);

describe('accepted federated credentials', () => {
  it.each([rsa, ps, ec])('$alg token of the external issuer → app-only token with azpacr 2', async (key) => {
    const r = await post(V2, cc(external(key)));
    expect(r.status, r.description).toBe(200);
    expect(claimsOf(r.json.access_token as string)).toMatchObject({ azp: APP, azpacr: '2', roles: ['Data.Read'], tid: TENANT, ver: '2.0' });
  });

  it('v1 endpoint: appidacr 2', async () => {
    const r = await post(V1, { ...cc(external()), scope: '', resource: 'api://AzureADTokenExchange' });
    expect(r.status, r.description).toBe(200);
    expect(claimsOf(r.json.access_token as string)).toMatchObject({ appid: APP, appidacr: '2' });
  });

  it('a Kubernetes-style token: aud as an array, custom audience', async () => {
    const token = signJwt(rsa, workloadClaims(ISSUER, SA, { aud: ['api://custom-exchange'] }, now()));
    expect((await post(V2, cc(token))).status).toBe(200);
  });

  it('the same token may be used again (no jti replay rule for federated tokens) [I]', async () => {
    const token = external();
    expect((await post(V2, cc(token))).status).toBe(200);
    expect((await post(V2, cc(token))).status).toBe(200);
  });

  it('the issuer rotates its key: a new kid is fetched once the cached keys are 10 s old', async () => {
    const next = issuerKey('rsa-next', 'RS256');
    issuer.keys = [rsa, ps, ec, next];
    clock.advance(11_000);
    const r = await post(V2, cc(external(next)));
    expect(r.status, r.description).toBe(200);
  });

  it('Entrada as the issuer: an app-only v1 token for api://AzureADTokenExchange (iss https://host/{tid}/)', async () => {
    const upstream = await post(V2, { grant_type: 'client_credentials', client_id: UPSTREAM, client_secret: UPSTREAM_SECRET, scope: 'api://AzureADTokenExchange/.default' });
    expect(upstream.status, upstream.description).toBe(200);
    const assertion = upstream.json.access_token as string;
    expect(claimsOf(assertion)).toMatchObject({ iss: `${ORIGIN}/${TENANT}/`, aud: 'api://AzureADTokenExchange', sub: UPSTREAM_SP, idtyp: 'app' });
    const r = await post(V2, cc(assertion));
    expect(r.status, r.description).toBe(200);
    expect(claimsOf(r.json.access_token as string)).toMatchObject({ azp: APP, azpacr: '2' });
  });

  it('Entrada as the issuer: an app-only v2 token (iss https://host/{tid}/v2.0, aud the exchange app id)', async () => {
    const upstream = await post(V2, { grant_type: 'client_credentials', client_id: UPSTREAM, client_secret: UPSTREAM_SECRET, scope: 'api://exchange-v2/.default' });
    expect(upstream.status, upstream.description).toBe(200);
    const assertion = upstream.json.access_token as string;
    expect(claimsOf(assertion)).toMatchObject({ iss: `${ORIGIN}/${TENANT}/v2.0`, aud: EXCHANGE_V2 });
    const r = await post(V2, cc(assertion));
    expect(r.status, r.description).toBe(200);
  });

  it('a federated credential authenticates other confidential grants too (password: a Graph v1 token with appidacr 2)', async () => {
    const r = await post(V2, {
      grant_type: 'password', client_id: APP, username: USER.upn, password: USER.password, scope: 'openid profile User.Read',
      client_assertion_type: JWT_BEARER, client_assertion: external(),
    });
    expect(r.status, r.description).toBe(200);
    expect(claimsOf(r.json.access_token as string)).toMatchObject({ appid: APP, appidacr: '2', scp: 'openid profile User.Read' }); // Graph tokens carry the OpenID scopes [O]
  });
});

describe('refused federated credentials', () => {
  const refused = async (assertion: string, clientId = APP) => post(V2, cc(assertion, { client_id: clientId }));

  it('an app without federated credentials → 70021 naming issuer, subject and audience', async () => {
    const r = await refused(external(), NO_FIC);
    expect([r.status, r.json.error, r.code]).toEqual([401, 'invalid_client', 70021]);
    expect(r.description).toContain(`AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '${ISSUER}'. Assertion Subject: '${MAIN}'. Assertion Audience: 'api://AzureADTokenExchange'.`);
  });

  it('an issuer no credential names → 700211', async () => {
    const token = signJwt(rsa, workloadClaims(`${ISSUER}/`, MAIN, {}, now()));
    const r = await refused(token);
    expect([r.status, r.json.error, r.code]).toEqual([401, 'invalid_client', 700211]);
    expect(r.description).toContain(`presented assertion issuer '${ISSUER}/'`);
  });

  it('an audience no credential of the issuer has → 700212', async () => {
    const r = await refused(external(rsa, { aud: 'api://somewhere-else' }));
    expect([r.status, r.code]).toEqual([401, 700212]);
    expect(r.description).toContain("presented assertion audience 'api://somewhere-else'");
  });

  it('a subject no credential has → 700213, and the refusal detail lists the configured subjects', async () => {
    refusals.length = 0;
    const r = await refused(signJwt(rsa, workloadClaims(ISSUER, 'repo:contoso/app:ref:refs/heads/dev', {}, now())));
    expect([r.status, r.code]).toEqual([401, 700213]);
    expect(r.description).toContain("presented assertion subject 'repo:contoso/app:ref:refs/heads/dev'");
    expect(refusals.at(-1)?.error.detail).toContain(`'${MAIN}'`);
  });

  it('a subject differing only by case → 7002138', async () => {
    const r = await refused(signJwt(rsa, workloadClaims(ISSUER, MAIN.toUpperCase(), {}, now())));
    expect([r.status, r.code]).toEqual([401, 7002138]);
  });

  it('expired, or not yet valid, beyond 5 minutes → 700024', async () => {
    const expired = await refused(external(rsa, { iat: now() - 3600, nbf: now() - 3600, exp: now() - 301 }));
    expect([expired.status, expired.code]).toEqual([401, 700024]);
    expect(expired.description).toMatch(/Current time: \S+\.\d{7}Z, assertion valid from \S+\.\d{7}Z, expiry time of assertion \S+\.\d{7}Z\./);
    const early = await refused(external(rsa, { nbf: now() + 301, exp: now() + 900 }));
    expect(early.code).toBe(700024);
  });

  it('a key the issuer does not publish → 7000272 naming the kid and the issuer', async () => {
    const r = await refused(external(unpublished));
    expect([r.status, r.json.error, r.code]).toEqual([401, 'invalid_client', 7000272]);
    expect(r.description).toContain(`The certificate with identifier rsa-2 used to sign the federated credential could not be found in the metadata of identity provider ${ISSUER}.`);
  });

  it('a signature that does not verify with the published key → 7000272 [I]', async () => {
    const forged = external({ ...unpublished, kid: 'rsa-1' });
    expect((await refused(forged)).code).toBe(7000272);
    const [h, p] = external().split('.');
    const tampered = `${h}.${p}.${external().split('.')[2].split('').reverse().join('')}`;
    expect((await refused(tampered)).code).toBe(7000272);
  });

  it('an issuer whose discovery cannot be fetched → 50166 (invalid_request, 400)', async () => {
    const token = signJwt(rsa, workloadClaims('https://down.test', MAIN, {}, now()));
    const r = await refused(token);
    expect([r.status, r.json.error, r.code]).toEqual([400, 'invalid_request', 50166]);
    expect(r.description).toMatch(/^AADSTS50166: Request to External OIDC endpoint failed\./);
    expect(refusals.at(-1)?.error.detail).toContain('https://down.test/.well-known/openid-configuration');
  });

  it('an issuer on a private address (not opted in) → 50166, never fetched; the detail names the opt-in', async () => {
    const token = signJwt(rsa, workloadClaims('https://internal.test', MAIN, {}, now()));
    const r = await refused(token);
    expect([r.status, r.json.error, r.code]).toEqual([400, 'invalid_request', 50166]);
    expect(r.description).not.toContain('10.0.0.7');
    const detail = refusals.at(-1)?.error.detail;
    expect(detail).toContain('internal.test resolves to 10.0.0.7, a private address');
    expect(detail).toContain('ENTRADA_FEDERATED_ALLOW_PRIVATE_NETWORKS');
  });

  it('a token without sub → 50027', async () => {
    const r = await refused(external(rsa, { sub: undefined }));
    expect(r.code).toBe(50027);
  });

  it('a user token of Entrada (a delegated token for api://AzureADTokenExchange) → 700229', async () => {
    const user = await post(V2, {
      grant_type: 'password', client_id: UPSTREAM, client_secret: UPSTREAM_SECRET,
      username: USER.upn, password: USER.password, scope: 'api://AzureADTokenExchange/user_impersonation',
    });
    expect(user.status, user.description).toBe(200);
    const assertion = user.json.access_token as string;
    expect(claimsOf(assertion)).toMatchObject({ iss: `${ORIGIN}/${TENANT}/`, scp: 'user_impersonation' });
    const r = await refused(assertion);
    expect([r.status, r.code]).toEqual([401, 700229]);
    expect(r.description).toContain('Only app-only tokens can be used as Federated Identity Credentials for Microsoft Entra issuer.');
  });
});
