// The browser side of a sign-in: one session cookie per tenant, read back into the signed-in users
// by every page that needs them (/authorize, /devicelogin, /logout), and the sign-in pages' CSRF
// cookie name (the token itself is csrf.ts).

import type { FastifyRequest } from 'fastify';
import type { SessionUser } from '../../flows/authorize/interact.js';
import { sessionHash } from '../../flows/authorize/sessions.js';
import type { TokenDeps } from '../../flows/shared/context.js';

export const SIGN_IN_CSRF_COOKIE = '__Host-entrada-signin';
/** One session cookie per tenant: `__Host-entrada-session-<tenant id>`. */
export const SESSION_COOKIE_PREFIX = '__Host-entrada-session-';
const SESSION_VALUE = /^[A-Za-z0-9_-]{43}$/;
/** A browser presenting more session cookies than this is not a person signing in. */
const MAX_SESSION_COOKIES = 8;

/** The browser's live sessions, from its `__Host-entrada-session-*` cookies. */
export async function readSessions(req: FastifyRequest, deps: Pick<TokenDeps, 'sessions' | 'directory' | 'clock'>): Promise<SessionUser[]> {
  const values = sessionCookieValues(req).slice(0, MAX_SESSION_COOKIES);
  const now = deps.clock.now().toISOString();
  const found = await Promise.all(
    values.map(async (value) => {
      const session = await deps.sessions.find(sessionHash(value), now);
      if (!session) return undefined;
      const [tenant, user] = await Promise.all([deps.directory.findTenant(session.tenantId), deps.directory.getUser(session.tenantId, session.userId)]);
      return tenant && user ? { session, tenant, user } : undefined;
    }),
  );
  return found.filter((s): s is SessionUser => s !== undefined);
}

export function sessionCookieValues(req: Pick<FastifyRequest, 'headers'>): string[] {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return [];
  const out: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || !part.slice(0, eq).trim().startsWith(SESSION_COOKIE_PREFIX)) continue;
    const value = part.slice(eq + 1).trim();
    if (SESSION_VALUE.test(value)) out.push(value);
  }
  return out;
}

/**
 * SameSite=None: MSAL.js renews tokens in a hidden iframe with prompt=none, a third-party context
 * where only SameSite=None cookies are sent (Entra's own session cookies are SameSite=None) [D].
 */
export function sessionCookie(tenantId: string, value: string): string {
  return `${SESSION_COOKIE_PREFIX}${tenantId}=${value}; Path=/; Secure; HttpOnly; SameSite=None`;
}
