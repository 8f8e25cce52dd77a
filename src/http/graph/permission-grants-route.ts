// /v1.0/oauth2PermissionGrants: delegated permission grants (directory/permission-grants.ts does
// the work). The Azure CLI writes /v1.0/oAuth2PermissionGrants; graph-paths.ts matches either.

import type { FastifyInstance } from 'fastify';
import { createGrant, deleteGrant, getGrant, listGrants, updateGrant } from '../../directory/permission-grants.js';
import { toGraphPermissionGrant } from '../../directory/representation.js';
import type { GraphContext, KeyQuery } from './graph-context.js';
import { handleGraph, jsonBody, sendGraph } from './graph-reply.js';
import { listBody, project, selection } from './odata.js';

interface IdParams {
  Params: { id: string };
}

const LIST = { context: 'oauth2PermissionGrants', resource: 'oAuth2PermissionGrant', filterable: ['id', 'clientId', 'resourceId', 'consentType', 'principalId'] };
const ENTITY = 'https://graph.microsoft.com/v1.0/$metadata#oauth2PermissionGrants/$entity';

export function permissionGrantRoutes(ctx: GraphContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<KeyQuery>('/v1.0/oauth2PermissionGrants', (req, reply) =>
      handleGraph(req, reply, async () => {
        const all = await listGrants(ctx.service, await ctx.actor(req));
        return sendGraph(req, reply, 200, listBody(req, all.map(toGraphPermissionGrant), LIST));
      }),
    );

    app.post('/v1.0/oauth2PermissionGrants', (req, reply) =>
      handleGraph(req, reply, async () => {
        const created = await createGrant(ctx.service, await ctx.actor(req), jsonBody(req));
        reply.header('location', `${req.requestContext.origin}/v1.0/oauth2PermissionGrants/${created.id}`);
        return sendGraph(req, reply, 201, { '@odata.context': ENTITY, ...toGraphPermissionGrant(created) });
      }),
    );

    app.get<IdParams & KeyQuery>('/v1.0/oauth2PermissionGrants/:id', (req, reply) =>
      handleGraph(req, reply, async () => {
        const body = toGraphPermissionGrant(await getGrant(ctx.service, await ctx.actor(req), req.params.id));
        const selected = selection(typeof req.query.$select === 'string' ? req.query.$select : undefined, body, 'oAuth2PermissionGrant');
        return sendGraph(req, reply, 200, { '@odata.context': ENTITY, ...project(body, selected) });
      }),
    );

    app.patch<IdParams>('/v1.0/oauth2PermissionGrants/:id', (req, reply) =>
      handleGraph(req, reply, async () => {
        await updateGrant(ctx.service, await ctx.actor(req), req.params.id, jsonBody(req));
        return sendGraph(req, reply, 204);
      }),
    );

    app.delete<IdParams>('/v1.0/oauth2PermissionGrants/:id', (req, reply) =>
      handleGraph(req, reply, async () => {
        await deleteGrant(ctx.service, await ctx.actor(req), req.params.id);
        return sendGraph(req, reply, 204);
      }),
    );
  };
}
