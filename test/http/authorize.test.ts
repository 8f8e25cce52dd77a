// /authorize, the sign-in pages and authorization code redemption over app.inject(), with a
// cookie-keeping fake browser (test/support/sign-in.ts). Real browsers and MSAL run in test/e2e.

import { describe, expect, it } from 'vitest';
import { TestClock } from '../support/clock.js';
import { ALICE, API_ID, CLI_ID, TENANT, WEB } from '../support/demo-seed.js';
import { useEntrada } from '../support/in-process.js';
import { Browser, pkcePair, redirectParams } from '../support/sign-in.js';
import { tokenClient } from '../support/token-client.js';
import { claimsOf, errorCode, PLAIN_FORM } from '../support/wire.js';

const clock = new TestClock();
const entrada = useEntrada({ clock });
const client = tokenClient(entrada, PLAIN_FORM);

const SPA_ID = 'e7ada000-0000-4000-8000-000000000005';
const WEB_REDIRECT = 'https://localhost:3000/auth/callback';
const SPA_REDIRECT = 'http://localhost:5173/';
const API_SCOPE = 'api://entrada-demo-api/access_as_user';
const AUTHORIZE = `/${TENANT}/oauth2/v2.0/authorize`;
const TOKEN = `/${TENANT}/oauth2/v2.0/token`;

function authorizeUrl(params: Record<string, string>, base = AUTHORIZE): string {
  return `${base}?${new URLSearchParams(params).toString()}`;
}

const token = (fields: Record<string, string>, headers: Record<string, string> = {}) => client.post(TOKEN, fields, headers);

/** Sign alice in through the pages and return the redirect's parameters. */
async function signIn(browser: Browser, params: Record<string, string>): Promise<URLSearchParams> {
  const page = await browser.get(authorizeUrl(params));
  expect(page.statusCode).toBe(200);
  const after = await browser.submit(page, { username: ALICE.upn, password: ALICE.password, action: 'signin' });
  expect(after.statusCode, after.body).toBe(302);
  return redirectParams(String(after.headers.location));
}

function webParams(extra: Record<string, string> = {}) {
  return { client_id: WEB.id, response_type: 'code', redirect_uri: WEB_REDIRECT, scope: `openid profile offline_access ${API_SCOPE}`, state: 's-1', nonce: 'n-1', ...extra };
}

