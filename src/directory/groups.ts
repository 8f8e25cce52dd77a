// Graph's `groups`: security groups and Microsoft 365 (Unified) groups, their members and owners.
// [D: Graph group resource, group-post-groups, group-update, group-post-members, group-post-owners]
// Mail-enabled security groups and distribution lists cannot be made through Graph, nor here.

import { z } from 'zod';
import type { Group, Guid } from '../core/model.js';
import type { DirectoryStore } from '../core/ports.js';
import type { GraphOperation } from '../core/policy/graph-permissions.js';
import { authorize } from './authorize.js';
import type { GraphActor } from './context.js';
import { toGraphDirectoryObject } from './directory-object-views.js';
import { badRequest, duplicateValue, GraphError, invalidProperty, invalidValue, notFound } from './errors.js';
import { objectBody, parseWith } from './input.js';
import { mailNicknameProblem } from './mail-nickname.js';
import { findDirectoryObject, objectId, referencedId, type DirectoryObject } from './objects.js';
import { toGraphGroup, type GraphObject } from './representation.js';
import type { Audit, DirectoryService } from './service.js';

const RESOURCE = 'Group';

/** Graph requires these when a group is created [D: group-post-groups]. */
const REQUIRED = ['displayName', 'mailEnabled', 'mailNickname', 'securityEnabled'] as const;

/** `members@odata.bind` / `owners@odata.bind`: at most 20 references per request [D: group-post-groups, group-update]. */
const MAX_BINDS = 20;

const mailNickname = z.string().superRefine((value, ctx) => {
  const problem = mailNicknameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.replace(/\.$/, '') });
});

const GroupSchema = z.strictObject({
  displayName: z.string().trim().min(1, { error: 'must not be empty' }).max(256, { error: 'must be at most 256 characters' }),
  // [I] a bound, as for every stored text; Graph documents none for description.
  description: z.string().max(1024, { error: 'must be at most 1024 characters' }).nullable().default(null),
  mailEnabled: z.boolean(),
  mailNickname,
  securityEnabled: z.boolean(),
  groupTypes: z.array(z.enum(['Unified'], { error: "Entrada's groups are security groups (groupTypes []) or Microsoft 365 groups (['Unified'])" })).max(1).default([]),
});

/** What the body may set on create; a PATCH may change only UPDATABLE. */
const WRITABLE = new Set(Object.keys(GroupSchema.shape));
const UPDATABLE = new Set(['displayName', 'description', 'mailNickname', 'securityEnabled']);
const BINDS = { 'members@odata.bind': 'member', 'owners@odata.bind': 'owner' } as const;

type Kind = 'member' | 'owner';

/** The group `id` names in the actor's tenant, or Graph's 404 (400 for a key that is not an object id). */
async function mustFind(store: DirectoryStore, actor: GraphActor, id: string): Promise<Group> {
  const group = await store.getGroup(objectId(id));
  if (!group || group.tenantId !== actor.tenantId) throw notFound(id);
  return group;
}

export async function getGroup(service: DirectoryService, actor: GraphActor, id: string): Promise<Group> {
  await authorize(actor, 'groups.read', service.read);
  return mustFind(service.read, actor, id);
}

export async function listGroups(service: DirectoryService, actor: GraphActor): Promise<Group[]> {
  await authorize(actor, 'groups.read', service.read);
  return service.read.listGroups(actor.tenantId);
}

/** The group's members or owners, each as its directoryObject (with `@odata.type`). */
export async function listReferences(service: DirectoryService, actor: GraphActor, id: string, kind: Kind): Promise<GraphObject[]> {
  await authorize(actor, 'groups.read', service.read);
  const group = await mustFind(service.read, actor, id);
  const out: GraphObject[] = [];
  for (const relation of await service.read.listRelations(kind, group.id)) {
    const found = await findDirectoryObject(service.read, actor.tenantId, relation.relatedId);
    if (found) out.push(await toGraphDirectoryObject(service.read, found));
  }
  return out;
}

// ---- reading bodies ----

