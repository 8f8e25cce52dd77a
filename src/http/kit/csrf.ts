// CSRF for the sign-in pages, and writing a page with its security headers.
//
// A random token lives in an HttpOnly, Secure, SameSite=Lax `__Host-` cookie and in a hidden
// `csrf` field of every form; a POST is accepted only when both are present and equal
// (constant-time compare). `__Host-`: the browser keeps the cookie only if Secure, Path=/ and
// host-only, so a sibling host cannot plant one. Lax, not Strict: the app sends the browser to
// /authorize by a cross-site navigation, on which a Strict cookie is withheld, so each sign-in tab
// would mint a new token and break the forms of the others; Lax cookies still never ride on a
// cross-site POST, which is what CSRF needs.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PAGE_CSP, type PageResult } from './page.js';

/** What newCsrfToken() makes: 32 random bytes, base64url. */
export const CSRF_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The value of cookie `name` on the request, or undefined when it is absent or does not match
 * `shape`. The first cookie of that name decides.
 */
export function readCookie(req: Pick<FastifyRequest, 'headers'>, name: string, shape: RegExp): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return shape.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** A fresh CSRF token (matches CSRF_TOKEN_SHAPE). */
export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The cookie's token and the posted field are the same (constant time; a missing field never is). */
export function sameToken(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// RFC 6265 §4.1.1: a token, and cookie-octets (nothing that could end the value or add attributes).
const COOKIE_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]+$/;

interface SendPageOptions {
  /** Sets this CSRF cookie (HttpOnly, Secure, SameSite=Lax, Path=/). */
  csrfCookie?: { name: string; value: string };
  /** Content-Security-Policy; PAGE_CSP when omitted. */
  csp?: string;
  /** Further complete Set-Cookie values, sent after the CSRF cookie. */
  extraCookies?: string[];
  /**
   * Referrer-Policy; 'no-referrer' when omitted. The admin portal sends 'same-origin': under
   * 'no-referrer' Chromium sends `Origin: null` with a form's POST, and the portal checks that its
   * posts name its own origin.
   */
  referrerPolicy?: 'no-referrer' | 'same-origin';
}

/** Writes a page: status, HTML, no caching, the CSP, no sniffing, no framing, no referrer. */
export function sendPage(reply: FastifyReply, page: PageResult, options: SendPageOptions = {}): FastifyReply {
  const cookies: string[] = [];
  if (options.csrfCookie) {
    const { name, value } = options.csrfCookie;
    if (!COOKIE_NAME.test(name) || !COOKIE_VALUE.test(value)) throw new TypeError(`not a cookie name and value: ${JSON.stringify(name)}`);
    cookies.push(`${name}=${value}; Path=/; Secure; HttpOnly; SameSite=Lax`);
  }
  if (options.extraCookies) cookies.push(...options.extraCookies);
  if (cookies.length === 1) reply.header('set-cookie', cookies[0]);
  else if (cookies.length > 1) reply.header('set-cookie', cookies);
  return reply
    .code(page.status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', options.csp ?? PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', options.referrerPolicy ?? 'no-referrer')
    .send(page.html);
}
