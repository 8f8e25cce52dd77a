// The founding problem, fixed in the portal (issue 14), in real Chromium with real MSAL: register an
// app in the portal, run MSAL Node ROPC → AADSTS7000218, open that sign-in log entry and follow its
// fix to the Authentication page, where the decision simulator shows the verdict of every common
// request before and after toggling "Allow public client flows" (as typed, before saving, and after
// saving); rerun → token. Then add an SPA redirect URI and sign in with MSAL.js, and create a secret
// and use it.

import { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_BROWSER } from '../support/browser.js';
import { ALICE, newPortalPage, type PortalRig, signInToPortal, startPortalRig } from '../support/portal.js';
import { serveSpa } from '../support/static-server.js';
import { claimsOf } from '../support/wire.js';

/** The simulator's table, row key → verdict ('accepted' or the AADSTS code), once it is up to date. */
async function verdicts(page: Page): Promise<Record<string, string>> {
  await page.locator('#simulation[data-state="fresh"]').waitFor();
  return page.locator('#simulation tr[data-row]').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.getAttribute('data-row') ?? '', r.getAttribute('data-verdict') ?? ''])),
  );
}

/** The rows every registration shows, and what the token endpoint answers each with public client flows No / Yes. */
const BEFORE = { 'password-none': '7000218', 'password-secret': 'accepted', 'device_code-none': '7000218', 'client_credentials-secret': 'accepted', 'client_credentials-none': '7000218' };
const AFTER = { 'password-none': 'accepted', 'password-secret': '700025', 'device_code-none': 'accepted', 'client_credentials-secret': 'accepted', 'client_credentials-none': '7000218' };

