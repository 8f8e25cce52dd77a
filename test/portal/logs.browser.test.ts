// The sign-in and audit logs in Chromium, as the demo administrator: a refused MSAL Node request
// (ROPC with Demo Web App, whose "Allow public client flows" is No: AADSTS7000218) appears on the
// filtered sign-in log page without a reload, opens to its decision and fix, and the fix's link
// leads to the Authentication page; a directory change appears in the audit log with the
// property it set.

import { PublicClientApplication, ServerError } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityContext, seriousViolations } from '../support/axe.js';
import { SKIP_BROWSER } from '../support/browser.js';
import { ADMIN, ALICE, newPortalPage, type PortalRig, signInToPortal, startPortalRig } from '../support/portal.js';

describe.skipIf(SKIP_BROWSER)('portal sign-in and audit logs', { timeout: 90_000 }, () => {
  let rig: PortalRig;
  beforeAll(async () => {
    rig = await startPortalRig();
  });
  afterAll(async () => {
    await rig?.stop();
  });

  /** MSAL Node ROPC as Demo Web App: refused, AADSTS7000218. */
  async function refusedRopc(): Promise<ServerError> {
    const web = rig.entrada.app('Demo Web App');
    const pca = new PublicClientApplication({
      auth: { clientId: web.appId, authority: rig.entrada.authority(), knownAuthorities: [new URL(rig.entrada.url).host] },
      system: { networkClient: rig.entrada.msalNetworkClient },
    });
    const err = await pca.acquireTokenByUsernamePassword({ scopes: ['openid'], username: ALICE.upn, password: ALICE.password }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ServerError);
    return err as ServerError;
  }

  it('shows a refused MSAL Node request live, opens its decision and follows the fix to the Authentication page', async () => {
    const { context, page } = await newPortalPage(rig);
    await signInToPortal(rig, page, ADMIN, '/portal/sign-ins');
    expect(new URL(page.url()).pathname).toBe('/portal/sign-ins');
    await page.locator('#f-status').selectOption('failure');
    await page.locator('#f-code').fill('7000218');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).searchParams.get('status')).toBe('failure');
    expect(new URL(page.url()).searchParams.get('code')).toBe('7000218');
    const rows = page.locator('#sign-in-results tr[data-id]');
    expect(await rows.count()).toBe(0);
    // A mark on this document: if the page reloaded, it would be gone.
    await page.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });

    const err = await refusedRopc();
    expect(err.errorCode).toBe('invalid_client');
    expect(String(err.errorNo)).toBe('7000218');

    await rows.first().waitFor({ timeout: 20_000 });
    expect(await rows.count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    await expect(page.locator('#live-status').textContent()).resolves.toBe('1 new sign-in.');
    const cells = await rows.first().locator('td').allTextContents();
    expect(cells[1]).toBe('Demo Web App');
    expect(cells[3]).toContain('Failure');
    expect(cells[3]).toContain('AADSTS7000218');
    expect(cells[3]).toContain('invalid_client');
    expect(cells[4]).toBe('token');
    expect(cells[5]).toBe('password');

    await rows.first().getByRole('link').click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toMatch(/^\/portal\/sign-ins\/[0-9a-f-]{36}$/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Sign-in: Failure AADSTS7000218');
    const fixSection = (await page.locator('section[aria-labelledby=fix-heading]').textContent()) ?? '';
    // The decision names the setting that decided, and the fix names it too.
    expect(fixSection).toContain('the app\'s "Allow public client flows" setting decided; it is No');
    expect(fixSection).toContain('Authentication → Advanced settings → Allow public client flows → Yes');
    const trace = (await page.locator('section[aria-labelledby=trace-heading]').textContent()) ?? '';
    expect(trace).toContain('Allow public client flows');
    expect(trace).toContain('confidential-without-credential');
    await expect(page.getByRole('link', { name: 'AADSTS7000218 on the error code page' }).getAttribute('href')).resolves.toMatch(/^\/error\?code=7000218&trace_id=/);

    await page.getByRole('link', { name: "Change 'Allow public client flows' on the Authentication page" }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toMatch(/^\/portal\/apps\/[0-9a-f-]{36}\/authentication$/);
    await expect(page.locator('h1').textContent()).resolves.toContain('Demo Web App');
    await context.close();
  });

  it('pages with "Older" (50 a page, the older pages without live updates), and answers another trace id as not found', async () => {
    const { context, page } = await newPortalPage(rig);
    await signInToPortal(rig, page, ADMIN, '/portal/sign-ins');
    // 51 more refusals of the same kind, sent plainly: more than one page whatever ran before.
    const web = rig.entrada.app('Demo Web App');
    const form = { grant_type: 'password', client_id: web.appId, username: ALICE.upn, password: ALICE.password, scope: 'openid' };
    const statuses = await Promise.all(
      Array.from({ length: 51 }, () => rig.entrada.fetch(`${rig.entrada.authority()}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams(form) }).then((r) => r.status)),
    );
    expect(new Set(statuses)).toEqual(new Set([401]));
    await page.goto(`${rig.entrada.url}/portal/sign-ins?code=7000218`);
    const rows = page.locator('#sign-in-results tr[data-id]');
    expect(await rows.count()).toBe(50);
    expect(await page.locator('#sign-in-results').getAttribute('data-live')).toBe('/portal/sign-ins?code=7000218&fragment=rows');
    const firstPage = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')));
    await page.getByRole('link', { name: 'Older', exact: true }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).searchParams.get('code')).toBe('7000218');
    const olderPage = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')));
    expect(olderPage.length).toBeGreaterThan(0);
    expect(olderPage.filter((id) => firstPage.includes(id))).toEqual([]);
    expect(await page.locator('#sign-in-results').getAttribute('data-live')).toBeNull();
    expect(await page.getByRole('link', { name: 'Older', exact: true }).count()).toBe(0);
    await page.getByRole('link', { name: 'Newest', exact: true }).click();
    await page.waitForLoadState('load');
    expect(await rows.count()).toBe(50);

    const missing = await page.goto(`${rig.entrada.url}/portal/sign-ins/00000000-0000-4000-8000-000000000000`);
    expect(missing?.status()).toBe(404);
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('does not exist');
    await context.close();
  });

  it('lists a directory change in the audit log, with the property it set', async () => {
    await rig.entrada.directory.createApplication({ displayName: 'Audit Probe App' });
    const { context, page } = await newPortalPage(rig);
    await signInToPortal(rig, page, ADMIN, '/portal/audit-logs');
    await page.locator('#a-activity').fill('Add application');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForLoadState('load');
    const row = page.locator('tr.entry', { hasText: 'Audit Probe App' }).first();
    const cells = await row.locator(':scope > td').allTextContents();
    expect(cells.slice(1, 5)).toEqual(['Core Directory', 'ApplicationManagement', 'Add application', 'Entrada in-process API (startEntrada) (app)']);
    expect(cells[5]).toBe('Audit Probe App (Application)');
    expect(cells[6]).toBe('Success');
    // Its details are in the row below it, closed until opened.
    const details = row.locator('xpath=following-sibling::tr[1]');
    const property = details.locator('details tr').filter({ has: page.getByRole('cell', { name: 'DisplayName', exact: true }) });
    expect(await property.isVisible()).toBe(false);
    await details.getByText(/^Details \(\d+ modified properties\)$/).click();
    await expect(property.locator('td').allTextContents()).resolves.toEqual(['DisplayName', '—', '["Audit Probe App"]']);

    await page.locator('#a-initiated').fill('nobody-like-this');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('main').textContent()).resolves.toContain('No audit entries match these filters.');
    await context.close();
  });

  it('has no serious or critical accessibility violation on the log pages', async () => {
    const context = await accessibilityContext(rig.browser);
    const page = await context.newPage();
    await signInToPortal(rig, page, ADMIN, '/portal/sign-ins');
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('#sign-in-results tr[data-id] a').first().click();
    await page.waitForLoadState('load');
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${rig.entrada.url}/portal/audit-logs`);
    await page.locator('summary').first().click();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
