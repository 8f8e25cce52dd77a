// MSAL.js (@azure/msal-browser) in headless Chromium, as a single-page app on
// http://localhost:5173 (Demo SPA's registered SPA redirect URI): loginRedirect through Entrada's
// sign-in and consent pages with PKCE, handleRedirectPromise, then acquireTokenSilent — which
// redeems the SPA refresh token cross-origin, so Entrada's CORS answer is what lets it work.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, SKIP_BROWSER } from '../support/browser.js';
import { serveSpa } from '../support/static-server.js';
import { API, authority, demoApp, demoUser, host, TENANT_ID } from './demo.js';
import { verifyToken } from './verify.js';

const SPA = demoApp('Demo SPA');
const ALICE = demoUser('alice');
const API_SCOPE = `${API.uri}/access_as_user`;

/** The app: MSAL.js from a plain script tag, state kept in localStorage, results on window. */
function spaPage(config: { clientId: string; authority: string; host: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Demo SPA</title><script src="/msal-browser.js"></script></head>
<body><h1>Demo SPA</h1>
<script>
const config = ${JSON.stringify(config)};
window.ready = (async () => {
  const pca = new msal.PublicClientApplication({
    auth: { clientId: config.clientId, authority: config.authority, knownAuthorities: [config.host], redirectUri: location.origin + '/' },
    cache: { cacheLocation: 'localStorage' },
  });
  await pca.initialize();
  const result = await pca.handleRedirectPromise();
  window.pca = pca;
  return result && { accessToken: result.accessToken, idToken: result.idToken, username: result.account.username, scopes: result.scopes };
})().catch((e) => ({ error: String((e && e.errorCode) || e), message: String(e && e.errorMessage) }));
</script></body></html>`;
}

interface Ready {
  accessToken?: string;
  idToken?: string;
  username?: string;
  scopes?: string[];
  error?: string;
  message?: string;
}

const ready = (page: Page) => page.evaluate(() => (window as unknown as { ready: Promise<Ready | null> }).ready);
const apiClaims = (token: string) => verifyToken(token, { issuer: `${authority()}/v2.0`, audience: API.appId, jwksUri: `${authority()}/discovery/v2.0/keys` });

describe.skipIf(SKIP_BROWSER)('MSAL.js single-page app in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let spa: Awaited<ReturnType<typeof serveSpa>>;
  beforeAll(async () => {
    spa = await serveSpa(spaPage({ clientId: SPA.appId, authority: authority(), host: host() }));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await spa?.close();
  });

  it('signs in with loginRedirect + PKCE through the sign-in and consent pages, then refreshes silently', async () => {
    const page = await browser.newPage();
    await page.goto(spa.url);
    expect(await ready(page)).toBeNull();

    // prompt=consent shows the consent page even though the demo seed pre-grants it.
    await page.evaluate((scope) => {
      void (window as unknown as { pca: { loginRedirect(r: object): Promise<void> } }).pca.loginRedirect({ scopes: [scope], prompt: 'consent' });
    }, API_SCOPE);
    await page.waitForURL((url) => url.host === host());
    expect(new URL(page.url()).searchParams.get('code_challenge_method')).toBe('S256');
    await page.locator('#username').fill(ALICE.upn);
    await page.locator('#password').fill(ALICE.password);
    await screenshot(page, 'spa-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('button', { name: 'Accept' }).waitFor();
    expect(await page.locator('body').textContent()).toContain('Demo SPA');
    await screenshot(page, 'consent');
    await page.getByRole('button', { name: 'Accept' }).click();

    await page.waitForURL((url) => url.origin === new URL(spa.url).origin);
    const signedIn = await ready(page);
    expect(signedIn?.error, signedIn?.message).toBeUndefined();
    expect(signedIn?.username).toBe(ALICE.upn);
    const first = await apiClaims(signedIn!.accessToken!);
    expect(first).toMatchObject({ tid: TENANT_ID, azp: SPA.appId, azpacr: '0', scp: 'access_as_user', preferred_username: ALICE.upn });

    // forceRefresh makes MSAL.js redeem its refresh token from the page: cross-origin, no secret.
    const silent = await page.evaluate(async (scope) => {
      const pca = (window as unknown as { pca: { getAllAccounts(): object[]; acquireTokenSilent(r: object): Promise<{ accessToken: string; fromCache: boolean }> } }).pca;
      const r = await pca.acquireTokenSilent({ scopes: [scope], account: pca.getAllAccounts()[0], forceRefresh: true });
      return { accessToken: r.accessToken, fromCache: r.fromCache };
    }, API_SCOPE);
    expect(silent.fromCache).toBe(false);
    expect(silent.accessToken).not.toBe(signedIn!.accessToken);
    expect(await apiClaims(silent.accessToken)).toMatchObject({ azp: SPA.appId, scp: 'access_as_user', oid: first.oid });
    await page.close();
  });

  it('an app asking for MFA (claims acr urn:microsoft:policies:mfa) gets the MFA step in the sign-in pages (issue 17)', async () => {
    const page = await browser.newPage();
    await page.goto(spa.url);
    await ready(page);
    const claims = JSON.stringify({ id_token: { acr: { essential: true, values: ['urn:microsoft:policies:mfa'] } } });
    await page.evaluate(({ scope, claims }) => {
      void (window as unknown as { pca: { loginRedirect(r: object): Promise<void> } }).pca.loginRedirect({ scopes: [scope], claims });
    }, { scope: API_SCOPE, claims });
    await page.waitForURL((url) => url.host === host());
    await page.locator('#username').fill(ALICE.upn);
    await page.locator('#password').fill(ALICE.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Approve' }).waitFor();
    expect(await page.locator('h1').textContent()).toBe('Approve sign in request');
    await screenshot(page, 'mfa');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL((url) => url.origin === new URL(spa.url).origin);
    const signedIn = await ready(page);
    expect(signedIn?.error, signedIn?.message).toBeUndefined();
    expect(await apiClaims(signedIn!.accessToken!)).toMatchObject({ azp: SPA.appId, scp: 'access_as_user' });
    await page.close();
  });

  it('a silent sign-in (ssoSilent-style prompt=none) with no session reports login_required to the app', async () => {
    const page = await browser.newPage();
    await page.goto(spa.url);
    await ready(page);
    // Entrada answers at once with a redirect back to the app: the next page load is the app again.
    const back = page.waitForEvent('load');
    await page.evaluate((scope) => {
      void (window as unknown as { pca: { loginRedirect(r: object): Promise<void> } }).pca.loginRedirect({ scopes: [scope], prompt: 'none' });
    }, API_SCOPE);
    await back;
    const r = await ready(page);
    expect(r?.error).toBe('login_required');
    expect(r?.message).toMatch(/AADSTS50058/);
    await page.close();
  });
});
