// Graph's app role assignments (issue 11): an app role of a resource service principal given to a
// user, a group or a service principal. Reached from either side: the resource's
// `appRoleAssignedTo`, the principal's `appRoleAssignments` (service principals and users). The
// role rule is the seed's (core/policy/entitlements.ts). Tokens see a change at once: the write
// makes this node's directory cache forget, and other nodes hear of it through storage.
//
// Ids: Graph's are base64url strings; Entrada keeps GUIDs, derived from principal, resource and
// role as the seed derives them (seed/ids.ts), so an assignment made through Graph and the same one
// in the seed file are one object.

import { z } from 'zod';
import type { AppRoleAssignment, Guid } from '../core/model.js';
import type { DirectoryStore } from '../core/ports.js';
import { checkAppRoleAssignment } from '../core/policy/entitlements.js';
import { GRAPH_CONSENT_ROLES, mayGrantGraphPermissions } from '../core/policy/graph-permissions.js';
import { isGuid } from '../core/guid.js';
import { MICROSOFT_GRAPH_APP_ID } from '../seed/graph.js';
import { derivedId } from '../seed/ids.js';
import { authorize, roleNames } from './authorize.js';
import type { AuditChange } from './audit.js';
import type { GraphActor } from './context.js';
import { badRequest, denied, invalidValue, notFound } from './errors.js';
import { objectBody, parseWith } from './input.js';
import { findDirectoryObject } from './objects.js';
import type { DirectoryService } from './service.js';
import { applicationOf, mustFindServicePrincipal, type ServicePrincipalKey } from './service-principals.js';
import { findUser } from './users.js';

const RESOURCE = 'AppRoleAssignment';

/** Which collection a request reached: the resource's, a service principal's or a user's. */
export type AssignmentSide =
  | { side: 'appRoleAssignedTo'; key: ServicePrincipalKey }
  | { side: 'servicePrincipal'; key: ServicePrincipalKey }
  | { side: 'user'; key: string };

/** An assignment with the display names Graph shows beside it. */
export interface AssignmentView {
  assignment: AppRoleAssignment;
  principalDisplayName: string | null;
  resourceDisplayName: string | null;
}

const guidString = (name: string) => z.string().refine(isGuid, { message: `${name} must be a GUID` });

const CreateSchema = z
  .object({
    principalId: guidString('principalId'),
    resourceId: guidString('resourceId'),
    appRoleId: guidString('appRoleId'),
  })
  .strict();

/** The id of the object whose collection the request names, and what reading it needs. */
async function owner(store: DirectoryStore, actor: GraphActor, where: AssignmentSide): Promise<{ id: Guid; displayName: string }> {
  if (where.side === 'user') {
    const user = await findUser(store, actor.tenantId, where.key);
    if (!user) throw notFound(where.key);
    return { id: user.id, displayName: user.displayName };
  }
  const sp = await mustFindServicePrincipal(store, actor, where.key);
  return { id: sp.id, displayName: sp.displayName };
}

async function withNames(store: DirectoryStore, actor: GraphActor, list: AppRoleAssignment[]): Promise<AssignmentView[]> {
  const names = new Map<string, string | null>();
  const nameOf = async (id: Guid) => {
    if (!names.has(id)) names.set(id, (await findDirectoryObject(store, actor.tenantId, id))?.displayName ?? null);
    return names.get(id) ?? null;
  };
  const out: AssignmentView[] = [];
  for (const assignment of list) {
    out.push({ assignment, principalDisplayName: await nameOf(assignment.principalId), resourceDisplayName: await nameOf(assignment.resourceId) });
  }
  return out;
}

function readOperation(where: AssignmentSide) {
  return where.side === 'user' ? ('users.read' as const) : ('servicePrincipals.read' as const);
}

export async function listAssignments(service: DirectoryService, actor: GraphActor, where: AssignmentSide): Promise<AssignmentView[]> {
  await authorize(actor, readOperation(where), service.read);
  const { id } = await owner(service.read, actor, where);
  const list = await service.read.listAppRoleAssignmentsBy(where.side === 'appRoleAssignedTo' ? { resourceId: id } : { principalId: id });
  return withNames(service.read, actor, list);
}

export async function getAssignment(service: DirectoryService, actor: GraphActor, where: AssignmentSide, assignmentId: string): Promise<AssignmentView> {
  await authorize(actor, readOperation(where), service.read);
  const found = await mustFindAssignment(service.read, actor, where, assignmentId);
  return (await withNames(service.read, actor, [found]))[0];
}

/** An assignment of the collection the request names; Graph's 404 for any other (or a malformed id). */
async function mustFindAssignment(store: DirectoryStore, actor: GraphActor, where: AssignmentSide, assignmentId: string): Promise<AppRoleAssignment> {
  const { id } = await owner(store, actor, where);
  const found = isGuid(assignmentId) ? await store.getAppRoleAssignment(assignmentId.toLowerCase()) : undefined;
  const belongs = found && (where.side === 'appRoleAssignedTo' ? found.resourceId === id : found.principalId === id);
  if (!found || !belongs) throw notFound(assignmentId);
  return found;
}

