// Accessibility of every portal page and of the sign-in pages a person meets on the way in and
// out: axe-core's WCAG 2.x A/AA rules report no serious or critical violation, at 1280×800 and at
// 390×844, in the light and the dark colour scheme (issue 14's quality bar), and no page scrolls
// sideways at either width. And the keyboard: on the Authentication page (the portal's busiest
// form) Tab reaches the skip link first, then the header's navigation, then every visible,
// enabled control in document order.
//
// The pages run in a browser context that bypasses the CSP, which is needed to inject axe
// (support/axe.ts); the pages' own behaviour under their CSP is what the other browser tests see.

import type { BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup } from '../../src/directory/groups.js';
import { accessibilityContext, formatViolations, seriousViolations } from '../support/axe.js';
import { SKIP_BROWSER } from '../support/browser.js';
import { ADMIN, ALICE, type PortalRig, signInToPortal, startPortalRig } from '../support/portal.js';

/** Created before the pages are visited (the demo seed has no group), with Alice as a member. */
const GROUP_NAME = 'Accessibility Testers';

interface Env {
  rig: PortalRig;
  /** Object ids of the app registrations whose blades are checked: the Demo Web App, the Demo API. */
  appId: string;
  apiId: string;
  tenantId: string;
}

interface PageCase {
  name: string;
  /** `admin`: in the signed-in administrator's context; `fresh`: a new context with no cookies. */
  who: 'admin' | 'fresh';
  /** Brings `page` to the page to check (and fails when the page does not exist). */
  open(page: Page, env: Env): Promise<void>;
}

/** A portal page at a fixed path; it must exist (no 404, no "Not found" heading). */
function at(path: string | ((env: Env) => string)): PageCase['open'] {
  return async (page, env) => {
    const target = typeof path === 'string' ? path : path(env);
    await expectPage(page, await page.goto(`${env.rig.entrada.url}${target}`), target);
  };
}

