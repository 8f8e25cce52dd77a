// /v1.0/servicePrincipals: service principals (directory/service-principals.ts does the work).

import type { FastifyInstance } from 'fastify';
import { toGraphServicePrincipal } from '../../directory/representation.js';
import {
  createServicePrincipal,
  deleteServicePrincipal,
  getServicePrincipal,
  listServicePrincipals,
  updateServicePrincipal,
  type ServicePrincipalView,
} from '../../directory/service-principals.js';
import type { GraphContext, KeyParams, KeyQuery } from './graph-context.js';
import { objectKey } from './graph-context.js';
import { handleGraph, jsonBody, sendGraph, sendGraphCount } from './graph-reply.js';
import { countBody, listBody, project, selection } from './odata.js';

const LIST = {
  context: 'servicePrincipals',
  resource: 'servicePrincipal',
  filterable: ['appId', 'displayName', 'servicePrincipalNames', 'id', 'servicePrincipalType', 'accountEnabled', 'appRoleAssignmentRequired', 'tags', 'appOwnerOrganizationId'],
};

const shown = (v: ServicePrincipalView) => toGraphServicePrincipal(v.sp, v.app);

export function servicePrincipalRoutes(ctx: GraphContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<KeyQuery>('/v1.0/servicePrincipals', (req, reply) =>
      handleGraph(req, reply, async () => {
        const all = await listServicePrincipals(ctx.service, await ctx.actor(req));
        return sendGraph(req, reply, 200, listBody(req, all.map(shown), LIST));
      }),
    );

    app.get<KeyQuery>('/v1.0/servicePrincipals/$count', (req, reply) =>
      handleGraph(req, reply, async () => {
        const all = await listServicePrincipals(ctx.service, await ctx.actor(req));
        return sendGraphCount(req, reply, countBody(req, all.map(shown), LIST));
      }),
    );

    app.post('/v1.0/servicePrincipals', (req, reply) =>
      handleGraph(req, reply, async () => {
        const created = await createServicePrincipal(ctx.service, await ctx.actor(req), jsonBody(req));
        reply.header('location', `${req.requestContext.origin}/v1.0/servicePrincipals/${created.sp.id}`);
        return sendGraph(req, reply, 201, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#servicePrincipals/$entity', ...shown(created) });
      }),
    );

    app.get<KeyParams & KeyQuery>('/v1.0/servicePrincipals/:key', (req, reply) =>
      handleGraph(req, reply, async () => {
        const body = shown(await getServicePrincipal(ctx.service, await ctx.actor(req), objectKey(req.params.key)));
        const selected = selection(typeof req.query.$select === 'string' ? req.query.$select : undefined, body, 'servicePrincipal');
        const context = `https://graph.microsoft.com/v1.0/$metadata#servicePrincipals${selected ? `(${selected.join(',')})` : ''}/$entity`;
        return sendGraph(req, reply, 200, { '@odata.context': context, ...project(body, selected) });
      }),
    );

    app.patch<KeyParams>('/v1.0/servicePrincipals/:key', (req, reply) =>
      handleGraph(req, reply, async () => {
        await updateServicePrincipal(ctx.service, await ctx.actor(req), objectKey(req.params.key), jsonBody(req));
        return sendGraph(req, reply, 204);
      }),
    );

    app.delete<KeyParams>('/v1.0/servicePrincipals/:key', (req, reply) =>
      handleGraph(req, reply, async () => {
        await deleteServicePrincipal(ctx.service, await ctx.actor(req), objectKey(req.params.key));
        return sendGraph(req, reply, 204);
      }),
    );
  };
}
