// Protocol flows the race and crash-restart checks drive over real HTTP: a cookie-keeping browser
// that reads each page's form (hidden fields, primary button) and posts it back, the authorization
// code and device code sign-ins through it, token requests, ROPC with back-off when password work
// is throttled, and a seed file with an app that authenticates with a certificate made now.

import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { clientCertificate, msalAssertion, type ClientCertificate } from '../test/support/client-certificate.js';
import { DEMO, FORM, form, request, ROOT, sleep, type Response } from './harness.js';

export const TOKEN_PATH = `/${DEMO.tenantId}/oauth2/v2.0/token`;
export const API_SCOPE = `${DEMO.apiUri}/access_as_user`;
export const USER_SCOPE = `${API_SCOPE} openid profile offline_access`;
export const ALICE = DEMO.users[0];
export const BOB = DEMO.users[1];

export interface TokenAnswer {
  status: number;
  json: Record<string, unknown>;
  /** First AADSTS code of an error body (0 when none). */
  code: number;
  /** Network error message when there was no HTTP answer. */
  failure?: string;
}

function answerOf(res: Response): TokenAnswer {
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(res.body) as Record<string, unknown>;
  } catch {
    json = { raw: res.body.slice(0, 200) };
  }
  const codes = json['error_codes'];
  return { status: res.status, json, code: Array.isArray(codes) && typeof codes[0] === 'number' ? codes[0] : 0 };
}

/** POST to the v2 token endpoint of `origin`; a network error becomes status 0 with `failure`. */
export async function token(origin: string, fields: Record<string, string>, timeoutMs = 30_000): Promise<TokenAnswer> {
  try {
    return answerOf(await request(origin, { method: 'POST', path: TOKEN_PATH, headers: FORM, body: form(fields), timeoutMs }));
  } catch (error) {
    return { status: 0, json: {}, code: 0, failure: error instanceof Error ? error.message : String(error) };
  }
}

/** "HTTP 400 AADSTS54005" / "network: ECONNRESET" — for figures and failure details. */
export function describe(a: TokenAnswer): string {
  if (a.status === 0) return `network: ${a.failure?.slice(0, 80)}`;
  return a.code ? `HTTP ${a.status} AADSTS${a.code}` : `HTTP ${a.status}`;
}

/** Counts of describe() values, e.g. "1× HTTP 200, 15× HTTP 400 AADSTS54005". */
export function tally(answers: TokenAnswer[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(describe(a), (counts.get(describe(a)) ?? 0) + 1);
  if (counts.size === 0) return 'none';
  return [...counts].sort((x, y) => y[1] - x[1]).map(([k, n]) => `${n}× ${k}`).join(', ');
}

/** Entra's throttling answers for password work (429, or AADSTS50196 "loop detected"). */
function throttled(a: TokenAnswer): boolean {
  return a.status === 429 || a.status === 503 || a.code === 50196;
}

/** ROPC on Demo CLI (public client flows allowed); retries while throttled, up to `attempts`. */
export async function ropc(origin: string, user: { upn: string; password: string }, scope = USER_SCOPE, attempts = 20): Promise<TokenAnswer> {
  let last: TokenAnswer | undefined;
  for (let i = 0; i < attempts; i++) {
    last = await token(origin, { grant_type: 'password', client_id: DEMO.cli.appId, username: user.upn, password: user.password, scope });
    if (!throttled(last)) return last;
    await sleep(Math.min(2_000, 100 * 2 ** i));
  }
  return last!;
}

export function refresh(origin: string, refreshToken: string, scope = USER_SCOPE): Promise<TokenAnswer> {
  return token(origin, { grant_type: 'refresh_token', client_id: DEMO.cli.appId, refresh_token: refreshToken, scope });
}

// ---------------------------------------------------------------------------------------------
// A browser over HTTP

function unescapeHtml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export interface Page {
  status: number;
  headers: Response['headers'];
  body: string;
}

/** Keeps cookies per origin (one browser, one node), reads forms, follows nothing by itself. */
export class HttpBrowser {
  private readonly jar = new Map<string, string>();
  constructor(readonly origin: string) {}

  private keep(res: Response): void {
    const raw = res.headers['set-cookie'];
    for (const c of raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      if (attrs.some((a) => a.trim().toLowerCase() === 'max-age=0')) this.jar.delete(name);
      else this.jar.set(name, pair.slice(eq + 1).trim());
    }
  }

  private cookie(): Record<string, string> {
    return this.jar.size === 0 ? {} : { cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') };
  }

  async get(path: string): Promise<Page> {
    const res = await request(this.origin, { method: 'GET', path, headers: this.cookie() });
    this.keep(res);
    return res;
  }

  async post(path: string, fields: Record<string, string>): Promise<Page> {
    const res = await request(this.origin, { method: 'POST', path, headers: { ...FORM, ...this.cookie() }, body: form(fields) });
    this.keep(res);
    return res;
  }

  /** Posts the page's first form: its hidden fields, its primary button's name=value, then `fields`. */
  async submit(page: Page, fields: Record<string, string>): Promise<Page> {
    const formHtml = /<form\b[\s\S]*?<\/form>/i.exec(page.body)?.[0];
    const action = formHtml && /<form[^>]*\baction="([^"]+)"/i.exec(formHtml)?.[1];
    if (!formHtml || !action) throw new Error(`no form on the page (HTTP ${page.status}): ${textOf(page.body).slice(0, 300)}`);
    const values: Record<string, string> = {};
    for (const m of formHtml.matchAll(/<input\b[^>]*>/gi)) {
      const tag = m[0];
      if (!/\btype="hidden"/i.test(tag)) continue;
      const name = /\bname="([^"]*)"/i.exec(tag)?.[1];
      const value = /\bvalue="([^"]*)"/i.exec(tag)?.[1] ?? '';
      if (name) values[unescapeHtml(name)] = unescapeHtml(value);
    }
    const primary = /<button[^>]*class="primary"[^>]*>/i.exec(formHtml)?.[0];
    const bName = primary && /\bname="([^"]*)"/i.exec(primary)?.[1];
    const bValue = primary && /\bvalue="([^"]*)"/i.exec(primary)?.[1];
    if (bName && bValue !== undefined) values[unescapeHtml(bName)] = unescapeHtml(bValue);
    return this.post(unescapeHtml(action), { ...values, ...fields });
  }
}

