// API permissions, Expose an API and App roles in Chromium, as the demo administrator, on apps
// created for the test: expose an API (Application ID URI, a scope, an app role); request
// Microsoft Graph's User.Read and the Demo API's application permission Data.Read; see them "Not
// granted", grant admin consent (which first creates the app's missing service principal), see
// them "Granted for Entrada Demo" — then a real client (MSAL Node, client credentials with a
// secret) gets a token for the Demo API whose `roles` holds Data.Read. And what the portal writes
// is what Microsoft Graph returns in the app's manifest.

import { ConfidentialClientApplication } from '@azure/msal-node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_BROWSER } from '../support/browser.js';
import { newPortalPage, type PortalRig, signInToPortal, startPortalRig } from '../support/portal.js';

const GRAPH_USER_READ = 'e1fe6dd8-ba31-4d61-89e7-88639da4683d';
const TENANT = 'Entrada Demo';

const payload = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

async function rowText(page: Page, text: string): Promise<string> {
  return (await page.locator('tr', { hasText: text }).first().textContent()) ?? '';
}

async function clientCredentials(rig: PortalRig, clientId: string, clientSecret: string, scope: string): Promise<Record<string, unknown>> {
  const cca = new ConfidentialClientApplication({
    auth: { clientId, clientSecret, authority: rig.entrada.authority(), knownAuthorities: [new URL(rig.entrada.url).host] },
    system: { networkClient: rig.entrada.msalNetworkClient },
  });
  const result = await cca.acquireTokenByClientCredential({ scopes: [scope] });
  return payload(result?.accessToken ?? '');
}

