// Directory role membership (what Graph serves as `directoryRoles/{id}/members`; Entrada's Graph
// has no such route yet, only the admin portal calls these): which users and service principals
// hold a built-in Entra role such as Application Administrator. Entrada knows the roles
// of core/policy/graph-permissions.ts DIRECTORY_ROLES and keys them by template id, the value
// tokens carry in `wids` (Entra gives each activated role an object id of its own; Entrada has
// none, as toGraphDirectoryRole says [I]).
//
// Giving or taking a role is 'directoryRoles.write': a signed-in user needs Global Administrator
// or Privileged Role Administrator [D: ED permissions-reference]. Audited as Entra's audit log
// names it, "Add member to role" / "Remove member from role", category RoleManagement [D: ED
// reference-audit-activities]. Tokens and portal sessions see the change at once: the write makes
// the directory cache forget, and the portal reads the viewer's roles on every request.

import type { Guid } from '../core/model.js';
import { DIRECTORY_ROLES } from '../core/policy/graph-permissions.js';
import { authorize } from './authorize.js';
import type { GraphActor } from './context.js';
import { checkNotLastGlobalAdministrator } from './global-administrators.js';
import { badRequest, GraphError, notFound } from './errors.js';
import { findDirectoryObject, objectId, referencedId, type DirectoryObject } from './objects.js';
import type { DirectoryService } from './service.js';
import { findUser } from './users.js';

export interface DirectoryRoleInfo {
  id: Guid;
  displayName: string;
}

/** A role Entrada knows, by template id; Graph's 404 for any other (400 for a malformed id). */
export function knownDirectoryRole(roleTemplateId: string): DirectoryRoleInfo {
  const id = objectId(roleTemplateId);
  const role = Object.values(DIRECTORY_ROLES).find((r) => r.id === id);
  if (!role) throw notFound(roleTemplateId);
  return { id: role.id, displayName: role.displayName };
}

/** The roles a user holds (template ids, as in `wids`), read like the user's memberOf. */
export async function listUserDirectoryRoles(service: DirectoryService, actor: GraphActor, userKey: string): Promise<Guid[]> {
  await authorize(actor, 'users.read', service.read);
  const user = await findUser(service.read, actor.tenantId, userKey);
  if (!user) throw notFound(userKey);
  return service.read.listDirectoryRoles(actor.tenantId, user.id);
}

/** Users and service principals may hold roles; groups would need to be role-assignable, which Entrada does not model [I]. */
function checkHolder(found: DirectoryObject): void {
  if (found.type === 'User' || found.type === 'ServicePrincipal') return;
  throw badRequest(`The reference target '${found.type}_${found.id}' of type '${found.type}' is invalid for the 'members' reference of a directory role. Members are users and service principals.`);
}

function auditTarget(found: DirectoryObject) {
  return { id: found.id, displayName: found.displayName, type: found.type, userPrincipalName: found.type === 'User' ? found.object.userPrincipalName : null };
}

function roleProperties(role: DirectoryRoleInfo, added: boolean): Record<string, [unknown, unknown]> {
  const pair = (value: unknown): [unknown, unknown] => (added ? [undefined, value] : [value, undefined]);
  return { 'Role.DisplayName': pair(role.displayName), 'Role.TemplateId': pair(role.id) };
}

/** Gives the role; the body is Graph's `$ref` shape, { "@odata.id": "…/directoryObjects/{id}" }. */
export async function addDirectoryRoleMember(service: DirectoryService, actor: GraphActor, roleTemplateId: string, rawBody: unknown): Promise<void> {
  await authorize(actor, 'directoryRoles.write', service.read);
  const role = knownDirectoryRole(roleTemplateId);
  const memberId = referencedId(rawBody);
  await service.write(actor, async (tx, audit) => {
    const found = await findDirectoryObject(tx, actor.tenantId, memberId);
    if (!found) throw notFound(memberId);
    checkHolder(found);
    if ((await tx.listDirectoryRoles(actor.tenantId, found.id)).includes(role.id)) {
      throw new GraphError(400, 'Request_BadRequest', "One or more added object references already exist for the following modified properties: 'members'.");
    }
    await tx.setDirectoryRole(actor.tenantId, role.id, found.id, true);
    audit({
      activity: 'Add member to role',
      category: 'RoleManagement',
      operationType: 'Assign',
      target: auditTarget(found),
      properties: roleProperties(role, true),
      related: [{ id: role.id, displayName: role.displayName, type: 'Role' }],
    });
  });
}

/** Takes the role; Graph's 404 when the object does not hold it. */
export async function removeDirectoryRoleMember(service: DirectoryService, actor: GraphActor, roleTemplateId: string, memberId: string): Promise<void> {
  await authorize(actor, 'directoryRoles.write', service.read);
  const role = knownDirectoryRole(roleTemplateId);
  const key = objectId(memberId);
  await service.write(actor, async (tx, audit) => {
    const found = await findDirectoryObject(tx, actor.tenantId, key);
    if (!found || !(await tx.listDirectoryRoles(actor.tenantId, found.id)).includes(role.id)) throw notFound(memberId);
    if (role.id === DIRECTORY_ROLES.globalAdministrator.id) await checkNotLastGlobalAdministrator(tx, actor.tenantId, found.id);
    await tx.setDirectoryRole(actor.tenantId, role.id, found.id, false);
    audit({
      activity: 'Remove member from role',
      category: 'RoleManagement',
      operationType: 'Unassign',
      target: auditTarget(found),
      properties: roleProperties(role, false),
      related: [{ id: role.id, displayName: role.displayName, type: 'Role' }],
    });
  });
}
