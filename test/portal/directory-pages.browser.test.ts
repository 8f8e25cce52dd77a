// The Users, Groups and Enterprise applications pages in Chromium, as the demo administrator,
// checked by what a real client then sees (MSAL Node ROPC through Demo CLI, which allows public
// client flows): a user created in the portal signs in; a password reset in the portal makes the
// old password AADSTS50126 and the new one work; disabling gives AADSTS50057; a directory role
// given in the portal admits the user to the portal; a group gets members; "Assignment required?"
// refuses an unassigned user with AADSTS50105 until the portal assigns the user. Then axe on the
// tabs of these pages.

import { PublicClientApplication, ServerError } from '@azure/msal-node';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityContext, formatViolations, seriousViolations } from '../support/axe.js';
import { SKIP_BROWSER } from '../support/browser.js';
import { newPortalPage, type PortalRig, signInToPortal, startPortalRig } from '../support/portal.js';

const DOMAIN = 'entrada.localhost';

describe.skipIf(SKIP_BROWSER)('portal: users, groups and enterprise applications', { timeout: 90_000 }, () => {
  let rig: PortalRig;
  let admin: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    rig = await startPortalRig();
    admin = await newPortalPage(rig);
    await signInToPortal(rig, admin.page);
  }, 60_000);
  afterAll(async () => {
    await admin?.context.close();
    await rig?.stop();
  });

  const url = (path: string) => `${rig.entrada.url}${path}`;

  /** ROPC through Demo CLI: 0 for a token, else the AADSTS code. A new client each time (no cache). */
  async function ropc(upn: string, password: string): Promise<number> {
    const cli = rig.entrada.app('Demo CLI');
    const pca = new PublicClientApplication({
      auth: { clientId: cli.appId, authority: rig.entrada.authority(), knownAuthorities: [new URL(rig.entrada.url).host] },
      system: { networkClient: rig.entrada.msalNetworkClient },
    });
    try {
      const r = await pca.acquireTokenByUsernamePassword({ scopes: ['api://entrada-demo-api/access_as_user'], username: upn, password });
      expect(r?.accessToken).toBeTruthy();
      return 0;
    } catch (err) {
      if (err instanceof ServerError) return Number(err.errorNo);
      throw err;
    }
  }

  async function submit(page: Page, button: string): Promise<void> {
    await page.getByRole('button', { name: button, exact: true }).click();
    await page.waitForLoadState('load');
  }

  /** Creates a user with a typed password in the portal; its object id (from the page it lands on). */
  async function createUser(alias: string, displayName: string, password: string): Promise<string> {
    const { page } = admin;
    await page.goto(url('/portal/users/new'));
    await page.getByLabel('Display name').fill(displayName);
    await page.getByLabel('Username (the part before @)').fill(alias);
    await page.getByLabel('Domain').selectOption({ label: `@${DOMAIN}` });
    await page.getByLabel('Let me type the password').check();
    await page.getByLabel('Password (when typed)').fill(password);
    await submit(page, 'Create');
    await expect(page.locator('[role=status]').first().textContent()).resolves.toContain('The user was created.');
    const id = /\/portal\/users\/([0-9a-f-]{36})/.exec(page.url())?.[1];
    expect(id).toBeTruthy();
    return id!;
  }

  it('creates a user who signs in; a reset makes the old password AADSTS50126 and the generated one work; disabling gives AADSTS50057', async () => {
    const { page } = admin;
    const upn = `dora@${DOMAIN}`;
    const id = await createUser('dora', 'Dora Portal', 'Dora-Portal-Password-1');
    await expect(ropc(upn, 'Dora-Portal-Password-1')).resolves.toBe(0);

    await page.goto(url(`/portal/users/${id}/password`));
    await expect(page.getByLabel('Auto-generate a password (shown once after the reset)').isChecked()).resolves.toBe(true);
    await submit(page, 'Reset password');
    const generated = (await page.locator('#new-password').textContent())?.trim() ?? '';
    expect(generated).toHaveLength(16);
    // Shown once: the blade, reloaded with GET, does not show it again.
    await page.goto(url(`/portal/users/${id}/password`));
    await expect(page.content()).resolves.not.toContain(generated);

    await expect(ropc(upn, 'Dora-Portal-Password-1')).resolves.toBe(50126);
    await expect(ropc(upn, generated)).resolves.toBe(0);

    // A typed password that breaks Entra's policy is refused in the directory's words.
    await page.getByLabel('Let me type the password').check();
    await page.getByLabel('Password (when typed)').fill('short');
    await submit(page, 'Reset password');
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('does not comply with password complexity requirements');

    await page.goto(url(`/portal/users/${id}`));
    await submit(page, 'Block sign-in (disable account)');
    await expect(page.locator('[role=status]').first().textContent()).resolves.toContain('Sign-in is blocked');
    await expect(ropc(upn, generated)).resolves.toBe(50057);
    await submit(page, 'Allow sign-in (enable account)');
    await expect(ropc(upn, generated)).resolves.toBe(0);

    // The list finds the user, by name and as enabled.
    await page.goto(url('/portal/users?search=dora&enabled=yes'));
    await expect(page.getByRole('link', { name: 'Dora Portal' }).count()).resolves.toBe(1);
  });

  it('gives a user the Application Administrator role, which admits the user to the portal, and takes it away', async () => {
    const { page } = admin;
    const user = { upn: `erin@${DOMAIN}`, password: 'Erin-Portal-Password-2' };
    const id = await createUser('erin', 'Erin Portal', user.password);

    const before = await newPortalPage(rig);
    await signInToPortal(rig, before.page, user);
    await expect(before.page.locator('[role=alert]').textContent()).resolves.toContain('Insufficient privileges');
    await before.context.close();

    await page.goto(url(`/portal/users/${id}/roles`));
    await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Application Administrator' });
    await submit(page, 'Assign');
    await expect(page.locator('[role=status]').first().textContent()).resolves.toContain('The role was assigned.');
    await expect(page.getByRole('cell', { name: 'Application Administrator', exact: true }).count()).resolves.toBe(1);

    const after = await newPortalPage(rig);
    await signInToPortal(rig, after.page, user);
    expect(new URL(after.page.url()).pathname).toBe('/');
    await expect(after.page.locator('.who').textContent()).resolves.toContain(user.upn);
    // An Application Administrator cannot give roles: the directory refuses, in its words.
    await after.page.goto(url(`/portal/users/${id}/roles`));
    await after.page.getByLabel('Role', { exact: true }).selectOption({ label: 'Global Administrator' });
    await submit(after.page, 'Assign');
    await expect(after.page.locator('[role=alert]').textContent()).resolves.toContain('Global Administrator, Privileged Role Administrator');

    // Taken away: the next request of Erin's portal session is no longer admitted.
    await page.getByRole('button', { name: 'Remove Application Administrator' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('[role=status]').first().textContent()).resolves.toContain('The role was removed.');
    await after.page.goto(url('/portal/users'));
    expect(new URL(after.page.url()).pathname).not.toBe('/portal/users');
    await after.context.close();

    // The last Global Administrator keeps the role.
    await page.goto(url('/portal/users?search=admin%40'));
    const adminPath = await page.locator('main a:text-is("Entrada Admin")').getAttribute('href');
    await page.goto(url(`${adminPath}/roles`));
    await page.getByRole('button', { name: 'Remove Global Administrator' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('last enabled user who holds the Global Administrator role');
  });

  it('creates groups and adds a user and a group as members, listed on the group and the user', async () => {
    const { page } = admin;
    const create = async (name: string) => {
      await page.goto(url('/portal/groups/new'));
      await page.getByLabel('Group name').fill(name);
      await submit(page, 'Create');
      await expect(page.locator('[role=status]').first().textContent()).resolves.toContain('The group was created');
      return /\/portal\/groups\/([0-9a-f-]{36})\/members/.exec(page.url())?.[1] ?? '';
    };
    const inner = await create('Inner Circle');
    const outer = await create('Portal Testers');
    expect(inner).not.toBe(outer);

    await page.getByLabel('User or group').selectOption({ label: `Bob Example (bob@${DOMAIN})` });
    await submit(page, 'Add');
    await page.getByLabel('User or group').selectOption({ label: 'Inner Circle (group)' });
    await submit(page, 'Add');
    await expect(page.locator('[role=status]').first().textContent()).resolves.toContain('The member was added.');
    const rows = page.locator('main table tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    await expect(page.getByRole('link', { name: 'Bob Example' }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'Inner Circle' }).count()).resolves.toBe(1);

    // The creator is the owner; the list counts the members.
    await page.goto(url(`/portal/groups/${outer}/owners`));
    await expect(page.getByRole('link', { name: 'Entrada Admin' }).count()).resolves.toBe(1);
    await page.goto(url('/portal/groups?search=Portal'));
    await expect(page.locator('main table tbody tr').first().textContent()).resolves.toContain('Security');

    // On Bob's Groups tab.
    await page.goto(url('/portal/users?search=bob'));
    await page.getByRole('link', { name: 'Bob Example' }).click();
    await page.getByRole('link', { name: 'Groups', exact: true }).last().click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('link', { name: 'Portal Testers' }).count()).resolves.toBe(1);
  });

  it('"Assignment required?" refuses an unassigned user with AADSTS50105 until the portal assigns the user; Microsoft Graph is refused', async () => {
    const { page } = admin;
    const user = { upn: `fred@${DOMAIN}`, password: 'Fred-Portal-Password-3' };
    await createUser('fred', 'Fred Portal', user.password);
    await expect(ropc(user.upn, user.password)).resolves.toBe(0);

    await page.goto(url('/portal/enterprise-apps?search=Demo+CLI'));
    await page.getByRole('link', { name: 'Demo CLI' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('link', { name: 'Demo CLI' }).count()).resolves.toBe(1); // its app registration
    await page.getByRole('link', { name: 'Properties', exact: true }).click();
    await page.getByRole('group', { name: 'Assignment required?' }).getByLabel('Yes').check();
    await submit(page, 'Save');
    await expect(page.locator('[role=status]').first().textContent()).resolves.toContain('Saved.');
    await expect(ropc(user.upn, user.password)).resolves.toBe(50105);

    await page.getByRole('link', { name: 'Users and groups' }).click();
    await page.getByLabel('User or group').selectOption({ label: `Fred Portal (${user.upn})` });
    await expect(page.getByLabel('Role', { exact: true }).inputValue()).resolves.toBe('00000000-0000-0000-0000-000000000000');
    await submit(page, 'Assign');
    await expect(page.getByRole('cell', { name: 'Default Access', exact: true }).count()).resolves.toBe(1);
    await expect(ropc(user.upn, user.password)).resolves.toBe(0);

    // Its consents are listed on Permissions.
    await page.getByRole('link', { name: 'Permissions', exact: true }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('main').textContent()).resolves.toContain('access_as_user');

    // Removing the assignment refuses Fred again; then assignment is no longer required.
    await page.getByRole('link', { name: 'Users and groups' }).click();
    await page.getByRole('button', { name: 'Remove Fred Portal (Default Access)' }).click();
    await page.waitForLoadState('load');
    await expect(ropc(user.upn, user.password)).resolves.toBe(50105);
    await page.getByRole('link', { name: 'Properties', exact: true }).click();
    await page.getByRole('group', { name: 'Assignment required?' }).getByLabel('No').check();
    await submit(page, 'Save');
    await expect(ropc(user.upn, user.password)).resolves.toBe(0);

    await page.goto(url('/portal/enterprise-apps?type=microsoft'));
    await page.getByRole('link', { name: 'Microsoft Graph' }).click();
    await page.getByRole('link', { name: 'Properties', exact: true }).click();
    await page.getByRole('group', { name: 'Assignment required?' }).getByLabel('Yes').check();
    await submit(page, 'Save');
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('belongs to Microsoft');
  });

  it('has no serious or critical axe violation on the tabs and forms of these pages', async () => {
    const context = await accessibilityContext(rig.browser);
    const page = await context.newPage();
    await signInToPortal(rig, page);
    const firstLink = async (list: string, selector: string) => {
      await page.goto(url(list));
      return (await page.locator(selector).first().getAttribute('href')) ?? '';
    };
    const user = await firstLink('/portal/users', 'main a:text-is("Bob Example")');
    const group = await firstLink('/portal/groups', 'main table a');
    const sp = await firstLink('/portal/enterprise-apps?search=Demo+Web+App', 'main table a');
    const paths = [
      '/portal/users/new',
      `${user}/password`,
      `${user}/roles`,
      `${user}/groups`,
      '/portal/groups/new',
      group,
      `${group}/members`,
      `${group}/owners`,
      `${sp}/properties`,
      `${sp}/users-groups`,
      `${sp}/permissions`,
    ];
    const problems: string[] = [];
    for (const path of paths) {
      const response = await page.goto(url(path));
      expect(response?.status(), path).toBe(200);
      const violations = await seriousViolations(page);
      if (violations.length) problems.push(`${path}\n${formatViolations(violations)}`);
    }
    await context.close();
    expect(problems.join('\n\n')).toBe('');
  });
});
