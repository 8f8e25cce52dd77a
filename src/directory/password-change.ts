// A user changing their own password on the sign-in pages, because it must be changed
// (passwordProfile.forceChangePasswordNextSignIn). A directory change like any other: the new hash,
// the cleared flag and a 'Change user password' audit entry initiated by the user themself
// [D: Entra audit activity for a user's own password change] are written in one transaction. The
// user's refresh tokens are revoked and other browser sessions ended, as for a reset [D: a password
// change revokes refresh tokens]; the sign-in that made the change goes on with a new session.

import { idpError } from '../core/errors/idp-error.js';
import type { User } from '../core/model.js';
import { ENTRADA_CLI_APP_ID } from './context.js';
import type { GraphActor } from './context.js';
import type { DirectoryService } from './service.js';

export async function changeOwnPassword(
  service: DirectoryService,
  user: User,
  newPassword: string,
  context: { clientAddress: string | undefined },
): Promise<User> {
  // Hashed before the transaction: scrypt is the slow part, and directory writes are serialised.
  const passwordHash = await service.deps.hashPassword(newPassword);
  const actor: GraphActor = {
    tenantId: user.tenantId,
    caller: { kind: 'user', scopes: [], directoryRoles: [] },
    // Not shown: an audit entry initiated by a user names the user, not an app (directory/audit.ts).
    app: { appId: ENTRADA_CLI_APP_ID, displayName: null, servicePrincipalId: null },
    user: { id: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName },
    ipAddress: context.clientAddress ?? null,
    correlationId: service.newId(),
    userAgent: null,
  };
  return service.write(actor, async (tx, audit) => {
    // Deleted since the password was checked: the sign-in fails as for an unknown user.
    const stored = await tx.getUser(user.tenantId, user.id);
    if (!stored) throw idpError(50126);
    const { forceChangePasswordNextSignIn: _cleared, ...rest } = stored;
    const next: User = { ...rest, passwordHash };
    await tx.upsertUser(next);
    await tx.revokeUserRefreshTokens(next.id, service.now().toISOString());
    await tx.endUserSessions(next.id);
    audit({
      activity: 'Change user password',
      category: 'UserManagement',
      operationType: 'Update',
      target: { id: next.id, displayName: next.displayName, type: 'User', userPrincipalName: next.userPrincipalName },
    });
    return next;
  });
}