/** Graph's directoryAudit activity and category for an assignment to a principal of this type (§E). */
function activity(type: AppRoleAssignment['principalType'], added: boolean): Pick<AuditChange, 'activity' | 'category' | 'operationType'> {
  const operationType = added ? 'Assign' : 'Unassign';
  switch (type) {
    case 'User':
      return { activity: added ? 'Add app role assignment grant to user' : 'Remove app role assignment from user', category: 'UserManagement', operationType };
    case 'Group':
      return { activity: added ? 'Add app role assignment to group' : 'Remove app role assignment from group', category: 'GroupManagement', operationType };
    case 'ServicePrincipal':
      return {
        activity: added ? 'Add app role assignment to service principal' : 'Remove app role assignment from service principal',
        category: 'ApplicationManagement',
        operationType,
      };
  }
}

export async function createAssignment(service: DirectoryService, actor: GraphActor, where: AssignmentSide, rawBody: unknown): Promise<AssignmentView> {
  await authorize(actor, 'appRoleAssignments.write', service.read);
  const body = parseWith(CreateSchema, objectBody(rawBody), RESOURCE);
  const principalId = body.principalId.toLowerCase();
  const resourceId = body.resourceId.toLowerCase();
  const appRoleId = body.appRoleId.toLowerCase();
  return service.write(actor, async (tx, audit) => {
    const path = await owner(tx, actor, where);
    // The body repeats the object of the path: the resource (appRoleAssignedTo) or the principal.
    if (where.side === 'appRoleAssignedTo' && resourceId !== path.id) {
      throw invalidValue('resourceId', RESOURCE, `resourceId must be the id of the service principal in the path (${path.id}).`);
    }
    if (where.side !== 'appRoleAssignedTo' && principalId !== path.id) {
      throw invalidValue('principalId', RESOURCE, `principalId must be the id of the ${where.side === 'user' ? 'user' : 'service principal'} in the path (${path.id}).`);
    }
    const resource = await tx.getServicePrincipal(resourceId);
    if (!resource || resource.tenantId !== actor.tenantId) throw notFound(resourceId);
    if (resource.appId === MICROSOFT_GRAPH_APP_ID && actor.caller.kind === 'user' && !mayGrantGraphPermissions(actor.caller.directoryRoles)) {
      throw denied(
        `Granting Microsoft Graph's application permissions (app roles) needs a ${roleNames(GRAPH_CONSENT_ROLES, ' or ')}; an Application Administrator cannot, and the signed-in user holds neither role.`,
      );
    }
    const principal = await findDirectoryObject(tx, actor.tenantId, principalId);
    if (!principal) throw notFound(principalId);
    if (principal.type === 'Application') {
      throw invalidValue('principalId', RESOURCE, `${principalId} is an application object; assign app roles to its service principal (GET /servicePrincipals(appId='${principal.object.appId}')).`);
    }
    const app = await applicationOf(tx, resource);
    const check = checkAppRoleAssignment({
      roles: app?.appRoles ?? [],
      wanted: appRoleId,
      byValue: false,
      assignee: principal.type,
      resourceName: `'${resource.displayName}'`,
    });
    if (!check.ok) throw invalidValue('appRoleId', RESOURCE, `${check.message.charAt(0).toUpperCase()}${check.message.slice(1)}.`);
    const held = await tx.listAppRoleAssignmentsBy({ principalId });
    if (held.some((a) => a.resourceId === resourceId && a.appRoleId === check.roleId)) {
      // [I] Graph's answer to a repeated assignment.
      throw badRequest('Permission being assigned already exists on the object');
    }
    const assignment: AppRoleAssignment = {
      id: derivedId.appRoleAssignment(actor.tenantId, principalId, resourceId, check.roleId),
      principalId,
      principalType: principal.type,
      resourceId,
      appRoleId: check.roleId,
    };
    await tx.upsertAppRoleAssignment(assignment);
    audit({
      ...activity(principal.type, true),
      target: { id: principal.id, displayName: principal.displayName, type: principal.type, userPrincipalName: principal.type === 'User' ? principal.object.userPrincipalName : null },
      properties: {
        'appRole.Id': [undefined, check.roleId],
        'appRole.Value': [undefined, check.role?.value ?? null],
        'servicePrincipal.ObjectID': [undefined, resource.id],
        'servicePrincipal.DisplayName': [undefined, resource.displayName],
      },
      related: [{ id: resource.id, displayName: resource.displayName, type: 'ServicePrincipal' }],
    });
    return { assignment, principalDisplayName: principal.displayName, resourceDisplayName: resource.displayName };
  });
}

export async function deleteAssignment(service: DirectoryService, actor: GraphActor, where: AssignmentSide, assignmentId: string): Promise<void> {
  await authorize(actor, 'appRoleAssignments.write', service.read);
  await service.write(actor, async (tx, audit) => {
    const found = await mustFindAssignment(tx, actor, where, assignmentId);
    await tx.deleteAppRoleAssignment(found.id);
    const principal = await findDirectoryObject(tx, actor.tenantId, found.principalId);
    const resource = await tx.getServicePrincipal(found.resourceId);
    const app = resource && (await applicationOf(tx, resource));
    audit({
      ...activity(found.principalType, false),
      target: { id: found.principalId, displayName: principal?.displayName ?? null, type: found.principalType, userPrincipalName: principal?.type === 'User' ? principal.object.userPrincipalName : null },
      properties: {
        'appRole.Id': [found.appRoleId, undefined],
        'appRole.Value': [app?.appRoles.find((r) => r.id === found.appRoleId)?.value ?? null, undefined],
        'servicePrincipal.ObjectID': [found.resourceId, undefined],
      },
      related: [{ id: found.resourceId, displayName: resource?.displayName ?? null, type: 'ServicePrincipal' }],
    });
  });
}
