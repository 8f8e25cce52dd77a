// Graph's token lifetime policies (issue 18): /policies/tokenLifetimePolicies list, get, create,
// update, delete, appliesTo [D: Graph tokenlifetimepolicy-list, -post-tokenlifetimepolicies, -get,
// -update, -delete, -list-appliesto], and their assignment to applications and service principals
// (…/tokenLifetimePolicies/$ref, "can assign only one tokenLifetimePolicy per application" [D:
// application-post-tokenlifetimepolicies, serviceprincipal-post-tokenlifetimepolicies]). What a
// policy does to tokens is core/policy/token-lifetime.ts's. Every change is audited (category Policy).

import { z } from 'zod';
import type { Application, Guid, ServicePrincipal, TokenLifetimePolicy } from '../core/model.js';
import type { DirectoryStore } from '../core/ports.js';
import { readDefinition, TOKEN_LIFETIME_LIMITS } from '../core/policy/token-lifetime.js';
import { findApplication } from './applications.js';
import { authorize } from './authorize.js';
import type { GraphActor } from './context.js';
import { badRequest, GraphError, invalidValue, notFound } from './errors.js';
import { objectBody, parseWith } from './input.js';
import { objectId } from './objects.js';
import type { GraphObject } from './representation.js';
import type { Audit, DirectoryService } from './service.js';
import { applicationOf, mustFindServicePrincipal } from './service-principals.js';

const RESOURCE = 'tokenLifetimePolicy';
const ODATA_TYPE = '#microsoft.graph.tokenLifetimePolicy';

const Body = z
  .object({
    '@odata.type': z.literal(ODATA_TYPE).optional(),
    displayName: z.string().trim().min(1).max(TOKEN_LIFETIME_LIMITS.displayNameChars),
    description: z.string().max(TOKEN_LIFETIME_LIMITS.descriptionChars).nullable().optional(),
    definition: z.array(z.string()).max(8),
    isOrganizationDefault: z.boolean().optional(),
  })
  .strict();

/** The properties a create sends, or a PATCH laid over the stored policy. */
function readBody(raw: unknown, stored: TokenLifetimePolicy | undefined) {
  const body = objectBody(raw);
  if ('id' in body) throw invalidValue('id', RESOURCE, 'id is read-only.');
  const merged = stored ? { displayName: stored.displayName, description: stored.description, definition: stored.definition, isOrganizationDefault: stored.isOrganizationDefault, ...body } : body;
  const input = parseWith(Body, merged, RESOURCE);
  const reading = readDefinition(input.definition);
  if (!reading.ok) throw invalidValue('definition', RESOURCE, reading.why);
  return {
    displayName: input.displayName,
    description: input.description ?? null,
    definition: [...input.definition],
    isOrganizationDefault: input.isOrganizationDefault ?? false,
  };
}

/** Graph's tokenLifetimePolicy: id, deletedDateTime, description, displayName, definition, isOrganizationDefault [D]. */
export function toGraphTokenLifetimePolicy(p: TokenLifetimePolicy): GraphObject {
  return {
    id: p.id,
    deletedDateTime: null,
    definition: [...p.definition],
    description: p.description,
    displayName: p.displayName,
    isOrganizationDefault: p.isOrganizationDefault,
  };
}

async function mustFind(store: DirectoryStore, actor: GraphActor, id: string): Promise<TokenLifetimePolicy> {
  const policy = await store.getTokenLifetimePolicy(actor.tenantId, objectId(id));
  if (!policy) throw notFound(id);
  return policy;
}

/** "Only one can be activated as the organization default" [D: tokenLifetimePolicy isOrganizationDefault; I: that Graph refuses a second]. */
async function checkOneDefault(tx: DirectoryStore, actor: GraphActor, policy: { id?: Guid; isOrganizationDefault: boolean }): Promise<void> {
  if (!policy.isOrganizationDefault) return;
  const other = (await tx.listTokenLifetimePolicies(actor.tenantId)).find((p) => p.isOrganizationDefault && p.id !== policy.id);
  if (other) {
    throw invalidValue('isOrganizationDefault', RESOURCE, `'${other.displayName}' (${other.id}) is already the organization default; set its isOrganizationDefault to false first.`);
  }
}

/** What a policy looks like in the audit log: Graph's properties, assignments apart. */
function audited(p: TokenLifetimePolicy | undefined) {
  return p && { displayName: p.displayName, description: p.description, definition: p.definition, isOrganizationDefault: p.isOrganizationDefault };
}

function auditPolicy(audit: Audit, activity: string, operationType: 'Add' | 'Update' | 'Delete', before: TokenLifetimePolicy | undefined, after: TokenLifetimePolicy | undefined): void {
  const target = (after ?? before) as TokenLifetimePolicy;
  const b = audited(before);
  const a = audited(after);
  audit({
    activity,
    category: 'Policy',
    operationType,
    target: { id: target.id, displayName: target.displayName, type: 'Policy' },
    properties: {
      displayName: [b?.displayName, a?.displayName],
      description: [b?.description ?? undefined, a?.description ?? undefined],
      definition: [b?.definition, a?.definition],
      isOrganizationDefault: [b?.isOrganizationDefault, a?.isOrganizationDefault],
    },
  });
}

