// The portal's browser session and sign-in state, as sealed cookies: a JSON payload and its
// HMAC-SHA256 under the installation's portal key (kept in the database, so every node of a
// cluster reads every node's cookies), with a `typ` so one kind cannot pass for the other. Nothing
// is stored per session: each request (portal-kit.ts readViewer) reads the user back from the
// directory, checks the roles again and requires the Entrada sign-in session it was made from to be
// live, so disabling a user, taking its role away, a password reset or signing out of Entrada ends
// its portal access at the next click.
//
// Cookies are `__Host-` (Secure, Path=/, host-only), HttpOnly. The session is SameSite=Strict: the
// portal is only ever reached from itself. The sign-in state is Lax: it must survive the
// redirect back from the sign-in page, which a person may reach from a link elsewhere.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { readCookie } from '../../http/kit/csrf.js';

export const PORTAL_SESSION_COOKIE = '__Host-entrada-portal';
export const PORTAL_SIGNIN_COOKIE = '__Host-entrada-portal-signin';
/** The installation secret the cookies are sealed with (storage installationSecrets). */
export const PORTAL_KEY_NAME = 'portal-session-key';
/** A portal session lasts 8 hours from sign-in [Entrada's choice; Entra's portal session is policy-driven]. */
export const PORTAL_SESSION_SECONDS = 8 * 3600;
/** A sign-in must come back within 10 minutes (an authorization code lives 10 minutes too). */
export const SIGNIN_STATE_SECONDS = 600;

const SEALED = /^[A-Za-z0-9_-]{1,2048}\.[A-Za-z0-9_-]{43}$/;

export interface PortalSession {
  tenantId: string;
  userId: string;
  /** Seconds since the epoch. */
  expiresAt: number;
  /** Random per session: the CSRF token is derived from it. */
  sid: string;
  /** The storage key of the Entrada sign-in session it hangs on (portal-kit.ts signInSessions). */
  signIn: string;
}

export interface SignInState {
  state: string;
  nonce: string;
  verifier: string;
  /** A portal path to return to (already checked by safeReturnPath). */
  returnTo: string;
  /** The tenant segment the sign-in went to (`organizations` unless one was asked for). */
  tenant: string;
  expiresAt: number;
}

export class PortalSeal {
  constructor(private readonly key: string) {}

  seal(typ: 'session' | 'signin', payload: object): string {
    const body = Buffer.from(JSON.stringify({ typ, ...payload })).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The payload when the cookie is intact, undefined otherwise (tampered, malformed). */
  unseal(value: string | undefined): Record<string, unknown> | undefined {
    if (!value || !SEALED.test(value)) return undefined;
    const [body, mac] = value.split('.');
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const parsed: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  /** The CSRF token of a session: a MAC of its random id, so it needs no storage. */
  csrfToken(session: PortalSession): string {
    return this.mac(`csrf:${session.sid}`);
  }

  /** Constant-time comparison of a posted CSRF token with the session's. */
  csrfMatches(session: PortalSession, posted: string | undefined): boolean {
    if (typeof posted !== 'string') return false;
    const a = Buffer.from(this.csrfToken(session));
    const b = Buffer.from(posted);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }
}

export function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

export function readSession(req: FastifyRequest, seal: PortalSeal, nowSeconds: number): PortalSession | undefined {
  const p = seal.unseal(readCookie(req, PORTAL_SESSION_COOKIE, SEALED));
  if (p?.typ !== 'session' || typeof p.tenantId !== 'string' || typeof p.userId !== 'string' || typeof p.sid !== 'string' || typeof p.expiresAt !== 'number') return undefined;
  if (typeof p.signIn !== 'string' || p.expiresAt <= nowSeconds) return undefined;
  return { tenantId: p.tenantId, userId: p.userId, sid: p.sid, signIn: p.signIn, expiresAt: p.expiresAt };
}

export function readSignInState(req: FastifyRequest, seal: PortalSeal, nowSeconds: number): SignInState | undefined {
  const p = seal.unseal(readCookie(req, PORTAL_SIGNIN_COOKIE, SEALED));
  if (p?.typ !== 'signin' || typeof p.state !== 'string' || typeof p.nonce !== 'string' || typeof p.verifier !== 'string' || typeof p.returnTo !== 'string') return undefined;
  if (typeof p.tenant !== 'string' || typeof p.expiresAt !== 'number' || p.expiresAt <= nowSeconds) return undefined;
  return { state: p.state, nonce: p.nonce, verifier: p.verifier, returnTo: p.returnTo, tenant: p.tenant, expiresAt: p.expiresAt };
}

export function sessionCookie(value: string, maxAge: number): string {
  return `${PORTAL_SESSION_COOKIE}=${value}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=${maxAge}`;
}

export function signInCookie(value: string, maxAge: number): string {
  return `${PORTAL_SIGNIN_COOKIE}=${value}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=${maxAge}`;
}

export function clearedCookie(name: string, sameSite: 'Strict' | 'Lax'): string {
  return `${name}=; Path=/; Secure; HttpOnly; SameSite=${sameSite}; Max-Age=0`;
}

/**
 * Where to go after signing in: a portal path of this origin only (`/portal…` or `/`), never a
 * scheme, a `//host` or a backslash (no open redirect). Anything else: the portal's home.
 */
export function safeReturnPath(raw: string | undefined): string {
  if (typeof raw !== 'string' || raw.length > 512) return '/';
  if (!/^\/(portal(\/[A-Za-z0-9._~%/?=&+-]*)?(\?[A-Za-z0-9._~%=&+-]*)?)?$/.test(raw)) return '/';
  if (raw.includes('//') || raw.includes('\\')) return '/';
  return raw;
}
