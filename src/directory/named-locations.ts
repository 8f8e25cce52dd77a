// Graph's named locations, /identity/conditionalAccess/namedLocations (issue 17): IP named
// locations only (#microsoft.graph.ipNamedLocation), list, get, create, update, delete [D:
// conditionalaccessroot-list-namedlocations, -post-namedlocations, ipnamedlocation-get, -update,
// namedlocation-delete]. A create must name its @odata.type (namedLocation is abstract [D]);
// country locations are refused. A trusted location cannot be deleted until it is no longer
// trusted [D: concept-assignment-network], nor one a policy names [I].

import type { NamedLocation } from '../core/model.js';
import type { DirectoryStore } from '../core/ports.js';
import { LIMITS } from '../core/policy/conditional-access-values.js';
import { conditionalAccessSchemas, IP_NAMED_LOCATION_TYPE } from '../seed/conditional-access.js';
import { authorize } from './authorize.js';
import { bodyToCheck } from './conditional-access-input.js';
import { policiesNaming } from './conditional-access-policies.js';
import { toGraphNamedLocation } from './conditional-access-views.js';
import type { GraphActor } from './context.js';
import { badRequest, duplicateValue, invalidValue, notFound } from './errors.js';
import { objectBody, parseWith } from './input.js';
import { objectId } from './objects.js';
import type { Audit, DirectoryService } from './service.js';

const RESOURCE = 'ipNamedLocation';
const { NamedLocationSchema } = conditionalAccessSchemas({ strict: true, names: false });

async function mustFind(store: DirectoryStore, actor: GraphActor, id: string): Promise<NamedLocation> {
  const location = await store.getNamedLocation(actor.tenantId, objectId(id));
  if (!location) throw notFound(id);
  return location;
}

export async function listNamedLocations(service: DirectoryService, actor: GraphActor): Promise<NamedLocation[]> {
  await authorize(actor, 'conditionalAccess.read', service.read);
  return (await service.read.signInPolicy(actor.tenantId)).namedLocations;
}

export async function getNamedLocation(service: DirectoryService, actor: GraphActor, id: string): Promise<NamedLocation> {
  await authorize(actor, 'conditionalAccess.read', service.read);
  return mustFind(service.read, actor, id);
}

function readLocation(raw: unknown, stored: NamedLocation | undefined) {
  const input = parseWith(NamedLocationSchema, bodyToCheck(raw, RESOURCE, IP_NAMED_LOCATION_TYPE, stored && toGraphNamedLocation(stored)), RESOURCE);
  // Ranges are kept as written, less repeats.
  return { displayName: input.displayName, isTrusted: input.isTrusted, ipRanges: [...new Set(input.ipRanges)] };
}

/** Display names are unique among a tenant's named locations [I: the Entra admin center refuses a second one]. */
async function checkUniqueName(tx: DirectoryStore, actor: GraphActor, displayName: string, self: string | undefined): Promise<void> {
  const { namedLocations } = await tx.signInPolicy(actor.tenantId);
  if (namedLocations.some((l) => l.id !== self && l.displayName.toLowerCase() === displayName.toLowerCase())) throw duplicateValue('displayName');
}

function audit(record: Audit, activity: string, operationType: 'Add' | 'Update' | 'Delete', before: NamedLocation | undefined, after: NamedLocation | undefined): void {
  const target = (after ?? before) as NamedLocation;
  record({
    activity,
    category: 'Policy',
    service: 'Conditional Access',
    operationType,
    target: { id: target.id, displayName: target.displayName, type: 'Policy' },
    properties: { namedLocation: [before && toGraphNamedLocation(before), after && toGraphNamedLocation(after)] },
  });
}

export async function createNamedLocation(service: DirectoryService, actor: GraphActor, raw: unknown): Promise<NamedLocation> {
  await authorize(actor, 'conditionalAccess.write', service.read);
  if (objectBody(raw)['@odata.type'] === undefined) {
    throw invalidValue('@odata.type', RESOURCE, `namedLocation is abstract: the body must say which kind, "@odata.type": "${IP_NAMED_LOCATION_TYPE}".`);
  }
  const input = readLocation(raw, undefined);
  return service.write(actor, async (tx, record) => {
    const { namedLocations } = await tx.signInPolicy(actor.tenantId);
    if (namedLocations.length >= LIMITS.namedLocationsPerTenant) throw badRequest(`The tenant already has ${namedLocations.length} named locations, Entra's limit.`);
    await checkUniqueName(tx, actor, input.displayName, undefined);
    const location: NamedLocation = { id: service.newId(), tenantId: actor.tenantId, ...input, createdDateTime: service.now().toISOString(), modifiedDateTime: null };
    await tx.upsertNamedLocation(location);
    audit(record, 'Add named location', 'Add', undefined, location);
    return location;
  });
}

export async function updateNamedLocation(service: DirectoryService, actor: GraphActor, id: string, raw: unknown): Promise<NamedLocation> {
  await authorize(actor, 'conditionalAccess.write', service.read);
  return service.write(actor, async (tx, record) => {
    const stored = await mustFind(tx, actor, id);
    const unchanged = { ...stored, ...readLocation(raw, stored) };
    if (JSON.stringify(unchanged) === JSON.stringify(stored)) return stored;
    await checkUniqueName(tx, actor, unchanged.displayName, stored.id);
    const next: NamedLocation = { ...unchanged, modifiedDateTime: service.now().toISOString() };
    await tx.upsertNamedLocation(next);
    audit(record, 'Update named location', 'Update', stored, next);
    return next;
  });
}

export async function deleteNamedLocation(service: DirectoryService, actor: GraphActor, id: string): Promise<void> {
  await authorize(actor, 'conditionalAccess.write', service.read);
  await service.write(actor, async (tx, record) => {
    const stored = await mustFind(tx, actor, id);
    if (stored.isTrusted) throw badRequest(`The named location '${stored.displayName}' is marked as trusted; set isTrusted to false before deleting it (as Entra requires).`);
    const naming = policiesNaming((await tx.signInPolicy(actor.tenantId)).conditionalAccessPolicies, stored.id);
    if (naming.length) {
      throw badRequest(`The named location '${stored.displayName}' is used by the Conditional Access policy ${naming.map((p) => `'${p.displayName}'`).join(', ')}; remove it from there first.`);
    }
    await tx.deleteNamedLocation(actor.tenantId, stored.id);
    audit(record, 'Delete named location', 'Delete', stored, undefined);
  });
}