export async function listTokenLifetimePolicies(service: DirectoryService, actor: GraphActor): Promise<TokenLifetimePolicy[]> {
  await authorize(actor, 'tokenLifetimePolicies.read', service.read);
  return service.read.listTokenLifetimePolicies(actor.tenantId);
}

export async function getTokenLifetimePolicy(service: DirectoryService, actor: GraphActor, id: string): Promise<TokenLifetimePolicy> {
  await authorize(actor, 'tokenLifetimePolicies.read', service.read);
  return mustFind(service.read, actor, id);
}

export async function createTokenLifetimePolicy(service: DirectoryService, actor: GraphActor, raw: unknown): Promise<TokenLifetimePolicy> {
  await authorize(actor, 'tokenLifetimePolicies.write', service.read);
  const input = readBody(raw, undefined);
  return service.write(actor, async (tx, record) => {
    const existing = await tx.listTokenLifetimePolicies(actor.tenantId);
    if (existing.length >= TOKEN_LIFETIME_LIMITS.policiesPerTenant) throw badRequest(`The tenant already has ${existing.length} token lifetime policies, Entrada's limit.`);
    await checkOneDefault(tx, actor, input);
    const policy: TokenLifetimePolicy = { id: service.newId(), tenantId: actor.tenantId, ...input, appliesTo: [] };
    await tx.upsertTokenLifetimePolicy(policy);
    auditPolicy(record, 'Add policy', 'Add', undefined, policy);
    return policy;
  });
}

/** PATCH: the body laid over the stored policy; 204 whether or not anything changed. */
export async function updateTokenLifetimePolicy(service: DirectoryService, actor: GraphActor, id: string, raw: unknown): Promise<TokenLifetimePolicy> {
  await authorize(actor, 'tokenLifetimePolicies.write', service.read);
  return service.write(actor, async (tx, record) => {
    const stored = await mustFind(tx, actor, id);
    const next: TokenLifetimePolicy = { ...stored, ...readBody(raw, stored) };
    if (JSON.stringify(next) === JSON.stringify(stored)) return stored;
    await checkOneDefault(tx, actor, next);
    await tx.upsertTokenLifetimePolicy(next);
    auditPolicy(record, 'Update policy', 'Update', stored, next);
    return next;
  });
}

/** DELETE: the policy and its assignments go (apps fall back to the default) [I: Graph refuses nothing here]. */
export async function deleteTokenLifetimePolicy(service: DirectoryService, actor: GraphActor, id: string): Promise<void> {
  await authorize(actor, 'tokenLifetimePolicies.write', service.read);
  await service.write(actor, async (tx, record) => {
    const stored = await mustFind(tx, actor, id);
    await tx.deleteTokenLifetimePolicy(actor.tenantId, stored.id);
    auditPolicy(record, 'Delete policy', 'Delete', stored, undefined);
  });
}

/** An application or service principal a policy may be assigned to, by its path key. */
export type PolicyHolderKey = { kind: 'application' | 'servicePrincipal'; key: { id: string } | { appId: string } };

export type PolicyHolder = { type: 'Application'; object: Application } | { type: 'ServicePrincipal'; object: ServicePrincipal; app: Application | undefined };

async function mustFindHolder(store: DirectoryStore, actor: GraphActor, holder: PolicyHolderKey): Promise<PolicyHolder> {
  if (holder.kind === 'servicePrincipal') {
    const sp = await mustFindServicePrincipal(store, actor, holder.key);
    return { type: 'ServicePrincipal', object: sp, app: await applicationOf(store, sp) };
  }
  if ('id' in holder.key) objectId(holder.key.id);
  const app = await findApplication(store, holder.key);
  if (!app || app.tenantId !== actor.tenantId) throw notFound('id' in holder.key ? holder.key.id : holder.key.appId);
  return { type: 'Application', object: app };
}

/**
 * The policy a `$ref` body names: `{"@odata.id": "https://graph.microsoft.com/v1.0/policies/tokenLifetimePolicies/{id}"}`
 * [D: application-post-tokenlifetimepolicies]; any host, and `directoryObjects/{id}` too [I].
 */
