// MSAL Node against a listening Entrada over HTTPS, configured exactly as the start-up banner
// says: authority + knownAuthorities, CA trusted through NODE_EXTRA_CA_CERTS.

import { ConfidentialClientApplication, PublicClientApplication, ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { API, authority, CLI, DAEMON, demoUser, host, TENANT_DOMAIN, TENANT_ID, WEB } from './demo.js';
import { discover, verifyToken } from './verify.js';

const issuerV2 = () => `${authority()}/v2.0`;
const jwksV2 = () => `${authority()}/discovery/v2.0/keys`;

function cca(clientId: string, secret: string, tenant = TENANT_ID) {
  return new ConfidentialClientApplication({
    auth: { clientId, clientSecret: secret, authority: authority(tenant), knownAuthorities: [host()] },
  });
}
function pca(clientId: string, clientCapabilities?: string[]) {
  return new PublicClientApplication({ auth: { clientId, authority: authority(), knownAuthorities: [host()], clientCapabilities } });
}
const payload = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

async function serverError(p: Promise<unknown>): Promise<ServerError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ServerError);
  return err as ServerError;
}

describe('MSAL Node ConfidentialClientApplication: client credentials', () => {
  it('gets a v2 app-only token with the assigned app role, then serves it from cache', async () => {
    const app = cca(DAEMON.appId, DAEMON.secret!);
    const first = await app.acquireTokenByClientCredential({ scopes: [`${API.uri}/.default`] });
    expect(first?.fromCache).toBe(false);
    const doc = await discover(issuerV2());
    expect(doc.issuer).toBe(issuerV2());
    const claims = await verifyToken(first!.accessToken, { issuer: doc.issuer, audience: API.appId, jwksUri: doc.jwks_uri });
    expect(claims).toMatchObject({ tid: TENANT_ID, azp: DAEMON.appId, azpacr: '1', roles: ['Data.Read'], ver: '2.0' });
    expect(claims.scp).toBeUndefined();
    expect(claims.idtyp).toBeUndefined(); // v2 app-only tokens carry none [O: issue 13]
    const second = await app.acquireTokenByClientCredential({ scopes: [`${API.uri}/.default`] });
    expect(second?.fromCache).toBe(true);
  });

  it('works with the tenant named by its domain (MSAL rewrites endpoints to the domain)', async () => {
    const app = cca(DAEMON.appId, DAEMON.secret!, TENANT_DOMAIN);
    const r = await app.acquireTokenByClientCredential({ scopes: [`${API.uri}/.default`] });
    const claims = await verifyToken(r!.accessToken, { issuer: issuerV2(), audience: API.appId, jwksUri: jwksV2() });
    expect(claims.tid).toBe(TENANT_ID);
  });

  it('gets a v1 token for Microsoft Graph (requestedAccessTokenVersion 1) with x5t and the v1 issuer', async () => {
    const app = cca(DAEMON.appId, DAEMON.secret!);
    const r = await app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    const claims = await verifyToken(r!.accessToken, {
      issuer: `${authority()}/`,
      audience: 'https://graph.microsoft.com',
      jwksUri: `${authority()}/discovery/keys`,
    });
    expect(claims).toMatchObject({ appid: DAEMON.appId, appidacr: '1', ver: '1.0', roles: ['User.Read.All', 'AuditLog.Read.All'] });
    const header = JSON.parse(Buffer.from(r!.accessToken.split('.')[0], 'base64url').toString());
    expect(header.x5t).toBe(header.kid);
  });

  it('a wrong secret surfaces AADSTS7000215 as invalid_client', async () => {
    const err = await serverError(cca(DAEMON.appId, 'not-the-secret-value').acquireTokenByClientCredential({ scopes: [`${API.uri}/.default`] }));
    expect(err.errorCode).toBe('invalid_client');
    expect(err.errorNo).toBe(7000215);
    expect(err.errorMessage).toContain('AADSTS7000215:');
  });

  it('a scope without /.default surfaces AADSTS1002012', async () => {
    const err = await serverError(cca(DAEMON.appId, DAEMON.secret!).acquireTokenByClientCredential({ scopes: [`${API.uri}/access_as_user`] }));
    expect(err.errorNo).toBe(1002012);
  });
});

