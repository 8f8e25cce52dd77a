// The /authorize sign-in pages (src/http/authorize/sign-in-pages.ts) and their kit: escaping, the form
// fields each page must post, CSP hashes that match the inline style and script, form_post's
// form-action, status codes; and the shared CSRF helpers and sendPage() headers.

import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { IdpError } from '../../src/core/errors/idp-error.js';
import { codePage, DEVICE_LOGIN_CSP } from '../../src/http/device/device-login-page.js';
import { CSRF_TOKEN_SHAPE, newCsrfToken, readCookie, sameToken, sendPage } from '../../src/http/kit/csrf.js';
import { escapeHtml } from '../../src/http/kit/html.js';
import { PAGE_CSP, pageCsp, type PageResult } from '../../src/http/kit/page.js';
import { consentPage } from '../../src/http/kit/consent-page.js';
import {
  accountPickerPage,
  adminConsentRequiredPage,
  formPostCsp,
  formPostPage,
  signedOutPage,
  signInPage,
} from '../../src/http/authorize/sign-in-pages.js';

// ───────────────────────── Helpers ─────────────────────────

const UNESCAPES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescapeHtml = (s: string) => s.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => UNESCAPES[e]);

interface Element {
  tag: string;
  attrs: Record<string, string>;
}

/** Every <input>, <button>, <label> and <form> with its attributes (values unescaped). */
function elements(html: string): Element[] {
  const out: Element[] = [];
  for (const m of html.matchAll(/<(input|button|label|form)\b([^>]*)>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of m[2].matchAll(/\s([a-z-]+)(?:="([^"]*)")?/g)) attrs[a[1]] = unescapeHtml(a[2] ?? '');
    out.push({ tag: m[1], attrs });
  }
  return out;
}

function hidden(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const e of elements(html)) if (e.tag === 'input' && e.attrs.type === 'hidden') fields[e.attrs.name] = e.attrs.value;
  return fields;
}

function buttons(html: string): Array<{ name?: string; value?: string; text: string }> {
  return [...html.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/g)].map((m) => ({
    name: /\sname="([^"]*)"/.exec(m[1])?.[1],
    value: /\svalue="([^"]*)"/.exec(m[1]) ? unescapeHtml(/\svalue="([^"]*)"/.exec(m[1])![1]) : undefined,
    text: unescapeHtml(m[2].replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()),
  }));
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function directive(csp: string, name: string): string | undefined {
  return csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `))
    ?.slice(name.length + 1);
}

/**
 * Request values are escaped, so every raw "<" left starts a tag the page wrote itself: only these
 * tags, no event handlers, no inline styles, nothing that loads; <script> only when allowed.
 */
function expectOnlyOwnMarkup(html: string, allowScript = false): void {
  const ALLOWED = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'div', 'main', 'footer', 'span', 'h1', 'h2', 'p', 'ul', 'li',
    'code', 'pre', 'strong', 'a', 'form', 'input', 'label', 'button', 'noscript', ...(allowScript ? ['script'] : [])]);
  for (const m of html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>/g)) {
    expect(ALLOWED, `<${m[1]}>`).toContain(m[1].toLowerCase());
    // Attribute values are escaped text; look at the attribute names only.
    expect(m[2].replace(/"[^"]*"/g, '""')).not.toMatch(/\s(?:on[a-z]+|src|srcset|style|formaction)\s*=/i);
  }
  expect(html).not.toMatch(/url\(|@import/i);
  expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
}

/** Every visible input has a <label for> naming its id. */
function expectLabelled(html: string): void {
  const els = elements(html);
  const labelled = new Set(els.filter((e) => e.tag === 'label').map((e) => e.attrs.for));
  for (const e of els.filter((x) => x.tag === 'input' && x.attrs.type !== 'hidden')) expect(labelled, `label for #${e.attrs.id}`).toContain(e.attrs.id);
}

