// `entrada.directory`'s MFA and Conditional Access operations (issue 17): policies, named
// locations, security defaults, per-user MFA, MFA registration and revoking a user's sessions,
// through the same directory operations as Microsoft Graph (src/directory/): the same checks, the
// same errors (GraphError), an audit entry for each change, and the next sign-in sees it.
//
// As in a seed file, a policy may name users by UPN (or display name of a known user), groups by
// displayName, apps by displayName, client id or identifier URI, and named locations by
// displayName; they are resolved to ids here, then the policy is saved as Graph would save it.

import type { z } from 'zod';
import type { ConditionalAccessPolicy, Guid, NamedLocation, PerUserMfaState } from '../core/model.js';
import { isGuid } from '../core/guid.js';
import type { ReferenceKind } from '../core/policy/conditional-access-values.js';
import { CLI_GRAPH_ROLES } from '../cli/cli-token.js';
import {
  createConditionalAccessPolicy,
  deleteConditionalAccessPolicy,
  listConditionalAccessPolicies,
  updateConditionalAccessPolicy,
} from '../directory/conditional-access-policies.js';
import { mergePatch } from '../directory/conditional-access-input.js';
import { toGraphConditionalAccessPolicy, toGraphNamedLocation } from '../directory/conditional-access-views.js';
import type { GraphActor } from '../directory/context.js';
import { parseWith } from '../directory/input.js';
import { createNamedLocation, deleteNamedLocation, listNamedLocations, updateNamedLocation } from '../directory/named-locations.js';
import type { GraphObject } from '../directory/representation.js';
import { setSecurityDefaults } from '../directory/security-defaults.js';
import type { DirectoryService } from '../directory/service.js';
import { revokeSignInSessions, setMfaRegistered, setPerUserMfa } from '../directory/user-authentication.js';
import { conditionsOf, grantControlsOf, namedReferences, resolveReferences } from '../seed/conditional-access-resolve.js';
import { conditionalAccessSchemas, IP_NAMED_LOCATION_TYPE } from '../seed/conditional-access.js';
import type { Catalogue } from './catalogue.js';

/** The Graph application permissions the in-process API adds for these operations. */
const POLICY_ROLES = ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess', 'Policy.ReadWrite.AuthenticationMethod', 'User.RevokeSessions.All'];

const { PolicySchema } = conditionalAccessSchemas({ strict: true, names: true });

/**
 * A Conditional Access policy in Graph's shape (POST /identity/conditionalAccess/policies), whose
 * users, groups, apps and named locations may be named (see the header).
 */
export type NewConditionalAccessPolicy = z.input<typeof PolicySchema> & {
  /** Tenant id or domain; default the first tenant. */
  tenant?: string;
};

type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** What a PATCH of a policy may send: any part of it, merged as Graph merges (conditions and grantControls key by key). */
export type ConditionalAccessPolicyChanges = DeepPartial<z.input<typeof PolicySchema>>;

export interface NewNamedLocation {
  displayName: string;
  /** CIDR ranges, e.g. `203.0.113.0/24` or `2001:db8::/48` (masks longer than /8). */
  ipRanges: string[];
  isTrusted?: boolean;
  tenant?: string;
}

/** A policy as Graph answers it (every property of conditionalAccessPolicy), its main ones typed. */
export type GraphConditionalAccessPolicy = GraphObject & { id: Guid; displayName: string; state: ConditionalAccessPolicy['state'] };
/** A named location as Graph answers it (#microsoft.graph.ipNamedLocation). */
export type GraphNamedLocation = GraphObject & { id: Guid; displayName: string; isTrusted: boolean };

