// The admin portal's guards, in process: pages need an admin session, every change needs the
// session's CSRF token and a same-origin POST, sealed cookies cannot be forged or edited, a
// sign-in answer must belong to this browser's sign-in, the return path never leaves the portal,
// and a change made in the portal is audited as the signed-in user through the portal app.

import { describe, expect, it } from 'vitest';
import { ENTRADA_PORTAL_APP_ID } from '../../src/directory/portal-registration.js';
import { sessionHash } from '../../src/flows/authorize/sessions.js';
import { safeReturnPath } from '../../src/ui/portal/session.js';
import { useEntrada } from '../support/in-process.js';
import { Browser, hiddenFields } from '../support/sign-in.js';
import { PLAIN_FORM, form } from '../support/wire.js';

const TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
const ADMIN = { username: 'admin@entrada.localhost', password: 'Admin-demo-password-0' };
const ALICE = { username: 'alice@entrada.localhost', password: 'Alice-demo-password-1' };

/** Follows the portal's sign-in with inject(): /portal/signin → /authorize → sign-in form → /portal/auth. */
async function signIn(browser: Browser, user = ADMIN, returnTo = '/'): Promise<{ status: number; location?: string; body: string }> {
  const start = await browser.get(`/portal/signin?return_to=${encodeURIComponent(returnTo)}`);
  expect(start.statusCode).toBe(302);
  const authorize = start.headers.location as string;
  const signInPage = await browser.get(authorize);
  expect(signInPage.statusCode).toBe(200);
  const answered = await browser.submit(signInPage, { ...user, action: 'signin' });
  expect(answered.statusCode).toBe(302);
  const back = new URL(answered.headers.location as string);
  expect(back.pathname).toBe('/portal/auth');
  const done = await browser.get(back.pathname + back.search);
  return { status: done.statusCode, location: done.headers.location as string | undefined, body: done.body };
}

