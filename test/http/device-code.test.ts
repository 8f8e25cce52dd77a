// The device code flow over app.inject(): the /devicecode responses (v1 and v2), the /devicelogin
// pages with their CSRF check, and polling in every state (entra-protocol.md §3.6).

import { describe, expect, it } from 'vitest';
import { USER_CODE_ALPHABET } from '../../src/flows/device/codes.js';
import { CSRF_COOKIE } from '../../src/http/device/device-login-route.js';
import { TestClock } from '../support/clock.js';
import { ALICE, API_ID, BOB, CAROL, CLI_ID, TENANT, WEB } from '../support/demo-seed.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient } from '../support/token-client.js';
import { claimsOf, errorCode, form, FORM, ORIGIN } from '../support/wire.js';

const clock = new TestClock();
const entrada = useEntrada({ clock });
const { post } = tokenClient(entrada);

const SCOPE = 'api://entrada-demo-api/access_as_user openid profile offline_access';

async function deviceCode(clientId = CLI_ID, endpoint: 'v1' | 'v2' = 'v2') {
  const r =
    endpoint === 'v2'
      ? await post(`/${TENANT}/oauth2/v2.0/devicecode`, form({ client_id: clientId, scope: SCOPE }))
      : await post(`/${TENANT}/oauth2/devicecode`, form({ client_id: clientId, resource: 'api://entrada-demo-api' }));
  expect(r.status).toBe(200);
  return r.json as { user_code: string; device_code: string };
}

async function poll(deviceCodeValue: string, extra: Record<string, string> = {}, endpoint: 'v1' | 'v2' = 'v2') {
  const url = endpoint === 'v2' ? `/${TENANT}/oauth2/v2.0/token` : `/${TENANT}/oauth2/token`;
  return post(url, form({ grant_type: 'device_code', client_id: CLI_ID, device_code: deviceCodeValue, ...extra }));
}

/** A browser: a cookie jar and the CSRF field of the last page. */
class Browser {
  cookie = '';
  csrf = '';
  async get() {
    const res = await entrada.app.inject({ method: 'GET', url: '/devicelogin', headers: { host: 'localhost:8443', ...(this.cookie ? { cookie: this.cookie } : {}) } });
    return this.read(res);
  }
  async post(fields: Record<string, string>, csrf = this.csrf) {
    const res = await entrada.app.inject({
      method: 'POST',
      url: '/devicelogin',
      payload: form({ csrf, ...fields }),
      headers: { ...FORM, ...(this.cookie ? { cookie: this.cookie } : {}) },
    });
    return this.read(res);
  }
  private jar = new Map<string, string>();
  private read(res: { statusCode: number; headers: Record<string, unknown>; body: string }) {
    const set = res.headers['set-cookie'];
    for (const c of typeof set === 'string' ? [set] : Array.isArray(set) ? (set as string[]) : []) {
      const pair = c.split(';')[0];
      this.jar.set(pair.slice(0, pair.indexOf('=')), pair);
    }
    this.cookie = [...this.jar.values()].join('; ');
    const m = /name="csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1];
    return { status: res.statusCode, html: res.body, headers: res.headers };
  }
  async approve(userCode: string, user = ALICE) {
    await this.get();
    await this.post({ step: 'code', otc: userCode });
    return this.post({ step: 'signin', otc: userCode, username: user.upn, password: user.password, action: 'approve' });
  }
}

