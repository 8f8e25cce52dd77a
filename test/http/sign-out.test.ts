// /logout against cross-site sign-out (issue 9, finding 9): without proof of the account, the
// browser gets "Pick an account" and keeps its sessions; the page's CSRF-protected POST signs
// out; an id_token_hint signed by Entrada (even expired) for a signed-in account signs out at once;
// a logout_hint only narrows the page; a forged hint proves nothing.

import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TestClock } from '../support/clock.js';
import { ALICE, BOB, TENANT, WEB } from '../support/demo-seed.js';
import { useEntrada } from '../support/in-process.js';
import { Browser, hiddenFields, redirectParams } from '../support/sign-in.js';
import { tokenClient } from '../support/token-client.js';
import { PLAIN_FORM } from '../support/wire.js';

const clock = new TestClock();
const entrada = useEntrada({ clock });
const { send } = tokenClient(entrada, PLAIN_FORM);

const WEB_REDIRECT = 'https://localhost:3000/auth/callback';
const LOGOUT = `/${TENANT}/oauth2/v2.0/logout`;
const SESSION = '__Host-entrada-session-';

const authorizeUrl = (extra: Record<string, string> = {}) =>
  `/${TENANT}/oauth2/v2.0/authorize?${new URLSearchParams({
    client_id: WEB.id, response_type: 'code', redirect_uri: WEB_REDIRECT, scope: 'openid profile', state: 's', nonce: 'n', ...extra,
  }).toString()}`;
const logoutUrl = (extra: Record<string, string> = {}) =>
  `${LOGOUT}?${new URLSearchParams({ post_logout_redirect_uri: WEB_REDIRECT, state: 'bye', ...extra }).toString()}`;

/** Signs `user` in in `browser` and returns the id token the app got for it. */
async function signIn(browser: Browser, user: { upn: string; password: string }): Promise<string> {
  const page = await browser.get(authorizeUrl());
  const after = await browser.submit(page, { username: user.upn, password: user.password, action: 'signin' });
  expect(after.statusCode, after.body).toBe(302);
  const code = redirectParams(String(after.headers.location)).get('code')!;
  const res = await send(`/${TENANT}/oauth2/v2.0/token`, {
    grant_type: 'authorization_code', client_id: WEB.id, client_secret: WEB.secret, code, redirect_uri: WEB_REDIRECT, scope: 'openid profile',
  });
  expect(res.statusCode, res.body).toBe(200);
  return String((res.json() as { id_token: string }).id_token);
}

/** Whether the browser still has a session: prompt=none answers with a code, or login_required. */
async function signedIn(browser: Browser): Promise<boolean> {
  const res = await browser.get(authorizeUrl({ prompt: 'none' }));
  const p = redirectParams(String(res.headers.location));
  if (p.get('code')) return true;
  expect(p.get('error')).toBe('login_required');
  return false;
}

/** Asserts `res` is the "Pick an account" page for sign-out and that it ended nothing. */
function expectPicker(res: Awaited<ReturnType<Browser['get']>>) {
  expect(res.statusCode).toBe(200);
  expect(res.headers.location).toBeUndefined();
  expect(res.body).toContain('Which account do you want to sign out of?');
  expect(String(res.headers['set-cookie'] ?? '')).not.toContain(SESSION);
}

