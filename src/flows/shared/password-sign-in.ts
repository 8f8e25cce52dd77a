// A person proving who they are with user name and password, on /authorize's sign-in page and on
// /devicelogin, and the password check of the password grant (ROPC). One refusal for an unknown
// user and a wrong password on the pages (50126), so they do not tell which user names exist
// [I: Entra distinguishes 50034 on some paths; the pages do not].
//
// Smart lockout (core/policy/smart-lockout.ts) guards every check of a known user's password:
// while the user's bucket for the client address is locked the answer is AADSTS50053 and the
// password is not checked at all (no scrypt work); afterwards the attempt is counted in one atomic
// storage update. Unknown users are never counted (no row is ever made for a user name that does
// not exist). The right password for an account that must change it is AADSTS50055: the pages
// answer it with their "Update your password" step (password-update.ts), ROPC returns it.

import { idpError } from '../../core/errors/idp-error.js';
import type { Tenant, User } from '../../core/model.js';
import { chooseBucket, decideAttempt, lockedFor, smartLockoutSettings, type LockoutAttempt } from '../../core/policy/smart-lockout.js';
import type { TokenDeps } from './context.js';

/**
 * What a password check reads. Without `smartLockout` and `clock` (unit tests of the check alone)
 * nothing is counted; every deployment wires both (compose.ts).
 */
export type PasswordCheckDeps = Pick<TokenDeps, 'directory' | 'hashes'> & Partial<Pick<TokenDeps, 'smartLockout' | 'clock'>>;

/** Where the attempt comes from: the TCP peer address smart lockout counts it under. */
export interface AttemptOrigin {
  clientAddress: string | undefined;
}

/**
 * `tenant` is the tenant of the request path; null (common / organizations) means the tenant the
 * user name's domain names. Refusals: 50126, 50053 (locked), 50057 (disabled), 50055 (the
 * password must be changed), 90055 (password checks throttled).
 */
export async function signInWithPassword(
  tenant: Tenant | null,
  credentials: { username: string; password: string },
  deps: PasswordCheckDeps,
  origin?: AttemptOrigin,
): Promise<{ tenant: Tenant; user: User }> {
  const signedIn = await passwordSignIn(tenant, credentials, deps, origin);
  requirePasswordUnchanged(signedIn.user);
  return signedIn;
}

/** signInWithPassword, except that a password that must be changed is accepted (the update step). */
export async function passwordSignIn(
  tenant: Tenant | null,
  credentials: { username: string; password: string },
  deps: PasswordCheckDeps,
  origin?: AttemptOrigin,
): Promise<{ tenant: Tenant; user: User }> {
  const username = credentials.username.trim();
  if (username === '' || credentials.password === '') throw idpError(50126);
  const home = tenant ?? (await tenantOfUserName(username, deps));
  const user = home ? await deps.directory.findUserByUpn(home.id, username) : undefined;
  if (!home || !user) {
    // An unknown user costs the same scrypt run as a known one, so timing does not tell which
    // user names exist. When too many checks are queued this throws AADSTS90055 for both alike.
    await deps.hashes.verifyPassword(credentials.password, null);
    throw idpError(50126);
  }
  if (!(await verifyUserPassword(home, user, credentials.password, deps, origin))) throw idpError(50126);
  if (!user.accountEnabled) throw idpError(50057);
  return { tenant: home, user };
}

/**
 * A known user's password, under smart lockout: AADSTS50053 while locked (before any hashing),
 * else whether the password is right, the attempt counted. A user without a password (null hash)
 * never matches, at the same cost.
 */
export async function verifyUserPassword(tenant: Tenant, user: User, password: string, deps: PasswordCheckDeps, origin?: AttemptOrigin): Promise<boolean> {
  const { smartLockout, clock } = deps;
  if (!smartLockout || !clock) return deps.hashes.verifyPassword(password, user.passwordHash);
  const address = origin?.clientAddress;
  const before = clock.now();
  const tracked = await smartLockout.store.list(user.id, before.toISOString());
  if (lockedFor(address, tracked, before)) throw idpError(50053);

  const right = await deps.hashes.verifyPassword(password, user.passwordHash);
  // The usual sign-in: the right password and nothing counted against this address. No write.
  if (right && !tracked.some((t) => t.bucket === chooseBucket(address, tracked, before))) return true;

  const attempt: LockoutAttempt = right ? { outcome: 'correct' } : { outcome: 'wrong', passwordKey: smartLockout.wrongPasswordKey(user.id, password) };
  const settings = smartLockoutSettings(tenant);
  const now = clock.now();
  const verdict = await smartLockout.store.update(user.tenantId, user.id, now.toISOString(), (buckets) => {
    const { bucket, state, verdict } = decideAttempt(address, buckets, attempt, settings, now);
    return { bucket, state, result: verdict };
  });
  // Locked by another attempt (on any node) while this password was being checked.
  if (verdict === 'locked') throw idpError(50053);
  return verdict === 'allow';
}

/** After the right password: AADSTS50055 when the account must set a new one first. */
export function requirePasswordUnchanged(user: User): void {
  if (user.forceChangePasswordNextSignIn) throw idpError(50055);
}

async function tenantOfUserName(username: string, deps: Pick<TokenDeps, 'directory'>): Promise<Tenant | undefined> {
  const at = username.lastIndexOf('@');
  return at > 0 ? deps.directory.findTenant(username.slice(at + 1)) : undefined;
}
