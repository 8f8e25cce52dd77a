// `entrada.directory`'s token lifetime policies (issue 18), through the same operations as Graph's
// /policies/tokenLifetimePolicies and …/tokenLifetimePolicies/$ref (directory/token-lifetime-policies.ts):
// the same checks and errors (GraphError), an audit entry for each change, and the next token sees it.
//
//   const policy = await entrada.directory.createTokenLifetimePolicy({ displayName: 'API 2 h', accessTokenLifetime: '2h', appliesTo: ['Demo API'] });
//   await entrada.directory.assignTokenLifetimePolicy({ policy: 'API 2 h', app: 'Orders API' });

import { CLI_GRAPH_ROLES } from '../cli/cli-token.js';
import { isGuid } from '../core/guid.js';
import type { Guid, TokenLifetimePolicy } from '../core/model.js';
import { definitionFor } from '../core/policy/token-lifetime.js';
import type { GraphActor } from '../directory/context.js';
import type { GraphObject } from '../directory/representation.js';
import type { DirectoryService } from '../directory/service.js';
import {
  assignTokenLifetimePolicy,
  createTokenLifetimePolicy,
  deleteTokenLifetimePolicy,
  listTokenLifetimePolicies,
  toGraphTokenLifetimePolicy,
  unassignTokenLifetimePolicy,
} from '../directory/token-lifetime-policies.js';
import { parseLifetime } from '../seed/token-lifetime-schema.js';
import type { Catalogue } from './catalogue.js';

/** The Graph application permissions the in-process API adds for these operations. */
const POLICY_ROLES = ['Policy.Read.All', 'Policy.ReadWrite.ApplicationConfiguration'];

export interface NewTokenLifetimePolicy {
  displayName: string;
  /** `2h`, `90m`, `1d`, `3600s`, a TimeSpan (`02:00:00`) or seconds; 10 minutes to one day. */
  accessTokenLifetime: string | number;
  /** Applies to every app of the tenant without a policy on its service principal. */
  isOrganizationDefault?: boolean;
  /** Apps (display name, client id or identifier URI) whose service principals get it at once. */
  appliesTo?: readonly string[];
  description?: string;
  /** Tenant id or domain; default the first tenant. */
  tenant?: string;
}

/** A policy as Graph answers it (tokenLifetimePolicy). */
export type GraphTokenLifetimePolicy = GraphObject & { id: Guid; displayName: string; definition: string[]; isOrganizationDefault: boolean };

export interface EntradaTokenLifetimes {
  /** POST /policies/tokenLifetimePolicies, then POST /servicePrincipals/{id}/tokenLifetimePolicies/$ref for each of `appliesTo`. */
  createTokenLifetimePolicy(input: NewTokenLifetimePolicy): Promise<GraphTokenLifetimePolicy>;
  /**
   * POST …/tokenLifetimePolicies/$ref: `policy` (id or displayName) to `app` (display name, client
   * id or identifier URI): its service principal (default; wins over the organization default) or
   * its application object (`to: 'application'`; the organization default wins over it, as in Entra).
   */
  assignTokenLifetimePolicy(input: { policy: string; app: string; to?: 'servicePrincipal' | 'application'; tenant?: string }): Promise<void>;
  /** DELETE …/tokenLifetimePolicies/{policyId}/$ref. */
  unassignTokenLifetimePolicy(input: { policy: string; app: string; from?: 'servicePrincipal' | 'application'; tenant?: string }): Promise<void>;
  /** DELETE /policies/tokenLifetimePolicies/{id}, by id or displayName. */
  deleteTokenLifetimePolicy(policy: string, tenant?: string): Promise<void>;
}

export function tokenLifetimeApi(service: DirectoryService, catalogue: Catalogue, baseActor: (tenant?: string) => GraphActor): EntradaTokenLifetimes {
  const store = service.read;
  const actor = (tenant?: string): GraphActor => ({ ...baseActor(tenant), caller: { kind: 'app', roles: [...CLI_GRAPH_ROLES, ...POLICY_ROLES] } });

  async function findPolicy(key: string, who: GraphActor): Promise<TokenLifetimePolicy> {
    const policies = await listTokenLifetimePolicies(service, who);
    const found = policies.find((p) => p.id === key.toLowerCase()) ?? policies.find((p) => p.displayName.toLowerCase() === key.toLowerCase());
    if (!found) throw new Error(`No token lifetime policy '${key}' in tenant ${who.tenantId}; its policies: ${policies.map((p) => p.displayName).join(', ') || 'none'}.`);
    return found;
  }

  /** An app's service principal in the tenant and its application object, by name, client id or identifier URI. */
  async function findApp(key: string, tenantId: Guid) {
    const known = catalogue.apps.find((a) => a.displayName.toLowerCase() === key.toLowerCase());
    const found = await store.findResource(tenantId, known?.appId ?? (isGuid(key) ? key.toLowerCase() : key));
    if (!found) throw new Error(`No application '${key}' with a service principal in tenant ${tenantId} (name it by display name, client id or identifier URI).`);
    return found;
  }

  const holderKey = async (app: string, kind: 'servicePrincipal' | 'application', who: GraphActor) => {
    const found = await findApp(app, who.tenantId);
    return { kind, key: { id: kind === 'application' ? found.app.id : found.sp.id } };
  };

  const ref = (id: Guid) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/policies/tokenLifetimePolicies/${id}` });

  return {
    async createTokenLifetimePolicy(input) {
      const who = actor(input.tenant);
      const seconds = typeof input.accessTokenLifetime === 'number' ? input.accessTokenLifetime : parseLifetime(input.accessTokenLifetime);
      if (seconds === undefined || !Number.isInteger(seconds)) {
        throw new Error(`accessTokenLifetime '${input.accessTokenLifetime}' is not a lifetime (2h, 90m, 1d, 3600s, 02:00:00 or whole seconds).`);
      }
      const holders = [];
      for (const app of input.appliesTo ?? []) holders.push(await holderKey(app, 'servicePrincipal', who));
      const created = await createTokenLifetimePolicy(service, who, {
        displayName: input.displayName,
        definition: definitionFor(seconds),
        isOrganizationDefault: input.isOrganizationDefault ?? false,
        ...(input.description !== undefined ? { description: input.description } : {}),
      });
      for (const holder of holders) await assignTokenLifetimePolicy(service, who, holder, ref(created.id));
      return toGraphTokenLifetimePolicy(created) as GraphTokenLifetimePolicy;
    },

    async assignTokenLifetimePolicy({ policy, app, to = 'servicePrincipal', tenant }) {
      const who = actor(tenant);
      const found = await findPolicy(policy, who);
      await assignTokenLifetimePolicy(service, who, await holderKey(app, to, who), ref(found.id));
    },

    async unassignTokenLifetimePolicy({ policy, app, from = 'servicePrincipal', tenant }) {
      const who = actor(tenant);
      const found = await findPolicy(policy, who);
      await unassignTokenLifetimePolicy(service, who, await holderKey(app, from, who), found.id);
    },

    async deleteTokenLifetimePolicy(policy, tenant) {
      const who = actor(tenant);
      await deleteTokenLifetimePolicy(service, who, (await findPolicy(policy, who)).id);
    },
  };
}
