// Optional claims as MSAL Node receives them (issue 18): a web app signs alice in through
// Entrada's pages (authorization code + PKCE) and redeems the code with acquireTokenByCode. The ID
// token carries what the CLIENT app configures, the access token what the RESOURCE app configures,
// and neither carries anything when nothing is configured. The login_hint claim signs the user in
// again without a prompt, and a Graph token of the same sign-in calls UserInfo.

import { ConfidentialClientApplication, type AuthenticationResult } from '@azure/msal-node';
import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEntrada, type StartedEntrada } from '../../src/api/index.js';
import { PageWalker } from '../support/page-walker.js';

const TENANT = '0c1a1e2e-0000-4000-8000-00000000e2e0';
const API = '0c1a1e2e-0000-4000-8000-0000000000a1';
const PLAIN_API = '0c1a1e2e-0000-4000-8000-0000000000a2';
const WEB = { id: '0c1a1e2e-0000-4000-8000-0000000000b1', secret: 'claims~e2e~web~secret~000001', redirect: 'https://localhost:3000/auth/callback' };
const PLAIN_WEB = { id: '0c1a1e2e-0000-4000-8000-0000000000b2', secret: 'claims~e2e~web~secret~000002', redirect: 'https://localhost:3001/auth/callback' };
const ALICE = { upn: 'alice@claims-e2e.localhost', password: 'Alice-claims-e2e-password-1' };

const ID_TOKEN_CLAIMS = ['acct', 'auth_time', 'ctry', 'email', 'login_hint', 'sid', 'tenant_ctry', 'xms_pl', 'xms_tpl'];
const ACCESS_TOKEN_CLAIMS = ['acct', 'ctry', 'email', 'family_name', 'given_name', 'ipaddr', 'tenant_ctry', 'upn', 'xms_pl', 'xms_tpl'];

const SEED = {
  tenants: [
    {
      id: TENANT,
      displayName: 'Claims E2E',
      domains: ['claims-e2e.localhost'],
      countryLetterCode: 'NL',
      preferredLanguage: 'nl',
      applications: [
        {
          appId: API,
          displayName: 'Claims API',
          identifierUris: ['api://claims-e2e-api'],
          api: { requestedAccessTokenVersion: 2 as const, oauth2PermissionScopes: [{ value: 'access_as_user' }] },
          optionalClaims: { accessToken: ACCESS_TOKEN_CLAIMS.map((name) => ({ name, essential: false })) },
        },
        {
          appId: PLAIN_API,
          displayName: 'Plain API',
          identifierUris: ['api://plain-e2e-api'],
          api: { requestedAccessTokenVersion: 2 as const, oauth2PermissionScopes: [{ value: 'access_as_user' }] },
        },
        {
          appId: WEB.id,
          displayName: 'Claims Web',
          web: { redirectUris: [WEB.redirect] },
          passwordCredentials: [{ secretText: WEB.secret }],
          optionalClaims: { idToken: ID_TOKEN_CLAIMS.map((name) => ({ name })) },
        },
        {
          appId: PLAIN_WEB.id,
          displayName: 'Plain Web',
          web: { redirectUris: [PLAIN_WEB.redirect] },
          passwordCredentials: [{ secretText: PLAIN_WEB.secret }],
        },
      ],
      users: [
        {
          userPrincipalName: ALICE.upn, displayName: 'Alice E2E', givenName: 'Alice', surname: 'E2E', mail: 'alice@claims-e2e.localhost',
          password: ALICE.password, country: 'NL', preferredLanguage: 'nl-NL',
        },
      ],
      oauth2PermissionGrants: [WEB.id, PLAIN_WEB.id].flatMap((client) => [
        { client, resource: API, scope: 'access_as_user' },
        { client, resource: PLAIN_API, scope: 'access_as_user' },
        { client, resource: 'https://graph.microsoft.com', scope: 'User.Read' },
      ]),
    },
  ],
};

let entrada: StartedEntrada;
beforeAll(async () => {
  entrada = await startEntrada({ seed: SEED });
});
afterAll(() => entrada.stop());

function cca(client: typeof WEB): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: { clientId: client.id, clientSecret: client.secret, authority: entrada.authority(TENANT), knownAuthorities: [new URL(entrada.url).host] },
    system: { networkClient: entrada.msalNetworkClient },
  });
}

/** Sign-in through the pages and acquireTokenByCode; `loginHint` goes on the authorize URL. */
async function signIn(client: typeof WEB, scopes: string[], walker = new PageWalker(entrada.fetch, entrada.url), loginHint?: string) {
  const app = cca(client);
  const verifier = 'x'.repeat(43);
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const url = await app.getAuthCodeUrl({ scopes, redirectUri: client.redirect, codeChallenge: challenge, codeChallengeMethod: 'S256', loginHint });
  const walk = await walker.authorize(url, ALICE);
  expect(walk.location, walk.html).toBeDefined();
  const code = new URL(walk.location!).searchParams.get('code');
  expect(code).toBeTruthy();
  const result: AuthenticationResult = await app.acquireTokenByCode({ code: code!, scopes, redirectUri: client.redirect, codeVerifier: verifier });
  return { result, walk, access: decodeJwt(result.accessToken), id: result.idTokenClaims as Record<string, unknown> };
}