describe.skipIf(SKIP_BROWSER)('the founding journey in the portal', { timeout: 120_000 }, () => {
  let rig: PortalRig;
  let page: Page;
  let appId: string;
  let objectId: string;
  const authority = () => rig.entrada.authority();
  const host = () => new URL(rig.entrada.url).host;
  const ropc = () =>
    new PublicClientApplication({ auth: { clientId: appId, authority: authority(), knownAuthorities: [host()] }, system: { networkClient: rig.entrada.msalNetworkClient } })
      .acquireTokenByUsernamePassword({ username: ALICE.upn, password: ALICE.password, scopes: ['openid', 'profile'] });

  beforeAll(async () => {
    rig = await startPortalRig();
    ({ page } = await newPortalPage(rig));
    await signInToPortal(rig, page, undefined, '/portal/apps/new');
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('registers an app in the portal', async () => {
    await page.getByLabel('Name').fill('Journey App');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText('The application was registered').waitFor();
    objectId = new URL(page.url()).pathname.split('/').pop() ?? '';
    appId = (await page.locator('dt:text-is("Application (client) ID") + dd code').textContent()) ?? '';
    expect(appId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('ROPC from MSAL Node is refused with AADSTS7000218, and the sign-in log entry leads to the fix', async () => {
    const refused = await ropc().then(
      () => undefined,
      (err: { errorCode?: string; errorMessage?: string }) => err,
    );
    expect(refused?.errorCode).toBe('invalid_client');
    expect(refused?.errorMessage).toContain('AADSTS7000218');

    await page.goto(`${rig.entrada.url}/portal/sign-ins?status=failure&code=7000218`);
    const row = page.locator('tbody tr[data-id]').first();
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Journey App');
    await row.getByRole('link').first().click();
    await expect(page.locator('main').textContent()).resolves.toContain('Allow public client flows');
    await page.getByRole('link', { name: "Change 'Allow public client flows' on the Authentication page" }).click();
    expect(new URL(page.url()).pathname).toBe(`/portal/apps/${objectId}/authentication`);
  });

  it('the simulator shows every row before the change, as typed before saving, and after saving', async () => {
    expect(await verdicts(page)).toMatchObject(BEFORE);
    // Toggled but not saved: the live simulation already answers for the new setting.
    await page.getByRole('radio', { name: 'Yes' }).check();
    await expect.poll(() => verdicts(page), { timeout: 10_000 }).toMatchObject(AFTER);
    // One request of the simulator's own: the founding one, explained.
    await page.getByLabel('Grant').selectOption('password');
    await expect.poll(() => page.locator('#simulation .verdict').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('accepted');
    // Not saved yet: the token endpoint still refuses.
    await expect(ropc()).rejects.toMatchObject({ errorCode: 'invalid_client' });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    expect(await verdicts(page)).toMatchObject(AFTER);
  });

  it('ROPC from MSAL Node now gets a token', async () => {
    const result = await ropc();
    expect(result?.account?.username).toBe(ALICE.upn);
    expect(claimsOf(result?.idToken)).toMatchObject({ aud: appId, preferred_username: ALICE.upn });
  });

  it('an SPA redirect URI added in the portal lets MSAL.js sign in from a browser page', async () => {
    const spa = await serveSpa(spaPage(), 0);
    try {
      await page.goto(`${rig.entrada.url}/portal/apps/${objectId}/authentication`);
      await page.getByLabel('Redirect URIs (one per line)').nth(1).fill(spa.url);
      await expect.poll(() => verdicts(page).then((v) => v['code-spa-0-browser'])).toBe('accepted');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Saved.').waitFor();

      // The app runs in a window of its own (another browser context): Entrada keeps one sign-in per
      // tenant per browser, so signing in as Alice here would end the admin's, and the portal's with it.
      const appContext = await rig.browser.newContext();
      const app = await appContext.newPage();
      await app.goto(`${spa.url}#${new URLSearchParams({ clientId: appId, authority: authority(), host: host() })}`);
      await app.waitForFunction(() => (window as unknown as { pca?: unknown }).pca !== undefined);
      await app.evaluate(() => void (window as unknown as { pca: { loginRedirect(r: object): Promise<void> } }).pca.loginRedirect({ scopes: ['openid', 'profile'], prompt: 'login' }));
      await app.waitForURL((url) => url.host === host());
      await app.locator('#username').fill(ALICE.upn);
      await app.locator('#password').fill(ALICE.password);
      await app.getByRole('button', { name: 'Sign in' }).click();
      await app.waitForURL((url) => url.origin === new URL(spa.url).origin);
      const signedIn = await app.evaluate(() => (window as unknown as { ready: Promise<{ username?: string; idToken?: string; error?: string }> }).ready);
      expect(signedIn?.error).toBeUndefined();
      expect(signedIn?.username).toBe(ALICE.upn);
      expect(claimsOf(signedIn?.idToken)).toMatchObject({ aud: appId });
      await appContext.close();
    } finally {
      await spa.close();
    }
  });

  it('a secret created in the portal is shown once and works for client credentials', async () => {
    await page.goto(`${rig.entrada.url}/portal/apps/${objectId}/credentials`);
    await page.locator('#secret-description').fill('journey');
    await page.getByRole('button', { name: 'Add client secret' }).click();
    const secret = (await page.locator('#new-secret-value').textContent())?.trim() ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(40);
    const cca = new ConfidentialClientApplication({
      auth: { clientId: appId, authority: authority(), knownAuthorities: [host()], clientSecret: secret },
      system: { networkClient: rig.entrada.msalNetworkClient },
    });
    const token = await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    expect(claimsOf(token?.accessToken)).toMatchObject({ appid: appId });
    await page.goto(`${rig.entrada.url}/portal/apps/${objectId}/credentials`);
    await expect(page.content()).resolves.not.toContain(secret);
  });
});

/** A single-page app whose MSAL.js configuration comes from its URL's fragment (set by the test). */
function spaPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Journey SPA</title><script src="/msal-browser.js"></script></head>
<body><h1>Journey SPA</h1>
<script>
const saved = sessionStorage.getItem('config');
const config = location.hash.length > 1 && location.hash.includes('clientId') ? Object.fromEntries(new URLSearchParams(location.hash.slice(1))) : JSON.parse(saved || 'null');
if (config) sessionStorage.setItem('config', JSON.stringify(config));
window.ready = (async () => {
  const pca = new msal.PublicClientApplication({
    auth: { clientId: config.clientId, authority: config.authority, knownAuthorities: [config.host], redirectUri: location.origin + '/' },
    cache: { cacheLocation: 'sessionStorage' },
  });
  await pca.initialize();
  const result = await pca.handleRedirectPromise();
  window.pca = pca;
  return result && { idToken: result.idToken, username: result.account.username };
})().catch((e) => ({ error: String((e && e.errorCode) || e) }));
</script></body></html>`;
}
