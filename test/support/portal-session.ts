// Signing in to the admin portal over app.inject(), as a browser follows it: /portal/signin →
// /authorize → the sign-in form → /portal/auth; then the CSRF token of any portal page.

import type { FastifyInstance } from 'fastify';
import { Browser, hiddenFields } from './sign-in.js';

export async function portalBrowser(app: FastifyInstance, user: { upn: string; password: string }): Promise<Browser> {
  const browser = new Browser(app);
  const start = await browser.get('/portal/signin?return_to=%2F');
  const signInPage = await browser.get(start.headers.location as string);
  const answered = await browser.submit(signInPage, { username: user.upn, password: user.password, action: 'signin' });
  const back = new URL(answered.headers.location as string);
  if (back.pathname !== '/portal/auth') throw new Error(`the sign-in did not come back to the portal: ${answered.statusCode} ${answered.body.slice(0, 300)}`);
  const done = await browser.get(back.pathname + back.search);
  if (done.statusCode !== 303) throw new Error(`the portal refused ${user.upn}: ${done.statusCode}`);
  return browser;
}

/** The CSRF token on a portal page. */
export async function csrfOf(browser: Browser, path: string): Promise<string> {
  const page = await browser.get(path);
  const csrf = hiddenFields(page.body)['csrf'];
  if (!csrf) throw new Error(`no CSRF token on ${path} (${page.statusCode})`);
  return csrf;
}