describe('optional claims with MSAL Node', () => {
  it('present exactly as configured: the client’s in the ID token, the resource’s in the access token', async () => {
    const { id, access } = await signIn(WEB, ['api://claims-e2e-api/access_as_user']);
    expect(id).toMatchObject({ acct: 0, ctry: 'NL', email: 'alice@claims-e2e.localhost', tenant_ctry: 'NL', xms_pl: 'nl-nl', xms_tpl: 'nl' });
    expect(typeof id.auth_time).toBe('number');
    expect(id.sid).toMatch(/^[0-9a-f]{8}-/);
    expect(String(id.login_hint)).toMatch(/^O\./);
    expect(access).toMatchObject({
      acct: 0, ctry: 'NL', email: 'alice@claims-e2e.localhost', family_name: 'E2E', given_name: 'Alice', tenant_ctry: 'NL', upn: ALICE.upn, xms_pl: 'nl-nl', xms_tpl: 'nl',
    });
    expect(typeof access.ipaddr).toBe('string');
    // Nothing asked by the other list leaks across: the access token has no sid or login_hint, the ID token no upn.
    for (const name of ['sid', 'login_hint', 'auth_time']) expect(access, name).not.toHaveProperty(name);
    for (const name of ['upn', 'family_name', 'ipaddr']) expect(id, name).not.toHaveProperty(name);
  });

  it('a refresh keeps the sign-in’s auth_time and sid', async () => {
    const app = cca(WEB);
    const verifier = 'y'.repeat(43);
    const scopes = ['api://claims-e2e-api/access_as_user'];
    const url = await app.getAuthCodeUrl({ scopes, redirectUri: WEB.redirect, codeChallenge: createHash('sha256').update(verifier).digest('base64url'), codeChallengeMethod: 'S256' });
    const walk = await new PageWalker(entrada.fetch, entrada.url).authorize(url, ALICE);
    const code = new URL(walk.location!).searchParams.get('code')!;
    const first = await app.acquireTokenByCode({ code, scopes, redirectUri: WEB.redirect, codeVerifier: verifier });
    entrada.clock.advance('10m');
    try {
      const refreshed = await app.acquireTokenSilent({ account: first.account!, scopes, forceRefresh: true });
      const before = first.idTokenClaims as Record<string, unknown>;
      const after = refreshed.idTokenClaims as Record<string, unknown>;
      expect(after.iat).not.toBe(before.iat);
      expect(after.sid).toBe(before.sid);
      expect(after.auth_time).toBe(before.auth_time);
    } finally {
      entrada.clock.reset();
    }
  });

  it('absent otherwise: a client and an API without optionalClaims', async () => {
    const { id, access } = await signIn(PLAIN_WEB, ['api://plain-e2e-api/access_as_user']);
    for (const name of ID_TOKEN_CLAIMS) expect(id, name).not.toHaveProperty(name);
    for (const name of ACCESS_TOKEN_CLAIMS) expect(access, name).not.toHaveProperty(name);
    expect(id).toMatchObject({ preferred_username: ALICE.upn, name: 'Alice E2E' });
  });

  it('the login_hint claim brings the same user back without a sign-in page', async () => {
    const walker = new PageWalker(entrada.fetch, entrada.url);
    const first = await signIn(WEB, ['api://claims-e2e-api/access_as_user'], walker);
    expect(first.walk.steps).toContain('signin');
    const again = await signIn(WEB, ['api://plain-e2e-api/access_as_user'], walker, String(first.id.login_hint));
    expect(again.walk.steps).toEqual([]);
    expect(again.id.oid).toBe(first.id.oid);
    expect(again.id.sid).toBe(first.id.sid);
  });

  it('a Graph token of an openid sign-in carries openid profile email and calls UserInfo', async () => {
    const { access, id, result } = await signIn(PLAIN_WEB, ['User.Read', 'email']);
    expect(String(access.scp).split(' ').sort()).toEqual(['User.Read', 'email', 'openid', 'profile']);
    const discovery = (await (await entrada.fetch(`${entrada.authority(TENANT)}/v2.0/.well-known/openid-configuration`)).json()) as { userinfo_endpoint: string };
    const res = await entrada.fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${result.accessToken}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: id.sub, name: 'Alice E2E', family_name: 'E2E', given_name: 'Alice', email: 'alice@claims-e2e.localhost' });
  });
});
