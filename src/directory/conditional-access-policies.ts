// Graph's Conditional Access policies, /identity/conditionalAccess/policies (issue 17): list, get,
// create, update, delete [D: conditionalaccessroot-list-policies, -post-policies,
// conditionalaccesspolicy-get, -update, -delete]. Bodies are read through the seed's schema
// (seed/conditional-access.ts); the objects a policy names (users, groups, named locations) must
// exist in the tenant; apps are named by app id and may be any app, Microsoft's first-party ones
// included, as in Entra [I]. Every change is audited by "Conditional Access", category Policy.

import type { ConditionalAccessPolicy, Guid } from '../core/model.js';
import type { DirectoryStore } from '../core/ports.js';
import { LIMITS } from '../core/policy/conditional-access-values.js';
import { conditionsOf, grantControlsOf, resolveReferences, securityDefaultsConflict } from '../seed/conditional-access-resolve.js';
import { conditionalAccessSchemas } from '../seed/conditional-access.js';
import { authorize } from './authorize.js';
import { bodyToCheck } from './conditional-access-input.js';
import { toGraphConditionalAccessPolicy } from './conditional-access-views.js';
import type { GraphActor } from './context.js';
import { badRequest, invalidValue, notFound } from './errors.js';
import { parseWith } from './input.js';
import { objectId } from './objects.js';
import type { Audit, DirectoryService } from './service.js';

const RESOURCE = 'conditionalAccessPolicy';
const ODATA_TYPE = '#microsoft.graph.conditionalAccessPolicy';
const { PolicySchema } = conditionalAccessSchemas({ strict: true, names: false });

async function mustFind(store: DirectoryStore, actor: GraphActor, id: string): Promise<ConditionalAccessPolicy> {
  const policy = await store.getConditionalAccessPolicy(actor.tenantId, objectId(id));
  if (!policy) throw notFound(id);
  return policy;
}

export async function listConditionalAccessPolicies(service: DirectoryService, actor: GraphActor): Promise<ConditionalAccessPolicy[]> {
  await authorize(actor, 'conditionalAccess.read', service.read);
  return (await service.read.signInPolicy(actor.tenantId)).conditionalAccessPolicies;
}

export async function getConditionalAccessPolicy(service: DirectoryService, actor: GraphActor, id: string): Promise<ConditionalAccessPolicy> {
  await authorize(actor, 'conditionalAccess.read', service.read);
  return mustFind(service.read, actor, id);
}

/** The policy a body describes (laid over `stored` for an update), before its references are checked. */
function readPolicy(raw: unknown, stored: ConditionalAccessPolicy | undefined) {
  const input = parseWith(PolicySchema, bodyToCheck(raw, RESOURCE, ODATA_TYPE, stored && toGraphConditionalAccessPolicy(stored)), RESOURCE);
  // Keywords in Graph's spelling, ids lower-case, as stored (the schema let through nothing else).
  const conditions = resolveReferences(conditionsOf(input.conditions), () => undefined, []);
  return { displayName: input.displayName, state: input.state, conditions, grantControls: grantControlsOf(input.grantControls) };
}

/**
 * Every user, group and named location the policy names exists in the tenant [I: Graph's words
 * unknown]. Ids the stored policy already names are not checked again: a user deleted since stays
 * in the policy (as in Entra), and the policy can still be changed, e.g. turned off.
 */
async function checkReferences(tx: DirectoryStore, actor: GraphActor, conditions: ConditionalAccessPolicy['conditions'], stored?: ConditionalAccessPolicy): Promise<void> {
  const missing = (path: string, what: string, id: string) =>
    invalidValue('conditions', RESOURCE, `conditions.${path}: ${id} is not ${what} of this tenant.`);
  const known = new Set(stored ? referencedIds(stored.conditions) : []);
  const isId = (ref: string) => /^[0-9a-f-]{36}$/.test(ref) && !known.has(ref);
  for (const [key, ids] of [['users.includeUsers', conditions.users.includeUsers], ['users.excludeUsers', conditions.users.excludeUsers]] as const) {
    for (const id of ids.filter(isId)) if (!(await tx.getUser(actor.tenantId, id))) throw missing(key, 'a user', id);
  }
  for (const [key, ids] of [['users.includeGroups', conditions.users.includeGroups], ['users.excludeGroups', conditions.users.excludeGroups]] as const) {
    for (const id of ids.filter(isId)) {
      const group = await tx.getGroup(id);
      if (group?.tenantId !== actor.tenantId) throw missing(key, 'a group', id);
    }
  }
  const l = conditions.locations;
  for (const [key, ids] of [['locations.includeLocations', l?.includeLocations ?? []], ['locations.excludeLocations', l?.excludeLocations ?? []]] as const) {
    for (const id of ids.filter(isId)) if (!(await tx.getNamedLocation(actor.tenantId, id))) throw missing(key, 'a named location', id);
  }
}