// Values a hostile directory entry, request or client could put on a page.
const EVIL = [`<script>alert("x")</script>`, `"><img src=x onerror=alert(1)>`, `' autofocus onfocus='alert(1)`, `a&b</textarea>`];

const error50126 = () => new IdpError(50126);
const PERMS = [
  { value: 'User.Read', description: 'Sign you in and read your profile', resourceName: 'Microsoft Graph' },
  { value: 'access_as_user', description: 'Access Demo API as you', resourceName: 'Demo API' },
];

function signIn(evil = 'x', extra: Partial<Parameters<typeof signInPage>[0]> = {}): PageResult {
  return signInPage({ host: `login.${evil}`, csrf: `c${evil}`, action: `/t/oauth2/v2.0/authorize?${evil}`, ctx: `ctx${evil}`, appName: `App ${evil}`, ...extra });
}
function picker(evil = 'x'): PageResult {
  return accountPickerPage({
    host: evil, csrf: `c${evil}`, action: `/a${evil}`, ctx: `ctx${evil}`, appName: `App ${evil}`,
    accounts: [{ upn: `alice${evil}@contoso.test`, displayName: `Alice ${evil}` }, { upn: 'bob@contoso.test', displayName: 'Bob' }],
  });
}
function consent(evil = 'x', error?: IdpError): PageResult {
  return consentPage({
    host: evil, csrf: `c${evil}`, action: `/a${evil}`, ctx: `ctx${evil}`, appName: `App ${evil}`, appId: `id${evil}`,
    publisherDomain: `pub${evil}.test`, username: `alice${evil}@contoso.test`,
    permissions: [{ value: `Scope${evil}`, description: `Do ${evil}`, resourceName: `Res ${evil}` }, ...PERMS], error,
  });
}
function adminConsent(evil = 'x'): PageResult {
  return adminConsentRequiredPage({ host: evil, appName: `App ${evil}`, appId: `id${evil}`, permissions: [{ value: `Scope${evil}`, description: `Do ${evil}`, resourceName: `Res ${evil}` }] });
}
function formPost(evil = 'x'): PageResult {
  return formPostPage({ redirectUri: `https://localhost:3000/cb?${encodeURIComponent(evil)}&q="${evil}`, fields: { code: `c${evil}`, state: `s${evil}`, [`n${evil}`]: evil } });
}
function signedOut(evil = 'x'): PageResult {
  return signedOutPage({ host: evil, appName: `App ${evil}` });
}

// ───────────────────────── Escaping ─────────────────────────

describe('escaping', () => {
  const pages: Array<[string, (evil: string) => PageResult, boolean]> = [
    ['signInPage', (e) => signIn(e, { username: `u${e}`, tenantName: `T ${e}`, error: error50126() }), false],
    ['accountPickerPage', picker, false],
    ['consentPage', (e) => consent(e, error50126()), false],
    ['adminConsentRequiredPage', adminConsent, false],
    ['formPostPage', formPost, true],
    ['signedOutPage', signedOut, false],
  ];
  for (const [name, render, script] of pages) {
    for (const evil of EVIL) {
      it(`${name} escapes ${JSON.stringify(evil)}`, () => {
        const { html } = render(evil);
        expect(html).not.toContain(evil);
        expect(html).toContain(escapeHtml(evil));
        expectOnlyOwnMarkup(html, script);
        if (script) expect(html.match(/<script>/g)).toHaveLength(1);
      });
    }
  }

  it('hidden fields and button values round-trip exactly', () => {
    const evil = EVIL[1];
    expect(hidden(signIn(evil).html)).toEqual({ csrf: `c${evil}`, ctx: `ctx${evil}`, step: 'signin' });
    expect(elements(signIn(evil).html).find((e) => e.tag === 'form')?.attrs.action).toBe(`/t/oauth2/v2.0/authorize?${evil}`);
    expect(buttons(picker(evil).html)[0]).toEqual({ name: 'account', value: `alice${evil}@contoso.test`, text: `Alice ${evil} alice${evil}@contoso.test` });
    const post = formPost(evil);
    expect(hidden(post.html)).toEqual({ code: `c${evil}`, state: `s${evil}`, [`n${evil}`]: evil });
    expect(elements(post.html).find((e) => e.tag === 'form')?.attrs.action).toBe(`https://localhost:3000/cb?${encodeURIComponent(evil)}&q="${evil}`);
  });
});

