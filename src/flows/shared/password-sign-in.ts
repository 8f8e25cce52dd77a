// A person proving who they are with user name and password, on /authorize's sign-in page and on
// /devicelogin. One refusal for an unknown user and a wrong password (50126), so the page does not
// tell which user names exist [I: Entra distinguishes 50034 on some paths; Entrada does not].

import { idpError } from '../../core/errors/idp-error.js';
import type { Tenant, User } from '../../core/model.js';
import type { TokenDeps } from './context.js';

/**
 * `tenant` is the tenant of the request path; null (common / organizations) means the tenant the
 * user name's domain names.
 */
export async function signInWithPassword(
  tenant: Tenant | null,
  credentials: { username: string; password: string },
  deps: Pick<TokenDeps, 'directory' | 'hashes'>,
): Promise<{ tenant: Tenant; user: User }> {
  const username = credentials.username.trim();
  if (username === '' || credentials.password === '') throw idpError(50126);
  const home = tenant ?? (await tenantOfUserName(username, deps));
  const user = home ? await deps.directory.findUserByUpn(home.id, username) : undefined;
  // An unknown user (null) costs the same scrypt run as a known one, so timing does not tell which
  // user names exist. When too many checks are queued this throws AADSTS90055 for both alike.
  const passwordOk = await deps.hashes.verifyPassword(credentials.password, user?.passwordHash ?? null);
  if (!home || !user?.passwordHash || !passwordOk) throw idpError(50126);
  if (!user.accountEnabled) throw idpError(50057);
  return { tenant: home, user };
}

async function tenantOfUserName(username: string, deps: Pick<TokenDeps, 'directory'>): Promise<Tenant | undefined> {
  const at = username.lastIndexOf('@');
  return at > 0 ? deps.directory.findTenant(username.slice(at + 1)) : undefined;
}
