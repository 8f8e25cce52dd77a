// The single-page-app harness: test/support/static-server.ts serves a page with MSAL.js on
// http://localhost:5173 (Demo SPA's redirect URI) and Chromium, trusting Entrada's certificate by
// its key, reaches Entrada from that origin (discovery answers cross-origin requests).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, SKIP_BROWSER } from '../support/browser.js';
import { serveSpa } from '../support/static-server.js';
import { authority, demoApp, host } from './demo.js';

const SPA = demoApp('Demo SPA');

describe.skipIf(SKIP_BROWSER)('SPA shell on http://localhost:5173', { timeout: 30_000 }, () => {
  let browser: Browser;
  let spa: Awaited<ReturnType<typeof serveSpa>>;
  beforeAll(async () => {
    spa = await serveSpa('<!doctype html><html lang="en"><title>Demo SPA</title><script src="/msal-browser.js"></script></html>');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await spa?.close();
  });

  it('loads MSAL.js as the global `msal` and reads Entrada’s discovery document from the page', async () => {
    const page = await browser.newPage();
    await page.goto(spa.url);
    const seen = await page.evaluate(
      async ({ clientId, authority, host }) => {
        const msal = (globalThis as unknown as { msal: typeof import('@azure/msal-browser') }).msal;
        const app = new msal.PublicClientApplication({ auth: { clientId, authority, knownAuthorities: [host], redirectUri: location.href } });
        await app.initialize();
        const doc = (await (await fetch(`${authority}/v2.0/.well-known/openid-configuration`)).json()) as { issuer: string };
        return { version: msal.version, accounts: app.getAllAccounts().length, issuer: doc.issuer };
      },
      { clientId: SPA.appId, authority: authority(), host: host() },
    );
    expect(seen).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), accounts: 0, issuer: expect.stringContaining('/v2.0') });
  });
});
