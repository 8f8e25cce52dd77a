// The admin portal in real Chromium: an Entrada started in this process (startEntrada, demo seed,
// its own temporary home and CA), a browser trusting its TLS certificate by public key
// (support/browser.ts), and signing in to the portal the way a person does.

import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startEntrada, type StartedEntrada, type StartEntradaOptions } from '../../src/api/index.js';
import { launchBrowser } from './browser.js';

export const ADMIN = { upn: 'admin@entrada.localhost', password: 'Admin-demo-password-0' };
export const ALICE = { upn: 'alice@entrada.localhost', password: 'Alice-demo-password-1' };

export interface PortalRig {
  entrada: StartedEntrada;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startPortalRig(options: StartEntradaOptions = {}): Promise<PortalRig> {
  const entrada = await startEntrada(options);
  try {
    const browser = await launchBrowser(join(entrada.home, 'tls', 'server.pem'));
    return {
      entrada,
      browser,
      async stop() {
        await browser.close();
        await entrada.stop();
      },
    };
  } catch (err) {
    await entrada.stop();
    throw err;
  }
}

/** A fresh browser context (no cookies), at 1280×800 unless told otherwise. */
export async function newPortalPage(rig: PortalRig, viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await rig.browser.newContext({ viewport });
  const page = await context.newPage();
  return { context, page };
}

/**
 * Opens `path` (default the home page), which sends a signed-out browser through Entrada's sign-in
 * page; signs in as `user` (default the demo administrator) and waits to be back on the portal.
 */
export async function signInToPortal(rig: PortalRig, page: Page, user = ADMIN, path = '/'): Promise<void> {
  await page.goto(`${rig.entrada.url}${path}`);
  // With an Entrada session already, the account picker comes first.
  const another = page.getByRole('button', { name: 'Use another account' });
  if (await another.isVisible().catch(() => false)) await another.click();
  await page.locator('#username').fill(user.upn);
  await page.locator('#password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}
