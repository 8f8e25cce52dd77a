// /v1.0/identity/conditionalAccess/policies and …/namedLocations (issue 17): Graph's Conditional
// Access policies and IP named locations (directory/conditional-access-policies.ts,
// directory/named-locations.ts), and /v1.0/policies/identitySecurityDefaultsEnforcementPolicy
// (directory/security-defaults.ts). Creates answer 201 with the object and its Location, updates
// and deletes 204, as Graph does [D].

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  createConditionalAccessPolicy,
  deleteConditionalAccessPolicy,
  getConditionalAccessPolicy,
  listConditionalAccessPolicies,
  updateConditionalAccessPolicy,
} from '../../directory/conditional-access-policies.js';
import { toGraphConditionalAccessPolicy, toGraphNamedLocation, toGraphSecurityDefaults } from '../../directory/conditional-access-views.js';
import { createNamedLocation, deleteNamedLocation, getNamedLocation, listNamedLocations, updateNamedLocation } from '../../directory/named-locations.js';
import type { GraphObject } from '../../directory/representation.js';
import { getSecurityDefaults, updateSecurityDefaults } from '../../directory/security-defaults.js';
import type { GraphContext, KeyParams, KeyQuery } from './graph-context.js';
import { handleGraph, jsonBody, sendGraph } from './graph-reply.js';
import { listBody, project, selection } from './odata.js';

const ROOT = '/v1.0/identity/conditionalAccess';
const POLICIES = { context: 'identity/conditionalAccess/policies', resource: 'conditionalAccessPolicy', filterable: ['id', 'displayName', 'state'] };
const LOCATIONS = { context: 'identity/conditionalAccess/namedLocations', resource: 'namedLocation', filterable: ['id', 'displayName', 'isTrusted'] };

/** One object with its @odata.context (…/$entity), $select applied. */
function sendEntity(req: FastifyRequest<KeyQuery>, reply: FastifyReply, context: string, resource: string, body: GraphObject, status = 200): FastifyReply {
  const selected = selection(typeof req.query.$select === 'string' ? req.query.$select : undefined, body, resource);
  const odata = `https://graph.microsoft.com/v1.0/$metadata#${context}${selected ? `(${selected.join(',')})` : ''}/$entity`;
  return sendGraph(req, reply, status, { '@odata.context': odata, ...project(body, selected) });
}

export function conditionalAccessRoutes(ctx: GraphContext) {
  return async (app: FastifyInstance): Promise<void> => {
    // ---- policies ----
    app.get<KeyQuery>(`${ROOT}/policies`, (req, reply) =>
      handleGraph(req, reply, async () => {
        const policies = (await listConditionalAccessPolicies(ctx.service, await ctx.actor(req))).map(toGraphConditionalAccessPolicy);
        return sendGraph(req, reply, 200, listBody(req, policies, POLICIES));
      }),
    );

    app.post<KeyQuery>(`${ROOT}/policies`, (req, reply) =>
      handleGraph(req, reply, async () => {
        const created = await createConditionalAccessPolicy(ctx.service, await ctx.actor(req), jsonBody(req));
        reply.header('location', `${req.requestContext.origin}${ROOT}/policies/${created.id}`);
        return sendEntity(req, reply, POLICIES.context, POLICIES.resource, toGraphConditionalAccessPolicy(created), 201);
      }),
    );

    app.get<KeyParams & KeyQuery>(`${ROOT}/policies/:key`, (req, reply) =>
      handleGraph(req, reply, async () => {
        const policy = await getConditionalAccessPolicy(ctx.service, await ctx.actor(req), req.params.key);
        return sendEntity(req, reply, POLICIES.context, POLICIES.resource, toGraphConditionalAccessPolicy(policy));
      }),
    );

    app.patch<KeyParams>(`${ROOT}/policies/:key`, (req, reply) =>
      handleGraph(req, reply, async () => {
        await updateConditionalAccessPolicy(ctx.service, await ctx.actor(req), req.params.key, jsonBody(req));
        return sendGraph(req, reply, 204);
      }),
    );

    app.delete<KeyParams>(`${ROOT}/policies/:key`, (req, reply) =>
      handleGraph(req, reply, async () => {
        await deleteConditionalAccessPolicy(ctx.service, await ctx.actor(req), req.params.key);
        return sendGraph(req, reply, 204);
      }),
    );

    // ---- named locations ----
    app.get<KeyQuery>(`${ROOT}/namedLocations`, (req, reply) =>
      handleGraph(req, reply, async () => {
        const locations = (await listNamedLocations(ctx.service, await ctx.actor(req))).map(toGraphNamedLocation);
        return sendGraph(req, reply, 200, listBody(req, locations, LOCATIONS));
      }),
    );

    app.post<KeyQuery>(`${ROOT}/namedLocations`, (req, reply) =>
      handleGraph(req, reply, async () => {
        const created = await createNamedLocation(ctx.service, await ctx.actor(req), jsonBody(req));
        reply.header('location', `${req.requestContext.origin}${ROOT}/namedLocations/${created.id}`);
        return sendEntity(req, reply, LOCATIONS.context, LOCATIONS.resource, toGraphNamedLocation(created), 201);
      }),
    );

    app.get<KeyParams & KeyQuery>(`${ROOT}/namedLocations/:key`, (req, reply) =>
      handleGraph(req, reply, async () => {
        const location = await getNamedLocation(ctx.service, await ctx.actor(req), req.params.key);
        return sendEntity(req, reply, LOCATIONS.context, LOCATIONS.resource, toGraphNamedLocation(location));
      }),
    );

    app.patch<KeyParams>(`${ROOT}/namedLocations/:key`, (req, reply) =>
      handleGraph(req, reply, async () => {
        await updateNamedLocation(ctx.service, await ctx.actor(req), req.params.key, jsonBody(req));
        return sendGraph(req, reply, 204);
      }),
    );

    app.delete<KeyParams>(`${ROOT}/namedLocations/:key`, (req, reply) =>
      handleGraph(req, reply, async () => {
        await deleteNamedLocation(ctx.service, await ctx.actor(req), req.params.key);
        return sendGraph(req, reply, 204);
      }),
    );

    // ---- security defaults ----
    app.get<KeyQuery>('/v1.0/policies/identitySecurityDefaultsEnforcementPolicy', (req, reply) =>
      handleGraph(req, reply, async () => {
        const tenant = await getSecurityDefaults(ctx.service, await ctx.actor(req));
        return sendEntity(req, reply, 'policies/identitySecurityDefaultsEnforcementPolicy', 'identitySecurityDefaultsEnforcementPolicy', toGraphSecurityDefaults(tenant));
      }),
    );

    app.patch('/v1.0/policies/identitySecurityDefaultsEnforcementPolicy', (req, reply) =>
      handleGraph(req, reply, async () => {
        await updateSecurityDefaults(ctx.service, await ctx.actor(req), jsonBody(req));
        return sendGraph(req, reply, 204);
      }),
    );
  };
}
