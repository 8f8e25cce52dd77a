// Graph's getMemberObjects and getMemberGroups for users (`/users/{id | upn}/…` and `/me/…`): the
// ids of every group the user belongs to, nested membership included ("This function is
// transitive"), and with securityEnabledOnly false the directory roles too [D: Graph
// directoryobject-getmemberobjects, directoryobject-getmembergroups]. This is where a token's
// group overage claim sends the app (core/tokens/group-claims.ts), so it answers the user's own
// delegated token with only User.Read.
//
// Permissions [D: the pages' "Memberships for a user" tables]: the signed-in user's own
// memberships with User.Read or more (Graph's /me rights, 'me.read'); another user's with
// User.Read.All, Directory.Read.All or more, delegated or application ('users.read'). [I] The
// same for getMemberGroups, whose page also asks for GroupMember.Read.All or Group.Read.All:
// Entrada does not require the second permission.

import type { Guid } from '../core/model.js';
import { authorize } from './authorize.js';
import type { GraphActor } from './context.js';
import { badRequest, invalidValue, notFound } from './errors.js';
import type { DirectoryService } from './service.js';
import { findUser } from './users.js';

export type MemberFunction = 'getMemberObjects' | 'getMemberGroups';

/** The user the path names: `me` (the signed-in user of a delegated token) or an id or UPN. */
async function memberUser(service: DirectoryService, actor: GraphActor, key: string | null): Promise<Guid> {
  if (key === null) {
    // [O: graph-and-clients.md §C.4] the answer to /me with an app-only token.
    if (!actor.user) throw badRequest('/me request is only valid with delegated authentication flow.', 'BadRequest');
    await authorize(actor, 'me.read', service.read);
    return actor.user.id;
  }
  const own = actor.user !== null && (key.toLowerCase() === actor.user.id.toLowerCase() || key.toLowerCase() === actor.user.userPrincipalName?.toLowerCase());
  await authorize(actor, own ? 'me.read' : 'users.read', service.read);
  const user = await findUser(service.read, actor.tenantId, key);
  if (!user) throw notFound(key);
  return user.id;
}

/** `securityEnabledOnly` from the body: a boolean; absent (or no body) reads as false [I]. */
function securityEnabledOnly(body: unknown, fn: MemberFunction): boolean {
  if (body === undefined || body === null) return false;
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest(`The body of ${fn} must be a JSON object: { "securityEnabledOnly": true | false }.`);
  const value = (body as Record<string, unknown>).securityEnabledOnly;
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw invalidValue('securityEnabledOnly', fn, 'It must be true or false.');
  return value;
}

/** The ids `fn` answers for the user `key` (null: /me). */
export async function memberIds(service: DirectoryService, actor: GraphActor, key: string | null, fn: MemberFunction, body: unknown): Promise<Guid[]> {
  const userId = await memberUser(service, actor, key);
  const securityOnly = securityEnabledOnly(body, fn);
  const [groups, roles] = await Promise.all([
    service.read.listGroupMemberships(actor.tenantId, userId),
    securityOnly ? Promise.resolve([]) : service.read.listDirectoryRoles(actor.tenantId, userId),
  ]);
  // Directory roles are not security groups: only with securityEnabledOnly false [D].
  return [...groups.filter((g) => !securityOnly || g.securityEnabled).map((g) => g.id), ...roles];
}