// ───────────────────────── Fields ─────────────────────────

describe('signInPage', () => {
  it('posts csrf, ctx, step=signin, username and password to the action', () => {
    const { status, html } = signInPage({ host: 'localhost:8443', csrf: 'tok', action: '/contoso/oauth2/v2.0/authorize', ctx: 'opaque', appName: 'Demo Web App' });
    expect(status).toBe(200);
    expect(html).toContain('<h1>Sign in</h1>');
    expect(html).toContain('to continue to <span class="app">Demo Web App</span>');
    expect(elements(html).find((e) => e.tag === 'form')?.attrs).toMatchObject({ method: 'post', action: '/contoso/oauth2/v2.0/authorize' });
    expect(hidden(html)).toEqual({ csrf: 'tok', ctx: 'opaque', step: 'signin' });
    const inputs = Object.fromEntries(elements(html).filter((e) => e.tag === 'input' && e.attrs.type !== 'hidden').map((e) => [e.attrs.name, e.attrs]));
    expect(inputs.username).toMatchObject({ type: 'text', inputmode: 'email', id: 'username', autocomplete: 'username', value: '' });
    expect(inputs.username).toHaveProperty('autofocus');
    expect(inputs.password).toMatchObject({ type: 'password', id: 'password', autocomplete: 'current-password' });
    expect(inputs.password).not.toHaveProperty('value');
    expect(html).toContain('<label for="username">Email or user name</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(buttons(html)).toEqual([{ name: 'action', value: 'signin', text: 'Sign in' }]);
    expect(html).not.toContain('aria-invalid');
    expectLabelled(html);
  });

  it('says plainly when too many sign-ins are waiting (AADSTS90055) and when to try again', () => {
    const throttled = new IdpError(90055, { args: { seconds: '4' }, retryAfterSeconds: 4 });
    const { html } = signInPage({ host: 'localhost:8443', csrf: 'tok', action: '/a', ctx: 'c', appName: 'App', username: 'alice@contoso.test', error: throttled });
    expect(html).toContain('<p>There are too many incoming requests. Try again in 4 seconds.</p>');
    expect(html).toContain('<code>AADSTS90055</code>');
    expect(elements(html).find((e) => e.attrs.name === 'username')?.attrs.value).toBe('alice@contoso.test');
  });

  it('keeps the user name, focuses the password, and shows an error with aria-invalid/aria-describedby', () => {
    const { status, html } = signIn('x', { username: 'alice@contoso.test', error: error50126(), tenantName: 'Contoso' });
    expect(status).toBe(400);
    const byName = Object.fromEntries(elements(html).filter((e) => e.tag === 'input').map((e) => [e.attrs.name, e.attrs]));
    expect(byName.username).toMatchObject({ value: 'alice@contoso.test', 'aria-invalid': 'true', 'aria-describedby': 'form-error' });
    expect(byName.username).not.toHaveProperty('autofocus');
    expect(byName.password).toMatchObject({ 'aria-invalid': 'true', 'aria-describedby': 'form-error' });
    expect(byName.password).toHaveProperty('autofocus');
    expect(html).toContain('<div class="error" role="alert" id="form-error">');
    expect(html).toContain('AADSTS50126');
    expect(html).toContain('href="/error?code=50126"');
    expect(html).toContain('Contoso');
  });
});

describe('accountPickerPage', () => {
  it('one submit button per account (account=upn) and "Use another account" (account="")', () => {
    const { status, html } = picker();
    expect(status).toBe(200);
    expect(html).toContain('<h1>Pick an account</h1>');
    expect(hidden(html)).toEqual({ csrf: 'cx', ctx: 'ctxx', step: 'pick' });
    expect(buttons(html)).toEqual([
      { name: 'account', value: 'alicex@contoso.test', text: 'Alice x alicex@contoso.test' },
      { name: 'account', value: 'bob@contoso.test', text: 'Bob bob@contoso.test' },
      { name: 'account', value: '', text: 'Use another account' },
    ]);
    for (const b of html.matchAll(/<button\b[^>]*>/g)) expect(b[0]).toContain('type="submit"');
  });

  it('with no accounts, only "Use another account"', () => {
    const { html } = accountPickerPage({ host: 'h', csrf: 'c', action: '/a', ctx: 'x', appName: 'A', accounts: [] });
    expect(buttons(html)).toEqual([{ name: 'account', value: '', text: 'Use another account' }]);
  });
});

describe('consentPage', () => {
  it('names the app, its unverified publisher, the user and each permission; Accept or Cancel', () => {
    const { status, html } = consent();
    expect(status).toBe(200);
    expect(html).toContain('<h1>Permissions requested</h1>');
    expect(html).toContain('<span class="app">App x</span> <span class="muted">/ pubx.test</span> <span class="badge">unverified</span>');
    expect(html).toContain('alicex@contoso.test');
    expect(html).toContain('<code>idx</code>');
    expect(html).toContain('This app would like to:');
    expect(html).toContain('Sign you in and read your profile <span class="muted">(<code>User.Read</code> · Microsoft Graph)</span>');
    expect(html).toContain('<code>access_as_user</code>');
    expect(html).toMatch(/Accepting these permissions means that you allow this app to use your data as specified in its terms/);
    expect(hidden(html)).toEqual({ csrf: 'cx', ctx: 'ctxx', step: 'consent' });
    expect(buttons(html)).toEqual([
      { name: 'action', value: 'accept', text: 'Accept' },
      { name: 'action', value: 'cancel', text: 'Cancel' },
    ]);
    expect(html).toMatch(/<button class="primary"[^>]*value="accept"/);
  });

  it('shows an error (400)', () => {
    const { status, html } = consent('x', new IdpError(65001, { args: { appId: 'a', appName: 'A' } }));
    expect(status).toBe(400);
    expect(html).toContain('AADSTS65001');
  });
});

describe('adminConsentRequiredPage', () => {
  it('400, no form, the permissions and both ways to grant them', () => {
    const { status, html } = adminConsentRequiredPage({ host: 'h', appName: 'Demo Web App', permissions: PERMS });
    expect(status).toBe(400);
    expect(html).toContain('<h1>Need admin approval</h1>');
    expect(html).toContain('only an admin can grant');
    expect(html).toContain('AADSTS90094');
    expect(html).toContain('<code>User.Read</code>');
    expect(html).toContain('<code>access_as_user</code>');
    expect(html).toContain('<strong>Enterprise applications</strong> → <span class="app">Demo Web App</span> → <strong>Permissions</strong> → <strong>Grant admin consent</strong>');
    expect(html).toContain('consentType: AllPrincipals');
    expect(html).toContain('scope: User.Read\n');
    expect(html).toContain('scope: access_as_user\n');
    expect(html).not.toMatch(/<form|<input|<button/);
  });
});

describe('formPostPage', () => {
  it('posts each field to the redirect URI, auto-submitted, with a <noscript> Continue button', () => {
    const { status, html } = formPostPage({ redirectUri: 'https://localhost:3000/auth/callback', fields: { code: '0.AAA', state: 's1', session_state: 'ss' } });
    expect(status).toBe(200);
    expect(html).toContain('<title>Working... · Entrada</title>');
    expect(elements(html).find((e) => e.tag === 'form')?.attrs).toEqual({ method: 'post', action: 'https://localhost:3000/auth/callback' });
    expect(hidden(html)).toEqual({ code: '0.AAA', state: 's1', session_state: 'ss' });
    expect(Object.keys(hidden(html))).toEqual(['code', 'state', 'session_state']);
    expect(/<script>([\s\S]*?)<\/script>/.exec(html)?.[1]).toContain('document.forms[0].submit()');
    expect(html).toMatch(/<noscript>[\s\S]*<button class="primary" type="submit">Continue<\/button>[\s\S]*<\/noscript>\n<\/form>/);
    // The Continue button adds no field of its own.
    expect(buttons(html)).toEqual([{ name: undefined, value: undefined, text: 'Continue' }]);
  });

  it.each([
    ['https://localhost:3000/auth/callback', 'https://localhost:3000'],
    ['http://localhost:5173/', 'http://localhost:5173'],
    ['https://app.contoso.test:443/signin-oidc', 'https://app.contoso.test'],
    ['https://App.Contoso.TEST/cb?x=1#f', 'https://app.contoso.test'],
    ['http://127.0.0.1:8080/a/b', 'http://127.0.0.1:8080'],
  ])('formPostCsp(%s): form-action %s, and the script hash matches', (redirectUri, origin) => {
    const csp = formPostCsp(redirectUri);
    expect(directive(csp, 'form-action')).toBe(origin);
    expect(origin).toBe(new URL(redirectUri).origin);
    const { html } = formPostPage({ redirectUri, fields: { code: 'c' } });
    expect(directive(csp, 'script-src')).toBe(sha256(/<script>([\s\S]*?)<\/script>/.exec(html)![1]));
    expect(directive(csp, 'style-src')).toBe(sha256(/<style>([\s\S]*?)<\/style>/.exec(html)![1]));
    expect(directive(csp, 'default-src')).toBe("'none'");
    expect(directive(csp, 'frame-ancestors')).toBe("'none'");
    expect(directive(csp, 'base-uri')).toBe("'none'");
  });

  it.each(['myapp://auth', 'javascript:alert(1)', 'data:text/html,x', '/relative/cb', 'not a url'])('refuses to post to %s', (redirectUri) => {
    expect(() => formPostCsp(redirectUri)).toThrow(TypeError);
    expect(() => formPostPage({ redirectUri, fields: {} })).toThrow(TypeError);
  });
});

describe('signedOutPage', () => {
  it('200, tells the person to close their browser windows', () => {
    const { status, html } = signedOutPage({ host: 'h' });
    expect(status).toBe(200);
    expect(html).toContain('<h1>You signed out of your account</h1>');
    expect(html).toContain("<p>It's a good idea to close all browser windows.</p>");
    expect(html).not.toMatch(/<form/);
    expect(signedOutPage({ host: 'h', appName: 'Demo Web App' }).html).toContain('Demo Web App');
  });
});

// ───────────────────────── Every page ─────────────────────────

describe('every page', () => {
  const all: Array<[string, PageResult, number, string]> = [
    ['signInPage', signIn(), 200, PAGE_CSP],
    ['signInPage with error', signIn('x', { error: error50126() }), 400, PAGE_CSP],
    ['accountPickerPage', picker(), 200, PAGE_CSP],
    ['consentPage', consent(), 200, PAGE_CSP],
    ['consentPage with error', consent('x', error50126()), 400, PAGE_CSP],
    ['adminConsentRequiredPage', adminConsent(), 400, PAGE_CSP],
    ['formPostPage', formPost(), 200, formPostCsp('https://localhost:3000/cb')],
    ['signedOutPage', signedOut(), 200, PAGE_CSP],
    ['device codePage', codePage({ host: 'h', csrf: 'c' }), 200, DEVICE_LOGIN_CSP],
  ];
  it.each(all)('%s: status, lang, labels, and a CSP whose style hash matches its <style>', (_name, page, status, csp) => {
    expect(page.status).toBe(status);
    expect(page.html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(page.html.match(/<style>/g)).toHaveLength(1);
    expect(directive(csp, 'style-src')).toBe(sha256(/<style>([\s\S]*?)<\/style>/.exec(page.html)![1]));
    expectLabelled(page.html);
    // A page without a script has a CSP that allows none.
    if (!page.html.includes('<script')) expect(directive(csp, 'script-src')).toBeUndefined();
  });

  it('PAGE_CSP: nothing loads, forms post to this origin only, no framing; the device pages use it', () => {
    expect(PAGE_CSP).toBe(pageCsp());
    expect(DEVICE_LOGIN_CSP).toBe(PAGE_CSP);
    expect(PAGE_CSP).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='; img-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'$/);
    expect(() => pageCsp({ formAction: "https://x; script-src 'unsafe-inline'" })).toThrow(TypeError);
  });
});

// ───────────────────────── CSRF helpers and sendPage ─────────────────────────

describe('CSRF helpers', () => {
  const req = (cookie?: string) => ({ headers: cookie === undefined ? {} : { cookie } });
  const token = newCsrfToken();

  it.each([
    [undefined, undefined],
    ['', undefined],
    [`n=${token}`, token],
    [`a=1; n=${token}; b=2`, token],
    [` n = ${token} `, token],
    [`xn=${token}`, undefined],
    ['n=short', undefined],
    [`n=short; n=${token}`, undefined],
  ])('readCookie(%j)', (cookie, expected) => {
    expect(readCookie(req(cookie), 'n', CSRF_TOKEN_SHAPE)).toBe(expected);
  });

  it('newCsrfToken is fresh and well formed; sameToken compares exactly', () => {
    expect(token).toMatch(CSRF_TOKEN_SHAPE);
    expect(newCsrfToken()).not.toBe(token);
    expect(sameToken(token, token)).toBe(true);
    expect(sameToken(token, undefined)).toBe(false);
    expect(sameToken(token, '')).toBe(false);
    expect(sameToken(token, `${token}x`)).toBe(false);
    expect(sameToken(token, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBe(false);
  });

  it('sendPage sets the cookies and security headers', async () => {
    const app = Fastify();
    app.get('/plain', (_req, reply) => sendPage(reply, { status: 200, html: '<p>x</p>' }));
    app.get('/one', (_req, reply) => sendPage(reply, { status: 400, html: 'x' }, { csrfCookie: { name: '__Host-t', value: token } }));
    app.get('/post', (_req, reply) =>
      sendPage(reply, formPostPage({ redirectUri: 'http://localhost:5173/cb', fields: {} }), {
        csrfCookie: { name: '__Host-t', value: token },
        csp: formPostCsp('http://localhost:5173/cb'),
        extraCookies: ['s=1; Path=/; Secure; HttpOnly; SameSite=None'],
      }),
    );
    app.get('/bad', (_req, reply) => sendPage(reply, { status: 200, html: 'x' }, { csrfCookie: { name: 'n', value: 'a; Domain=evil' } }));

    const plain = await app.inject({ url: '/plain' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': PAGE_CSP,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    expect(plain.headers['set-cookie']).toBeUndefined();
    expect(plain.body).toBe('<p>x</p>');

    const one = await app.inject({ url: '/one' });
    expect(one.statusCode).toBe(400);
    expect(one.headers['set-cookie']).toBe(`__Host-t=${token}; Path=/; Secure; HttpOnly; SameSite=Lax`);

    const post = await app.inject({ url: '/post' });
    expect(post.headers['set-cookie']).toEqual([`__Host-t=${token}; Path=/; Secure; HttpOnly; SameSite=Lax`, 's=1; Path=/; Secure; HttpOnly; SameSite=None']);
    expect(directive(String(post.headers['content-security-policy']), 'form-action')).toBe('http://localhost:5173');

    expect((await app.inject({ url: '/bad' })).statusCode).toBe(500);
    await app.close();
  });
});
