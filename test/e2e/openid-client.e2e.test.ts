// openid-client 6: discovery (it requires issuer === the URL it was given), client credentials,
// and UserInfo at the userinfo_endpoint discovery names (issue 13).

import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { API, authority, baseUrl, DAEMON, demoUser, TENANT_ID, WEB } from './demo.js';
import { verifyToken } from './verify.js';

describe('openid-client', () => {
  it('discovers the v2 issuer and runs client credentials', async () => {
    const config = await client.discovery(new URL(`${authority()}/v2.0`), DAEMON.appId, DAEMON.secret!);
    expect(config.serverMetadata().issuer).toBe(`${authority()}/v2.0`);
    const tokens = await client.clientCredentialsGrant(config, { scope: `${API.uri}/.default` });
    const claims = await verifyToken(tokens.access_token, { issuer: `${authority()}/v2.0`, audience: API.appId, jwksUri: config.serverMetadata().jwks_uri! });
    expect(claims).toMatchObject({ azp: DAEMON.appId, tid: TENANT_ID, roles: ['Data.Read'] });
  });

  it('discovers the v1 issuer (trailing slash) too', async () => {
    const config = await client.discovery(new URL(`${authority()}/`), DAEMON.appId, DAEMON.secret!);
    expect(config.serverMetadata().issuer).toBe(`${authority()}/`);
  });

  it("fetches UserInfo from discovery's userinfo_endpoint with the Graph token of a sign-in", async () => {
    const config = await client.discovery(new URL(`${authority()}/v2.0`), WEB.appId, WEB.secret!);
    expect(config.serverMetadata().userinfo_endpoint).toBe(`${baseUrl()}/oidc/userinfo`);
    const alice = demoUser('alice');
    const tokens = await client.genericGrantRequest(config, 'password', { username: alice.upn, password: alice.password, scope: 'openid profile email' });
    const sub = tokens.claims()!.sub;
    // fetchUserInfo checks that UserInfo's sub is the ID token's (OIDC Core §5.3.2).
    const info = await client.fetchUserInfo(config, tokens.access_token, sub);
    expect(info).toEqual({ sub, name: 'Alice Example', family_name: 'Example', given_name: 'Alice', email: alice.upn });
  });

  it('surfaces AADSTS7000215 for a wrong secret', async () => {
    const config = await client.discovery(new URL(`${authority()}/v2.0`), DAEMON.appId, 'wrong-secret-value-here');
    const err = await client.clientCredentialsGrant(config, { scope: `${API.uri}/.default` }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(client.ResponseBodyError);
    expect((err as client.ResponseBodyError).error).toBe('invalid_client');
    expect((err as client.ResponseBodyError).cause).toMatchObject({ error_codes: [7000215] });
  });
});
