// POST /v1.0/users/{id | upn}/getMemberObjects, /getMemberGroups and the /me forms: a user's
// transitive groups (and roles) as ids (directory/member-objects.ts), in Graph's collection of
// strings [D: Graph directoryobject-getmemberobjects, response example].

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { memberIds, type MemberFunction } from '../../directory/member-objects.js';
import type { GraphContext, KeyParams } from './graph-context.js';
import { handleGraph, jsonBody, sendGraph } from './graph-reply.js';

const CONTEXT = 'https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)';
const FUNCTIONS: readonly MemberFunction[] = ['getMemberObjects', 'getMemberGroups'];

export function memberObjectsRoutes(ctx: GraphContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const answer = (req: FastifyRequest, reply: FastifyReply, key: string | null, fn: MemberFunction) =>
      handleGraph(req, reply, async () => {
        const actor = await ctx.actor(req);
        const value = await memberIds(ctx.service, actor, key, fn, jsonBody(req));
        return sendGraph(req, reply, 200, { '@odata.context': CONTEXT, value });
      });
    for (const fn of FUNCTIONS) {
      app.post<KeyParams>(`/v1.0/users/:key/${fn}`, (req, reply) => answer(req, reply, req.params.key, fn));
      app.post(`/v1.0/me/${fn}`, (req, reply) => answer(req, reply, null, fn));
    }
  };
}