describe('sign-out without proof of the account', () => {
  it('a cross-site GET shows "Pick an account" listing the signed-in account; the session stays', async () => {
    const browser = new Browser(entrada.app);
    await signIn(browser, ALICE);
    const res = await browser.get(logoutUrl());
    expectPicker(res);
    expect(res.body).toContain(ALICE.upn);
    expect(res.headers['content-security-policy']).toContain("form-action 'self' https://localhost:3000");
    expect(await signedIn(browser)).toBe(true);
  });

  it('picking the account on the page (POST with the CSRF token) signs out and follows post_logout_redirect_uri', async () => {
    const browser = new Browser(entrada.app);
    await signIn(browser, ALICE);
    const page = await browser.get(logoutUrl());
    const account = /name="account" value="([^"]+)"/.exec(page.body)?.[1];
    expect(account).toBeTruthy();
    const out = await browser.submit(page, { account: account! });
    expect(out.statusCode).toBe(302);
    expect(out.headers.location).toBe(`${WEB_REDIRECT}?state=bye`);
    expect(browser.hasCookie(SESSION)).toBe(false);
    expect(await signedIn(browser)).toBe(false);
  });

  it('a POST without the CSRF token, or with a wrong one, shows the page again and signs nobody out', async () => {
    const browser = new Browser(entrada.app);
    await signIn(browser, ALICE);
    const page = await browser.get(logoutUrl());
    const fields = hiddenFields(page.body);
    const account = /name="account" value="([^"]+)"/.exec(page.body)![1];
    const { csrf: _csrf, ...withoutCsrf } = fields;
    expectPicker(await browser.post(LOGOUT, { ...withoutCsrf, account }));
    expectPicker(await browser.post(LOGOUT, { ...fields, csrf: 'A'.repeat(43), account }));
    expect(await signedIn(browser)).toBe(true);
  });

  it('a forged id_token_hint (signature not by Entrada) shows the page and signs nobody out', async () => {
    const browser = new Browser(entrada.app);
    const idToken = await signIn(browser, ALICE);
    const [h, p, s] = idToken.split('.');
    const tampered = `${h}.${p}.${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
    // The same header (Entrada's kid) and claims, signed by another key.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const resigned = `${h}.${p}.${sign('sha256', Buffer.from(`${h}.${p}`), privateKey).toString('base64url')}`;
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    for (const hint of [tampered, resigned, unsigned]) expectPicker(await browser.get(logoutUrl({ id_token_hint: hint })));
    expect(await signedIn(browser)).toBe(true);
  });

  it("a valid id_token_hint of another user, or a logout_hint naming no signed-in account, shows the page", async () => {
    const browser = new Browser(entrada.app);
    await signIn(browser, ALICE);
    const bobsToken = await signIn(new Browser(entrada.app), BOB);
    expectPicker(await browser.get(logoutUrl({ id_token_hint: bobsToken })));
    expectPicker(await browser.get(logoutUrl({ logout_hint: BOB.upn })));
    expect(await signedIn(browser)).toBe(true);
  });
});

describe('sign-out that names the account', () => {
  it('an id_token_hint signed by Entrada for the signed-in user signs out at once, even expired', async () => {
    const browser = new Browser(entrada.app);
    const idToken = await signIn(browser, ALICE);
    clock.advance(2 * 3600_000); // the id token (1 h) has expired; the session (24 h) has not
    const out = await browser.get(logoutUrl({ id_token_hint: idToken }));
    expect(out.statusCode).toBe(302);
    expect(out.headers.location).toBe(`${WEB_REDIRECT}?state=bye`);
    expect(await signedIn(browser)).toBe(false);
  });

  it('a verified hint lets its audience\'s registered post_logout_redirect_uri be followed without a session', async () => {
    const browser = new Browser(entrada.app);
    const idToken = await signIn(browser, ALICE);
    const other = new Browser(entrada.app);
    const out = await other.get(logoutUrl({ id_token_hint: idToken }));
    expect([out.statusCode, out.headers.location]).toEqual([302, `${WEB_REDIRECT}?state=bye`]);
    expect(await signedIn(browser)).toBe(true);
  });

  it('a logout_hint with the UPN of a signed-in user only narrows the page to that account (a guessable name proves nothing)', async () => {
    const browser = new Browser(entrada.app);
    await signIn(browser, ALICE);
    // (One session per tenant per browser: the demo seed's one tenant gives one account to list.)
    const page = await browser.get(logoutUrl({ logout_hint: ALICE.upn.toUpperCase() }));
    expectPicker(page);
    expect(page.body).toContain(ALICE.upn);
    expect(await signedIn(browser)).toBe(true);
    const account = /name="account" value="([^"]+)"/.exec(page.body)![1];
    const out = await browser.submit(page, { account });
    expect([out.statusCode, out.headers.location]).toEqual([302, `${WEB_REDIRECT}?state=bye`]);
  });

  it('with no session there is nothing to confirm: the signed-out page, as before', async () => {
    const out = await new Browser(entrada.app).get(`${LOGOUT}?post_logout_redirect_uri=https://evil.example/`);
    expect(out.statusCode).toBe(200);
    expect(out.body).toContain('You signed out of your account');
  });
});