describe('POST /devicecode', () => {
  it('v2: JSON numbers, verification_uri on our host, Entra’s message, a 9-character user code', async () => {
    const r = await post(`/${TENANT}/oauth2/v2.0/devicecode`, form({ client_id: CLI_ID, scope: SCOPE }));
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(['user_code', 'device_code', 'verification_uri', 'expires_in', 'interval', 'message']);
    const userCode = r.json.user_code as string;
    expect(userCode).toMatch(/^[A-Z0-9]{9}$/);
    for (const c of userCode) expect(USER_CODE_ALPHABET).toContain(c);
    expect((r.json.device_code as string).length).toBeGreaterThan(100);
    expect(r.json).toMatchObject({
      verification_uri: `${ORIGIN}/devicelogin`,
      expires_in: 900,
      interval: 5,
      message: `To sign in, use a web browser to open the page ${ORIGIN}/devicelogin and enter the code ${userCode} to authenticate.`,
    });
    expect(r.headers['cache-control']).toBe('no-store, no-cache');
    expect(r.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('v1: verification_url and numbers as strings', async () => {
    const r = await post(`/${TENANT}/oauth2/devicecode`, form({ client_id: CLI_ID, resource: 'api://entrada-demo-api' }));
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(['user_code', 'device_code', 'verification_url', 'expires_in', 'interval', 'message']);
    expect(r.json).toMatchObject({ verification_url: `${ORIGIN}/devicelogin`, expires_in: '900', interval: '5' });
  });

  it('refuses in Entra’s shape: unknown client, missing scope, resource on v2, unknown resource', async () => {
    const unknown = await post(`/${TENANT}/oauth2/v2.0/devicecode`, form({ client_id: 'e7ada000-0000-4000-8000-0000000000ff', scope: SCOPE }));
    expect([unknown.status, unknown.json.error, errorCode(unknown)]).toEqual([400, 'unauthorized_client', 700016]);
    expect(errorCode(await post(`/${TENANT}/oauth2/v2.0/devicecode`, form({ client_id: CLI_ID })))).toBe(90014);
    expect(errorCode(await post(`/${TENANT}/oauth2/v2.0/devicecode`, form({ client_id: CLI_ID, resource: 'x', scope: SCOPE })))).toBe(901002);
    expect(errorCode(await post(`/${TENANT}/oauth2/v2.0/devicecode`, form({ client_id: CLI_ID, scope: 'api://nope/x' })))).toBe(500011);
    expect(errorCode(await post(`/${TENANT}/oauth2/devicecode`, form({ client_id: CLI_ID })))).toBe(900144);
  });

  it('a confidential-by-default app gets a code, and 7000218 at its first poll', async () => {
    const dc = await deviceCode(WEB.id);
    const r = await post(`/${TENANT}/oauth2/v2.0/token`, form({ grant_type: 'device_code', client_id: WEB.id, device_code: dc.device_code }));
    expect([r.status, r.json.error, errorCode(r)]).toEqual([401, 'invalid_client', 7000218]);
    // With its secret it is confidential and the flow goes on.
    const withSecret = await post(
      `/${TENANT}/oauth2/v2.0/token`,
      form({ grant_type: 'device_code', client_id: WEB.id, client_secret: WEB.secret, device_code: dc.device_code }),
    );
    expect(errorCode(withSecret)).toBe(70016);
  });
});

describe('polling', () => {
  it('pending (70016) until approved, then tokens once; a second redemption is refused', async () => {
    const dc = await deviceCode();
    const pending = await poll(dc.device_code);
    expect([pending.status, pending.json.error, errorCode(pending)]).toEqual([400, 'authorization_pending', 70016]);
    expect(pending.headers['retry-after']).toBeUndefined();
    // The documented URN works as well.
    expect(errorCode(await poll(dc.device_code, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code' }))).toBe(70016);

    const done = await new Browser().approve(dc.user_code);
    expect(done.status).toBe(200);
    expect(done.html).toContain('signed in to <span class="app">Demo CLI</span>');

    const r = await poll(dc.device_code, { client_info: '1' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ token_type: 'Bearer', scope: 'openid profile api://entrada-demo-api/access_as_user' });
    expect(r.json.refresh_token).toBeTruthy();
    expect(r.json.id_token).toBeTruthy();
    const claims = claimsOf(r.json.access_token);
    expect(claims).toMatchObject({ aud: API_ID, azp: CLI_ID, scp: 'access_as_user', preferred_username: ALICE.upn, azpacr: '0' });

    const again = await poll(dc.device_code);
    expect([again.json.error, errorCode(again)]).toEqual(['invalid_grant', 70000]);
  });

  it('two polls racing for an approved code: exactly one gets tokens', async () => {
    const dc = await deviceCode();
    await new Browser().approve(dc.user_code);
    const results = await Promise.all(Array.from({ length: 5 }, () => poll(dc.device_code)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) expect(errorCode(r)).toBe(70000);
  });

  it('v1: the device code in `code` (as ADAL sent it), tokens in the v1 shape', async () => {
    const dc = await deviceCode(CLI_ID, 'v1');
    expect(errorCode(await post(`/${TENANT}/oauth2/token`, form({ grant_type: 'device_code', client_id: CLI_ID, code: dc.device_code })))).toBe(70016);
    await new Browser().approve(dc.user_code);
    const r = await post(`/${TENANT}/oauth2/token`, form({ grant_type: 'device_code', client_id: CLI_ID, code: dc.device_code }));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ resource: 'api://entrada-demo-api', expires_in: expect.any(String) });
  });

  it('expired (70020) after 15 minutes, on the poll and on the page (70019)', async () => {
    const dc = await deviceCode();
    clock.advance(900_000);
    try {
      const r = await poll(dc.device_code);
      expect([r.status, r.json.error, errorCode(r)]).toEqual([400, 'expired_token', 70020]);
      const browser = new Browser();
      await browser.get();
      const page = await browser.post({ step: 'code', otc: dc.user_code });
      expect(page.status).toBe(400);
      expect(page.html).toContain('AADSTS70019');
    } finally {
      clock.advance(-900_000);
    }
  });

  it('declined: authorization_declined, and the code cannot be used again on the page (90120)', async () => {
    const dc = await deviceCode();
    const browser = new Browser();
    await browser.get();
    await browser.post({ step: 'code', otc: dc.user_code });
    // Declining needs the same sign-in as approving: a passer-by who saw the code cannot end it.
    const anonymous = await browser.post({ step: 'signin', otc: dc.user_code, action: 'decline' });
    expect(anonymous.html).toContain('AADSTS50126');
    expect(errorCode(await poll(dc.device_code))).toBe(70016);
    const declined = await browser.post({ step: 'signin', otc: dc.user_code, action: 'decline', username: ALICE.upn, password: ALICE.password });
    expect(declined.html).toContain('Sign-in declined');
    const r = await poll(dc.device_code);
    expect([r.status, r.json.error, errorCode(r)]).toEqual([400, 'authorization_declined', 65004]);
    const again = await browser.post({ step: 'code', otc: dc.user_code });
    expect(again.html).toContain('AADSTS90120');
  });

  it('unknown device code, or one issued to another client: bad_verification_code; missing: 900144', async () => {
    const r = await poll('not-a-device-code');
    expect([r.status, r.json.error, errorCode(r)]).toEqual([400, 'bad_verification_code', 70018]);
    const other = await deviceCode(WEB.id);
    expect(errorCode(await poll(other.device_code))).toBe(70018);
    expect(errorCode(await post(`/${TENANT}/oauth2/v2.0/token`, form({ grant_type: 'device_code', client_id: CLI_ID })))).toBe(900144);
  });
});

describe('/devicelogin', () => {
  it('serves the code form with a CSRF cookie (HttpOnly, Secure, SameSite=Lax) and a strict CSP', async () => {
    const res = await entrada.app.inject({ method: 'GET', url: '/devicelogin', headers: { host: 'localhost:8443' } });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^${CSRF_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Lax$`));
    expect(res.body).toContain(`name="csrf" value="${cookie.split(';')[0].split('=')[1]}"`);
    expect(res.body).toContain('<label for="otc">Code</label>');
    expect(String(res.headers['content-security-policy'])).toMatch(/default-src 'none'.*form-action 'self'.*frame-ancestors 'none'/);
    expect(res.body).not.toMatch(/<script/i);
  });

  it('refuses a POST without the cookie, without the field, or with a different token', async () => {
    const dc = await deviceCode();
    const browser = new Browser();
    await browser.get();
    expect((await browser.post({ step: 'code', otc: dc.user_code }, 'A'.repeat(43))).status).toBe(403);
    expect((await browser.post({ step: 'code', otc: dc.user_code }, '')).status).toBe(403);
    const noCookie = new Browser();
    noCookie.csrf = browser.csrf;
    expect((await noCookie.post({ step: 'code', otc: dc.user_code })).status).toBe(403);
    // A forged approval changes nothing.
    expect((await browser.post({ step: 'signin', otc: dc.user_code, username: ALICE.upn, password: ALICE.password, action: 'approve' }, 'x')).status).toBe(403);
    expect(errorCode(await poll(dc.device_code))).toBe(70016);
  });

  it('shows 90119 for an empty code and 70018 for a wrong one; accepts lower case and spaces', async () => {
    const browser = new Browser();
    await browser.get();
    const empty = await browser.post({ step: 'code', otc: '' });
    expect([empty.status, empty.html.includes('AADSTS90119')]).toEqual([400, true]);
    const wrong = await browser.post({ step: 'code', otc: 'CCCCCCCCC' });
    expect([wrong.status, wrong.html.includes('AADSTS70018')]).toEqual([400, true]);
    const dc = await deviceCode();
    const typed = `${dc.user_code.slice(0, 4).toLowerCase()} ${dc.user_code.slice(4)}`;
    const signIn = await browser.post({ step: 'code', otc: typed });
    expect(signIn.status).toBe(200);
    expect(signIn.html).toContain('Sign in to <span class="app">Demo CLI</span>');
    expect(signIn.html).toContain('Access Demo API as you');
    expect(signIn.html).toContain('<code>access_as_user</code>');
  });

  it('a wrong password (50126) or a disabled user (50057) is shown on the page and approves nothing', async () => {
    const dc = await deviceCode();
    const browser = new Browser();
    await browser.get();
    await browser.post({ step: 'code', otc: dc.user_code });
    const wrong = await browser.post({ step: 'signin', otc: dc.user_code, username: ALICE.upn, password: 'nope', action: 'approve' });
    expect([wrong.status, wrong.html.includes('AADSTS50126')]).toEqual([400, true]);
    const disabled = await browser.post({ step: 'signin', otc: dc.user_code, username: CAROL.upn, password: CAROL.password, action: 'approve' });
    expect([disabled.status, disabled.html.includes('AADSTS50057')]).toEqual([400, true]);
    expect(errorCode(await poll(dc.device_code))).toBe(70016);
  });

  it('escapes what it shows back', async () => {
    const res = await entrada.app.inject({ method: 'GET', url: '/devicelogin?otc=%22%3E%3Cscript%3Ex', headers: { host: 'localhost:8443' } });
    expect(res.body).toContain('value="&quot;&gt;&lt;script&gt;x"');
  });
});

describe('/organizations', () => {
  it('the user’s domain picks the tenant at sign-in; polling on /organizations then gets tokens', async () => {
    const r = await post('/organizations/oauth2/v2.0/devicecode', form({ client_id: CLI_ID, scope: SCOPE }));
    expect(r.status).toBe(200);
    const dc = r.json as { user_code: string; device_code: string };
    const pollOrg = () => post('/organizations/oauth2/v2.0/token', form({ grant_type: 'device_code', client_id: CLI_ID, device_code: dc.device_code }));
    expect(errorCode(await pollOrg())).toBe(70016);
    expect((await new Browser().approve(dc.user_code)).status).toBe(200);
    const tokens = await pollOrg();
    expect(tokens.status).toBe(200);
    const claims = claimsOf(tokens.json.access_token);
    expect(claims.tid).toBe(TENANT);
  });
});

describe('consent', () => {
  const MAIL = 'https://graph.microsoft.com/Mail.Read openid';

  it('a permission nobody consented to is asked on a consent page; Accept records it and the device gets it', async () => {
    const r = await post(`/${TENANT}/oauth2/v2.0/devicecode`, form({ client_id: CLI_ID, scope: MAIL }));
    const dc = r.json as { user_code: string; device_code: string };
    const browser = new Browser();
    const page = await browser.approve(dc.user_code);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Permissions requested');
    expect(page.html).toContain('Mail.Read');
    expect(errorCode(await poll(dc.device_code))).toBe(70016);
    const done = await browser.post({ step: 'consent', ctx: dc.user_code, action: 'accept' });
    expect(done.html).toContain('signed in');
    const tokens = await poll(dc.device_code);
    expect(tokens.status).toBe(200);
    const claims = claimsOf(tokens.json.access_token);
    expect(claims.scp).toBe('openid Mail.Read'); // a Graph token carries the OpenID scopes asked [O]
  });

  it('Cancel on the consent page declines the request (authorization_declined at the next poll)', async () => {
    const r = await post(`/${TENANT}/oauth2/v2.0/devicecode`, form({ client_id: CLI_ID, scope: 'https://graph.microsoft.com/User.ReadBasic.All openid' }));
    const dc = r.json as { user_code: string; device_code: string };
    const browser = new Browser();
    expect((await browser.approve(dc.user_code, BOB)).html).toContain('User.ReadBasic.All');
    const done = await browser.post({ step: 'consent', ctx: dc.user_code, action: 'cancel' });
    expect(done.html).toContain('declined');
    expect((await poll(dc.device_code)).json.error).toBe('authorization_declined');
  });

  it('the consent step without the session cookie of its sign-in goes back to sign-in', async () => {
    const r = await post(`/${TENANT}/oauth2/v2.0/devicecode`, form({ client_id: CLI_ID, scope: MAIL }));
    const dc = r.json as { user_code: string; device_code: string };
    const stranger = new Browser();
    await stranger.get();
    const page = await stranger.post({ step: 'consent', ctx: dc.user_code, action: 'accept' });
    expect(page.html).toContain('name="password"');
    expect(errorCode(await poll(dc.device_code))).toBe(70016);
  });
});
