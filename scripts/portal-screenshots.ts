// Screenshots of the admin portal's main pages at 1280×800 and 390×844, for a reviewer and the
// README: `npm run screenshots` writes docs/screenshots/<page>-<width>.png and prints the list.
//
// It starts an Entrada with the demo seed in this process (startEntrada), drives Debian's Chromium
// (/usr/bin/chromium, trusting Entrada's TLS certificate by its public key as the browser tests
// do), signs in as the demo administrator, and first makes one refused request — MSAL Node's
// username/password (ROPC) flow for the Demo Web App, a confidential client, which is AADSTS7000218
// — so the sign-in log has a refusal to show with its fix, and adds a group (the seed has none).
// Screenshots cover the window only, except the Authentication page, whose whole length is taken
// so the decision simulator is in it.

import { mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PublicClientApplication } from '@azure/msal-node';
import type { Browser, Page } from 'playwright-core';
import { startEntrada, type StartedEntrada } from '../src/api/index.js';
import { createGroup } from '../src/directory/groups.js';
import { launchBrowser } from '../test/support/browser.js';
import { ADMIN, signInToPortal } from '../test/support/portal.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'docs', 'screenshots');
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

interface Shot {
  name: string;
  /** A portal path, or a function finding it (a detail page reached from its list). */
  path: string | ((page: Page, entrada: StartedEntrada) => Promise<string>);
  fullPage?: boolean;
}

/** The href of the first link matching `selector` on the list page `list`. */
function linkOn(list: string, selector: string, tab = ''): Shot['path'] {
  return async (page, entrada) => {
    await page.goto(`${entrada.url}${list}`);
    const href = await page.locator(selector).first().getAttribute('href', { timeout: 5_000 });
    if (!href?.startsWith('/portal/')) throw new Error(`no link ${selector} on ${list}`);
    return `${href}${tab}`;
  };
}

function shots(entrada: StartedEntrada): Shot[] {
  const app = `/portal/apps/${entrada.app('Demo Web App').objectId}`;
  // The API's blades show what it exposes: its scopes and app roles.
  const api = `/portal/apps/${entrada.app('Demo API').objectId}`;
  return [
    { name: 'home', path: '/' },
    { name: 'app-registrations', path: '/portal/apps' },
    { name: 'app-new', path: '/portal/apps/new' },
    { name: 'app-overview', path: app },
    { name: 'app-authentication', path: `${app}/authentication`, fullPage: true },
    { name: 'app-credentials', path: `${app}/credentials` },
    { name: 'app-permissions', path: `${app}/permissions` },
    { name: 'app-expose-api', path: `${api}/expose` },
    { name: 'app-roles', path: `${api}/roles` },
    { name: 'app-manifest', path: `${app}/manifest` },
    { name: 'enterprise-apps', path: '/portal/enterprise-apps' },
    { name: 'enterprise-app', path: linkOn('/portal/enterprise-apps', 'main a:text-is("Demo API")', '/users-groups') },
    { name: 'users', path: '/portal/users' },
    { name: 'user', path: linkOn('/portal/users', 'main a:text-is("Alice Example")') },
    { name: 'groups', path: '/portal/groups' },
    { name: 'group-members', path: linkOn('/portal/groups', 'main a:text-is("Demo Testers")', '/members') },
    { name: 'sign-ins', path: '/portal/sign-ins' },
    { name: 'sign-in-entry', path: linkOn('/portal/sign-ins', 'main tr:has-text("AADSTS7000218") a[href^="/portal/sign-ins/"]') },
    { name: 'audit-logs', path: '/portal/audit-logs' },
  ];
}

/** MSAL Node ROPC for a Web app: refused with AADSTS7000218 (a confidential client must send a credential). */
async function refusedRopc(entrada: StartedEntrada): Promise<string> {
  const web = entrada.app('Demo Web App');
  const alice = entrada.user('alice@entrada.localhost');
  const pca = new PublicClientApplication({
    auth: { clientId: web.appId, authority: entrada.authority(), knownAuthorities: [new URL(entrada.url).host] },
    system: { networkClient: entrada.msalNetworkClient },
  });
  try {
    await pca.acquireTokenByUsernamePassword({ scopes: ['openid'], username: alice.userPrincipalName, password: alice.password! });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const refusal = /AADSTS7000218: [^.]*\./.exec(message);
    if (refusal) return `MSAL Node ROPC for the Demo Web App refused as expected: ${refusal[0]}`;
    throw err;
  }
  throw new Error('ROPC for the Demo Web App was not refused');
}

/** The demo seed has no group: one with two members, through the directory service Graph uses. */
async function demoGroup(entrada: StartedEntrada): Promise<void> {
  const members = ['alice@entrada.localhost', 'bob@entrada.localhost'].map((upn) => `https://graph.microsoft.com/v1.0/directoryObjects/${entrada.user(upn).id}`);
  await createGroup(entrada.directory.service, entrada.directory.actor(), {
    displayName: 'Demo Testers',
    description: 'Users who try the demo apps',
    mailEnabled: false,
    mailNickname: 'demo-testers',
    securityEnabled: true,
    'members@odata.bind': members,
  });
}

async function capture(browser: Browser, entrada: StartedEntrada, viewport: { width: number; height: number }): Promise<string[]> {
  const written: string[] = [];
  const context = await browser.newContext({ viewport, colorScheme: 'light' });
  try {
    const page = await context.newPage();
    const save = async (name: string, fullPage = false) => {
      const file = join(OUT, `${name}-${viewport.width}.png`);
      await page.screenshot({ path: file, fullPage, animations: 'disabled', caret: 'hide' });
      written.push(file);
    };
    // Signed out: the portal sends the browser to Entrada's sign-in page.
    await page.goto(`${entrada.url}/`);
    await page.locator('#username').waitFor();
    await save('signin');
    await signInToPortal({ entrada, browser, stop: async () => {} }, page, ADMIN);
    for (const shot of shots(entrada)) {
      const path = typeof shot.path === 'string' ? shot.path : await shot.path(page, entrada);
      const response = await page.goto(`${entrada.url}${path}`);
      if (!response || response.status() >= 400) throw new Error(`${path} answered ${response?.status()}`);
      await page.waitForLoadState('networkidle');
      await save(shot.name, shot.fullPage);
    }
  } finally {
    await context.close();
  }
  return written;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const entrada = await startEntrada();
  try {
    console.log(`Entrada at ${entrada.url}`);
    console.log(await refusedRopc(entrada));
    await demoGroup(entrada);
    const browser = await launchBrowser(join(entrada.home, 'tls', 'server.pem'));
    try {
      const written: string[] = [];
      for (const viewport of VIEWPORTS) written.push(...(await capture(browser, entrada, viewport)));
      console.log(`${written.length} screenshots:`);
      for (const file of written) console.log(`  ${relative(ROOT, file)}`);
    } finally {
      await browser.close();
    }
  } finally {
    await entrada.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
