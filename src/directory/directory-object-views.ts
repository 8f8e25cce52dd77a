// Directory objects of any type as Graph's `directoryObject` collections show them (group members
// and owners, memberOf, directoryObjects/{id}, directoryObjects/getByIds): each with its
// `@odata.type`. Finding an object by id and reading `@odata.id` references is objects.ts's.

import type { DirectoryObjectType, Guid } from '../core/model.js';
import type { DirectoryStore } from '../core/ports.js';
import { isGuid } from '../core/guid.js';
import { DIRECTORY_ROLES } from '../core/policy/graph-permissions.js';
import { authorize } from './authorize.js';
import type { GraphActor } from './context.js';
import { badRequest, invalidValue, notFound } from './errors.js';
import { objectBody } from './input.js';
import { findDirectoryObject, objectId, type DirectoryObject } from './objects.js';
import { toGraphApplication, toGraphGroup, toGraphServicePrincipal, toGraphUser, type GraphObject } from './representation.js';
import type { DirectoryService } from './service.js';

const ODATA_TYPE: Record<DirectoryObjectType, string> = {
  User: '#microsoft.graph.user',
  Group: '#microsoft.graph.group',
  ServicePrincipal: '#microsoft.graph.servicePrincipal',
  Application: '#microsoft.graph.application',
};

/** An object in its Graph shape with its `@odata.type`, as directoryObject collections list it. */
export async function toGraphDirectoryObject(store: DirectoryStore, found: DirectoryObject): Promise<GraphObject> {
  const type = { '@odata.type': ODATA_TYPE[found.type] };
  switch (found.type) {
    case 'User':
      return { ...type, ...toGraphUser(found.object) };
    case 'Group':
      return { ...type, ...toGraphGroup(found.object) };
    case 'ServicePrincipal': {
      const app = found.object.servicePrincipalType === 'ManagedIdentity' ? undefined : await store.getApplicationByAppId(found.object.appId);
      return { ...type, ...toGraphServicePrincipal(found.object, app) };
    }
    case 'Application':
      return { ...type, ...toGraphApplication(found.object, await store.findTenant(found.object.tenantId)) };
  }
}

/** A role the user holds, as Graph lists an activated directoryRole in memberOf. */
export function toGraphDirectoryRole(roleTemplateId: Guid): GraphObject {
  const role = Object.values(DIRECTORY_ROLES).find((r) => r.id === roleTemplateId);
  return {
    '@odata.type': '#microsoft.graph.directoryRole',
    // Entra gives each activated role an object id of its own; Entrada has no role objects and uses
    // the template id for both [I].
    id: roleTemplateId,
    deletedDateTime: null,
    description: null,
    displayName: role?.displayName ?? null,
    roleTemplateId,
  };
}

/** GET /directoryObjects/{id}: the tenant's object of any type (400 for a key that is not an object id). */
export async function getDirectoryObject(service: DirectoryService, actor: GraphActor, id: string): Promise<GraphObject> {
  await authorize(actor, 'directoryObjects.read', service.read);
  const found = await findDirectoryObject(service.read, actor.tenantId, objectId(id));
  if (!found) throw notFound(id);
  return toGraphDirectoryObject(service.read, found);
}

const MAX_IDS = 1000;
const TYPE_NAMES: Record<string, DirectoryObjectType> = {
  user: 'User',
  group: 'Group',
  serviceprincipal: 'ServicePrincipal',
  application: 'Application',
};

/**
 * POST /directoryObjects/getByIds [D: Graph directoryobject-getbyids]: the tenant's objects among
 * `ids` (at most 1,000), of `types` when given, in the order asked; ids not found are left out.
 */
export async function getByIds(service: DirectoryService, actor: GraphActor, rawBody: unknown): Promise<GraphObject[]> {
  await authorize(actor, 'directoryObjects.read', service.read);
  const body = objectBody(rawBody);
  for (const key of Object.keys(body)) {
    if (key !== 'ids' && key !== 'types') throw badRequest(`getByIds takes { "ids": [...], "types": [...] }; '${key}' is not a parameter of it.`);
  }
  const { ids, types } = body;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) {
    throw invalidValue('ids', 'directoryObject', 'ids must be a non-empty array of object ids (strings).');
  }
  if (ids.length > MAX_IDS) throw invalidValue('ids', 'directoryObject', `At most ${MAX_IDS} ids in one request; got ${ids.length}.`);
  const malformed = (ids as string[]).find((id) => !isGuid(id));
  if (malformed !== undefined) throw badRequest(`Invalid object identifier '${malformed.slice(0, 100)}'. ids are object ids (GUIDs).`);
  let wanted: Set<DirectoryObjectType> | undefined;
  if (types !== undefined && types !== null) {
    if (!Array.isArray(types) || !types.every((t) => typeof t === 'string')) throw invalidValue('types', 'directoryObject', 'types must be an array of type names.');
    wanted = new Set(
      types.map((t) => {
        const type = TYPE_NAMES[t.replace(/^#?microsoft\.graph\./i, '').toLowerCase()];
        if (!type) throw invalidValue('types', 'directoryObject', `'${t}' is not a type Entrada serves; use user, group, servicePrincipal or application.`);
        return type;
      }),
    );
  }
  const out: GraphObject[] = [];
  const seen = new Set<string>();
  for (const id of ids as string[]) {
    const key = id.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const found = await findDirectoryObject(service.read, actor.tenantId, key);
    if (found && (!wanted || wanted.has(found.type))) out.push(await toGraphDirectoryObject(service.read, found));
  }
  return out;
}
