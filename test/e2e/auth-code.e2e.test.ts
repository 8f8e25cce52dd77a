// Authorization code flow with MSAL Node and a real browser: MSAL builds the /authorize URL,
// Chromium signs alice in through Entrada's pages, the redirect to the app is intercepted (nothing
// listens on the app's callback), and MSAL redeems the code. Confidential web app (Web platform,
// form_post) and desktop app (Mobile & desktop platform, loopback redirect), plus the client-type
// refusals each platform implies.

import { ConfidentialClientApplication, CryptoProvider, PublicClientApplication, ServerError } from '@azure/msal-node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, SKIP_BROWSER } from '../support/browser.js';
import { API, authority, CLI, demoUser, host, TENANT_ID, WEB } from './demo.js';
import { verifyToken } from './verify.js';

const WEB_REDIRECT = 'https://localhost:3000/auth/callback';
const ALICE = demoUser('alice');
const SCOPES = [`${API.uri}/access_as_user`];

/**
 * Opens `url`, signs alice in, and returns the parameters the browser then sent to the app at
 * `callbackOrigin` (query or form_post). Nothing listens there: the request is observed, not served.
 */
async function signInAndCapture(page: Page, url: string, callbackOrigin: string, shot?: string): Promise<URLSearchParams> {
  const delivered = new Promise<URLSearchParams>((resolve) => {
    page.on('request', (req) => {
      if (!req.url().startsWith(callbackOrigin)) return;
      resolve(req.method() === 'POST' ? new URLSearchParams(req.postData() ?? '') : new URL(req.url()).searchParams);
    });
  });
  await page.goto(url);
  await page.locator('#username').fill(ALICE.upn);
  await page.locator('#password').fill(ALICE.password);
  if (shot) await screenshot(page, shot);
  await page.getByRole('button', { name: 'Sign in' }).click({ noWaitAfter: true });
  return delivered;
}

async function serverError(p: Promise<unknown>): Promise<ServerError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ServerError);
  return err as ServerError;
}

describe.skipIf(SKIP_BROWSER)('authorization code with MSAL Node and Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  const crypto = new CryptoProvider();
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('confidential web app: getAuthCodeUrl (form_post, PKCE) → sign-in page → acquireTokenByCode; a second redemption is 54005', async () => {
    const cca = new ConfidentialClientApplication({
      auth: { clientId: WEB.appId, clientSecret: WEB.secret, authority: authority(), knownAuthorities: [host()] },
    });
    const pkce = await crypto.generatePkceCodes();
    const url = await cca.getAuthCodeUrl({
      scopes: SCOPES, redirectUri: WEB_REDIRECT, responseMode: 'form_post' as never, state: 'web-state', nonce: 'web-nonce',
      codeChallenge: pkce.challenge, codeChallengeMethod: 'S256',
    });
    const page = await browser.newPage();
    const params = await signInAndCapture(page, url, 'https://localhost:3000', 'sign-in');
    expect(params.get('state')).toBe('web-state');
    const code = params.get('code')!;
    // The app hands MSAL the nonce and state it sent; MSAL checks the id token's nonce and the state.
    const result = await cca.acquireTokenByCode(
      { code, redirectUri: WEB_REDIRECT, scopes: SCOPES, codeVerifier: pkce.verifier, nonce: 'web-nonce', state: 'web-state' },
      { code, state: 'web-state' },
    );
    const claims = await verifyToken(result.accessToken, { issuer: `${authority()}/v2.0`, audience: API.appId, jwksUri: `${authority()}/discovery/v2.0/keys` });
    expect(claims).toMatchObject({ tid: TENANT_ID, azp: WEB.appId, azpacr: '1', scp: 'access_as_user', preferred_username: ALICE.upn });
    expect(result.idTokenClaims).toMatchObject({ nonce: 'web-nonce', aud: WEB.appId });
    expect(result.account?.username).toBe(ALICE.upn);

    const again = await serverError(cca.acquireTokenByCode({ code, redirectUri: WEB_REDIRECT, scopes: SCOPES, codeVerifier: pkce.verifier }));
    expect(again.errorMessage).toMatch(/AADSTS54005/);
    await page.close();
  });

  it('a Web redirect redeemed without a secret is 7000218; a wrong PKCE verifier is 501481', async () => {
    const pca = new PublicClientApplication({ auth: { clientId: WEB.appId, authority: authority(), knownAuthorities: [host()] } });
    const pkce = await crypto.generatePkceCodes();
    const url = await pca.getAuthCodeUrl({ scopes: SCOPES, redirectUri: WEB_REDIRECT, codeChallenge: pkce.challenge, codeChallengeMethod: 'S256' });
    const page = await browser.newPage();
    const code = (await signInAndCapture(page, url, 'https://localhost:3000')).get('code')!;
    const noSecret = await serverError(pca.acquireTokenByCode({ code, redirectUri: WEB_REDIRECT, scopes: SCOPES, codeVerifier: pkce.verifier }));
    expect(noSecret.errorMessage).toMatch(/AADSTS7000218/);
    const cca = new ConfidentialClientApplication({ auth: { clientId: WEB.appId, clientSecret: WEB.secret, authority: authority(), knownAuthorities: [host()] } });
    const wrong = await serverError(cca.acquireTokenByCode({ code, redirectUri: WEB_REDIRECT, scopes: SCOPES, codeVerifier: (await crypto.generatePkceCodes()).verifier }));
    expect(wrong.errorMessage).toMatch(/AADSTS501481/);
    await page.close();
  });

  it('desktop app: loopback redirect on any port, no secret; the same code with a secret is 700025', async () => {
    const redirectUri = 'http://localhost:47123';
    const pca = new PublicClientApplication({ auth: { clientId: CLI.appId, authority: authority(), knownAuthorities: [host()] } });
    const pkce = await crypto.generatePkceCodes();
    const url = await pca.getAuthCodeUrl({ scopes: SCOPES, redirectUri, codeChallenge: pkce.challenge, codeChallengeMethod: 'S256' });
    const page = await browser.newPage();
    const code = (await signInAndCapture(page, url, redirectUri)).get('code')!;

    const withSecret = new ConfidentialClientApplication({ auth: { clientId: CLI.appId, clientSecret: 'not-a-secret-of-this-app', authority: authority(), knownAuthorities: [host()] } });
    const refused = await serverError(withSecret.acquireTokenByCode({ code, redirectUri, scopes: SCOPES, codeVerifier: pkce.verifier }));
    expect(refused.errorMessage).toMatch(/AADSTS700025/);

    const result = await pca.acquireTokenByCode({ code, redirectUri, scopes: SCOPES, codeVerifier: pkce.verifier });
    const claims = await verifyToken(result.accessToken, { issuer: `${authority()}/v2.0`, audience: API.appId, jwksUri: `${authority()}/discovery/v2.0/keys` });
    expect(claims).toMatchObject({ azp: CLI.appId, azpacr: '0', scp: 'access_as_user' });
    await page.close();
  });

  it('never redirects to an unregistered redirect URI: the page shows AADSTS50011', async () => {
    const page = await browser.newPage();
    let left = false;
    await page.route('https://evil.example/**', async (route) => {
      left = true;
      await route.abort();
    });
    const url = `${authority()}/oauth2/v2.0/authorize?client_id=${WEB.appId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`;
    const res = await page.goto(url);
    expect(res?.status()).toBe(400);
    expect(await page.locator('body').textContent()).toContain('AADSTS50011');
    await screenshot(page, 'authorize-error');
    expect(left).toBe(false);
    await page.close();
  });
});
