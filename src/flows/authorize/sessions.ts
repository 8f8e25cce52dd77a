// Browser sign-in sessions: one per tenant per browser, held in a cookie whose value is random;
// storage keeps only its SHA-256 (a stolen database does not yield live cookies).

import { sha256Base64url } from '../../core/hash.js';
import type { Tenant, User } from '../../core/model.js';
import type { SignInSession } from '../../core/ports.js';
import type { TokenDeps } from '../shared/context.js';

export function sessionHash(cookieValue: string): string {
  return sha256Base64url(cookieValue);
}

export async function startSession(
  tenant: Tenant,
  user: User,
  deps: Pick<TokenDeps, 'sessions' | 'random' | 'clock' | 'config'>,
): Promise<{ cookieValue: string; session: SignInSession }> {
  const cookieValue = deps.random.token(32);
  const now = deps.clock.now();
  const session: SignInSession = {
    sessionHash: sessionHash(cookieValue),
    tenantId: tenant.id,
    userId: user.id,
    authTime: now.toISOString(),
    clientIds: [],
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.config.sessionLifetime * 1000).toISOString(),
  };
  await deps.sessions.create(session);
  return { cookieValue, session };
}

/** `session_state` in responses: an opaque, stable value per session (OIDC Session Management) [D]. */
export function sessionState(session: SignInSession): string {
  return sha256Base64url(`state:${session.sessionHash}`).slice(0, 32);
}