/** The body's properties, its binds apart; read-only properties echoed unchanged (GET-modify-PATCH) are dropped. */
function splitBody(body: Record<string, unknown>, stored: Group | undefined): { fields: Record<string, unknown>; binds: Record<Kind, Guid[]> } {
  const fields: Record<string, unknown> = {};
  const binds: Record<Kind, Guid[]> = { member: [], owner: [] };
  const shown = stored ? toGraphGroup(stored) : undefined;
  for (const [key, value] of Object.entries(body)) {
    if (key === '@odata.type') {
      if (value !== '#microsoft.graph.group') throw invalidValue('@odata.type', RESOURCE, "A group's @odata.type is #microsoft.graph.group.");
      continue;
    }
    if (key in BINDS) {
      const kind = BINDS[key as keyof typeof BINDS];
      if (!Array.isArray(value)) throw invalidValue(key, RESOURCE, `${key} must be an array of URLs such as https://graph.microsoft.com/v1.0/directoryObjects/{id}.`);
      if (value.length > MAX_BINDS) throw invalidValue(key, RESOURCE, `At most ${MAX_BINDS} references in ${key} per request; got ${value.length}.`);
      // Each is what a $ref body's @odata.id holds (objects.ts reads both alike).
      binds[kind] = value.map((reference) => referencedId({ '@odata.id': reference }));
      continue;
    }
    if (stored) {
      if (!UPDATABLE.has(key) && shown && key in shown && JSON.stringify(shown[key]) === JSON.stringify(value)) continue;
      if (!UPDATABLE.has(key)) {
        throw invalidProperty(key, WRITABLE.has(key) || (shown && key in shown) ? `It cannot be changed after the group is created; a PATCH may change ${[...UPDATABLE].join(', ')}.` : `Group has no property '${key}', or Entrada does not support it.`);
      }
    } else if (!WRITABLE.has(key)) {
      throw invalidProperty(key, `Group has no property '${key}', or Entrada does not support it; Entrada's groups have ${[...WRITABLE].join(', ')}, plus members@odata.bind and owners@odata.bind.`);
    }
    fields[key] = value;
  }
  return { fields, binds };
}

/**
 * The kinds Graph can make [D: group-post-groups]; its refusal of mail-enabled security groups and
 * distribution lists, typo included [O: client code matching the live message].
 */
function checkKind(group: Pick<Group, 'groupTypes' | 'mailEnabled' | 'securityEnabled'>): void {
  const unified = group.groupTypes.includes('Unified');
  if (!unified && group.mailEnabled) {
    throw new GraphError(
      400,
      'Request_BadRequest',
      'Cannot Create a mail-enabled security groups and or distribution list. Graph makes security groups (mailEnabled false, securityEnabled true, groupTypes []) and Microsoft 365 groups (mailEnabled true, groupTypes ["Unified"]).',
    );
  }
  if (unified && !group.mailEnabled) throw invalidValue('mailEnabled', RESOURCE, 'A Microsoft 365 group (groupTypes ["Unified"]) is mail-enabled: mailEnabled must be true.');
  if (!unified && !group.securityEnabled) throw invalidValue('securityEnabled', RESOURCE, 'A group that is not a Microsoft 365 group is a security group: securityEnabled must be true.');
}

/** A Microsoft 365 group's mailNickname is its mail address, so unique among them [I: security groups may share one]. */
async function checkNicknameUnique(tx: DirectoryStore, group: Group): Promise<void> {
  if (!group.groupTypes.includes('Unified')) return;
  const nickname = group.mailNickname.toLowerCase();
  const taken = (await tx.listGroups(group.tenantId)).some((g) => g.id !== group.id && g.groupTypes.includes('Unified') && g.mailNickname.toLowerCase() === nickname);
  if (taken) throw duplicateValue('mailNickname');
}

// ---- audit ----

function target(group: Group) {
  return { id: group.id, displayName: group.displayName, type: 'Group' as const };
}

function auditView(group: Group | undefined): Record<string, unknown> {
  if (!group) return {};
  return {
    displayName: group.displayName,
    description: group.description,
    mailEnabled: group.mailEnabled,
    mailNickname: group.mailNickname,
    securityEnabled: group.securityEnabled,
    groupType: group.groupTypes,
  };
}

function changes(before: Group | undefined, after: Group | undefined): Record<string, [unknown, unknown]> {
  const a = auditView(before);
  const b = auditView(after);
  const out: Record<string, [unknown, unknown]> = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) out[key] = [a[key], b[key]];
  return out;
}

