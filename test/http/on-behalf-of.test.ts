// On-behalf-of over app.inject() (entra-protocol.md §3.7) with the registrations of
// test/fixtures/on-behalf-of.yaml: Front (public) signs Erin in with ROPC and gets a token for a
// middle tier, which exchanges it for a token for Microsoft Graph or a downstream API.

import { fileURLToPath } from 'node:url';
import { generateKeyPairSync, createSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pairwiseSubject } from '../../src/flows/shared/issue.js';
import { TestClock } from '../support/clock.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient, type Reply } from '../support/token-client.js';
import { claimsOf, errorCode, ORIGIN } from '../support/wire.js';

const TENANT = '0b0b0b0b-1c2d-4e3f-8a4b-5c6d7e8f9a01';
const MIDDLE = { id: '0b0b0000-0000-4000-8000-000000000001', secret: 'middle~api~secret-value-0001', uri: 'api://obo-middle' };
const LEGACY = { id: '0b0b0000-0000-4000-8000-000000000002', secret: 'legacy~middle~secret-value-0002', uri: 'api://obo-legacy-middle' };
const DOWNSTREAM = { id: '0b0b0000-0000-4000-8000-000000000003', uri: 'api://obo-downstream' };
const OTHER = { id: '0b0b0000-0000-4000-8000-000000000004', secret: 'other~api~secret-value-00004', uri: 'api://obo-other' };
const FRONT_ID = '0b0b0000-0000-4000-8000-000000000005';
const DAEMON = { id: '0b0b0000-0000-4000-8000-000000000006', secret: 'obo~daemon~secret-value-0006' };
const ERIN = { upn: 'erin@obo.localhost', password: 'Erin-obo-password-1' };
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const V2 = `/${TENANT}/oauth2/v2.0/token`;
const V1 = `/${TENANT}/oauth2/token`;

const clock = new TestClock();
const entrada = useEntrada({ clock, seed: fileURLToPath(new URL('../fixtures/on-behalf-of.yaml', import.meta.url)) });
const { post } = tokenClient(entrada);
function expectRefusal(r: Reply, expected: number, error: string): void {
  expect(errorCode(r), JSON.stringify(r.json)).toBe(expected);
  expect(r.json.error).toBe(error);
  // Every slot of the message is filled.
  expect(String(r.json.error_description)).not.toMatch(/\{[A-Za-z]+\}/);
}

/** Front signs Erin in and gets a user token for `scope` (v2 endpoint). */
async function userToken(scope: string): Promise<string> {
  const r = await post(V2, { grant_type: 'password', client_id: FRONT_ID, username: ERIN.upn, password: ERIN.password, scope });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return String(r.json.access_token);
}

/** The middle tier's OBO request, MSAL's shape (msal-wire §1.8). */
function obo(assertion: string, extra: Record<string, string> = {}, client = MIDDLE, url = V2): Promise<Reply> {
  return post(url, {
    client_id: client.id,
    client_secret: client.secret,
    grant_type: JWT_BEARER,
    requested_token_use: 'on_behalf_of',
    assertion,
    scope: 'https://graph.microsoft.com/User.Read openid profile offline_access',
    client_info: '1',
    ...extra,
  });
}

