// The human error page (/error): rendering, statuses, escaping, and the Fastify route.

import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCodes, catalogue } from '../../src/core/errors/catalogue.js';
import { errorPageRoutes } from '../../src/http/error-pages/error-page-route.js';
import { ERROR_PAGE_CSP, parseCodeParam, renderErrorIndex, renderErrorPage } from '../../src/http/error-pages/error-page.js';
import { escapeHtml } from '../../src/http/kit/html.js';

/** The page loads nothing and runs nothing: no scripts, no external resources, only local links. */
function expectSelfContained(html: string): void {
  // Request text is escaped, so every raw "<" left in the document starts a tag the page itself wrote.
  const ALLOWED = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'div', 'header', 'main', 'footer', 'span', 'h1', 'h2',
    'p', 'section', 'blockquote', 'ul', 'li', 'dl', 'dt', 'dd', 'code', 'strong', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
  for (const m of html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>/g)) {
    const [, tag, attrs] = m;
    expect(ALLOWED, `<${tag}>`).toContain(tag.toLowerCase());
    expect(attrs).not.toMatch(/\s(?:on[a-z]+|src|srcset|style|action|formaction)\s*=/i);
    const href = /\shref="([^"]*)"/.exec(attrs);
    if (href) expect(href[1]).toMatch(/^\/error(?:\?code=\d+)?$/);
  }
  expect(html).not.toMatch(/url\(/i);
  expect(html).not.toMatch(/@import/i);
}

describe('renderErrorPage', () => {
  it('explains a known code', () => {
    const { status, html } = renderErrorPage({ code: 7000215, host: 'login.entrada.test', traceId: 't-1', correlationId: 'c-1' });
    expect(status).toBe(200);
    expect(html).toContain('<title>AADSTS7000215 · Entrada</title>');
    expect(html).toContain('<h1>AADSTS7000215</h1>');
    expect(html).toContain('<span class="slot">«appId»</span>');
    expect(html).toContain(escapeHtml(catalogue[7000215].causes[0]));
    expect(html).toContain('<code>invalid_client</code>');
    expect(html).toContain('<dd>401</dd>');
    expect(html).toContain('t-1');
    expect(html).toContain('c-1');
    expect(html).toContain('href="/error"');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expectSelfContained(html);
  });

  it('shows the suberror when the code has one', () => {
    expect(renderErrorPage({ code: 65001, host: 'h' }).html).toContain('<code>consent_required</code>');
  });

  it('escapes catalogue text too ("<app>" in portal paths)', () => {
    const { html } = renderErrorPage({ code: 7000218, host: 'h' });
    expect(html).toContain('App registrations → &lt;app&gt; → Authentication');
    expect(html).not.toContain('<app>');
  });

  it('says an unknown numeric code is unknown (404) and links to the list', () => {
    const { status, html } = renderErrorPage({ code: 1234567, host: 'h' });
    expect(status).toBe(404);
    expect(html).toContain('Entrada does not know');
    expect(html).toContain('AADSTS1234567');
    expect(html).toContain('<a href="/error">');
    expectSelfContained(html);
  });

  it('answers 400 for a missing or non-numeric code', () => {
    const missing = renderErrorPage({ code: null, host: 'h' });
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('<a href="/error">');
    const garbage = renderErrorPage({ code: null, host: 'h', rawCode: 'abc' });
    expect(garbage.status).toBe(400);
    expect(garbage.html).toContain('<strong>abc</strong> is not an AADSTS error code');
  });

  it('escapes everything that comes from the request', () => {
    const evil = `"><script>alert(1)</script><img src=x onerror=alert(2)>`;
    const { html } = renderErrorPage({ code: null, host: evil, rawCode: evil, traceId: evil, correlationId: evil });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expectSelfContained(html);
  });

  it('bounds and cleans request-supplied identifiers', () => {
    const { html } = renderErrorPage({ code: 50000, host: 'h', traceId: `a\u0000b\r\n${'x'.repeat(500)}` });
    expect(html).toContain('ab');
    expect(html).not.toContain('x'.repeat(129));
  });
});

