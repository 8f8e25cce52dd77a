// /v1.0/policies/tokenLifetimePolicies and …/{applications|servicePrincipals}/{id}/tokenLifetimePolicies
// (issue 18; directory/token-lifetime-policies.ts does the work). Creates answer 201 with the
// object and its Location, updates, deletes and $ref writes 204, as Graph does [D].

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TokenLifetimePolicy } from '../../core/model.js';
import { toGraphApplication, toGraphServicePrincipal, type GraphObject } from '../../directory/representation.js';
import {
  assignTokenLifetimePolicy,
  createTokenLifetimePolicy,
  deleteTokenLifetimePolicy,
  getTokenLifetimePolicy,
  listAssignedTokenLifetimePolicies,
  listPolicyAppliesTo,
  listTokenLifetimePolicies,
  toGraphTokenLifetimePolicy,
  unassignTokenLifetimePolicy,
  updateTokenLifetimePolicy,
  type PolicyHolder,
  type PolicyHolderKey,
} from '../../directory/token-lifetime-policies.js';
import { objectKey, type GraphContext, type KeyParams, type KeyQuery } from './graph-context.js';
import { handleGraph, jsonBody, sendGraph } from './graph-reply.js';
import { listBody, project, selection } from './odata.js';

const ROOT = '/v1.0/policies/tokenLifetimePolicies';
const POLICIES = { context: 'policies/tokenLifetimePolicies', resource: 'tokenLifetimePolicy', filterable: ['id', 'displayName', 'isOrganizationDefault'] };

function shownHolder(h: PolicyHolder): GraphObject {
  return h.type === 'Application'
    ? { '@odata.type': '#microsoft.graph.application', ...toGraphApplication(h.object, undefined) }
    : { '@odata.type': '#microsoft.graph.servicePrincipal', ...toGraphServicePrincipal(h.object, h.app) };
}

function sendPolicy(req: FastifyRequest<KeyQuery>, reply: FastifyReply, policy: TokenLifetimePolicy, status = 200): FastifyReply {
  const body = toGraphTokenLifetimePolicy(policy);
  const selected = selection(typeof req.query.$select === 'string' ? req.query.$select : undefined, body, POLICIES.resource);
  const odata = `https://graph.microsoft.com/v1.0/$metadata#${POLICIES.context}${selected ? `(${selected.join(',')})` : ''}/$entity`;
  return sendGraph(req, reply, status, { '@odata.context': odata, ...project(body, selected) });
}

const HOLDERS = [
  { collection: 'applications', kind: 'application' },
  { collection: 'servicePrincipals', kind: 'servicePrincipal' },
] as const;

interface HolderParams {
  Params: { key: string; policy?: string };
}

export function tokenLifetimePolicyRoutes(ctx: GraphContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<KeyQuery>(ROOT, (req, reply) =>
      handleGraph(req, reply, async () => {
        const policies = (await listTokenLifetimePolicies(ctx.service, await ctx.actor(req))).map(toGraphTokenLifetimePolicy);
        return sendGraph(req, reply, 200, listBody(req, policies, POLICIES));
      }),
    );

    app.post<KeyQuery>(ROOT, (req, reply) =>
      handleGraph(req, reply, async () => {
        const created = await createTokenLifetimePolicy(ctx.service, await ctx.actor(req), jsonBody(req));
        reply.header('location', `${req.requestContext.origin}${ROOT}/${created.id}`);
        return sendPolicy(req, reply, created, 201);
      }),
    );

    app.get<KeyParams & KeyQuery>(`${ROOT}/:key`, (req, reply) =>
      handleGraph(req, reply, async () => sendPolicy(req, reply, await getTokenLifetimePolicy(ctx.service, await ctx.actor(req), req.params.key))),
    );

    app.patch<KeyParams>(`${ROOT}/:key`, (req, reply) =>
      handleGraph(req, reply, async () => {
        await updateTokenLifetimePolicy(ctx.service, await ctx.actor(req), req.params.key, jsonBody(req));
        return sendGraph(req, reply, 204);
      }),
    );

    app.delete<KeyParams>(`${ROOT}/:key`, (req, reply) =>
      handleGraph(req, reply, async () => {
        await deleteTokenLifetimePolicy(ctx.service, await ctx.actor(req), req.params.key);
        return sendGraph(req, reply, 204);
      }),
    );

    app.get<KeyParams & KeyQuery>(`${ROOT}/:key/appliesTo`, (req, reply) =>
      handleGraph(req, reply, async () => {
        const holders = (await listPolicyAppliesTo(ctx.service, await ctx.actor(req), req.params.key)).map(shownHolder);
        return sendGraph(req, reply, 200, listBody(req, holders, { context: 'directoryObjects', resource: 'directoryObject', filterable: ['id', 'displayName'] }));
      }),
    );

    for (const { collection, kind } of HOLDERS) {
      const holder = (key: string): PolicyHolderKey => ({ kind, key: objectKey(key) });

      app.get<HolderParams & KeyQuery>(`/v1.0/${collection}/:key/tokenLifetimePolicies`, (req, reply) =>
        handleGraph(req, reply, async () => {
          const policies = await listAssignedTokenLifetimePolicies(ctx.service, await ctx.actor(req), holder(req.params.key));
          return sendGraph(req, reply, 200, listBody(req, policies.map(toGraphTokenLifetimePolicy), { ...POLICIES, context: `${collection}('${req.params.key}')/tokenLifetimePolicies` }));
        }),
      );
      app.post<HolderParams>(`/v1.0/${collection}/:key/tokenLifetimePolicies/$ref`, (req, reply) =>
        handleGraph(req, reply, async () => {
          await assignTokenLifetimePolicy(ctx.service, await ctx.actor(req), holder(req.params.key), jsonBody(req));
          return sendGraph(req, reply, 204);
        }),
      );
      app.delete<HolderParams>(`/v1.0/${collection}/:key/tokenLifetimePolicies/:policy/$ref`, (req, reply) =>
        handleGraph(req, reply, async () => {
          await unassignTokenLifetimePolicy(ctx.service, await ctx.actor(req), holder(req.params.key), String(req.params.policy));
          return sendGraph(req, reply, 204);
        }),
      );
    }
  };
}
