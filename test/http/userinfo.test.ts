// Microsoft Graph's UserInfo endpoint on Entrada's own host (issue 13 item 12): what discovery's
// userinfo_endpoint names, answered for a delegated Graph token with `openid` [D: userinfo.md].

import { describe, expect, it } from 'vitest';
import { ALICE, DAEMON, TENANT, WEB } from '../support/demo-seed.js';
import { useEntrada } from '../support/in-process.js';
import { appGraphToken } from '../support/graph.js';
import { tokenClient } from '../support/token-client.js';
import { claimsOf, HOST, ORIGIN } from '../support/wire.js';

const entrada = useEntrada();
const { post } = tokenClient(entrada);

/** Alice signs in to Demo Web App (Graph consent: User.Read openid profile email offline_access). */
async function aliceTokens(scope: string, url = `/${TENANT}/oauth2/v2.0/token`): Promise<Record<string, unknown>> {
  const r = await post(url, { grant_type: 'password', client_id: WEB.id, client_secret: WEB.secret, username: ALICE.upn, password: ALICE.password, scope });
  expect(r.status, r.description).toBe(200);
  return r.json;
}

async function userinfo(token: string | undefined, method: 'GET' | 'POST' = 'GET', path = '/oidc/userinfo') {
  return entrada.app.inject({ method, url: path, headers: { ...HOST, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
}

/** Graph's challenge on a 401 [O: graph-and-clients.md §C.4]. */
const CHALLENGE = `Bearer realm="", authorization_uri="${ORIGIN}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`;

describe('GET/POST /oidc/userinfo', () => {
  it("answers sub (the ID token's pairwise subject), the name claims and email, byte for byte", async () => {
    const tokens = await aliceTokens('openid profile email');
    const idToken = claimsOf(tokens.id_token);
    for (const method of ['GET', 'POST'] as const) {
      const res = await userinfo(String(tokens.access_token), method);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toBe(
        JSON.stringify({ sub: idToken.sub, name: 'Alice Example', family_name: 'Example', given_name: 'Alice', email: 'alice@entrada.localhost' }),
      );
    }
  });

  it('a page may call it: readable by any origin, with a preflight for the Authorization header', async () => {
    const tokens = await aliceTokens('openid profile email');
    const res = await userinfo(String(tokens.access_token));
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const refused = await userinfo(undefined);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe('*');
    const preflight = await entrada.app.inject({
      method: 'OPTIONS',
      url: '/oidc/userinfo',
      headers: { ...HOST, origin: 'https://app.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-allow-headers': 'authorization, content-type' });
  });

  it('is also served at the v1 document’s /{tenant}/openid/userinfo, with a Graph token from the v1 endpoint', async () => {
    const v1 = await post(`/${TENANT}/oauth2/token`, { grant_type: 'password', client_id: WEB.id, client_secret: WEB.secret, username: ALICE.upn, password: ALICE.password, resource: 'https://graph.microsoft.com', scope: 'openid' });
    expect(v1.status, v1.description).toBe(200);
    expect(claimsOf(v1.json.access_token).aud).toBe('https://graph.microsoft.com');
    const res = await userinfo(String(v1.json.access_token), 'GET', `/${TENANT}/openid/userinfo`);
    expect(res.statusCode).toBe(200);
    expect(res.json().sub).toBe(claimsOf(v1.json.access_token).sub);
  });

  it.each<[string, () => Promise<string | undefined>, string]>([
    ['no token', async () => undefined, 'Access token is empty.'],
    ['not a JWT', async () => 'not-a-token', 'CompactToken parsing failed with error code: 80049217'],
    ['a token for another API', async () => String((await aliceTokens('api://entrada-demo-api/access_as_user openid')).access_token), 'Access token validation failure. Invalid audience.'],
  ])('%s → 401 InvalidAuthenticationToken with the WWW-Authenticate challenge', async (_name, token, message) => {
    const res = await userinfo(await token());
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe(CHALLENGE);
    expect(res.json().error).toMatchObject({ code: 'InvalidAuthenticationToken', message });
  });

  it('an app-only Graph token is valid but cannot call it: 403 [I]', async () => {
    const res = await userinfo(await appGraphToken(entrada, DAEMON));
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' });
  });
});
