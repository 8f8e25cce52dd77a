// /v1.0/directoryObjects: any directory object by id, and getByIds (directory/directory-object-views.ts).

import type { FastifyInstance } from 'fastify';
import { getByIds, getDirectoryObject } from '../../directory/directory-object-views.js';
import type { GraphContext, KeyParams } from './graph-context.js';
import { handleGraph, jsonBody, sendGraph } from './graph-reply.js';

export function directoryObjectRoutes(ctx: GraphContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post('/v1.0/directoryObjects/getByIds', (req, reply) =>
      handleGraph(req, reply, async () => {
        const value = await getByIds(ctx.service, await ctx.actor(req), jsonBody(req));
        return sendGraph(req, reply, 200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects', value });
      }),
    );

    app.get<KeyParams>('/v1.0/directoryObjects/:key', (req, reply) =>
      handleGraph(req, reply, async () => {
        const object = await getDirectoryObject(ctx.service, await ctx.actor(req), req.params.key);
        return sendGraph(req, reply, 200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects/$entity', ...object });
      }),
    );
  };
}
