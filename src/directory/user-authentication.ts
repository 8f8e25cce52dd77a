// A user's MFA settings and sessions (issue 17):
// - per-user MFA, Graph beta `users/{id}/authentication/requirements` {perUserMfaState} [D:
//   authentication-get, authentication-update; strongauthenticationrequirements]: setting
//   `enabled` for a user who has a second factor registered stores `enforced`, as Entra does [D];
// - whether the user has a second factor registered: no simple Graph property exists (Entra keeps
//   it as the user's authentication methods), so only the seed file, the in-process API and the
//   portal set it [Entrada's choice];
// - revokeSignInSessions [D: user-revokesigninsessions]: every refresh token of the user is
//   revoked and every browser session ended now (the token endpoint then refuses the refresh tokens).

import type { PerUserMfaState, User } from '../core/model.js';
import type { DirectoryStore } from '../core/ports.js';
import { z } from 'zod';
import { authorize } from './authorize.js';
import type { GraphActor } from './context.js';
import { badRequest, notFound } from './errors.js';
import { objectBody, parseWith } from './input.js';
import type { Audit, DirectoryService } from './service.js';
import { findUser } from './users.js';

const RequirementsSchema = z.strictObject({
  '@odata.type': z.literal('#microsoft.graph.strongAuthenticationRequirements').optional(),
  perUserMfaState: z.enum(['disabled', 'enabled', 'enforced'], { error: 'must be disabled, enabled or enforced' }),
});

async function mustFind(store: DirectoryStore, actor: GraphActor, key: string): Promise<User> {
  const user = await findUser(store, actor.tenantId, key);
  if (!user) throw notFound(key);
  return user;
}

function target(user: User) {
  return { id: user.id, displayName: user.displayName, type: 'User' as const, userPrincipalName: user.userPrincipalName };
}

export async function getAuthenticationRequirements(service: DirectoryService, actor: GraphActor, key: string): Promise<PerUserMfaState> {
  await authorize(actor, 'perUserMfa.read', service.read);
  return (await mustFind(service.read, actor, key)).perUserMfaState ?? 'disabled';
}

/** PATCH …/authentication/requirements {perUserMfaState}. */
export async function updateAuthenticationRequirements(service: DirectoryService, actor: GraphActor, key: string, raw: unknown): Promise<void> {
  const body = objectBody(raw);
  await authorize(actor, 'perUserMfa.write', service.read);
  const { perUserMfaState } = parseWith(RequirementsSchema, body, 'strongAuthenticationRequirements');
  await setPerUserMfa(service, actor, key, perUserMfaState);
}

/**
 * Sets the user's per-user MFA state. Audited as Entra's "Enable Strong Authentication" /
 * "Disable Strong Authentication" [D: reference-audit-activities, Core Directory], or "Update
 * user" between enabled and enforced [I].
 */
export async function setPerUserMfa(service: DirectoryService, actor: GraphActor, key: string, state: PerUserMfaState): Promise<PerUserMfaState> {
  await authorize(actor, 'perUserMfa.write', service.read);
  return service.write(actor, async (tx, record) => {
    const user = await mustFind(tx, actor, key);
    const before = user.perUserMfaState ?? 'disabled';
    const after: PerUserMfaState = state === 'enabled' && user.mfaRegistered !== false ? 'enforced' : state;
    if (after === before) return after;
    const { perUserMfaState: _old, ...rest } = user;
    await tx.upsertUser(after === 'disabled' ? rest : { ...rest, perUserMfaState: after });
    const activity = after === 'disabled' ? 'Disable Strong Authentication' : before === 'disabled' ? 'Enable Strong Authentication' : 'Update user';
    record({ activity, category: 'UserManagement', operationType: 'Update', target: target(user), properties: { strongAuthenticationRequirement: [before, after] } });
    return after;
  });
}

/**
 * Whether the user has a second factor registered (false: a required MFA answers AADSTS50079,
 * "register"). Not a Graph property (see the header). Audited as Entra's "Admin registered
 * security info" / "Admin deleted security info" [I: the nearest of Entra's activities].
 */
export async function setMfaRegistered(service: DirectoryService, actor: GraphActor, key: string, registered: boolean): Promise<void> {
  await authorize(actor, 'perUserMfa.write', service.read);
  await service.write(actor, async (tx, record) => {
    const user = await mustFind(tx, actor, key);
    const before = user.mfaRegistered !== false;
    if (before === registered) return;
    const { mfaRegistered: _old, ...rest } = user;
    await tx.upsertUser(registered ? rest : { ...rest, mfaRegistered: false });
    record({
      activity: registered ? 'Admin registered security info' : 'Admin deleted security info',
      category: 'UserManagement',
      operationType: 'Update',
      target: target(user),
      properties: { mfaRegistered: [before, registered] },
    });
  });
}

/**
 * POST /users/{id}/revokeSignInSessions (or /me/…): the user's refresh tokens are revoked and its
 * browser sessions ended at once (Entra takes up to a few minutes [D]; a test wants it now).
 * Audited as Entra's "Update StsRefreshTokenValidFrom Timestamp" [D: reference-audit-activities].
 */
export async function revokeSignInSessions(service: DirectoryService, actor: GraphActor, key: string): Promise<void> {
  await authorize(actor, 'users.revokeSessions', service.read);
  await revoke(service, actor, key);
}

export async function revokeMySignInSessions(service: DirectoryService, actor: GraphActor): Promise<void> {
  if (!actor.user) throw badRequest('/me request is only valid with delegated authentication flow.', 'BadRequest');
  await authorize(actor, 'me.revokeSessions', service.read);
  await revoke(service, actor, actor.user.id);
}

async function revoke(service: DirectoryService, actor: GraphActor, key: string): Promise<void> {
  await service.write(actor, async (tx, record: Audit) => {
    const user = await mustFind(tx, actor, key);
    const at = service.now().toISOString();
    const tokens = await tx.revokeUserRefreshTokens(user.id, at);
    const sessions = await tx.endUserSessions(user.id);
    record({
      activity: 'Update StsRefreshTokenValidFrom Timestamp',
      category: 'UserManagement',
      operationType: 'Update',
      target: target(user),
      properties: { stsRefreshTokensValidFrom: [undefined, at], revokedRefreshTokens: [undefined, tokens], endedSessions: [undefined, sessions] },
    });
  });
}