// ---- members and owners ----

const PROPERTY: Record<Kind, string> = { member: 'members', owner: 'owners' };
const ACTIVITY: Record<Kind, { add: string; remove: string }> = {
  member: { add: 'Add member to group', remove: 'Remove member from group' },
  owner: { add: 'Add owner to group', remove: 'Remove owner from group' },
};

/** Members: the group-members operation; owners: a change to the group itself [D: group-post-owners]. */
function operationFor(kind: Kind): GraphOperation {
  return kind === 'member' ? 'groupMembers.write' : 'groups.write';
}

function alreadyThere(kind: Kind): GraphError {
  return new GraphError(400, 'Request_BadRequest', `One or more added object references already exist for the following modified properties: '${PROPERTY[kind]}'.`);
}

/** Which objects may be members or owners of `group` [D: group-post-members, group-post-owners]. */
function checkReference(kind: Kind, group: Group, found: DirectoryObject): void {
  if (found.type === 'Application' || (kind === 'owner' && found.type === 'Group')) {
    // [O: Azure/azure-cli#12946, as owners.ts]
    throw badRequest(
      `The reference target '${found.type}_${found.id}' of type '${found.type}' is invalid for the '${PROPERTY[kind]}' reference. ${kind === 'owner' ? 'Owners are users and service principals.' : 'Members are users, groups and service principals.'}`,
    );
  }
  if (kind === 'member' && found.type === 'Group' && found.id === group.id) throw badRequest('A group cannot be a member of itself.');
  if (kind === 'member' && group.groupTypes.includes('Unified') && found.type !== 'User') {
    throw badRequest(`The members of a Microsoft 365 group are users; ${found.id} is a ${found.type === 'ServicePrincipal' ? 'service principal' : 'group'}.`);
  }
}

/** Adds one reference in the caller's transaction, audited as Entra logs it: the member or owner first, then the group [I]. */
async function addReference(tx: DirectoryStore, audit: Audit, actor: GraphActor, group: Group, kind: Kind, relatedId: Guid): Promise<void> {
  const found = await findDirectoryObject(tx, actor.tenantId, relatedId);
  if (!found) throw notFound(relatedId);
  checkReference(kind, group, found);
  const added = await tx.addRelation(kind, { objectId: group.id, relatedId: found.id, relatedType: found.type });
  if (!added) throw alreadyThere(kind);
  audit({
    activity: ACTIVITY[kind].add,
    category: 'GroupManagement',
    operationType: 'Add',
    target: {
      id: found.id,
      displayName: found.displayName,
      type: found.type,
      userPrincipalName: found.type === 'User' ? found.object.userPrincipalName : null,
    },
    properties: { 'Group.ObjectID': [undefined, group.id], 'Group.DisplayName': [undefined, group.displayName] },
    related: [target(group)],
  });
}

/** POST /groups/{id}/members/$ref or /owners/$ref with { "@odata.id": "…/directoryObjects/{id}" }. */
export async function addGroupReference(service: DirectoryService, actor: GraphActor, id: string, kind: Kind, rawBody: unknown): Promise<void> {
  // Each write is authorized before the group is looked up (a caller without the permission gets
  // 403 whether or not the group exists), then again for owner-only rights once it is found.
  await authorize(actor, operationFor(kind), service.read);
  const relatedId = referencedId(rawBody);
  await service.write(actor, async (tx, audit) => {
    const group = await mustFind(tx, actor, id);
    await authorize(actor, operationFor(kind), tx, group.id);
    await addReference(tx, audit, actor, group, kind, relatedId);
  });
}

