// Directory objects addressed by id: object ids in paths, `@odata.id` references in `$ref` bodies,
// and which kind of object (user, group, service principal, application) an id names in a tenant.
// Small and generic, for every resource that relates objects (owners, members, app role assignments).

import type { Application, Group, Guid, ServicePrincipal, User } from '../core/model.js';
import type { DirectoryStore } from '../core/ports.js';
import { isGuid } from '../core/guid.js';
import { badRequest, GraphError } from './errors.js';
import { objectBody } from './input.js';

/**
 * An object id from a path, lower-cased; anything but a GUID is Graph's 400 "Invalid object
 * identifier '…'." [O: microsoft-graph-docs-contrib#3854 (a group key), Azure/active-directory-
 * dotnet-graphapi-b2bportal-web#16 (a group's name for its id)]. Applications, service principals,
 * groups and directoryObjects all answer so; users do not: Graph reads any other key as a
 * userPrincipalName (users.ts findUser), so that is a 404.
 */
export function objectId(raw: string): Guid {
  if (!isGuid(raw)) throw badRequest(`Invalid object identifier '${raw.slice(0, 200)}'.`);
  return raw.toLowerCase();
}

/**
 * An `appId='…'` alternate key, lower-cased; anything but a GUID is Graph's 400 [O:
 * msgraph-sdk-python#408; graph-and-clients.md §C.4].
 */
export function appIdKey(raw: string): Guid {
  if (!isGuid(raw)) {
    throw badRequest("Invalid value specified for object reference property 'appId'. Please ensure that this value has an appropriate syntax and length.");
  }
  return raw.toLowerCase();
}

export type DirectoryObject =
  | { type: 'User'; id: Guid; displayName: string; object: User }
  | { type: 'Group'; id: Guid; displayName: string; object: Group }
  | { type: 'ServicePrincipal'; id: Guid; displayName: string; object: ServicePrincipal }
  | { type: 'Application'; id: Guid; displayName: string; object: Application };

/** The object `id` names in the tenant (another tenant's objects are not there), if any. */
export async function findDirectoryObject(store: DirectoryStore, tenantId: Guid, id: string): Promise<DirectoryObject | undefined> {
  if (!isGuid(id)) return undefined;
  const key = id.toLowerCase();
  const user = await store.getUser(tenantId, key);
  if (user) return { type: 'User', id: user.id, displayName: user.displayName, object: user };
  const sp = await store.getServicePrincipal(key);
  if (sp && sp.tenantId === tenantId) return { type: 'ServicePrincipal', id: sp.id, displayName: sp.displayName, object: sp };
  const group = await store.getGroup(key);
  if (group && group.tenantId === tenantId) return { type: 'Group', id: group.id, displayName: group.displayName, object: group };
  const app = await store.getApplication(key);
  if (app && app.tenantId === tenantId) return { type: 'Application', id: app.id, displayName: app.displayName, object: app };
  return undefined;
}

/**
 * The object id a `$ref` body names: `{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}`
 * [D: Graph "Add owner", "Add member"]. Any host is accepted (Entrada's own too), and the
 * collections `directoryObjects`, `users`, `groups`, `servicePrincipals`; nothing else may be in the body.
 */
export function referencedId(rawBody: unknown): Guid {
  const body = objectBody(rawBody);
  for (const key of Object.keys(body)) {
    if (key !== '@odata.id') throw badRequest(`Invalid property '${key}'. A reference body has one property: {"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}.`);
  }
  const ref = body['@odata.id'];
  if (typeof ref !== 'string') {
    throw badRequest('The reference body needs "@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}".');
  }
  const m = /^https?:\/\/[^/?#\s]+\/(?:v1\.0|beta)\/(?:directoryObjects|users|groups|servicePrincipals)\/([^/?#\s]+)$/i.exec(ref);
  if (!m) {
    throw new GraphError(400, 'Request_BadRequest', `Invalid URL format specified in @odata.id: '${ref.slice(0, 300)}'. Use https://graph.microsoft.com/v1.0/directoryObjects/{id}.`);
  }
  return objectId(m[1]);
}
