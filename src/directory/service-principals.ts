// Graph's `servicePrincipals`: an application's identity in a tenant (issue 11). Created for an app
// of this tenant, or for a multi-tenant app of another tenant; read with their application (Graph
// copies its roles, scopes, reply URLs and names into the service principal's representation);
// updated in the few properties Entrada models; deleted with their assignments, grants and owners
// (storage cascades). Microsoft Graph's own service principal and managed identities are listed
// like the others; Microsoft Graph's belongs to Microsoft and cannot be changed.

import { z } from 'zod';
import type { Application, ServicePrincipal } from '../core/model.js';
import type { DirectoryStore } from '../core/ports.js';
import { isGuid } from '../core/guid.js';
import { ENTRADA_PORTAL_APP_ID } from './portal-registration.js';
import { MICROSOFT_GRAPH_APP_ID } from '../seed/graph.js';
import { authorize, ownedOnly } from './authorize.js';
import type { GraphActor } from './context.js';
import { denied, GraphError, invalidValue, notFound } from './errors.js';
import { objectBody, parseWith } from './input.js';
import { appIdKey, objectId } from './objects.js';
import { toGraphServicePrincipal } from './representation.js';
import type { DirectoryService } from './service.js';

const RESOURCE = 'ServicePrincipal';

/** A path key: an object id, or `appId=…` (Graph's `servicePrincipals(appId='…')`). */
export type ServicePrincipalKey = { id: string } | { appId: string };

/** A service principal with its application (none for managed identities). */
export interface ServicePrincipalView {
  sp: ServicePrincipal;
  app: Application | undefined;
}

/** Graph's tags: strings, as many as a client sets [I: Graph documents no limits; these keep rows small]. */
const TagsSchema = z.array(z.string().min(1).max(256)).max(100);

const CreateSchema = z
  .object({
    appId: z.string(),
    accountEnabled: z.boolean().optional(),
    appRoleAssignmentRequired: z.boolean().optional(),
    tags: TagsSchema.optional(),
  })
  .strict();

const UpdateSchema = z
  .object({
    accountEnabled: z.boolean().optional(),
    appRoleAssignmentRequired: z.boolean().optional(),
    tags: TagsSchema.optional(),
  })
  .strict();

/**
 * Drops what a GET-modify-PATCH client sends back unchanged [I: as applications.ts and users.ts
 * do]: any property GET shows (id, appId, servicePrincipalNames, appRoles, …) whose value is the
 * stored one, ids compared case-insensitively, and the `@odata.context`/`@odata.type` annotations
 * of the GET answer. A changed read-only property stays, for UpdateSchema to refuse by name.
 */
function writableBody(body: Record<string, unknown>, shown: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '@odata.context') continue;
    if (key === '@odata.type') {
      if (value !== '#microsoft.graph.servicePrincipal') throw invalidValue('@odata.type', RESOURCE, "A service principal's @odata.type is #microsoft.graph.servicePrincipal.");
      continue;
    }
    if (!(key in UpdateSchema.shape) && key in shown) {
      const stored = shown[key];
      const same = typeof value === 'string' && typeof stored === 'string' && (key === 'id' || key === 'appId') ? value.toLowerCase() === stored : JSON.stringify(value) === JSON.stringify(stored);
      if (same) continue;
    }
    out[key] = value;
  }
  return out;
}

/** The service principal a key names in the actor's tenant, or Graph's 404 (400 for a malformed key). */
export async function mustFindServicePrincipal(store: DirectoryStore, actor: GraphActor, key: ServicePrincipalKey): Promise<ServicePrincipal> {
  let sp: ServicePrincipal | undefined;
  if ('id' in key) {
    sp = await store.getServicePrincipal(objectId(key.id));
  } else {
    sp = await store.findServicePrincipalByAppId(actor.tenantId, appIdKey(key.appId));
  }
  if (!sp || sp.tenantId !== actor.tenantId) throw notFound('id' in key ? key.id : key.appId);
  return sp;
}