describe('successful exchanges', () => {
  it('v2: a token for the middle tier becomes a Graph token for the same user, azp = the middle tier', async () => {
    const incoming = await userToken(`${MIDDLE.uri}/access_as_user`);
    const inClaims = claimsOf(incoming);
    expect(inClaims.aud).toBe(MIDDLE.id);

    const r = await obo(incoming);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json).toMatchObject({ token_type: 'Bearer', scope: 'openid profile https://graph.microsoft.com/User.Read' });
    // a user's token: 60–90 minutes, drawn per token (core/policy/token-lifetime.ts)
    expect(Number(r.json.expires_in) + 1).toBeGreaterThanOrEqual(3600);
    expect(Number(r.json.expires_in) + 1).toBeLessThanOrEqual(5400);
    expect(typeof r.json.refresh_token).toBe('string');
    const out = claimsOf(r.json.access_token);
    // Graph gets v1 tokens (requestedAccessTokenVersion null): appid, v1 issuer.
    expect(out).toMatchObject({
      aud: 'https://graph.microsoft.com',
      iss: `${ORIGIN}/${TENANT}/`,
      appid: MIDDLE.id,
      appidacr: '1',
      scp: 'openid profile User.Read', // Graph tokens carry the OpenID scopes asked [O]
      oid: inClaims.oid,
      tid: TENANT,
      upn: ERIN.upn,
      ver: '1.0',
    });
    // The subject is pairwise for the middle tier, not the front end's.
    expect(out.sub).toBe(pairwiseSubject(String(inClaims.oid), MIDDLE.id));
    expect(out.sub).not.toBe(inClaims.sub);
  });

  it('v2: a downstream API with v2 tokens gets azp = the middle tier and its own scp', async () => {
    const incoming = await userToken(`${MIDDLE.uri}/access_as_user`);
    const r = await obo(incoming, { scope: `${DOWNSTREAM.uri}/Data.Read` });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.scope).toBe(`${DOWNSTREAM.uri}/Data.Read`);
    expect(r.json.refresh_token).toBeUndefined();
    expect(claimsOf(r.json.access_token)).toMatchObject({
      aud: DOWNSTREAM.id,
      iss: `${ORIGIN}/${TENANT}/v2.0`,
      azp: MIDDLE.id,
      azpacr: '1',
      scp: 'Data.Read',
      oid: claimsOf(incoming).oid,
      ver: '2.0',
    });
  });

  it('v1 endpoint with resource=, and a v1 assertion (v1 issuer, aud = the App ID URI)', async () => {
    const incoming = await userToken(`${LEGACY.uri}/user_impersonation`);
    expect(claimsOf(incoming)).toMatchObject({ aud: LEGACY.uri, iss: `${ORIGIN}/${TENANT}/`, ver: '1.0' });
    const r = await post(V1, {
      client_id: LEGACY.id,
      client_secret: LEGACY.secret,
      grant_type: JWT_BEARER,
      requested_token_use: 'on_behalf_of',
      assertion: incoming,
      resource: DOWNSTREAM.uri,
    });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    // v1 response: strings, resource echoed; v1 user flows always carry a refresh token.
    expect(r.json).toMatchObject({ token_type: 'Bearer', resource: DOWNSTREAM.uri, scope: 'Data.Read' });
    expect(Number(r.json.expires_in) + 1).toBeGreaterThanOrEqual(3600);
    expect(Number(r.json.expires_in) + 1).toBeLessThanOrEqual(5400);
    expect(typeof r.json.refresh_token).toBe('string');
    expect(claimsOf(r.json.access_token)).toMatchObject({ aud: DOWNSTREAM.id, azp: LEGACY.id, scp: 'Data.Read' });
  });

  it('offline_access: the refresh token belongs to the (confidential) middle tier', async () => {
    const incoming = await userToken(`${MIDDLE.uri}/access_as_user`);
    const r = await obo(incoming, { scope: 'https://graph.microsoft.com/User.Read offline_access' });
    expect(r.status).toBe(200);
    const rt = String(r.json.refresh_token);
    const again = await post(V2, { grant_type: 'refresh_token', client_id: MIDDLE.id, client_secret: MIDDLE.secret, refresh_token: rt });
    expect(again.status, JSON.stringify(again.json)).toBe(200);
    expect(claimsOf(again.json.access_token)).toMatchObject({ appid: MIDDLE.id, scp: 'User.Read', oid: claimsOf(incoming).oid });
    // Issued to a confidential client: redeeming it needs the secret again.
    const bare = await post(V2, { grant_type: 'refresh_token', client_id: MIDDLE.id, refresh_token: rt });
    expectRefusal(bare, 7000218, 'invalid_client');
    // And the front end cannot redeem it.
    const front = await post(V2, { grant_type: 'refresh_token', client_id: FRONT_ID, refresh_token: rt });
    expect(front.status).toBe(400);
  });
});

