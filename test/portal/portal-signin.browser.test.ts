// Signing in to the admin portal in Chromium: an administrator gets the portal; a user without
// an administrative role is refused in Graph's words; pages need a session; signing out ends it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_BROWSER } from '../support/browser.js';
import { ALICE, newPortalPage, type PortalRig, signInToPortal, startPortalRig } from '../support/portal.js';

describe.skipIf(SKIP_BROWSER)('portal sign-in', { timeout: 60_000 }, () => {
  let rig: PortalRig;
  beforeAll(async () => {
    rig = await startPortalRig();
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('signs an administrator in with authorization code + PKCE and shows the home page', async () => {
    const { context, page } = await newPortalPage(rig);
    await signInToPortal(rig, page);
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.locator('h1').textContent()).resolves.toBe('Entrada Demo');
    await expect(page.getByRole('link', { name: 'Demo SPA' }).count()).resolves.toBeGreaterThan(0);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === '__Host-entrada-portal');
    expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });
    await context.close();
  });

  it('refuses a user without an administrative role, in Graph words', async () => {
    const { context, page } = await newPortalPage(rig);
    await signInToPortal(rig, page, ALICE);
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('Insufficient privileges to complete the operation.');
    await page.goto(`${rig.entrada.url}/portal/apps`);
    expect(new URL(page.url()).pathname).not.toBe('/portal/apps');
    await context.close();
  });

  it('offers the local CA certificate at /ca.pem without signing in', async () => {
    const res = await rig.entrada.fetch(`${rig.entrada.url}/ca.pem`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('entrada-ca.pem');
    expect(await res.text()).toBe(rig.entrada.caPem);
  });

  it('signs out', async () => {
    const { context, page } = await newPortalPage(rig);
    await signInToPortal(rig, page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    // Entrada's sign-out asks which account (a user name alone signs no one out), listing the admin's.
    await page.getByRole('button', { name: /Entrada Admin/ }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('h1').textContent()).resolves.toBe('You signed out');
    await page.goto(`${rig.entrada.url}/portal/apps`);
    expect(new URL(page.url()).pathname).toContain('/oauth2/v2.0/authorize');
    await context.close();
  });
});
