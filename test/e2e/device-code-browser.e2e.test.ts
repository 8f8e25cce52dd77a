// The device code flow with a person in a real browser: MSAL Node's acquireTokenByDeviceCode with
// Demo CLI, and Chromium (test/support/browser.ts) doing what the person would on /devicelogin —
// open the page MSAL shows, type the code, sign in as alice, allow. Screenshots of each page go to
// test-artifacts/screenshots/device-*.png.

import { PublicClientApplication, type DeviceCodeRequest } from '@azure/msal-node';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, SKIP_BROWSER } from '../support/browser.js';
import { API, authority, baseUrl, CLI, demoUser, host, TENANT_ID } from './demo.js';
import { discover, verifyToken } from './verify.js';

describe.skipIf(SKIP_BROWSER)('device code, signed in with Chromium on /devicelogin', { timeout: 30_000 }, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function signInOnDevicePage(verificationUri: string, userCode: string, user: { upn: string; password: string }) {
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    try {
      await page.goto(verificationUri);
      await expect.poll(() => page.title()).toBe('Enter code · Entrada');
      await screenshot(page, 'device-code');
      await page.getByLabel('Code').fill(userCode);
      await page.getByRole('button', { name: 'Next' }).click();

      await page.getByRole('heading', { name: 'Sign in to Demo CLI' }).waitFor();
      await screenshot(page, 'device-sign-in');
      await page.getByLabel('Email or user name').fill(user.upn);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Sign in and allow' }).click();

      await page.getByRole('heading', { name: "You're signed in" }).waitFor();
      await screenshot(page, 'device-done');
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator, not a DOM node: the text as rendered
      return await page.locator('main').innerText();
    } catch (err) {
      await screenshot(page, 'device-failed').catch(() => {});
      throw err;
    } finally {
      await context.close();
    }
  }

  it('MSAL Node gets a verifiable token once alice types the code and signs in', async () => {
    const alice = demoUser('alice');
    const app = new PublicClientApplication({ auth: { clientId: CLI.appId, authority: authority(), knownAuthorities: [host()] } });
    let verificationUri: string | undefined;
    let person: Promise<string> | undefined;
    let pageFailed: (err: unknown) => void = () => {};
    const request: DeviceCodeRequest = {
      scopes: [`${API.uri}/access_as_user`],
      deviceCodeCallback: (response) => {
        verificationUri = response.verificationUri;
        person = signInOnDevicePage(response.verificationUri, response.userCode, alice);
        // MSAL would poll for 15 minutes: a failure on the page stops it and fails the test at once.
        person.catch((err: unknown) => {
          request.cancel = true;
          pageFailed(err);
        });
      },
    };
    const result = await Promise.race([app.acquireTokenByDeviceCode(request), new Promise<never>((_, reject) => (pageFailed = reject))]);
    expect(verificationUri).toBe(`${baseUrl()}/devicelogin`);
    expect(await person).toContain('You have signed in to Demo CLI on your device.');

    expect(result?.account?.username).toBe(alice.upn);
    const doc = await discover(`${authority()}/v2.0`);
    const claims = await verifyToken(result!.accessToken, { issuer: doc.issuer, audience: API.appId, jwksUri: doc.jwks_uri });
    expect(claims).toMatchObject({ tid: TENANT_ID, azp: CLI.appId, scp: 'access_as_user', preferred_username: alice.upn });
  });
});