/** The page the first link matching `link` on the list page `list` leads to (a detail page), + `tab`. */
function via(listPath: string | ((env: Env) => string), link: string, tab = ''): PageCase['open'] {
  return async (page, env) => {
    const list = typeof listPath === 'string' ? listPath : listPath(env);
    await expectPage(page, await page.goto(`${env.rig.entrada.url}${list}`), list);
    const href = await page.locator(link).first().getAttribute('href', { timeout: 5_000 });
    expect(href, `a link ${link} on ${list}`).toMatch(/^\/portal\//);
    await expectPage(page, await page.goto(`${env.rig.entrada.url}${href}${tab}`), `${href}${tab}`);
  };
}

async function expectPage(page: Page, response: Response | null, what: string): Promise<void> {
  expect(response?.status(), `${what} answers`).toBeLessThan(400);
  await expect(page.locator('h1').first().textContent(), `${what} is a page`).resolves.not.toBe('Not found');
}

const app = (blade = '') => (env: Env) => `/portal/apps/${env.appId}${blade}`;
const api = (blade = '') => (env: Env) => `/portal/apps/${env.apiId}${blade}`;
const ENTERPRISE_APP = 'main a:text-is("Demo API")';
const USER = 'main a:text-is("Alice Example")';
const GROUP = `main a:text-is("${GROUP_NAME}")`;

// Every page the checks cover, in ONE list: the portal's pages, then the sign-in pages on the way
// in and out. A page that does not exist (404, "Not found") fails its check.
const PAGES: PageCase[] = [
  { name: 'home', who: 'admin', open: at('/') },
  { name: 'app registrations', who: 'admin', open: at('/portal/apps') },
  { name: 'new registration', who: 'admin', open: at('/portal/apps/new') },
  { name: 'app overview', who: 'admin', open: at(app()) },
  { name: 'app authentication', who: 'admin', open: at(app('/authentication')) },
  { name: 'app certificates & secrets', who: 'admin', open: at(app('/credentials')) },
  { name: 'app API permissions', who: 'admin', open: at(app('/permissions')) },
  { name: 'app expose an API (none)', who: 'admin', open: at(app('/expose')) },
  { name: 'app expose an API (scopes)', who: 'admin', open: at(api('/expose')) },
  { name: 'app expose an API: add a scope', who: 'admin', open: at(api('/expose/scopes/new')) },
  { name: 'app expose an API: edit a scope', who: 'admin', open: via(api('/expose'), 'main a[href*="/expose/scopes/"]:not([href$="/new"])') },
  { name: 'app roles (none)', who: 'admin', open: at(app('/roles')) },
  { name: 'app roles (two)', who: 'admin', open: at(api('/roles')) },
  { name: 'app roles: create', who: 'admin', open: at(api('/roles/new')) },
  { name: 'app roles: edit', who: 'admin', open: via(api('/roles'), 'main a[href*="/roles/"]:not([href$="/new"])') },
  { name: 'app manifest', who: 'admin', open: at(app('/manifest')) },
  { name: 'app API permissions: add', who: 'admin', open: at(app('/permissions/add')) },
  { name: 'enterprise applications', who: 'admin', open: at('/portal/enterprise-apps') },
  { name: 'enterprise application', who: 'admin', open: via('/portal/enterprise-apps', ENTERPRISE_APP) },
  { name: 'enterprise application properties', who: 'admin', open: via('/portal/enterprise-apps', ENTERPRISE_APP, '/properties') },
  { name: 'enterprise application users and groups', who: 'admin', open: via('/portal/enterprise-apps', ENTERPRISE_APP, '/users-groups') },
  { name: 'enterprise application permissions', who: 'admin', open: via('/portal/enterprise-apps', ENTERPRISE_APP, '/permissions') },
  { name: 'users', who: 'admin', open: at('/portal/users') },
  { name: 'new user', who: 'admin', open: at('/portal/users/new') },
  { name: 'user', who: 'admin', open: via('/portal/users', USER) },
  { name: 'user: reset password', who: 'admin', open: via('/portal/users', USER, '/password') },
  { name: 'user: MFA and sessions', who: 'admin', open: via('/portal/users', USER, '/authentication') },
  { name: 'user: assigned roles', who: 'admin', open: via('/portal/users', USER, '/roles') },
  { name: 'user: groups', who: 'admin', open: via('/portal/users', USER, '/groups') },
  { name: 'groups', who: 'admin', open: at('/portal/groups') },
  { name: 'conditional access', who: 'admin', open: at('/portal/conditional-access') },
  { name: 'new group', who: 'admin', open: at('/portal/groups/new') },
  { name: 'group', who: 'admin', open: via('/portal/groups', GROUP) },
  { name: 'group members', who: 'admin', open: via('/portal/groups', GROUP, '/members') },
  { name: 'group owners', who: 'admin', open: via('/portal/groups', GROUP, '/owners') },
  { name: 'sign-in logs', who: 'admin', open: at('/portal/sign-ins') },
  { name: 'sign-in log entry (a refusal, with its fix)', who: 'admin', open: via('/portal/sign-ins', 'main tr:has-text("AADSTS7000218") a[href^="/portal/sign-ins/"]') },
  { name: 'audit logs', who: 'admin', open: at('/portal/audit-logs') },
  {
    name: 'sign-in page (signed out)',
    who: 'fresh',
    open: async (page, env) => {
      await page.goto(`${env.rig.entrada.url}/portal/apps`);
      expect(new URL(page.url()).pathname).toBe('/organizations/oauth2/v2.0/authorize');
      await page.locator('#username').waitFor();
    },
  },
  {
    name: 'sign-in page with an error',
    who: 'fresh',
    open: async (page, env) => {
      await page.goto(`${env.rig.entrada.url}/portal/signin`);
      await page.locator('#username').fill(ADMIN.upn);
      await page.locator('#password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('[role=alert]').waitFor();
    },
  },
  {
    name: 'sign-in account picker',
    who: 'admin',
    open: async (page, env) => {
      await page.goto(`${env.rig.entrada.url}/portal/signin`);
      await page.getByRole('button', { name: 'Use another account' }).waitFor();
    },
  },
  {
    name: 'insufficient privileges',
    who: 'fresh',
    open: async (page, env) => {
      await signInToPortal(env.rig, page, ALICE);
      await expect(page.locator('h1').textContent()).resolves.toBe('Insufficient privileges');
    },
  },
  {
    name: 'sign-out account picker',
    who: 'fresh',
    open: async (page, env) => {
      await signInToPortal(env.rig, page, ALICE);
      await page.goto(`${env.rig.entrada.url}/${env.tenantId}/oauth2/v2.0/logout`);
      await page.getByRole('button', { name: /Alice Example/ }).waitFor();
    },
  },
  {
    name: 'signed out',
    who: 'fresh',
    open: async (page, env) => {
      await page.goto(`${env.rig.entrada.url}/portal/auth`);
      await expect(page.locator('h1').textContent()).resolves.toBe('You signed out');
    },
  },
];

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];
/** Each page is checked in both colour schemes (emulated prefers-color-scheme) without loading it again. */
const SCHEMES = ['light', 'dark'] as const;

describe.skipIf(SKIP_BROWSER)('portal accessibility', { timeout: 60_000 }, () => {
  let env: Env;
  beforeAll(async () => {
    const rig = await startPortalRig();
    env = { rig, appId: rig.entrada.app('Demo Web App').objectId, apiId: rig.entrada.app('Demo API').objectId, tenantId: rig.entrada.tenant().id };
    const { directory } = rig.entrada;
    await createGroup(directory.service, directory.actor(), {
      displayName: GROUP_NAME,
      mailEnabled: false,
      mailNickname: 'a11y-testers',
      securityEnabled: true,
      'members@odata.bind': [`https://graph.microsoft.com/v1.0/directoryObjects/${rig.entrada.user(ALICE.upn).id}`],
    });
    // A refusal in the sign-in log, so its entry page shows an error and its fix: ROPC for the
    // Demo Web App (a confidential client) without a secret is AADSTS7000218.
    const refused = await rig.entrada.fetch(`${rig.entrada.authority()}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: rig.entrada.app('Demo Web App').appId, username: ALICE.upn, password: ALICE.password, scope: 'openid' }).toString(),
    });
    expect(await refused.json()).toMatchObject({ error_codes: [7000218] });
  }, 60_000);
  afterAll(async () => {
    await env?.rig.stop();
  });

  describe.each(VIEWPORTS)('at $width×$height', (viewport) => {
    let admin: BrowserContext;
    let adminPage: Page;
    beforeAll(async () => {
      admin = await accessibilityContext(env.rig.browser, { viewport });
      adminPage = await admin.newPage();
      await signInToPortal(env.rig, adminPage);
    }, 60_000);
    afterAll(async () => {
      await admin?.close();
    });

    for (const c of PAGES) {
      it(`${c.name}: no serious or critical axe violation, light and dark; no sideways scrolling`, async () => {
        const context = c.who === 'admin' ? undefined : await accessibilityContext(env.rig.browser, { viewport });
        const page = context ? await context.newPage() : adminPage;
        try {
          await page.emulateMedia({ colorScheme: 'light' });
          await c.open(page, env);
          const backgrounds = new Set<string>();
          for (const colorScheme of SCHEMES) {
            await page.emulateMedia({ colorScheme });
            backgrounds.add(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
            const violations = await seriousViolations(page);
            expect(violations, `${c.name}, ${colorScheme}, at ${page.url()}:\n${formatViolations(violations)}`).toEqual([]);
          }
          expect(backgrounds.size, 'the page has a dark look of its own').toBe(SCHEMES.length);
          // Usable at 390 px (WCAG 1.4.10 reflow): the page itself never scrolls sideways; only
          // a wide table does, inside its own box.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, `${c.name} is wider than the ${viewport.width} px window by ${overflow} px`).toBeLessThanOrEqual(0);
        } finally {
          await context?.close();
        }
      });
    }
  });

  describe('keyboard, on the Authentication page', () => {
    for (const viewport of VIEWPORTS) {
      it(`at ${viewport.width}×${viewport.height}: Tab reaches the skip link, the navigation, then every control in order`, async () => {
        const context = await accessibilityContext(env.rig.browser, { viewport });
        try {
          const page = await context.newPage();
          await signInToPortal(env.rig, page);
          await at(app('/authentication'))(page, env);
          const expected = await markTabStops(page);
          const visited = await tabThrough(page, expected.length);
          const labels = await page.evaluate(() => [...document.querySelectorAll('[data-tab-stop]')].map((el) => tabStopLabel(el)));
          expect(visited.map((i) => labels[i] ?? `(outside the marked controls: ${i})`)).toEqual(labels);
          // The first stops: the skip link, then the header (the brand and the navigation).
          expect(labels[0]).toBe('a "Skip to content"');
          const header = await page.evaluate(() => document.querySelectorAll('header [data-tab-stop]').length);
          expect(header).toBeGreaterThan(7);
          const nav = await page.evaluate(() => [...document.querySelectorAll('[data-tab-stop]')].slice(1, 9).every((el) => el.closest('header') !== null));
          expect(nav).toBe(true);
          // And they include the form's controls and buttons.
          expect(labels.filter((l) => l.startsWith('textarea') || l.startsWith('input') || l.startsWith('button') || l.startsWith('select')).length).toBeGreaterThan(8);
        } finally {
          await context.close();
        }
      });
    }
  });
});

// Defined in the page by markTabStops, for the page-side functions above.
declare function tabStopLabel(el: Element): string;

/**
 * Marks every element Tab should stop at — visible, enabled, focusable by default or with a
 * non-negative tabindex, one per radio group (Tab enters a group once, at its checked button) —
 * with data-tab-stop="<index>" in document order, and defines tabStopLabel(el) in the page.
 */
async function markTabStops(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { tabStopLabel(el: Element): string };
    w.tabStopLabel = (el: Element) => {
      const text = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      const name = el.getAttribute('name');
      return `${el.tagName.toLowerCase()}${name ? `[name=${name}]` : ''}${el instanceof HTMLInputElement ? `[type=${el.type}][value=${el.value.slice(0, 30)}]` : ''}${text ? ` "${text}"` : ''}`;
    };
    const candidates = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary, [tabindex]')];
    const radioGroups = new Set<string>();
    const stops: HTMLElement[] = [];
    for (const el of candidates) {
      if (el.tabIndex < 0) continue;
      if ((el as HTMLInputElement).disabled) continue;
      if (el instanceof HTMLInputElement && el.type === 'hidden') continue;
      if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
      if (el instanceof HTMLInputElement && el.type === 'radio' && el.name) {
        if (radioGroups.has(el.name)) continue;
        radioGroups.add(el.name);
        const group = [...(el.form ?? document).querySelectorAll<HTMLInputElement>(`input[type=radio][name="${CSS.escape(el.name)}"]`)];
        stops.push(group.find((r) => r.checked) ?? el);
        continue;
      }
      stops.push(el);
    }
    stops.forEach((el, i) => {
      el.dataset['tabStop'] = String(i);
    });
    return stops.map((_, i) => i);
  });
}

/** Presses Tab from the top of the page `count` times; the data-tab-stop index focused after each (-1: something unmarked). */
async function tabThrough(page: Page, count: number): Promise<number[]> {
  // Nothing has focus yet (the page was just loaded and has no autofocus): Tab starts at the top.
  await expect(page.evaluate(() => document.activeElement === document.body)).resolves.toBe(true);
  const visited: number[] = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab');
    visited.push(await page.evaluate(() => Number((document.activeElement as HTMLElement | null)?.dataset['tabStop'] ?? -1)));
  }
  return visited;
}