/** The application a service principal represents (none for managed identities). */
export async function applicationOf(store: DirectoryStore, sp: ServicePrincipal): Promise<Application | undefined> {
  return sp.servicePrincipalType === 'ManagedIdentity' ? undefined : store.getApplicationByAppId(sp.appId);
}

async function view(store: DirectoryStore, sp: ServicePrincipal): Promise<ServicePrincipalView> {
  return { sp, app: await applicationOf(store, sp) };
}

/**
 * Microsoft Graph's service principal is Microsoft's: a tenant cannot change or delete it [I]. The
 * admin portal's is Entrada's own, likewise: disabling it or requiring assignment would lock every
 * administrator out of the portal.
 */
export function refuseMicrosoftOwned(sp: ServicePrincipal, what: string): void {
  if (sp.appId === MICROSOFT_GRAPH_APP_ID) {
    throw denied(`Microsoft Graph's service principal belongs to Microsoft; a tenant cannot ${what} it.`);
  }
  if (sp.appId === ENTRADA_PORTAL_APP_ID) {
    throw denied(`The Entrada admin portal's service principal is built in; a tenant cannot ${what} it.`);
  }
}

export function servicePrincipalTarget(sp: ServicePrincipal) {
  return { id: sp.id, displayName: sp.displayName, type: 'ServicePrincipal' as const };
}

export async function getServicePrincipal(service: DirectoryService, actor: GraphActor, key: ServicePrincipalKey): Promise<ServicePrincipalView> {
  await authorize(actor, 'servicePrincipals.read', service.read);
  return view(service.read, await mustFindServicePrincipal(service.read, actor, key));
}

export async function listServicePrincipals(service: DirectoryService, actor: GraphActor): Promise<ServicePrincipalView[]> {
  await authorize(actor, 'servicePrincipals.read', service.read);
  const all = await service.read.listServicePrincipals(actor.tenantId);
  return Promise.all(all.map((sp) => view(service.read, sp)));
}

/** What an audit entry shows of a service principal. */
function auditView(sp: ServicePrincipal | undefined, app: Application | undefined): Record<string, unknown> {
  if (!sp) return {};
  return {
    accountEnabled: sp.accountEnabled,
    appRoleAssignmentRequired: sp.appRoleAssignmentRequired,
    displayName: sp.displayName,
    servicePrincipalName: app ? [sp.appId, ...app.identifierUris] : [sp.appId],
    tags: sp.tags ?? [],
  };
}

function changes(before: ServicePrincipal | undefined, after: ServicePrincipal | undefined, app: Application | undefined): Record<string, [unknown, unknown]> {
  const a = auditView(before, app);
  const b = auditView(after, app);
  const out: Record<string, [unknown, unknown]> = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) out[key] = [a[key], b[key]];
  return out;
}

function noBackingApplication(appId: string): GraphError {
  // [O: msgraph-sdk-powershell#846, and the older AAD Graph's NoBackingApplicationObject]
  return new GraphError(400, 'Request_BadRequest', `The appId '${appId}' of the service principal does not reference a valid application object.`, [
    {
      code: 'NoBackingApplicationObject',
      target: 'appId',
      message: 'No application with this appId is registered in this tenant, and no multi-tenant application (signInAudience other than AzureADMyOrg) of another tenant has it.',
    },
  ]);
}