describe.skipIf(SKIP_BROWSER)('portal: API permissions, Expose an API, App roles', { timeout: 90_000 }, () => {
  let rig: PortalRig;
  beforeAll(async () => {
    rig = await startPortalRig();
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('exposes an API, requests permissions, grants admin consent, and a client gets the role', async () => {
    // No service principal yet: granting admin consent creates it, as the Azure portal does.
    const created = await rig.entrada.directory.createApplication({ displayName: 'Portal Consent Client', servicePrincipal: false });
    const { context, page } = await newPortalPage(rig);
    const base = `/portal/apps/${created.objectId}`;
    await signInToPortal(rig, page, undefined, `${base}/expose`);

    // Expose an API: the suggested Application ID URI, a scope, then an app role.
    await expect(page.locator('#identifierUri').inputValue()).resolves.toBe(`api://${created.appId}`);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('Application ID URI was saved');
    await page.getByRole('link', { name: 'Add a scope' }).click();
    await page.locator('#value').fill('Files.Read');
    await page.getByLabel('Admins only').check();
    await page.locator('#adminConsentDisplayName').fill('Read files');
    await page.locator('#adminConsentDescription').fill('Lets the app read files as the signed-in user.');
    await page.getByRole('button', { name: 'Add scope' }).click();
    const scopeRow = await rowText(page, 'Files.Read');
    expect(scopeRow).toContain(`api://${created.appId}/Files.Read`);
    expect(scopeRow).toContain('Admins only');
    expect(scopeRow).toContain('Enabled');

    await page.getByRole('link', { name: 'App roles' }).click();
    await page.getByRole('link', { name: 'Create app role' }).click();
    await page.locator('#displayName').fill('Run jobs');
    await page.getByLabel('Applications', { exact: true }).check();
    await page.locator('#value').fill('Jobs.Run');
    await page.locator('#description').fill('Lets the app run jobs without a signed-in user.');
    await page.getByRole('button', { name: 'Apply' }).click();
    expect(await rowText(page, 'Jobs.Run')).toContain('Applications');

    // API permissions: Microsoft Graph's User.Read (delegated), the Demo API's Data.Read (application).
    await page.getByRole('link', { name: 'API permissions' }).click();
    await page.getByRole('link', { name: 'Add a permission' }).click();
    await page.getByRole('link', { name: 'Microsoft Graph' }).click();
    await page.locator(`input[name="scope.${GRAPH_USER_READ}"]`).check();
    await page.getByRole('button', { name: 'Add permissions' }).click();
    await page.getByRole('link', { name: 'Add a permission' }).click();
    await page.getByRole('link', { name: 'Demo API' }).click();
    await page.getByRole('checkbox', { name: /Data\.Read/ }).check();
    await page.getByRole('button', { name: 'Add permissions' }).click();
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('Permissions added');

    const userRead = await rowText(page, 'User.Read');
    expect(userRead).toContain('Delegated');
    expect(userRead).toContain(`Not granted for ${TENANT}`);
    const dataRead = await rowText(page, 'Data.Read');
    expect(dataRead).toContain('Application');
    expect(dataRead).toContain(`Not granted for ${TENANT}`);
    await expect(page.locator('.notice.warn').first().textContent()).resolves.toContain('has no service principal');

    await page.getByRole('button', { name: `Grant admin consent for ${TENANT}` }).click();
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('it was created first');
    for (const permission of ['User.Read', 'Data.Read']) {
      const text = await rowText(page, permission);
      expect(text).toContain(`Granted for ${TENANT}`);
      expect(text).not.toContain('Not granted');
    }

    // A real client: client credentials with a new secret, for the Demo API.
    const secret = await rig.entrada.directory.addPassword(created.appId);
    const claims = await clientCredentials(rig, created.appId, secret.secretText, 'api://entrada-demo-api/.default');
    expect(claims.roles).toContain('Data.Read');

    // Revoking the Demo API's consent takes the role away.
    await page.getByRole('button', { name: 'Revoke admin consent for Demo API' }).click();
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('Admin consent revoked');
    expect(await rowText(page, 'Data.Read')).toContain(`Not granted for ${TENANT}`);
    expect(await rowText(page, 'User.Read')).toContain(`Granted for ${TENANT}`);

    // Removing a permission leaves its grant in place: it shows under "Other permissions granted".
    await page.getByRole('button', { name: 'Remove permission User.Read of Microsoft Graph' }).click();
    await expect(page.getByRole('heading', { name: `Other permissions granted for ${TENANT}` }).count()).resolves.toBe(1);
    await context.close();
  });

  it('writes scopes, app roles and the token version that Microsoft Graph then returns in the manifest', async () => {
    const created = await rig.entrada.directory.createApplication({ displayName: 'Portal Exposed API' });
    const { context, page } = await newPortalPage(rig);
    const base = `/portal/apps/${created.objectId}`;
    await signInToPortal(rig, page, undefined, `${base}/expose/scopes/new`);

    // "Add a scope" asks for the Application ID URI too while there is none.
    await expect(page.locator('#identifierUri').inputValue()).resolves.toBe(`api://${created.appId}`);
    await page.locator('#value').fill('Notes.Write');
    await page.locator('#adminConsentDisplayName').fill('Write notes');
    await page.locator('#adminConsentDescription').fill('Lets the app write notes as the signed-in user.');
    await page.locator('#userConsentDisplayName').fill('Write your notes');
    await page.getByRole('button', { name: 'Add scope' }).click();
    expect(await rowText(page, 'Notes.Write')).toContain('Admins and users');
    await page.locator('#version').selectOption('2');
    await page.getByRole('button', { name: 'Save token version' }).click();
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('access token version was saved');

    // An enabled scope cannot be deleted: the directory's refusal shows; disabled, it can.
    await page.getByRole('link', { name: 'Add a scope' }).click();
    await page.locator('#value').fill('Notes.Old');
    await page.locator('#adminConsentDisplayName').fill('Old notes');
    await page.locator('#adminConsentDescription').fill('To be deleted.');
    await page.getByRole('button', { name: 'Add scope' }).click();
    await page.getByRole('button', { name: 'Delete scope Notes.Old' }).click();
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('CannotDeleteOrUpdateEnabledEntitlement');
    await page.getByRole('button', { name: 'Disable scope Notes.Old' }).click();
    expect(await rowText(page, 'Notes.Old')).toContain('Disabled');
    await page.getByRole('button', { name: 'Delete scope Notes.Old' }).click();
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('scope was deleted');
    await expect(page.locator('tr', { hasText: 'Notes.Old' }).count()).resolves.toBe(0);

    // App roles: one for users and apps; editing keeps its id.
    await page.goto(`${rig.entrada.url}${base}/roles/new`);
    await page.locator('#displayName').fill('Note readers');
    await page.getByLabel('Both (Users/Groups + Applications)').check();
    await page.locator('#value').fill('Notes.Reader');
    await page.locator('#description').fill('Reads every note.');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('link', { name: 'Edit app role Notes.Reader' }).click();
    await page.locator('#description').fill('Reads every note, edited.');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await rowText(page, 'Notes.Reader')).toContain('Reads every note, edited.');
    await page.getByRole('button', { name: 'Delete app role Notes.Reader' }).click();
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('cannot be deleted or updated unless disabled first');
    await context.close();

    // Microsoft Graph, as Demo Automation (Application.ReadWrite.All), returns what the portal wrote.
    const automation = rig.entrada.app('Demo Automation');
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: automation.appId, client_secret: automation.clientSecret!, scope: 'https://graph.microsoft.com/.default' });
    const token = (await (await rig.entrada.fetch(`${rig.entrada.authority()}/oauth2/v2.0/token`, { method: 'POST', body: form })).json()) as { access_token: string };
    const response = await rig.entrada.fetch(`${rig.entrada.url}/v1.0/applications/${created.objectId}`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(response.status).toBe(200);
    const manifest = (await response.json()) as {
      identifierUris: string[];
      api: { requestedAccessTokenVersion: number | null; oauth2PermissionScopes: Array<Record<string, unknown>> };
      appRoles: Array<Record<string, unknown>>;
    };
    expect(manifest.identifierUris).toEqual([`api://${created.appId}`]);
    expect(manifest.api.requestedAccessTokenVersion).toBe(2);
    expect(manifest.api.oauth2PermissionScopes).toEqual([
      expect.objectContaining({ value: 'Notes.Write', type: 'User', adminConsentDisplayName: 'Write notes', userConsentDisplayName: 'Write your notes', isEnabled: true }),
    ]);
    expect(manifest.appRoles).toEqual([
      expect.objectContaining({ value: 'Notes.Reader', displayName: 'Note readers', description: 'Reads every note, edited.', allowedMemberTypes: ['User', 'Application'], isEnabled: true }),
    ]);
  });
});