describe('authorization code for a Web app', () => {
  it('signs in through the page, redirects with code and state, and redeems once with the secret', async () => {
    const browser = new Browser(entrada.app);
    const { verifier, challenge } = pkcePair();
    const p = await signIn(browser, webParams({ code_challenge: challenge, code_challenge_method: 'S256', client_info: '1' }));
    expect(p.get('state')).toBe('s-1');
    expect(p.get('client_info')).toBeTruthy();
    expect(browser.hasCookie('__Host-entrada-session-')).toBe(true);
    const code = p.get('code')!;
    const redeem = { grant_type: 'authorization_code', client_id: WEB.id, code, redirect_uri: WEB_REDIRECT, code_verifier: verifier };

    const noSecret = await token(redeem);
    expect([noSecret.status, errorCode(noSecret)]).toEqual([401, 7000218]);

    const ok = await token({ ...redeem, client_secret: WEB.secret, scope: `${API_SCOPE} openid offline_access` });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json.refresh_token).toBeTruthy();
    const idClaims = claimsOf(ok.json.id_token);
    expect(idClaims.nonce).toBe('n-1');
    const access = claimsOf(ok.json.access_token);
    expect(access.aud).toBe(API_ID);
    expect(access.scp).toBe('access_as_user');
    expect(access.azpacr).toBe('1');

    const again = await token({ ...redeem, client_secret: WEB.secret });
    expect([again.status, errorCode(again)]).toEqual([400, 54005]);
  });

  it('refuses a wrong PKCE verifier (501481) without burning the code, and an unregistered redirect_uri (50011)', async () => {
    const browser = new Browser(entrada.app);
    const { verifier, challenge } = pkcePair();
    const p = await signIn(browser, webParams({ code_challenge: challenge, code_challenge_method: 'S256' }));
    const redeem = { grant_type: 'authorization_code', client_id: WEB.id, code: p.get('code')!, redirect_uri: WEB_REDIRECT, client_secret: WEB.secret };
    const wrong = await token({ ...redeem, code_verifier: pkcePair().verifier });
    expect([wrong.status, errorCode(wrong), wrong.json.error]).toEqual([400, 501481, 'invalid_grant']);
    const otherUri = await token({ ...redeem, code_verifier: verifier, redirect_uri: 'https://localhost:3000/other' });
    expect(errorCode(otherUri)).toBe(50011);
    expect((await token({ ...redeem, code_verifier: verifier })).status).toBe(200);
  });

  it('expires codes after ten minutes (70008)', async () => {
    const browser = new Browser(entrada.app);
    const p = await signIn(browser, webParams());
    clock.advance(601_000);
    const r = await token({ grant_type: 'authorization_code', client_id: WEB.id, code: p.get('code')!, redirect_uri: WEB_REDIRECT, client_secret: WEB.secret });
    expect(errorCode(r)).toBe(70008);
  });

  it('answers an unknown code with 9002313 invalid_grant', async () => {
    const r = await token({ grant_type: 'authorization_code', client_id: WEB.id, code: 'nope', redirect_uri: WEB_REDIRECT, client_secret: WEB.secret });
    expect([errorCode(r), r.json.error]).toEqual([9002313, 'invalid_grant']);
  });

  it('reuses the session: a second /authorize redirects without a page; prompt=login shows the page again', async () => {
    const browser = new Browser(entrada.app);
    await signIn(browser, webParams());
    const silent = await browser.get(authorizeUrl(webParams({ prompt: 'none', state: 's-2' })));
    expect(silent.statusCode).toBe(302);
    expect(redirectParams(String(silent.headers.location)).get('code')).toBeTruthy();
    const login = await browser.get(authorizeUrl(webParams({ prompt: 'login' })));
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('name="password"');
    const pick = await browser.get(authorizeUrl(webParams({ prompt: 'select_account' })));
    expect(pick.body).toContain(ALICE.upn);
    const picked = await browser.submit(pick, { account: ALICE.upn });
    expect(picked.statusCode).toBe(302);
  });

  it('prompt=none without a session redirects login_required (50058) with the state', async () => {
    const r = await new Browser(entrada.app).get(authorizeUrl(webParams({ prompt: 'none' })));
    expect(r.statusCode).toBe(302);
    const p = redirectParams(String(r.headers.location));
    expect([p.get('error'), p.get('state')]).toEqual(['login_required', 's-1']);
    expect(p.get('error_description')).toMatch(/^AADSTS50058:/);
  });

  it('shows a wrong password on the sign-in page (50126) and does not redirect', async () => {
    const browser = new Browser(entrada.app);
    const page = await browser.get(authorizeUrl(webParams()));
    const r = await browser.submit(page, { username: ALICE.upn, password: 'wrong', action: 'signin' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('AADSTS50126');
    expect(r.headers.location).toBeUndefined();
  });

  it("lets the sign-in form's answer redirect to the app: form-action allows the redirect URI's origin", async () => {
    const page = await new Browser(entrada.app).get(authorizeUrl(webParams()));
    expect(page.headers['content-security-policy']).toContain("form-action 'self' https://localhost:3000;");
  });

  it('refuses a form posted without the CSRF cookie', async () => {
    const page = await new Browser(entrada.app).get(authorizeUrl(webParams()));
    const stranger = new Browser(entrada.app);
    const r = await stranger.submit(page, { username: ALICE.upn, password: ALICE.password, action: 'signin' });
    expect(r.statusCode).toBe(403);
  });

  it('delivers form_post as an auto-submitting form to the redirect URI', async () => {
    const browser = new Browser(entrada.app);
    const page = await browser.get(authorizeUrl(webParams({ response_mode: 'form_post' })));
    const r = await browser.submit(page, { username: ALICE.upn, password: ALICE.password, action: 'signin' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(`action="${WEB_REDIRECT}"`);
    expect(r.body).toContain('name="code"');
    expect(r.headers['content-security-policy']).toContain('form-action https://localhost:3000');
  });
});

describe('redirect URI and parameter errors', () => {
  it('never redirects to an unregistered URI (50011 on the page)', async () => {
    const r = await new Browser(entrada.app).get(authorizeUrl(webParams({ redirect_uri: 'https://evil.example/cb' })));
    expect(r.statusCode).toBe(400);
    expect(r.headers.location).toBeUndefined();
    expect(r.body).toContain('AADSTS50011');
    expect(r.body).toContain('https://evil.example/cb');
    expect(r.body).toContain('Registered redirect URIs of Demo Web App: https://localhost:3000/auth/callback (Web)');
  });

  it.each([
    [{ response_type: 'code id_token' }, 'unsupported_response_type', 700054],
    [{ response_type: 'token', response_mode: 'fragment' }, 'unsupported_response_type', 700051],
    [{ response_type: 'banana' }, 'unsupported_response_type', 70005],
    [{ prompt: 'sometimes' }, 'invalid_request', 90100],
    [{ code_challenge: 'short', code_challenge_method: 'S256' }, 'invalid_request', 50147],
    [{ code_challenge: 'x'.repeat(43), code_challenge_method: 'S512' }, 'invalid_request', 50149],
    [{ resource: 'api://entrada-demo-api' }, 'invalid_request', 901002],
  ])('%o → redirect with %s (AADSTS%d)', async (extra, error, code) => {
    const r = await new Browser(entrada.app).get(authorizeUrl(webParams(extra)));
    expect(r.statusCode).toBe(302);
    const p = redirectParams(String(r.headers.location));
    expect(p.get('error')).toBe(error);
    expect(p.get('error_description')).toMatch(new RegExp(`^AADSTS${code}:`));
    expect(p.get('state')).toBe('s-1');
  });
});

describe('single-page app', () => {
  async function spaCode(withPkce: boolean) {
    const browser = new Browser(entrada.app);
    const { verifier, challenge } = pkcePair();
    const extra: Record<string, string> = withPkce ? { code_challenge: challenge, code_challenge_method: 'S256' } : {};
    const p = await signIn(browser, { client_id: SPA_ID, response_type: 'code', redirect_uri: SPA_REDIRECT, scope: `openid offline_access ${API_SCOPE}`, ...extra });
    return { code: p.get('code')!, verifier };
  }

  it('redeems cross-origin with PKCE and CORS; refresh tokens last 24 h from sign-in', async () => {
    const { code, verifier } = await spaCode(true);
    const r = await token({ grant_type: 'authorization_code', client_id: SPA_ID, code, redirect_uri: SPA_REDIRECT, code_verifier: verifier }, { origin: 'http://localhost:5173' });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe('*');
    clock.advance(24 * 3600 * 1000 + 1000);
    const late = await token({ grant_type: 'refresh_token', client_id: SPA_ID, refresh_token: String(r.json.refresh_token) }, { origin: 'http://localhost:5173' });
    expect(errorCode(late)).toBe(700084);
    // Readable by MSAL.js, which starts an interactive sign-in (token-route.ts).
    expect(late.headers['access-control-allow-origin']).toBe('*');
  });

  it('refuses redemption without Origin (9002327), without PKCE (9002325), and with a secret (700025)', async () => {
    const a = await spaCode(true);
    const noOrigin = await token({ grant_type: 'authorization_code', client_id: SPA_ID, code: a.code, redirect_uri: SPA_REDIRECT, code_verifier: a.verifier });
    expect(errorCode(noOrigin)).toBe(9002327);
    const withSecret = await token(
      { grant_type: 'authorization_code', client_id: SPA_ID, code: a.code, redirect_uri: SPA_REDIRECT, code_verifier: a.verifier, client_secret: 'x' },
      { origin: 'http://localhost:5173' },
    );
    expect(errorCode(withSecret)).toBe(700025);
    const b = await spaCode(false);
    const noPkce = await token({ grant_type: 'authorization_code', client_id: SPA_ID, code: b.code, redirect_uri: SPA_REDIRECT }, { origin: 'http://localhost:5173' });
    expect(errorCode(noPkce)).toBe(9002325);
  });

  it('refuses an Origin on a Web redemption (9002326)', async () => {
    const p = await signIn(new Browser(entrada.app), webParams());
    const r = await token(
      { grant_type: 'authorization_code', client_id: WEB.id, code: p.get('code')!, redirect_uri: WEB_REDIRECT, client_secret: WEB.secret },
      { origin: 'https://localhost:3000' },
    );
    expect(errorCode(r)).toBe(9002326);
  });
});

describe('public (Mobile & desktop) client', () => {
  it('redeems without a secret on any loopback port, and refuses one (700025)', async () => {
    const { verifier, challenge } = pkcePair();
    const p = await signIn(new Browser(entrada.app), {
      client_id: CLI_ID, response_type: 'code', redirect_uri: 'http://localhost:51234', scope: `openid ${API_SCOPE}`,
      code_challenge: challenge, code_challenge_method: 'S256',
    });
    const redeem = { grant_type: 'authorization_code', client_id: CLI_ID, code: p.get('code')!, redirect_uri: 'http://localhost:51234', code_verifier: verifier };
    expect(errorCode(await token({ ...redeem, client_secret: 'anything' }))).toBe(700025);
    // Registered loopback URIs match on any port, but the redemption repeats the one /authorize used.
    expect(errorCode(await token({ ...redeem, redirect_uri: 'http://localhost:51235' }))).toBe(500112);
    // A refused redemption (a scope of two resources) does not consume the code.
    expect(errorCode(await token({ ...redeem, scope: 'api://entrada-demo-api/access_as_user https://graph.microsoft.com/User.Read' }))).toBe(700022);
    expect((await token(redeem)).status).toBe(200);
  });
});

describe('consent', () => {
  it('prompt=consent shows the permissions; Cancel redirects access_denied (65004); Accept continues', async () => {
    const browser = new Browser(entrada.app);
    const page = await browser.get(authorizeUrl(webParams({ prompt: 'consent' })));
    const consent = await browser.submit(page, { username: ALICE.upn, password: ALICE.password, action: 'signin' });
    expect(consent.statusCode).toBe(200);
    expect(consent.body).toContain('Demo Web App');
    expect(consent.body).toContain('access_as_user');
    const cancel = await browser.submit(consent, { action: 'cancel' });
    const cancelled = redirectParams(String(cancel.headers.location));
    expect([cancelled.get('error'), cancelled.get('error_subcode')]).toEqual(['access_denied', 'cancel']);
    expect(cancelled.get('error_description')).toMatch(/^AADSTS65004:/);
    const accept = await browser.submit(consent, { action: 'accept' });
    expect(accept.statusCode).toBe(302);
    expect(redirectParams(String(accept.headers.location)).get('code')).toBeTruthy();
  });
});

describe('sign-out', () => {
  it('ends the session and follows a registered post_logout_redirect_uri only', async () => {
    const browser = new Browser(entrada.app);
    await signIn(browser, webParams());
    // Nothing proves which account, so the "Pick an account" page first (test/http/sign-out.test.ts).
    const page = await browser.get(`/${TENANT}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent(WEB_REDIRECT)}&state=bye`);
    expect(page.statusCode).toBe(200);
    const out = await browser.submit(page, { account: /name="account" value="([^"]+)"/.exec(page.body)![1] });
    expect(out.statusCode).toBe(302);
    expect(out.headers.location).toBe(`${WEB_REDIRECT}?state=bye`);
    expect(browser.hasCookie('__Host-entrada-session-')).toBe(false);
    const silent = await browser.get(authorizeUrl(webParams({ prompt: 'none' })));
    expect(redirectParams(String(silent.headers.location)).get('error')).toBe('login_required');
    const evil = await browser.get(`/${TENANT}/oauth2/v2.0/logout?post_logout_redirect_uri=https://evil.example/`);
    expect(evil.statusCode).toBe(200);
    expect(evil.headers.location).toBeUndefined();
  });
});

describe('review findings', () => {
  it('prompt=login cannot be satisfied by posting an account pick with an old session', async () => {
    const browser = new Browser(entrada.app);
    await signIn(browser, webParams());
    const page = await browser.get(authorizeUrl(webParams({ prompt: 'login' })));
    const forged = await browser.submit(page, { step: 'pick', account: ALICE.upn });
    expect(forged.statusCode).toBe(200);
    expect(forged.body).toContain('name="password"');
  });

  it('prompt=none never shows a page: several sessions → interaction_required (16000)', async () => {
    // A session in the demo tenant and one in another tenant, both usable under /common.
    const browser = new Browser(entrada.app);
    await signIn(browser, webParams());
    const other = new Browser(entrada.app);
    await signIn(other, webParams());
    // Two session cookies for the same tenant cannot coexist (one name per tenant), so give the
    // browser a second cookie name holding the other session's value.
    const otherCookie = other.cookieHeader().split('; ').find((c) => c.startsWith('__Host-entrada-session-'))!;
    const res = await entrada.app.inject({
      method: 'GET',
      url: authorizeUrl(webParams({ prompt: 'none' }), '/common/oauth2/v2.0/authorize'),
      headers: { host: 'localhost:8443', cookie: `${browser.cookieHeader()}; ${otherCookie.replace('__Host-entrada-session-', '__Host-entrada-session-x')}` },
    });
    expect(res.statusCode).toBe(302);
    expect(redirectParams(String(res.headers.location)).get('error_description')).toMatch(/^AADSTS16000:/);
  });

  it('form_post to a loopback URI with an impossible port is refused cleanly, never a 500', async () => {
    const r = await new Browser(entrada.app).get(
      authorizeUrl({ client_id: CLI_ID, response_type: 'banana', redirect_uri: 'http://localhost:99999/', response_mode: 'form_post', scope: 'openid' }),
    );
    expect(r.statusCode).toBe(302);
    expect(String(r.headers.location)).toMatch(/^http:\/\/localhost:99999\/\?error=/);
  });
});