export async function createServicePrincipal(service: DirectoryService, actor: GraphActor, rawBody: unknown): Promise<ServicePrincipalView> {
  await authorize(actor, 'servicePrincipals.create', service.read);
  const body = parseWith(CreateSchema, objectBody(rawBody), RESOURCE);
  if (!isGuid(body.appId)) throw invalidValue('appId', RESOURCE, 'appId must be the application (client) id, a GUID.');
  const appId = body.appId.toLowerCase();
  return service.write(actor, async (tx, audit) => {
    const app = await tx.getApplicationByAppId(appId);
    if (!app || (app.tenantId !== actor.tenantId && app.signInAudience === 'AzureADMyOrg')) throw noBackingApplication(body.appId);
    // An `…OwnedBy` caller creates service principals only for the apps it owns [I: Graph's
    // permission description, "create other applications and service principals … that it owns"].
    if (app.tenantId === actor.tenantId && ownedOnly(actor, 'servicePrincipals.create')) await authorize(actor, 'applications.write', tx, app.id);
    if (await tx.findServicePrincipalByAppId(actor.tenantId, appId)) {
      const message = `The service principal cannot be created, updated, or restored because the service principal name ${appId} is already in use.`;
      throw new GraphError(409, 'Request_MultipleObjectsWithSameKeyValue', message, [{ code: 'ObjectConflict', message, target: 'servicePrincipalNames' }]);
    }
    const sp: ServicePrincipal = {
      id: service.newId(),
      appId,
      tenantId: actor.tenantId,
      displayName: app.displayName,
      accountEnabled: body.accountEnabled ?? true,
      appRoleAssignmentRequired: body.appRoleAssignmentRequired ?? false,
      servicePrincipalType: 'Application',
      alternativeNames: [],
      ...(body.tags?.length ? { tags: body.tags } : {}),
    };
    await tx.upsertServicePrincipal(sp);
    audit({
      activity: 'Add service principal',
      category: 'ApplicationManagement',
      operationType: 'Add',
      target: servicePrincipalTarget(sp),
      properties: { appPrincipalId: [undefined, appId], ...changes(undefined, sp, app) },
    });
    // As for applications: the caller becomes an owner of what it creates.
    const owner = actor.user ? { id: actor.user.id, type: 'User' as const } : actor.app.servicePrincipalId ? { id: actor.app.servicePrincipalId, type: 'ServicePrincipal' as const } : undefined;
    if (owner) {
      await tx.addRelation('owner', { objectId: sp.id, relatedId: owner.id, relatedType: owner.type });
      audit({
        activity: 'Add owner to service principal',
        category: 'ApplicationManagement',
        operationType: 'Add',
        target: servicePrincipalTarget(sp),
        related: [{ id: owner.id, displayName: actor.user?.displayName ?? actor.app.displayName, type: owner.type }],
      });
    }
    return { sp, app };
  });
}

export async function updateServicePrincipal(service: DirectoryService, actor: GraphActor, key: ServicePrincipalKey, rawBody: unknown): Promise<void> {
  await authorize(actor, 'servicePrincipals.write', service.read);
  const raw = objectBody(rawBody);
  await service.write(actor, async (tx, audit) => {
    const stored = await mustFindServicePrincipal(tx, actor, key);
    await authorize(actor, 'servicePrincipals.write', tx, stored.id);
    refuseMicrosoftOwned(stored, 'change');
    const app = await applicationOf(tx, stored);
    const body = parseWith(UpdateSchema, writableBody(raw, toGraphServicePrincipal(stored, app)), RESOURCE);
    const { tags, ...flags } = body;
    const next: ServicePrincipal = { ...stored, ...flags };
    if (tags !== undefined) {
      delete next.tags;
      if (tags.length) next.tags = tags;
    }
    if (JSON.stringify(next) === JSON.stringify(stored)) return;
    await tx.upsertServicePrincipal(next);
    audit({
      activity: 'Update service principal',
      category: 'ApplicationManagement',
      operationType: 'Update',
      target: servicePrincipalTarget(next),
      properties: changes(stored, next, app),
    });
  });
}

export async function deleteServicePrincipal(service: DirectoryService, actor: GraphActor, key: ServicePrincipalKey): Promise<void> {
  await authorize(actor, 'servicePrincipals.write', service.read);
  await service.write(actor, async (tx, audit) => {
    const sp = await mustFindServicePrincipal(tx, actor, key);
    await authorize(actor, 'servicePrincipals.write', tx, sp.id);
    refuseMicrosoftOwned(sp, 'delete');
    await tx.deleteServicePrincipal(sp.id);
    audit({
      activity: 'Remove service principal',
      category: 'ApplicationManagement',
      operationType: 'Delete',
      target: servicePrincipalTarget(sp),
      properties: changes(sp, undefined, await applicationOf(tx, sp)),
    });
  });
}