/** The visible text of a page (for failure messages). */
export function textOf(html: string): string {
  return html.replace(/<style[\s\S]*?<\/style>/gi, ' ').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * An authorization code for Demo CLI (Mobile and desktop, http://localhost) as a browser gets it:
 * /authorize → the sign-in form (CSRF cookie + hidden field) → password → consent if asked →
 * 302 to the redirect URI with ?code=. Returns what the redemption must repeat.
 */
export async function authorizationCode(
  origin: string,
  user: { upn: string; password: string } = ALICE,
): Promise<{ code: string; verifier: string; redirectUri: string; pages: number }> {
  const browser = new HttpBrowser(origin);
  const { verifier, challenge } = pkcePair();
  const redirectUri = `${DEMO.cli.redirectUri}:${40_000 + Math.floor(Math.random() * 20_000)}`;
  const state = randomBytes(8).toString('hex');
  const query = new URLSearchParams({
    client_id: DEMO.cli.appId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: USER_SCOPE,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    response_mode: 'query',
  });
  let page = await browser.get(`/${DEMO.tenantId}/oauth2/v2.0/authorize?${query}`);
  if (page.status !== 200 || !/name="password"/.test(page.body)) throw new Error(`authorize: expected the sign-in page, got HTTP ${page.status}: ${textOf(page.body).slice(0, 300)}`);
  let pages = 1;
  page = await browser.submit(page, { username: user.upn, password: user.password });
  // Consent (or any further page with a form) until the redirect.
  while (page.status === 200 && pages < 5) {
    pages++;
    page = await browser.submit(page, {});
  }
  const location = page.headers['location'];
  if (page.status !== 302 || typeof location !== 'string') throw new Error(`sign-in: expected a redirect, got HTTP ${page.status}: ${textOf(page.body).slice(0, 300)}`);
  const params = new URL(location).searchParams;
  const code = params.get('code');
  if (!location.startsWith(redirectUri) || !code || params.get('state') !== state) throw new Error(`sign-in redirected to ${location.slice(0, 200)}`);
  return { code, verifier, redirectUri, pages };
}

/** The person's side of the device code flow on /devicelogin: user code → sign-in → consent if asked. */
export async function approvedDeviceCode(origin: string, user: { upn: string; password: string }, userCode: string): Promise<void> {
  const browser = new HttpBrowser(origin);
  let page = await browser.get('/devicelogin');
  if (page.status !== 200) throw new Error(`/devicelogin: HTTP ${page.status}`);
  page = await browser.submit(page, { otc: userCode });
  if (!/name="password"/.test(page.body)) throw new Error(`/devicelogin code step: ${textOf(page.body).slice(0, 300)}`);
  page = await browser.submit(page, { username: user.upn, password: user.password });
  for (let i = 0; i < 3 && /<form\b/i.test(page.body) && !/signed in to/i.test(page.body); i++) page = await browser.submit(page, {});
  if (page.status !== 200 || !/signed in to/i.test(page.body)) throw new Error(`/devicelogin sign-in: HTTP ${page.status}: ${textOf(page.body).slice(0, 300)}`);
}

// ---------------------------------------------------------------------------------------------
// Certificates

export const CERT_APP_ID = 'e7ada000-0000-4000-8000-0000000000c7';

/**
 * The demo seed plus "Reliability Cert Daemon", an app whose only credential is a certificate made
 * now and that holds Data.Read on the Demo API. Returns the seed file and the certificate.
 */
export async function seedWithCertificateApp(dir: string): Promise<{ seedFile: string; cert: ClientCertificate }> {
  const cert = await clientCertificate();
  const seed = parse(readFileSync(join(ROOT, 'src', 'seed', 'demo.yaml'), 'utf8')) as {
    tenants: Array<{ applications: unknown[]; appRoleAssignments?: unknown[] }>;
  };
  seed.tenants[0].applications.push({ appId: CERT_APP_ID, displayName: 'Reliability Cert Daemon', keyCredentials: [{ key: cert.certPem }] });
  seed.tenants[0].appRoleAssignments ??= [];
  seed.tenants[0].appRoleAssignments.push({ principal: CERT_APP_ID, resource: DEMO.apiUri, appRole: 'Data.Read' });
  const seedFile = join(dir, 'reliability-seed.yaml');
  writeFileSync(seedFile, stringify(seed));
  return { seedFile, cert };
}

/** A client credentials request authenticated by a certificate assertion addressed to `origin`'s token endpoint. */
export function assertionToken(origin: string, cert: ClientCertificate, clientId: string, options: { claims?: Record<string, unknown>; scope?: string } = {}): Promise<TokenAnswer> {
  return assertionRequest(origin, clientId, msalAssertion(cert, clientId, `${origin}${TOKEN_PATH}`, { claims: options.claims }), options.scope);
}

/** The same request with a given (already signed) assertion. */
export function assertionRequest(origin: string, clientId: string, assertion: string, scope = `${DEMO.apiUri}/.default`): Promise<TokenAnswer> {
  return token(origin, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
    scope,
  });
}

export { clientCertificate, msalAssertion, type ClientCertificate };