describe('refusals', () => {
  it('no client secret: AADSTS7000218 (OBO is always confidential)', async () => {
    const incoming = await userToken(`${MIDDLE.uri}/access_as_user`);
    const r = await post(V2, { client_id: MIDDLE.id, grant_type: JWT_BEARER, requested_token_use: 'on_behalf_of', assertion: incoming, scope: 'User.Read' });
    expect(r.status).toBe(401);
    expectRefusal(r, 7000218, 'invalid_client');
  });

  it('missing requested_token_use or assertion: AADSTS900144 naming it; another requested_token_use: AADSTS9002313', async () => {
    const incoming = await userToken(`${MIDDLE.uri}/access_as_user`);
    const noUse = await post(V2, { client_id: MIDDLE.id, client_secret: MIDDLE.secret, grant_type: JWT_BEARER, assertion: incoming, scope: 'User.Read' });
    expectRefusal(noUse, 900144, 'invalid_request');
    expect(noUse.json.error_description).toContain("'requested_token_use'");
    const noAssertion = await obo('');
    expectRefusal(noAssertion, 900144, 'invalid_request');
    expect(noAssertion.json.error_description).toContain("'assertion'");
    expectRefusal(await obo(incoming, { requested_token_use: 'something_else' }), 9002313, 'invalid_request');
  });

  it("another app's token: AADSTS500131 naming the audience and the calling app", async () => {
    const forOther = await userToken(`${OTHER.uri}/access_as_user`);
    const r = await obo(forOther);
    expectRefusal(r, 500131, 'invalid_grant');
    expect(r.json.error_description).toContain(`The audience in the assertion was '${OTHER.id}'`);
    expect(r.json.error_description).toContain(`App ID '${MIDDLE.id}'(Middle API)`);
    // The other way round too: Other API presenting the middle tier's token.
    const forMiddle = await userToken(`${MIDDLE.uri}/access_as_user`);
    expectRefusal(await obo(forMiddle, {}, OTHER), 500131, 'invalid_grant');
  });

  it('an app-only token (client credentials for the middle tier): refused, AADSTS7000114', async () => {
    const cc = await post(V2, { grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: `${MIDDLE.uri}/.default` });
    expect(cc.status, JSON.stringify(cc.json)).toBe(200);
    expect(claimsOf(cc.json.access_token)).toMatchObject({ aud: MIDDLE.id, ver: '2.0' }); // v2 app-only: no idtyp [O]
    const r = await obo(String(cc.json.access_token));
    expectRefusal(r, 7000114, 'unauthorized_client');
    expect(r.json.error_description).toContain(MIDDLE.id);
  });

  it('a tampered token: AADSTS50013', async () => {
    const incoming = await userToken(`${MIDDLE.uri}/access_as_user`);
    const [h, p, s] = incoming.split('.');
    const payload = { ...claimsOf(incoming), scp: 'access_as_user Admin.Everything' };
    const altered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    expectRefusal(await obo(altered), 50013, 'invalid_grant');
    // The same claims signed by a key that is not ours, under our kid.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const input = `${h}.${p}`;
    const forged = `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
    expectRefusal(await obo(forged), 50013, 'invalid_grant');
  });

  it('garbage: AADSTS50027', async () => {
    expectRefusal(await obo('not-a-jwt'), 50027, 'invalid_request');
    expectRefusal(await obo('a.b.c'), 50027, 'invalid_request');
  });

  it('no consent from the middle tier to the downstream API: AADSTS65001', async () => {
    const forOther = await userToken(`${OTHER.uri}/access_as_user`);
    const r = await obo(forOther, { scope: `${DOWNSTREAM.uri}/Data.Read` }, OTHER);
    expectRefusal(r, 65001, 'invalid_grant');
    expect(r.json.error_description).toContain(`'${OTHER.id}' named 'Other API'`);
  });

  // Moves the clock: keep last.
  it('an expired token: AADSTS500133 with the current time and the expiry', async () => {
    const incoming = await userToken(`${MIDDLE.uri}/access_as_user`);
    const exp = Number(claimsOf(incoming).exp);
    clock.advance((exp - clock.now().getTime() / 1000 + 301) * 1000);
    const r = await obo(incoming);
    expectRefusal(r, 500133, 'invalid_grant');
    expect(r.json.error_description).toMatch(/Current time: \d{4}-\d\d-\d\dT[\d:.]+Z, expiry time of assertion \d{4}-/);
  });
});