describe('admin portal guards', () => {
  const entrada = useEntrada();

  it('sends a signed-out browser to sign in, and back to the page it asked for', async () => {
    const browser = new Browser(entrada.app);
    const res = await browser.get('/portal/apps');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/portal/signin?return_to=%2Fportal%2Fapps');
    const done = await signIn(browser, ADMIN, '/portal/apps');
    expect(done).toMatchObject({ status: 303, location: '/portal/apps' });
    const page = await browser.get('/portal/apps');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>App registrations</h1>');
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
  });

  it('sets the session cookie __Host-, Secure, HttpOnly, SameSite=Strict', async () => {
    const browser = new Browser(entrada.app);
    const start = await browser.get('/portal/signin');
    expect(String(start.headers['set-cookie'])).toMatch(/^__Host-entrada-portal-signin=[^;]+; Path=\/; Secure; HttpOnly; SameSite=Lax; Max-Age=600$/);
    const signInPage = await browser.get(start.headers.location as string);
    const answered = await browser.submit(signInPage, { ...ADMIN, action: 'signin' });
    const back = new URL(answered.headers.location as string);
    const done = await browser.get(back.pathname + back.search);
    const cookies = ([] as string[]).concat(done.headers['set-cookie'] as string | string[]);
    expect(cookies.find((c) => c.startsWith('__Host-entrada-portal='))).toMatch(/; Path=\/; Secure; HttpOnly; SameSite=Strict; Max-Age=28800$/);
  });

  it('refuses a user without an administrative role, and gives no session', async () => {
    const browser = new Browser(entrada.app);
    const done = await signIn(browser, ALICE);
    expect(done.status).toBe(403);
    expect(done.body).toContain('Insufficient privileges to complete the operation.');
    expect(browser.hasCookie('__Host-entrada-portal=')).toBe(false);
    expect((await browser.get('/')).statusCode).toBe(302);
  });

  it('refuses a change without the CSRF token, or from another origin, and makes none', async () => {
    const browser = new Browser(entrada.app);
    await signIn(browser);
    const before = await entrada.storage.directory.listApplications(TENANT);
    const noToken = await browser.post('/portal/apps/new', { displayName: 'CSRF probe' });
    expect(noToken.statusCode).toBe(403);
    const csrf = hiddenFields((await browser.get('/portal/apps/new')).body)['csrf'];
    const crossSite = await entrada.app.inject({
      method: 'POST',
      url: '/portal/apps/new',
      headers: { ...PLAIN_FORM, cookie: browser.cookieHeader(), origin: 'https://evil.test' },
      payload: form({ csrf, displayName: 'CSRF probe' }),
    });
    expect(crossSite.statusCode).toBe(403);
    const wrongToken = await browser.post('/portal/apps/new', { csrf: `${csrf.slice(0, -2)}AA`, displayName: 'CSRF probe' });
    expect(wrongToken.statusCode).toBe(403);
    expect(await entrada.storage.directory.listApplications(TENANT)).toHaveLength(before.length);
  });

  it('makes a change with the token, audited as the signed-in user through the portal app', async () => {
    const browser = new Browser(entrada.app);
    await signIn(browser);
    const csrf = hiddenFields((await browser.get('/portal/apps/new')).body)['csrf'];
    const created = await browser.post('/portal/apps/new', { csrf, displayName: 'Made in the portal', signInAudience: 'AzureADMyOrg', platform: 'web', redirectUri: '' });
    expect(created.statusCode).toBe(303);
    const app = (await entrada.storage.directory.listApplications(TENANT)).find((a) => a.displayName === 'Made in the portal');
    expect(app).toBeDefined();
    expect(created.headers.location).toBe(`/portal/apps/${app?.id}?done=registered`);
    // Registered as the Azure portal registers: with its service principal in the tenant.
    expect(await entrada.storage.directory.findServicePrincipalByAppId(TENANT, app?.appId ?? '')).toBeDefined();
    const audits = await entrada.storage.directoryAdmin.listAudits({ tenantId: TENANT, limit: 20 });
    const added = audits.find((a) => a.activityDisplayName === 'Add application' && a.targetResources[0]?.id === app?.id);
    expect(added?.initiatedBy.user?.userPrincipalName).toBe(ADMIN.username);
  });

  it('treats an edited or foreign session cookie as no session', async () => {
    const browser = new Browser(entrada.app);
    await signIn(browser);
    const cookie = browser.cookieHeader();
    const value = /__Host-entrada-portal=([^;]+)/.exec(cookie)?.[1] ?? '';
    const [body, mac] = value.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const edited = Buffer.from(JSON.stringify({ ...claims, expiresAt: Number(claims['expiresAt']) + 86400 })).toString('base64url');
    for (const forged of [`${edited}.${mac}`, `${body}.${'A'.repeat(43)}`, 'not-a-cookie']) {
      const res = await entrada.app.inject({ method: 'GET', url: '/portal/apps', headers: { host: 'localhost:8443', cookie: `__Host-entrada-portal=${forged}` } });
      expect(res.statusCode).toBe(302);
    }
  });

  it("ends with the Entrada sign-in session it was made from: signing out, or a password reset", async () => {
    const browser = new Browser(entrada.app);
    await signIn(browser);
    expect((await browser.get('/portal/apps')).statusCode).toBe(200);
    // Another sign-in session of the same browser (another app, another user) does not matter; the
    // portal's own does: here its storage record goes, as on Entrada's sign-out.
    const sessionCookie = /__Host-entrada-session-[^=]+=([^;]+)/.exec(browser.cookieHeader())?.[1] ?? '';
    expect(await entrada.storage.sessions.delete(sessionHash(sessionCookie))).toBe(true);
    expect((await browser.get('/portal/apps')).statusCode).toBe(302);

    // A password reset ends the user's sign-in sessions, so the portal session too.
    const again = new Browser(entrada.app);
    await signIn(again);
    expect((await again.get('/portal/apps')).statusCode).toBe(200);
    const admin = await entrada.storage.directory.findUserByUpn(TENANT, ADMIN.username);
    await entrada.storage.directoryAdmin.transact((tx) => tx.endUserSessions(admin?.id ?? ''));
    expect((await again.get('/portal/apps')).statusCode).toBe(302);
  });

  it('refuses a sign-in answer that belongs to no sign-in of this browser', async () => {
    const browser = new Browser(entrada.app);
    const res = await browser.get('/portal/auth?code=abc&state=forged');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Sign-in not recognised');
    // An error description in the URL is not shown unless the state matched.
    const phish = await browser.get('/portal/auth?error=access_denied&error_description=Call%20this%20number&state=forged');
    expect(phish.body).not.toContain('Call this number');
  });

  it('registers the portal as a first-party public client with this origin as redirect URI', async () => {
    const app = await entrada.storage.directory.getApplicationByAppId(ENTRADA_PORTAL_APP_ID);
    expect(app?.publicClient.redirectUris).toContain('https://localhost:8443/portal/auth');
    expect(app?.web.redirectUris).toEqual([]);
    expect(await entrada.storage.directory.findServicePrincipalByAppId(TENANT, ENTRADA_PORTAL_APP_ID)).toBeDefined();
  });

  it('serves the CA certificate without a session (none without TLS: see the browser tests for the PEM)', async () => {
    const res = await entrada.app.inject({ method: 'GET', url: '/ca.pem', headers: { host: 'localhost:8443' } });
    expect(res.statusCode).toBe(404);
  });
});

describe('safeReturnPath', () => {
  it.each([
    ['/portal/apps', '/portal/apps'],
    ['/portal/apps/123/authentication', '/portal/apps/123/authentication'],
    ['/portal/apps?search=demo', '/portal/apps?search=demo'],
    ['/', '/'],
    ['//evil.test/portal', '/'],
    ['https://evil.test/', '/'],
    ['/\\evil.test', '/'],
    ['/portal//evil.test', '/'],
    ['/error', '/'],
    ['javascript:alert(1)', '/'],
    [undefined, '/'],
    [`/portal/${'a'.repeat(600)}`, '/'],
  ])('%s → %s', (raw, expected) => {
    expect(safeReturnPath(raw)).toBe(expected);
  });
});