describe('MSAL Node PublicClientApplication: ROPC then silent refresh', () => {
  it('signs alice in, builds an Entra-shaped account, and refreshes with the refresh token', async () => {
    const alice = demoUser('alice');
    const app = pca(CLI.appId);
    const r = await app.acquireTokenByUsernamePassword({ scopes: [`${API.uri}/access_as_user`], username: alice.upn, password: alice.password });
    expect(r).not.toBeNull();
    const claims = await verifyToken(r!.accessToken, { issuer: issuerV2(), audience: API.appId, jwksUri: jwksV2() });
    expect(claims).toMatchObject({ scp: 'access_as_user', azp: CLI.appId, azpacr: '0', tid: TENANT_ID, preferred_username: alice.upn });
    const id = await verifyToken(r!.idToken, { issuer: issuerV2(), audience: CLI.appId, jwksUri: jwksV2() });
    expect(id.oid).toBe(claims.oid);
    // client_info made the account Entra-shaped: homeAccountId = <oid>.<tid>.
    expect(r!.account?.homeAccountId).toBe(`${claims.oid}.${TENANT_ID}`);
    expect(r!.account?.username).toBe(alice.upn);

    const cached = await app.acquireTokenSilent({ account: r!.account!, scopes: [`${API.uri}/access_as_user`] });
    expect(cached.fromCache).toBe(true);
    const refreshed = await app.acquireTokenSilent({ account: r!.account!, scopes: [`${API.uri}/access_as_user`], forceRefresh: true });
    expect(refreshed.fromCache).toBe(false);
    expect(refreshed.accessToken).not.toBe(r!.accessToken);
    const again = await verifyToken(refreshed.accessToken, { issuer: issuerV2(), audience: API.appId, jwksUri: jwksV2() });
    expect(again).toMatchObject({ oid: claims.oid, scp: 'access_as_user', sub: claims.sub });
  });

  it('ROPC on an app whose "Allow public client flows" is No surfaces AADSTS7000218 (the founding error)', async () => {
    const alice = demoUser('alice');
    const err = await serverError(pca(WEB.appId).acquireTokenByUsernamePassword({ scopes: ['openid'], username: alice.upn, password: alice.password }));
    expect(err.errorCode).toBe('invalid_client');
    expect(err.errorNo).toBe(7000218);
    expect(err.errorMessage).toContain("AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  });

  it('a confidential client sending its secret for a public-client app surfaces AADSTS700025', async () => {
    const alice = demoUser('alice');
    // Demo CLI allows public client flows, so ROPC makes it public: a secret must not be sent.
    const app = cca(CLI.appId, 'a-secret-the-public-app-does-not-have');
    const err = await serverError(app.acquireTokenByUsernamePassword({ scopes: [`${API.uri}/access_as_user`], username: alice.upn, password: alice.password }));
    expect(err.errorCode).toBe('invalid_client');
    expect(err.errorNo).toBe(700025);
  });

  it('a wrong password surfaces AADSTS50126', async () => {
    const alice = demoUser('alice');
    const err = await serverError(pca(CLI.appId).acquireTokenByUsernamePassword({ scopes: [`${API.uri}/access_as_user`], username: alice.upn, password: 'wrong' }));
    expect(err.errorCode).toBe('invalid_grant');
    expect(err.errorNo).toBe(50126);
  });
});

describe('MSAL Node: what token responses carry (issue 13)', () => {
  // MSAL caches an access token under the response's `scope` and serves acquireTokenSilent from
  // the cache only when those contain every scope asked [M]: a resource named by URI must be
  // echoed by URI, `.default` included.
  it.each([['https://graph.microsoft.com/.default'], [`${API.uri}/.default`], ['https://graph.microsoft.com/User.Read']])(
    'acquireTokenSilent for %s is served from the cache',
    async (scope) => {
      const alice = demoUser('alice');
      const app = pca(CLI.appId);
      const first = await app.acquireTokenByUsernamePassword({ scopes: [scope], username: alice.upn, password: alice.password });
      expect(first?.fromCache).toBe(false);
      expect(first!.scopes.map((s) => s.toLowerCase())).toContain(scope.toLowerCase());
      const silent = await app.acquireTokenSilent({ account: first!.account!, scopes: [scope] });
      expect(silent.fromCache).toBe(true);
      expect(silent.accessToken).toBe(first!.accessToken);
    },
  );

  it("clientCapabilities ['cp1']: the access token carries xms_cc and lives 24 h", async () => {
    const alice = demoUser('alice');
    const before = Math.floor(Date.now() / 1000);
    const r = await pca(CLI.appId, ['cp1']).acquireTokenByUsernamePassword({ scopes: [`${API.uri}/access_as_user`], username: alice.upn, password: alice.password });
    const claims = await verifyToken(r!.accessToken, { issuer: issuerV2(), audience: API.appId, jwksUri: jwksV2() });
    expect(claims.xms_cc).toEqual(['cp1']);
    expect((claims.exp as number) - before).toBeGreaterThanOrEqual(86400 - 5);
    expect((claims.exp as number) - before).toBeLessThanOrEqual(86400 + 5);
    // MSAL read expires_in 86399.
    expect(Math.round((r!.expiresOn!.getTime() / 1000 - before) / 60)).toBe(24 * 60);

    const daemon = new ConfidentialClientApplication({
      auth: { clientId: DAEMON.appId, clientSecret: DAEMON.secret!, authority: authority(), knownAuthorities: [host()], clientCapabilities: ['cp1'] },
    });
    const cc = await daemon.acquireTokenByClientCredential({ scopes: [`${API.uri}/.default`] });
    expect(payload(cc!.accessToken).xms_cc).toEqual(['cp1']);
    expect(payload(cc!.accessToken)).not.toHaveProperty('idtyp');
  });
});