describe('renderErrorIndex', () => {
  it('lists every code with its one-line message', () => {
    const { status, html } = renderErrorIndex({ host: 'h' });
    expect(status).toBe(200);
    for (const code of allCodes()) expect(html).toContain(`<a href="/error?code=${code}">AADSTS${code}</a>`);
    expect(html).toContain('Cross-origin token redemption is permitted only');
    expectSelfContained(html);
  });
});

describe('parseCodeParam', () => {
  it('reads digits, with or without the AADSTS prefix', () => {
    expect(parseCodeParam('7000218')).toBe(7000218);
    expect(parseCodeParam(' AADSTS7000218 ')).toBe(7000218);
    expect(parseCodeParam('aadsts50011')).toBe(50011);
  });

  it('rejects everything else', () => {
    for (const raw of ['', 'abc', '12a', '-5', '1.5', '1e6', '0x10', '12345678901', 'AADSTS']) expect(parseCodeParam(raw)).toBeNull();
  });
});

describe('GET /error', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    await app.register(errorPageRoutes());
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it('serves a known code as HTML that is not cached', async () => {
    const res = await app.inject({ method: 'GET', url: '/error?code=7000218&trace_id=6f6c4645-0202-4486-b625-fa957dfc4700' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toContain('<h1>AADSTS7000218</h1>');
    expect(res.body).toContain('Allow public client flows');
    expect(res.body).toContain('6f6c4645-0202-4486-b625-fa957dfc4700');
  });

  it('accepts the AADSTS prefix as people paste it', async () => {
    const res = await app.inject({ method: 'GET', url: '/error?code=AADSTS700025' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>AADSTS700025</h1>');
  });

  it('answers 404 for an unknown code', async () => {
    const res = await app.inject({ method: 'GET', url: '/error?code=99999' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('Entrada does not know');
    expect(res.body).toContain('<a href="/error">');
  });

  it('answers 400 for a garbage code', async () => {
    const res = await app.inject({ method: 'GET', url: '/error?code=not-a-code' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('not an AADSTS error code');
  });

  it('lists every code without a code parameter', async () => {
    const res = await app.inject({ method: 'GET', url: '/error' });
    expect(res.statusCode).toBe(200);
    for (const code of allCodes()) expect(res.body).toContain(`AADSTS${code}`);
  });

  it('uses the first value of a repeated parameter', async () => {
    const res = await app.inject({ method: 'GET', url: '/error?code=50011&code=abc' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>AADSTS50011</h1>');
  });

  it('escapes an HTML injection attempt in the query and the Host header', async () => {
    const payload = '<script>alert(document.cookie)</script>';
    const q = encodeURIComponent(payload);
    const res = await app.inject({
      method: 'GET',
      url: `/error?code=${q}&trace_id=${encodeURIComponent('"><img src=x onerror=alert(1)>')}&correlation_id=${q}`,
      headers: { host: 'evil.test"><b>x</b>' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain(payload);
    expect(res.body).not.toContain('<img');
    expect(res.body).not.toContain('<b>x</b>');
    expect(res.body).toContain('&lt;script&gt;alert(document.cookie)&lt;/script&gt;');
    expect(res.body).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expectSelfContained(res.body);

    const known = await app.inject({ method: 'GET', url: `/error?code=7000215&trace_id=${q}&correlation_id=${q}` });
    expect(known.statusCode).toBe(200);
    expect(known.body).not.toContain(payload);
    expect(known.body).toContain('&lt;script&gt;');
  });

  it('sends a CSP that allows exactly the inline stylesheet and nothing else', async () => {
    const res = await app.inject({ method: 'GET', url: '/error?code=50011' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toBe(ERROR_PAGE_CSP);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.body)![1];
    const hash = createHash('sha256').update(style).digest('base64');
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
  });
});