/** DELETE /groups/{id}/members/{memberId}/$ref (or owners): 404 when it is not one. */
export async function removeGroupReference(service: DirectoryService, actor: GraphActor, id: string, kind: Kind, relatedId: string): Promise<void> {
  await authorize(actor, operationFor(kind), service.read);
  const relatedKey = objectId(relatedId);
  await service.write(actor, async (tx, audit) => {
    const group = await mustFind(tx, actor, id);
    await authorize(actor, operationFor(kind), tx, group.id);
    const related = (await tx.listRelations(kind, group.id)).find((r) => r.relatedId === relatedKey);
    if (!related || !(await tx.removeRelation(kind, group.id, related.relatedId))) throw notFound(relatedId);
    const found = await findDirectoryObject(tx, actor.tenantId, related.relatedId);
    audit({
      activity: ACTIVITY[kind].remove,
      category: 'GroupManagement',
      operationType: 'Delete',
      target: {
        id: related.relatedId,
        displayName: found?.displayName ?? null,
        type: related.relatedType,
        userPrincipalName: found?.type === 'User' ? found.object.userPrincipalName : null,
      },
      properties: { 'Group.ObjectID': [group.id, undefined], 'Group.DisplayName': [group.displayName, undefined] },
      related: [target(group)],
    });
  });
}

// ---- writes ----

export async function createGroup(service: DirectoryService, actor: GraphActor, rawBody: unknown): Promise<Group> {
  await authorize(actor, 'groups.create', service.read);
  const { fields, binds } = splitBody(objectBody(rawBody), undefined);
  for (const property of REQUIRED) {
    if (fields[property] === undefined || fields[property] === null) {
      throw invalidValue(property, RESOURCE, `${property} is required when creating a group (required: ${REQUIRED.join(', ')}).`);
    }
  }
  const parsed = parseWith(GroupSchema, fields, RESOURCE);
  checkKind(parsed);
  return service.write(actor, async (tx, audit) => {
    const group: Group = { id: service.newId(), tenantId: actor.tenantId, ...parsed, createdDateTime: service.now().toISOString() };
    await checkNicknameUnique(tx, group);
    await tx.upsertGroup(group);
    audit({ activity: 'Add group', category: 'GroupManagement', operationType: 'Add', target: target(group), properties: changes(undefined, group) });
    for (const owner of binds.owner) await addReference(tx, audit, actor, group, 'owner', owner);
    // A user who creates a group with a delegated token and names no owners becomes its owner [D: group-post-groups].
    if (binds.owner.length === 0 && actor.user) await addReference(tx, audit, actor, group, 'owner', actor.user.id);
    for (const member of binds.member) await addReference(tx, audit, actor, group, 'member', member);
    return group;
  });
}

/** PATCH: displayName, description, mailNickname, securityEnabled; `members@odata.bind` / `owners@odata.bind` add references. */
export async function updateGroup(service: DirectoryService, actor: GraphActor, id: string, rawBody: unknown): Promise<void> {
  await authorize(actor, 'groups.write', service.read);
  const raw = objectBody(rawBody);
  await service.write(actor, async (tx, audit) => {
    const stored = await mustFind(tx, actor, id);
    await authorize(actor, 'groups.write', tx, stored.id);
    const { fields, binds } = splitBody(raw, stored);
    if (binds.member.length) await authorize(actor, 'groupMembers.write', tx, stored.id);
    const { id: _id, tenantId: _tenant, createdDateTime: _created, ...base } = stored;
    const parsed = parseWith(GroupSchema, { ...base, ...fields }, RESOURCE);
    const next: Group = { ...stored, ...parsed };
    checkKind(next);
    const changed = changes(stored, next);
    if (Object.values(changed).some(([a, b]) => JSON.stringify(a) !== JSON.stringify(b))) {
      if (next.mailNickname !== stored.mailNickname) await checkNicknameUnique(tx, next);
      await tx.upsertGroup(next);
      audit({ activity: 'Update group', category: 'GroupManagement', operationType: 'Update', target: target(next), properties: changed });
    }
    for (const owner of binds.owner) await addReference(tx, audit, actor, next, 'owner', owner);
    for (const member of binds.member) await addReference(tx, audit, actor, next, 'member', member);
  });
}

export async function deleteGroup(service: DirectoryService, actor: GraphActor, id: string): Promise<void> {
  await authorize(actor, 'groups.write', service.read);
  await service.write(actor, async (tx, audit) => {
    const group = await mustFind(tx, actor, id);
    await authorize(actor, 'groups.write', tx, group.id);
    await tx.deleteGroup(group.id);
    audit({ activity: 'Delete group', category: 'GroupManagement', operationType: 'Delete', target: target(group), properties: changes(group, undefined) });
  });
}