export function referencedPolicyId(raw: unknown): Guid {
  const body = objectBody(raw);
  for (const key of Object.keys(body)) {
    if (key !== '@odata.id') throw badRequest(`Invalid property '${key}'. A reference body has one property: {"@odata.id": "https://graph.microsoft.com/v1.0/policies/tokenLifetimePolicies/{id}"}.`);
  }
  const ref = body['@odata.id'];
  if (typeof ref !== 'string') throw badRequest('The reference body needs "@odata.id": "https://graph.microsoft.com/v1.0/policies/tokenLifetimePolicies/{id}".');
  const m = /^https?:\/\/[^/?#\s]+\/(?:v1\.0|beta)\/(?:policies\/tokenLifetimePolicies|directoryObjects)\/([^/?#\s]+)$/i.exec(ref);
  if (!m) {
    throw new GraphError(400, 'Request_BadRequest', `Invalid URL format specified in @odata.id: '${ref.slice(0, 300)}'. Use https://graph.microsoft.com/v1.0/policies/tokenLifetimePolicies/{id}.`);
  }
  return objectId(m[1]);
}

/** GET …/{holder}/tokenLifetimePolicies: at most one [D]. */
export async function listAssignedTokenLifetimePolicies(service: DirectoryService, actor: GraphActor, holder: PolicyHolderKey): Promise<TokenLifetimePolicy[]> {
  await authorize(actor, 'tokenLifetimePolicies.read', service.read);
  const found = await mustFindHolder(service.read, actor, holder);
  return (await service.read.listTokenLifetimePolicies(actor.tenantId)).filter((p) => p.appliesTo.includes(found.object.id));
}

function holderTarget(holder: PolicyHolder) {
  return { id: holder.object.id, displayName: holder.object.displayName, type: holder.type };
}

/** POST …/{holder}/tokenLifetimePolicies/$ref; 204. */
export async function assignTokenLifetimePolicy(service: DirectoryService, actor: GraphActor, holder: PolicyHolderKey, raw: unknown): Promise<void> {
  const policyId = referencedPolicyId(raw);
  const found = await mustFindHolder(service.read, actor, holder);
  await authorize(actor, 'tokenLifetimePolicies.assign', service.read, found.type === 'Application' ? found.object.id : found.app?.id);
  await service.write(actor, async (tx, record) => {
    const policies = await tx.listTokenLifetimePolicies(actor.tenantId);
    const policy = policies.find((p) => p.id === policyId);
    if (!policy) throw notFound(policyId);
    const held = policies.find((p) => p.appliesTo.includes(found.object.id));
    if (held?.id === policy.id) return; // already assigned: nothing changes [I]
    if (held) {
      // [I] Graph's words unknown; its rule is documented: one policy per application / service principal.
      throw badRequest(`'${found.object.displayName}' already has the token lifetime policy '${held.displayName}' (${held.id}); only one may be assigned. Remove it first (DELETE …/tokenLifetimePolicies/${held.id}/$ref).`);
    }
    await tx.upsertTokenLifetimePolicy({ ...policy, appliesTo: [...policy.appliesTo, found.object.id] });
    record({
      activity: found.type === 'Application' ? 'Add policy to application' : 'Add policy to service principal',
      category: 'Policy',
      operationType: 'Assign',
      target: { id: policy.id, displayName: policy.displayName, type: 'Policy' },
      related: [holderTarget(found)],
    });
  });
}

/** DELETE …/{holder}/tokenLifetimePolicies/{policyId}/$ref; 204, or 404 when it is not assigned there. */
export async function unassignTokenLifetimePolicy(service: DirectoryService, actor: GraphActor, holder: PolicyHolderKey, policyKey: string): Promise<void> {
  const policyId = objectId(policyKey);
  const found = await mustFindHolder(service.read, actor, holder);
  await authorize(actor, 'tokenLifetimePolicies.assign', service.read, found.type === 'Application' ? found.object.id : found.app?.id);
  await service.write(actor, async (tx, record) => {
    const policy = await tx.getTokenLifetimePolicy(actor.tenantId, policyId);
    if (!policy?.appliesTo.includes(found.object.id)) throw notFound(policyKey);
    await tx.upsertTokenLifetimePolicy({ ...policy, appliesTo: policy.appliesTo.filter((id) => id !== found.object.id) });
    record({
      activity: found.type === 'Application' ? 'Remove policy from application' : 'Remove policy from service principal',
      category: 'Policy',
      operationType: 'Unassign',
      target: { id: policy.id, displayName: policy.displayName, type: 'Policy' },
      related: [holderTarget(found)],
    });
  });
}

/** GET /policies/tokenLifetimePolicies/{id}/appliesTo: the applications and service principals that still exist. */
export async function listPolicyAppliesTo(service: DirectoryService, actor: GraphActor, id: string): Promise<PolicyHolder[]> {
  await authorize(actor, 'tokenLifetimePolicies.read', service.read);
  const store = service.read;
  const policy = await mustFind(store, actor, id);
  const out: PolicyHolder[] = [];
  for (const objectKey of policy.appliesTo) {
    const app = await store.getApplication(objectKey);
    if (app && app.tenantId === actor.tenantId) {
      out.push({ type: 'Application', object: app });
      continue;
    }
    const sp = await store.getServicePrincipal(objectKey);
    if (sp && sp.tenantId === actor.tenantId) out.push({ type: 'ServicePrincipal', object: sp, app: await applicationOf(store, sp) });
  }
  return out;
}