export interface EntradaSignInPolicy {
  /** POST /identity/conditionalAccess/policies; returns the policy as Graph answers it. */
  createConditionalAccessPolicy(input: NewConditionalAccessPolicy): Promise<GraphConditionalAccessPolicy>;
  /** PATCH …/policies/{id}: `policy` is its id or displayName; `changes` merged as Graph merges them. */
  updateConditionalAccessPolicy(policy: string, changes: ConditionalAccessPolicyChanges, tenant?: string): Promise<GraphConditionalAccessPolicy>;
  /** DELETE …/policies/{id}, by id or displayName. */
  deleteConditionalAccessPolicy(policy: string, tenant?: string): Promise<void>;
  /** POST /identity/conditionalAccess/namedLocations (an IP named location). */
  createNamedLocation(input: NewNamedLocation): Promise<GraphNamedLocation>;
  /** PATCH …/namedLocations/{id}, by id or displayName. */
  updateNamedLocation(location: string, changes: Partial<Omit<NewNamedLocation, 'tenant'>>, tenant?: string): Promise<GraphNamedLocation>;
  /** DELETE …/namedLocations/{id}, by id or displayName (a trusted one must be made untrusted first, as in Entra). */
  deleteNamedLocation(location: string, tenant?: string): Promise<void>;
  /** PATCH /policies/identitySecurityDefaultsEnforcementPolicy {isEnabled}. */
  setSecurityDefaults(enabled: boolean, tenant?: string): Promise<void>;
  /** PATCH /beta/users/{id}/authentication/requirements {perUserMfaState}; returns the state stored (enabled becomes enforced for a registered user, as in Entra). */
  setPerUserMfa(user: string, state: PerUserMfaState): Promise<PerUserMfaState>;
  /** Whether the user has a second factor registered (false: a required MFA is AADSTS50079). Not a Graph property. */
  setMfaRegistered(user: string, registered: boolean): Promise<void>;
  /** POST /users/{id}/revokeSignInSessions: its refresh tokens are refused and its browser sessions end, now. */
  revokeSignInSessions(user: string): Promise<void>;
}

