// What a token response carries (issue 13): the scope echo when the resource is named by URI,
// SPA responses (CORS headers, refresh_token_expires_in) and their refusals, v2 app-only token
// claims, and client capabilities (cp1). Bytes as the real Entra sends them.

import { describe, expect, it } from 'vitest';
import { TestClock } from '../support/clock.js';
import { ALICE, API_ID, DAEMON, TENANT, WEB } from '../support/demo-seed.js';
import { useEntrada } from '../support/in-process.js';
import { Browser, pkcePair, redirectParams } from '../support/sign-in.js';
import { tokenClient } from '../support/token-client.js';
import { claimsOf, errorCode, HOST } from '../support/wire.js';

const clock = new TestClock();
const entrada = useEntrada({ clock });
const { post, send } = tokenClient(entrada);

const V2 = `/${TENANT}/oauth2/v2.0/token`;
const V1 = `/${TENANT}/oauth2/token`;
const SPA_ID = 'e7ada000-0000-4000-8000-000000000005';
const SPA_REDIRECT = 'http://localhost:5173/';
const SPA_ORIGIN = { origin: 'http://localhost:5173' };
const API_SCOPE = 'api://entrada-demo-api/access_as_user';
/** Exactly what Entra sends on a cross-origin token response [O: issue 13]. */
const SPA_CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Content-Length,Content-Encoding,x-ms-request-id,x-ms-srs',
  'access-control-allow-methods': 'POST, OPTIONS',
};
const CP1 = '{"access_token":{"xms_cc":{"values":["cp1"]}}}';

/** ROPC as Demo Web App (confidential; Graph consent: User.Read openid profile email offline_access). */
const webRopc = (scope: string, extra: Record<string, string> = {}) =>
  post(V2, { grant_type: 'password', client_id: WEB.id, client_secret: WEB.secret, username: ALICE.upn, password: ALICE.password, scope, ...extra });
const clientCredentials = (extra: Record<string, string> = {}, url = V2) =>
  post(url, { grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: 'api://entrada-demo-api/.default', ...extra });

describe('scope echo: the resource as the client named it', () => {
  it.each<[string, string, string]>([
    // [O] the real Entra's answer, byte for byte.
    ['Graph .default by URI [O]', 'https://graph.microsoft.com/.default openid profile offline_access', 'email openid profile https://graph.microsoft.com/User.Read https://graph.microsoft.com/.default'],
    // Bare Graph permissions: unchanged.
    ['bare User.Read (unchanged)', 'User.Read openid profile offline_access', 'User.Read openid profile'],
    ['bare OIDC only (unchanged)', 'openid profile offline_access', 'User.Read email openid profile'],
    // [I] the same rule for every resource named by URI or app id.
    ['Graph permission by URI [I]', 'https://graph.microsoft.com/User.Read openid offline_access', 'openid https://graph.microsoft.com/User.Read'],
    ['custom API .default by URI [I]', 'api://entrada-demo-api/.default openid profile offline_access', 'openid profile api://entrada-demo-api/access_as_user api://entrada-demo-api/.default'],
    ['custom API .default by app id [I]', `${API_ID}/.default`, `${API_ID}/access_as_user ${API_ID}/.default`],
    ['custom API permission by URI [I]', `${API_SCOPE} openid offline_access`, `openid ${API_SCOPE}`],
  ])('%s', async (_name, scope, echoed) => {
    const r = await webRopc(scope);
    expect(r.status, r.description).toBe(200);
    expect(r.json.scope).toBe(echoed);
  });
});