function referencedIds(c: ConditionalAccessPolicy['conditions']): string[] {
  const u = c.users;
  return [...u.includeUsers, ...u.excludeUsers, ...u.includeGroups, ...u.excludeGroups, ...(c.locations?.includeLocations ?? []), ...(c.locations?.excludeLocations ?? [])];
}

/** Entra refuses an enabled policy while security defaults are on [D: security-defaults; I: Graph's words]. */
async function checkSecurityDefaults(tx: DirectoryStore, actor: GraphActor, policy: { state: string; displayName: string }): Promise<void> {
  if (policy.state !== 'enabled') return;
  if ((await tx.signInPolicy(actor.tenantId)).securityDefaultsEnabled) throw badRequest(`Cannot enable the policy: ${securityDefaultsConflict(policy.displayName)}.`);
}

function audit(audit: Audit, activity: string, operationType: 'Add' | 'Update' | 'Delete', before: ConditionalAccessPolicy | undefined, after: ConditionalAccessPolicy | undefined): void {
  const target = (after ?? before) as ConditionalAccessPolicy;
  audit({
    activity,
    category: 'Policy',
    service: 'Conditional Access',
    operationType,
    target: { id: target.id, displayName: target.displayName, type: 'Policy' },
    properties: { conditionalAccessPolicy: [before && toGraphConditionalAccessPolicy(before), after && toGraphConditionalAccessPolicy(after)] },
  });
}

export async function createConditionalAccessPolicy(service: DirectoryService, actor: GraphActor, raw: unknown): Promise<ConditionalAccessPolicy> {
  await authorize(actor, 'conditionalAccess.write', service.read);
  const input = readPolicy(raw, undefined);
  return service.write(actor, async (tx, record) => {
    const existing = (await tx.signInPolicy(actor.tenantId)).conditionalAccessPolicies;
    if (existing.length >= LIMITS.policiesPerTenant) throw badRequest(`The tenant already has ${existing.length} Conditional Access policies, Entra's limit.`);
    await checkReferences(tx, actor, input.conditions);
    await checkSecurityDefaults(tx, actor, input);
    const policy: ConditionalAccessPolicy = { id: service.newId(), tenantId: actor.tenantId, ...input, createdDateTime: service.now().toISOString(), modifiedDateTime: null };
    await tx.upsertConditionalAccessPolicy(policy);
    audit(record, 'Add Conditional Access policy', 'Add', undefined, policy);
    return policy;
  });
}

/** PATCH: the body merged onto the stored policy (see conditional-access-input.ts); 204 whether or not anything changed. */
export async function updateConditionalAccessPolicy(service: DirectoryService, actor: GraphActor, id: string, raw: unknown): Promise<ConditionalAccessPolicy> {
  await authorize(actor, 'conditionalAccess.write', service.read);
  return service.write(actor, async (tx, record) => {
    const stored = await mustFind(tx, actor, id);
    const input = readPolicy(raw, stored);
    const unchanged = { ...stored, ...input };
    if (JSON.stringify(unchanged) === JSON.stringify(stored)) return stored;
    await checkReferences(tx, actor, input.conditions, stored);
    await checkSecurityDefaults(tx, actor, input);
    const next: ConditionalAccessPolicy = { ...unchanged, modifiedDateTime: service.now().toISOString() };
    await tx.upsertConditionalAccessPolicy(next);
    audit(record, 'Update Conditional Access policy', 'Update', stored, next);
    return next;
  });
}

export async function deleteConditionalAccessPolicy(service: DirectoryService, actor: GraphActor, id: string): Promise<void> {
  await authorize(actor, 'conditionalAccess.write', service.read);
  await service.write(actor, async (tx, record) => {
    const stored = await mustFind(tx, actor, id);
    await tx.deleteConditionalAccessPolicy(actor.tenantId, stored.id);
    audit(record, 'Delete Conditional Access policy', 'Delete', stored, undefined);
  });
}

/** The ids of the tenant's policies that name a named location (it cannot be deleted while they do [I]). */
export function policiesNaming(policies: readonly ConditionalAccessPolicy[], locationId: Guid): ConditionalAccessPolicy[] {
  return policies.filter((p) => [...(p.conditions.locations?.includeLocations ?? []), ...(p.conditions.locations?.excludeLocations ?? [])].includes(locationId));
}