export function signInPolicyApi(service: DirectoryService, catalogue: Catalogue, baseActor: (tenant?: string) => GraphActor): EntradaSignInPolicy {
  const store = service.read;
  const actor = (tenant?: string): GraphActor => ({ ...baseActor(tenant), caller: { kind: 'app', roles: [...CLI_GRAPH_ROLES, ...POLICY_ROLES] } });

  /** A user's tenant and object id: a known user (UPN, id or display name), or any by UPN or id in the default tenant. */
  async function findUser(key: string): Promise<{ id: Guid; tenantId: Guid }> {
    const known = catalogue.users.find((u) => [u.userPrincipalName, u.id, u.displayName].some((v) => v.toLowerCase() === key.toLowerCase()));
    if (known) return { id: known.id, tenantId: known.tenantId };
    const tenantId = catalogue.tenant().id;
    const user = key.includes('@') ? await store.findUserByUpn(tenantId, key) : isGuid(key) ? await store.getUser(tenantId, key.toLowerCase()) : undefined;
    if (!user) throw new Error(`No user '${key}' (name a user by UPN or object id).`);
    return { id: user.id, tenantId };
  }

  /** A name in a policy, resolved in the tenant (see the header). */
  async function resolveName(kind: ReferenceKind, ref: string, tenantId: Guid): Promise<string> {
    const lower = ref.toLowerCase();
    if (kind === 'user') {
      const user = ref.includes('@') ? await store.findUserByUpn(tenantId, ref) : catalogue.users.find((u) => u.tenantId === tenantId && u.displayName.toLowerCase() === lower);
      if (user) return user.id;
      throw new Error(`No user '${ref}' in tenant ${tenantId} (name users by UPN or object id).`);
    }
    if (kind === 'group') {
      const groups = (await store.listGroups(tenantId)).filter((g) => g.displayName.toLowerCase() === lower);
      if (groups.length === 1) return groups[0].id;
      throw new Error(groups.length ? `Several groups are named '${ref}'; name the group by object id.` : `No group '${ref}' in tenant ${tenantId}.`);
    }
    if (kind === 'application') {
      const known = catalogue.apps.find((a) => a.displayName.toLowerCase() === lower);
      if (known) return known.appId;
      const resource = await store.findResource(tenantId, ref);
      if (resource) return resource.app.appId;
      const app = (await store.listApplications(tenantId)).find((a) => a.displayName.toLowerCase() === lower);
      if (app) return app.appId;
      throw new Error(`No application '${ref}' (name it by displayName, client id or identifier URI).`);
    }
    const location = (await store.signInPolicy(tenantId)).namedLocations.find((l) => l.displayName.toLowerCase() === lower);
    if (location) return location.id;
    throw new Error(`No named location '${ref}' in tenant ${tenantId}.`);
  }

  /** The conditions of `body` with every name resolved to an id. */
  async function resolveConditions(body: Record<string, unknown>, who: GraphActor): Promise<Record<string, unknown>> {
    const input = parseWith(PolicySchema, body, 'conditionalAccessPolicy');
    const conditions = conditionsOf(input.conditions);
    const resolved = new Map<string, string>();
    for (const { kind, ref } of namedReferences(conditions)) resolved.set(`${kind}\u0000${ref}`, await resolveName(kind, ref, who.tenantId));
    const ids = resolveReferences(conditions, (kind, ref) => resolved.get(`${kind}\u0000${ref}`), []);
    return { displayName: input.displayName, state: input.state, conditions: ids, grantControls: grantControlsOf(input.grantControls) };
  }

  async function findPolicy(key: string, who: GraphActor): Promise<ConditionalAccessPolicy> {
    const policies = await listConditionalAccessPolicies(service, who);
    const policy = policies.find((p) => p.id === key.toLowerCase() || p.displayName.toLowerCase() === key.toLowerCase());
    if (!policy) throw new Error(`No Conditional Access policy '${key}' in tenant ${who.tenantId}; its policies: ${policies.map((p) => p.displayName).join(', ') || 'none'}.`);
    return policy;
  }

  async function findLocation(key: string, who: GraphActor) {
    const locations = await listNamedLocations(service, who);
    const location = locations.find((l) => l.id === key.toLowerCase() || l.displayName.toLowerCase() === key.toLowerCase());
    if (!location) throw new Error(`No named location '${key}' in tenant ${who.tenantId}; its locations: ${locations.map((l) => l.displayName).join(', ') || 'none'}.`);
    return location;
  }

  return {
    async createConditionalAccessPolicy({ tenant, ...body }) {
      const who = actor(tenant);
      const created = await createConditionalAccessPolicy(service, who, await resolveConditions(body, who));
      return policyView(created);
    },

    async updateConditionalAccessPolicy(key, changes, tenant) {
      const who = actor(tenant);
      const stored = await findPolicy(key, who);
      // The whole policy (names resolved), laid over the stored one as Graph's PATCH merges it.
      const merged = mergePatch(toGraphConditionalAccessPolicy(stored), changes as Record<string, unknown>);
      for (const name of ['id', 'createdDateTime', 'modifiedDateTime']) delete merged[name];
      const updated = await updateConditionalAccessPolicy(service, who, stored.id, await resolveConditions(merged, who));
      return policyView(updated);
    },

    async deleteConditionalAccessPolicy(key, tenant) {
      const who = actor(tenant);
      await deleteConditionalAccessPolicy(service, who, (await findPolicy(key, who)).id);
    },

    async createNamedLocation({ tenant, ...input }) {
      const created = await createNamedLocation(service, actor(tenant), { '@odata.type': IP_NAMED_LOCATION_TYPE, ...input });
      return locationView(created);
    },

    async updateNamedLocation(key, changes, tenant) {
      const who = actor(tenant);
      const updated = await updateNamedLocation(service, who, (await findLocation(key, who)).id, changes);
      return locationView(updated);
    },

    async deleteNamedLocation(key, tenant) {
      const who = actor(tenant);
      await deleteNamedLocation(service, who, (await findLocation(key, who)).id);
    },

    async setSecurityDefaults(enabled, tenant) {
      await setSecurityDefaults(service, actor(tenant), enabled);
    },

    async setPerUserMfa(key, state) {
      const { id, tenantId } = await findUser(key);
      return setPerUserMfa(service, actor(tenantId), id, state);
    },

    async setMfaRegistered(key, registered) {
      const { id, tenantId } = await findUser(key);
      await setMfaRegistered(service, actor(tenantId), id, registered);
    },

    async revokeSignInSessions(key) {
      const { id, tenantId } = await findUser(key);
      await revokeSignInSessions(service, actor(tenantId), id);
    },
  };
}

const policyView = (p: ConditionalAccessPolicy) => toGraphConditionalAccessPolicy(p) as GraphConditionalAccessPolicy;
const locationView = (l: NamedLocation) => toGraphNamedLocation(l) as GraphNamedLocation;