describe('single-page app responses', () => {
  async function spaSignIn(): Promise<Record<string, unknown>> {
    const browser = new Browser(entrada.app);
    const { verifier, challenge } = pkcePair();
    const params = { client_id: SPA_ID, response_type: 'code', redirect_uri: SPA_REDIRECT, scope: `openid profile offline_access ${API_SCOPE}`, code_challenge: challenge, code_challenge_method: 'S256' };
    const page = await browser.get(`/${TENANT}/oauth2/v2.0/authorize?${new URLSearchParams(params).toString()}`);
    const after = await browser.submit(page, { username: ALICE.upn, password: ALICE.password, action: 'signin' });
    const code = redirectParams(String(after.headers.location)).get('code')!;
    const r = await post(V2, { grant_type: 'authorization_code', client_id: SPA_ID, code, redirect_uri: SPA_REDIRECT, code_verifier: verifier, scope: `${API_SCOPE} openid profile offline_access` }, SPA_ORIGIN);
    expect(r.status, r.description).toBe(200);
    expect(r.headers).toMatchObject(SPA_CORS);
    expect(r.headers.vary).toBeUndefined();
    return r.json;
  }

  it('code redemption: CORS headers, refresh_token_expires_in 86399 right after refresh_token', async () => {
    const json = await spaSignIn();
    expect(Object.keys(json)).toEqual(['token_type', 'scope', 'expires_in', 'ext_expires_in', 'access_token', 'refresh_token', 'refresh_token_expires_in', 'id_token']);
    expect(json.refresh_token_expires_in).toBe(86399);
  });

  it('refresh: the seconds left in the 24 h window since sign-in, then 700084 readable cross-origin', async () => {
    const first = await spaSignIn();
    clock.advance(3600 * 1000);
    const r = await post(V2, { grant_type: 'refresh_token', client_id: SPA_ID, refresh_token: String(first.refresh_token), redirect_uri: SPA_REDIRECT, scope: `${API_SCOPE} openid offline_access` }, SPA_ORIGIN);
    expect(r.status, r.description).toBe(200);
    expect(r.headers).toMatchObject(SPA_CORS);
    expect(r.json.refresh_token_expires_in).toBe(86399 - 3600);
    clock.advance(500);
    const again = await post(V2, { grant_type: 'refresh_token', client_id: SPA_ID, refresh_token: String(r.json.refresh_token), scope: API_SCOPE }, SPA_ORIGIN);
    expect(again.json.refresh_token_expires_in).toBe(86399 - 3600); // 82799.5 s left: counted like expires_in

    clock.advance(23 * 3600 * 1000);
    const late = await post(V2, { grant_type: 'refresh_token', client_id: SPA_ID, refresh_token: String(again.json.refresh_token), scope: API_SCOPE }, SPA_ORIGIN);
    expect(errorCode(late)).toBe(700084);
    expect(late.headers).toMatchObject(SPA_CORS);
  });

  it('refusals of cross-origin code and refresh requests carry the CORS headers; requests without Origin get none', async () => {
    // A Web app's code redeemed from a page: refused (the code is made up), and readable.
    const crossOrigin = await post(V2, { grant_type: 'authorization_code', client_id: WEB.id, client_secret: WEB.secret, code: 'not-a-code', redirect_uri: 'https://localhost:3000/auth/callback' }, { origin: 'https://spa.example' });
    expect(crossOrigin.status).toBe(400);
    expect(crossOrigin.headers).toMatchObject(SPA_CORS);

    const plain = await webRopc(`${API_SCOPE} offline_access`);
    expect(plain.status).toBe(200);
    expect(plain.json.refresh_token).toBeTruthy();
    expect(plain.json.refresh_token_expires_in).toBeUndefined(); // not an SPA: the refresh token slides
    for (const h of Object.keys(SPA_CORS)) expect(plain.headers[h]).toBeUndefined();
    const refused = await webRopc('api://nobody/.default');
    for (const h of Object.keys(SPA_CORS)) expect(refused.headers[h]).toBeUndefined();
  });

  it('no other grant is readable by a page: ROPC naming the SPA redirect URI from any origin, client credentials', async () => {
    // Entra's rule would make this ROPC an SPA request; Entrada keeps a page from reading it, so no
    // website can run ROPC against a local Entrada through a developer's browser (token-route.ts).
    const ropc = await post(V2, { grant_type: 'password', client_id: SPA_ID, redirect_uri: SPA_REDIRECT, username: ALICE.upn, password: ALICE.password, scope: API_SCOPE }, { origin: 'https://evil.example' });
    for (const h of Object.keys(SPA_CORS)) expect(ropc.headers[h]).toBeUndefined();
    const wrongPassword = await post(V2, { grant_type: 'password', client_id: SPA_ID, redirect_uri: SPA_REDIRECT, username: ALICE.upn, password: 'guess', scope: API_SCOPE }, { origin: 'https://evil.example' });
    expect(errorCode(wrongPassword)).toBe(50126);
    for (const h of Object.keys(SPA_CORS)) expect(wrongPassword.headers[h]).toBeUndefined();
    const daemon = await post(V2, { grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: 'api://entrada-demo-api/.default' }, { origin: 'https://spa.example' });
    expect(errorCode(daemon)).toBe(9002326);
    for (const h of Object.keys(SPA_CORS)) expect(daemon.headers[h]).toBeUndefined();
  });

  it('the preflight allows any origin, POST and OPTIONS', async () => {
    const r = await entrada.app.inject({ method: 'OPTIONS', url: V2, headers: { ...HOST, origin: 'http://localhost:5173', 'access-control-request-method': 'POST' } });
    expect(r.statusCode).toBe(204);
    expect(r.headers).toMatchObject({ 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST, OPTIONS' });
  });
});

describe('app-only token claims', () => {
  it('v2: no idtyp; an opaque xms_ftd, as a captured v2 app token [O]', async () => {
    const r = await clientCredentials();
    const claims = claimsOf(r.json.access_token);
    expect(Object.keys(claims).sort()).toEqual(['aio', 'aud', 'azp', 'azpacr', 'exp', 'iat', 'iss', 'nbf', 'oid', 'rh', 'roles', 'sub', 'tid', 'uti', 'ver', 'xms_ftd']);
    expect(claims.xms_ftd).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('v1 (a resource asking for v1 tokens, Graph): idtyp app stays, no xms_ftd [D: §7.4]', async () => {
    const r = await clientCredentials({ scope: 'https://graph.microsoft.com/.default' });
    const claims = claimsOf(r.json.access_token);
    expect(claims).toMatchObject({ idtyp: 'app', ver: '1.0' });
    expect(claims.xms_ftd).toBeUndefined();
  });
});

describe('client capabilities (claims parameter)', () => {
  it('cp1 → xms_cc ["cp1"] and a 24 h access token (expires_in 86399) [O]', async () => {
    const r = await webRopc(`${API_SCOPE} openid`, { claims: CP1 });
    expect(r.status, r.description).toBe(200);
    expect(r.json.expires_in).toBe(86399);
    expect(r.json.ext_expires_in).toBe(86399);
    const claims = claimsOf(r.json.access_token);
    expect(claims.xms_cc).toEqual(['cp1']);
    expect((claims.exp as number) - Math.floor(clock.now().getTime() / 1000)).toBe(86400);
    expect(claimsOf(r.json.id_token).xms_cc).toBeUndefined();
  });

  it("MSAL's merged claims (id_token entries + xms_cc) on client credentials, v1 too", async () => {
    const merged = '{"id_token":{"signin_state":{"essential":false},"login_hint":{"essential":false}},"access_token":{"xms_cc":{"values":["cp1"]}}}';
    const v2 = await clientCredentials({ claims: merged });
    expect(v2.json.expires_in).toBe(86399);
    expect(claimsOf(v2.json.access_token).xms_cc).toEqual(['cp1']);
    const v1 = await post(V1, { grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, resource: 'api://entrada-demo-api', claims: merged });
    expect(v1.json.expires_in).toBe('86399');
  });

  it('without cp1: no xms_cc, the usual lifetime', async () => {
    for (const claims of ['{"id_token":{"signin_state":{"essential":false}}}', '{"access_token":{"xms_cc":{"values":["cp2"]}}}', '{}', '']) {
      const r = await clientCredentials({ claims });
      expect(r.status, claims).toBe(200);
      expect(r.json.expires_in).toBe(3599);
      expect(claimsOf(r.json.access_token).xms_cc).toBeUndefined();
    }
  });

  it.each([
    ['not JSON', '{access_token'],
    ['a JSON array', '["cp1"]'],
    ['a JSON string', '"cp1"'],
    ['null', 'null'],
    ['deeply nested', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
  ])('%s → 400 AADSTS90100', async (_name, claims) => {
    const r = await clientCredentials({ claims });
    expect(r.status).toBe(400);
    expect(errorCode(r)).toBe(90100);
    expect(r.description).toMatch(/^AADSTS90100: The parameter 'claims' is empty or not valid\./);
  });

  it('an over-long claims value is refused by the form limits, never a 500', async () => {
    const r = await send(V2, { grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: 'api://entrada-demo-api/.default', claims: `{"a":"${'x'.repeat(300 * 1024)}"}` });
    expect(r.statusCode).toBeGreaterThanOrEqual(400);
    expect(r.statusCode).toBeLessThan(500);
  });
});
