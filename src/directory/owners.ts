// Owners of applications and service principals (issue 11): users and service principals of the
// tenant, listed, added with `$ref` and removed. Owners may change what they own without a
// directory role, and `…OwnedBy` apps may change only what they own (authorize.ts). Groups' owners
// and members are groups.ts's.

import type { Application, Guid, ServicePrincipal, User } from '../core/model.js';
import type { DirectoryStore } from '../core/ports.js';
import type { GraphOperation } from '../core/policy/graph-permissions.js';
import { findApplication } from './applications.js';
import { authorize } from './authorize.js';
import type { GraphActor } from './context.js';
import { badRequest, notFound } from './errors.js';
import { findDirectoryObject, objectId, referencedId } from './objects.js';
import type { DirectoryService } from './service.js';
import { mustFindServicePrincipal, refuseMicrosoftOwned } from './service-principals.js';

/** What can have owners here: an application or a service principal, by its path key. */
export type OwnedKey = { kind: 'application' | 'servicePrincipal'; key: { id: string } | { appId: string } };

/** An owner as Graph lists it (a directoryObject: user or service principal). */
export type OwnerView = { type: 'User'; object: User } | { type: 'ServicePrincipal'; object: ServicePrincipal; app: Application | undefined };

interface Owned {
  id: Guid;
  displayName: string;
  type: 'Application' | 'ServicePrincipal';
  write: GraphOperation;
  /** The noun in audit activities: `Add owner to application`. */
  noun: string;
  sp?: ServicePrincipal;
}

async function mustFindOwned(store: DirectoryStore, actor: GraphActor, owned: OwnedKey): Promise<Owned> {
  if (owned.kind === 'servicePrincipal') {
    const sp = await mustFindServicePrincipal(store, actor, owned.key);
    return { id: sp.id, displayName: sp.displayName, type: 'ServicePrincipal', write: 'servicePrincipals.write', noun: 'service principal', sp };
  }
  if ('id' in owned.key) objectId(owned.key.id);
  const app = await findApplication(store, owned.key);
  if (!app || app.tenantId !== actor.tenantId) throw notFound('id' in owned.key ? owned.key.id : owned.key.appId);
  return { id: app.id, displayName: app.displayName, type: 'Application', write: 'applications.write', noun: 'application' };
}

function operations(owned: OwnedKey): { read: GraphOperation; write: GraphOperation } {
  return owned.kind === 'servicePrincipal' ? { read: 'servicePrincipals.read', write: 'servicePrincipals.write' } : { read: 'applications.read', write: 'applications.write' };
}

export async function listOwners(service: DirectoryService, actor: GraphActor, owned: OwnedKey): Promise<OwnerView[]> {
  const store = service.read;
  await authorize(actor, operations(owned).read, store);
  const target = await mustFindOwned(store, actor, owned);
  const out: OwnerView[] = [];
  for (const relation of await store.listRelations('owner', target.id)) {
    const found = await findDirectoryObject(store, actor.tenantId, relation.relatedId);
    if (found?.type === 'User') out.push({ type: 'User', object: found.object });
    else if (found?.type === 'ServicePrincipal') {
      const sp = found.object;
      out.push({ type: 'ServicePrincipal', object: sp, app: sp.servicePrincipalType === 'ManagedIdentity' ? undefined : await store.getApplicationByAppId(sp.appId) });
    }
  }
  return out;
}

function target(owned: Owned) {
  return { id: owned.id, displayName: owned.displayName, type: owned.type };
}

/** POST …/owners/$ref: a user or service principal of the tenant becomes an owner. */
export async function addOwner(service: DirectoryService, actor: GraphActor, owned: OwnedKey, rawBody: unknown): Promise<void> {
  await authorize(actor, operations(owned).write, service.read);
  const ownerId = referencedId(rawBody);
  await service.write(actor, async (tx, audit) => {
    const object = await mustFindOwned(tx, actor, owned);
    await authorize(actor, object.write, tx, object.id);
    if (object.sp) refuseMicrosoftOwned(object.sp, 'change the owners of');
    const owner = await findDirectoryObject(tx, actor.tenantId, ownerId);
    if (!owner) throw notFound(ownerId);
    if (owner.type !== 'User' && owner.type !== 'ServicePrincipal') {
      // [O: Azure/azure-cli#12946, the same answer for an application object]
      throw badRequest(`The reference target '${owner.type}_${owner.id}' of type '${owner.type}' is invalid for the 'owners' reference. Owners are users and service principals.`);
    }
    if (!(await tx.addRelation('owner', { objectId: object.id, relatedId: owner.id, relatedType: owner.type }))) {
      throw badRequest("One or more added object references already exist for the following modified properties: 'owners'.");
    }
    audit({
      activity: `Add owner to ${object.noun}`,
      category: 'ApplicationManagement',
      operationType: 'Add',
      target: target(object),
      related: [{ id: owner.id, displayName: owner.displayName, type: owner.type, userPrincipalName: owner.type === 'User' ? owner.object.userPrincipalName : null }],
    });
  });
}

/** DELETE …/owners/{id}/$ref. */
export async function removeOwner(service: DirectoryService, actor: GraphActor, owned: OwnedKey, rawOwnerId: string): Promise<void> {
  await authorize(actor, operations(owned).write, service.read);
  const ownerId = objectId(rawOwnerId);
  await service.write(actor, async (tx, audit) => {
    const object = await mustFindOwned(tx, actor, owned);
    await authorize(actor, object.write, tx, object.id);
    if (object.sp) refuseMicrosoftOwned(object.sp, 'change the owners of');
    const relation = (await tx.listRelations('owner', object.id)).find((r) => r.relatedId === ownerId);
    if (!relation) throw notFound(rawOwnerId);
    await tx.removeRelation('owner', object.id, ownerId);
    const owner = await findDirectoryObject(tx, actor.tenantId, ownerId);
    audit({
      activity: `Remove owner from ${object.noun}`,
      category: 'ApplicationManagement',
      operationType: 'Delete',
      target: target(object),
      related: [{ id: ownerId, displayName: owner?.displayName ?? null, type: relation.relatedType === 'User' ? 'User' : 'ServicePrincipal' }],
    });
  });
}
