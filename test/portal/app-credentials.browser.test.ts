// Certificates & secrets and the Manifest, in Chromium: a new app registered in the portal gets a
// client secret whose value is shown once and works with MSAL Node at once; a certificate is
// uploaded (never a private key) and signs MSAL's client assertion; a federated credential comes
// and goes; the manifest is viewed in both formats, edited, saved, downloaded and uploaded.

import { readFile } from 'node:fs/promises';
import { ConfidentialClientApplication } from '@azure/msal-node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../../src/core/model.js';
import { accessibilityContext, formatViolations, seriousViolations } from '../support/axe.js';
import { SKIP_BROWSER } from '../support/browser.js';
import { clientCertificate } from '../support/client-certificate.js';
import { ADMIN, newPortalPage, type PortalRig, signInToPortal, startPortalRig } from '../support/portal.js';

const GRAPH_DEFAULT = 'https://graph.microsoft.com/.default';

describe.skipIf(SKIP_BROWSER)('portal: certificates & secrets, manifest', { timeout: 90_000 }, () => {
  let rig: PortalRig;
  let page: Page;
  let registration: Application;

  const stored = async () => (await rig.entrada.directory.service.read.getApplication(registration.id)) as Application;
  const open = (blade: string) => page.goto(`${rig.entrada.url}/portal/apps/${registration.id}/${blade}`);
  const msal = (auth: { clientSecret: string } | { clientCertificate: { thumbprintSha256: string; privateKey: string } }) =>
    new ConfidentialClientApplication({
      auth: { clientId: registration.appId, authority: rig.entrada.authority(), knownAuthorities: [new URL(rig.entrada.url).host], ...auth },
      system: { networkClient: rig.entrada.msalNetworkClient },
    });
  const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;

  beforeAll(async () => {
    rig = await startPortalRig();
    ({ page } = await newPortalPage(rig));
    await signInToPortal(rig, page, undefined, '/portal/apps/new');
    // A new app, registered as a person does it, with nothing granted.
    await page.locator('#displayName').fill('A1 Nightly Export');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.waitForURL(/\/portal\/apps\/[0-9a-f-]{36}\?done=registered$/);
    const id = new URL(page.url()).pathname.split('/').pop() as string;
    registration = (await rig.entrada.directory.service.read.getApplication(id)) as Application;
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('shows a new client secret once; MSAL Node signs in with it; a reload does not show it again', async () => {
    await open('credentials');
    await expect(page.locator('main').textContent()).resolves.toContain('No client secrets have been created for this application.');
    await page.locator('#secret-description').fill('nightly job');
    await page.locator('#secret-expires').selectOption('365');
    await page.getByRole('button', { name: 'Add client secret' }).click();
    await page.waitForLoadState('load');

    const value = (await page.locator('#new-secret-value').textContent()) as string;
    expect(value.length).toBeGreaterThanOrEqual(16);
    await expect(page.locator('#new-secret-heading').textContent()).resolves.toContain('copy its value now');
    await expect(page.locator('main').textContent()).resolves.toContain('it will not be shown again');
    const [secret] = (await stored()).passwordCredentials;
    await expect(page.locator('main').textContent()).resolves.toContain(secret.keyId);
    await expect(page.locator('#secrets + p + .table-wrap').textContent()).resolves.toContain(`${value.slice(0, 3)}***`);
    // 365 days from Entrada's now.
    expect(Date.parse(secret.endDateTime) - rig.entrada.clock.now().getTime()).toBeGreaterThan(364 * 86_400_000);

    // Entra issues an app-only Graph token to a client with no permissions (no roles claim);
    // Entrada does the same.
    const result = await msal({ clientSecret: value }).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
    const claims = claimsOf(result?.accessToken ?? '');
    expect(claims['appid'] ?? claims['azp']).toBe(registration.appId);
    expect(claims['roles']).toBeUndefined();

    // The address bar is the page's own again: reloading fetches it and posts nothing.
    expect(new URL(page.url()).pathname).toBe(`/portal/apps/${registration.id}/credentials`);
    await page.reload();
    await expect(page.locator('#new-secret-value').count()).resolves.toBe(0);
    await expect(page.content()).resolves.not.toContain(value);
    expect((await stored()).passwordCredentials).toHaveLength(1);
  });

  it('uploads a certificate, refuses a private key, and MSAL Node signs in with the certificate', async () => {
    const cert = await clientCertificate(new Date(rig.entrada.clock.now().getTime() - 3600_000));
    await open('credentials');
    await page.locator('#certificate').fill(`${cert.certPem}${cert.privateKeyPem}`);
    await page.getByRole('button', { name: 'Add certificate' }).click();
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('PRIVATE KEY');
    await expect(page.locator('#certificate').inputValue()).resolves.toBe('');
    expect((await stored()).keyCredentials).toHaveLength(0);

    await page.locator('#certificate').fill(cert.certPem);
    await page.locator('#certificate-description').fill('build agent');
    await page.getByRole('button', { name: 'Add certificate' }).click();
    await expect(page.locator('[role=status]').first().textContent()).resolves.toBe('The certificate was added.');
    const table = await page.locator('#certificates + p + .table-wrap').textContent();
    expect(table).toContain(cert.hexSha1);
    expect(table).toContain('build agent');
    const [key] = (await stored()).keyCredentials;
    expect(table).toContain(key.keyId);

    const thumbprintSha256 = Buffer.from(cert.thumbprintSha256, 'base64url').toString('hex');
    const result = await msal({ clientCertificate: { thumbprintSha256, privateKey: cert.privateKeyPem } }).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
    expect(claimsOf(result?.accessToken ?? '')['appidacr'] ?? claimsOf(result?.accessToken ?? '')['azpacr']).toBe('2');

    await page.locator('#certificates + p + .table-wrap summary').click();
    await page.getByRole('button', { name: `Delete certificate ${cert.hexSha1}` }).click();
    await expect(page.locator('[role=status]').first().textContent()).resolves.toBe('The certificate was deleted.');
    expect((await stored()).keyCredentials).toHaveLength(0);
  });

  it('adds and deletes a federated credential', async () => {
    await open('credentials');
    await expect(page.locator('#fic-audience').inputValue()).resolves.toBe('api://AzureADTokenExchange');
    await page.locator('#fic-issuer').fill('https://token.actions.githubusercontent.com');
    await page.locator('#fic-subject').fill('repo:contoso/export:ref:refs/heads/main');
    await page.locator('#fic-name').fill('main-branch');
    await page.getByRole('button', { name: 'Add federated credential' }).click();
    await expect(page.locator('[role=status]').first().textContent()).resolves.toBe('The federated credential was added.');
    const table = await page.locator('#federated + p + .table-wrap').textContent();
    expect(table).toContain('repo:contoso/export:ref:refs/heads/main');
    expect((await stored()).federatedIdentityCredentials).toMatchObject([{ name: 'main-branch', audiences: ['api://AzureADTokenExchange'] }]);

    // The same name again: Graph's refusal above the form, with what was typed kept.
    await page.locator('#fic-issuer').fill('https://token.actions.githubusercontent.com');
    await page.locator('#fic-subject').fill('repo:contoso/export:environment:prod');
    await page.locator('#fic-name').fill('main-branch');
    await page.getByRole('button', { name: 'Add federated credential' }).click();
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain("duplicate name 'main-branch'");
    await expect(page.locator('#fic-subject').inputValue()).resolves.toBe('repo:contoso/export:environment:prod');

    await page.locator('#federated + p + .table-wrap summary').click();
    await page.getByRole('button', { name: 'Delete federated credential main-branch' }).click();
    await expect(page.locator('[role=status]').first().textContent()).resolves.toBe('The federated credential was deleted.');
    expect((await stored()).federatedIdentityCredentials ?? []).toHaveLength(0);
  });

  it('shows the manifest in both formats; an edit saved in it shows on the Authentication page', async () => {
    await open('manifest');
    const graph = JSON.parse(await page.locator('textarea.manifest').inputValue());
    expect(graph).toMatchObject({ appId: registration.appId, displayName: 'A1 Nightly Export', isFallbackPublicClient: false });
    await page.getByRole('link', { name: 'AAD Graph App Manifest (Deprecating soon)' }).click();
    const text = await page.locator('textarea.manifest').inputValue();
    expect(JSON.parse(text)).toMatchObject({ appId: registration.appId, name: 'A1 Nightly Export', allowPublicClient: false });

    // Invalid JSON: refused, the text stays in the editor.
    await page.locator('textarea.manifest').fill(`${text}}`);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('not valid JSON');
    await expect(page.locator('textarea.manifest').inputValue()).resolves.toBe(`${text}}`);

    // Another app's manifest is not saved over this one.
    await page.locator('textarea.manifest').fill(text.replace(registration.appId, rig.entrada.app('Demo API').appId));
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('The appId cannot be changed');

    await page.locator('textarea.manifest').fill(text.replace('"allowPublicClient": false', '"allowPublicClient": true'));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/manifest\?format=aad&done=saved$/);
    await expect(page.locator('[role=status]').first().textContent()).resolves.toContain('Saved.');
    expect((await stored()).isFallbackPublicClient).toBe(true);
    await open('authentication');
    await expect(page.locator('input[name=allowPublicClient][value=yes]').isChecked()).resolves.toBe(true);
  });

  it('downloads each format as <displayName>.json', async () => {
    for (const format of ['graph', 'aad']) {
      await page.goto(`${rig.entrada.url}/portal/apps/${registration.id}/manifest?format=${format}`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download' }).click()]);
      expect(download.suggestedFilename()).toBe('A1 Nightly Export.json');
      const json = JSON.parse(await readFile((await download.path()) as string, 'utf8'));
      expect(json).toMatchObject(format === 'aad' ? { name: 'A1 Nightly Export', allowPublicClient: true } : { displayName: 'A1 Nightly Export', isFallbackPublicClient: true });
    }
    const response = await page.evaluate(async (url) => {
      const r = await fetch(url);
      return { type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition') };
    }, `/portal/apps/${registration.id}/manifest/download?format=graph`);
    expect(response).toEqual({ type: 'application/json; charset=utf-8', disposition: `attachment; filename="A1 Nightly Export.json"; filename*=UTF-8''A1%20Nightly%20Export.json` });
  });

  it('uploads a manifest file into the editor, then saves it', async () => {
    await open('manifest');
    const manifest = JSON.parse(await page.locator('textarea.manifest').inputValue());
    manifest.publicClient = { redirectUris: ['http://localhost'] };
    await page.locator('#manifest-file').setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(manifest)) });
    // FileReader answers asynchronously: wait for the page to say the file is in.
    await page.locator('#manifest-upload-status', { hasText: 'export.json is in the editor' }).waitFor();
    expect(JSON.parse(await page.locator('textarea.manifest').inputValue())).toEqual(manifest);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/done=saved$/);
    expect((await stored()).publicClient.redirectUris).toEqual(['http://localhost']);
  });
  it('has no serious or critical axe violation with a new secret shown, rows listed, or a refusal', async () => {
    const context = await accessibilityContext(rig.browser);
    try {
      const a11y = await context.newPage();
      await signInToPortal(rig, a11y, ADMIN, `/portal/apps/${registration.id}/credentials`);
      const check = async (state: string) => {
        const violations = await seriousViolations(a11y);
        expect(violations, `${state}:\n${formatViolations(violations)}`).toEqual([]);
      };
      await a11y.locator('#fic-issuer').fill('https://issuer.example');
      await a11y.locator('#fic-subject').fill('job:1');
      await a11y.locator('#fic-name').fill('a11y-check');
      await a11y.getByRole('button', { name: 'Add federated credential' }).click();
      await a11y.locator('#secret-expires').selectOption('custom');
      await a11y.locator('#secret-end').fill('2099-01-01');
      await a11y.getByRole('button', { name: 'Add client secret' }).click();
      await a11y.locator('#new-secret-value').waitFor();
      await a11y.locator('#federated + p + .table-wrap summary').click();
      await check('a new secret shown, secrets and a federated credential listed, a delete disclosure open');
      await a11y.locator('#certificate').fill('not a certificate!');
      await a11y.getByRole('button', { name: 'Add certificate' }).click();
      await a11y.locator('[role=alert]').waitFor();
      await check('a certificate refused');
      await a11y.goto(`${rig.entrada.url}/portal/apps/${registration.id}/manifest?format=aad`);
      await a11y.locator('textarea.manifest').fill('{');
      await a11y.getByRole('button', { name: 'Save' }).click();
      await a11y.locator('[role=alert]').waitFor();
      await check('a manifest refused');
    } finally {
      await context.close();
    }
  });
});
