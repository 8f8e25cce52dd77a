// /v1.0/users and /v1.0/me: Graph's users (directory/users.ts does the work). A user is addressed
// by object id or userPrincipalName (also `users('…')`, rewritten by graph-paths.ts).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../../core/model.js';
import { toGraphUser } from '../../directory/representation.js';
import { createUser, deleteUser, getMe, getUser, listMemberOf, listMyMemberOf, listUsers, updateUser } from '../../directory/users.js';
import type { GraphContext, KeyParams, KeyQuery } from './graph-context.js';
import { handleGraph, jsonBody, sendGraph, sendGraphCount } from './graph-reply.js';
import { countBody, listBody, project, selection } from './odata.js';

const LIST = { context: 'users', resource: 'user', filterable: ['userPrincipalName', 'displayName', 'id', 'mail', 'mailNickname', 'accountEnabled', 'givenName', 'surname', 'country', 'preferredLanguage', 'usageLocation'] };
const MEMBER_OF = { context: 'directoryObjects', resource: 'directoryObject', filterable: ['id', 'displayName'] };

/** One user with Graph's @odata.context, $select applied. */
function sendUser(req: FastifyRequest<KeyQuery>, reply: FastifyReply, user: User): FastifyReply {
  const body = toGraphUser(user);
  const selected = selection(typeof req.query.$select === 'string' ? req.query.$select : undefined, body, 'user');
  const context = `https://graph.microsoft.com/v1.0/$metadata#users${selected ? `(${selected.join(',')})` : ''}/$entity`;
  return sendGraph(req, reply, 200, { '@odata.context': context, ...project(body, selected) });
}

export function userRoutes(ctx: GraphContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<KeyQuery>('/v1.0/users', (req, reply) =>
      handleGraph(req, reply, async () => {
        const users = (await listUsers(ctx.service, await ctx.actor(req))).map(toGraphUser);
        return sendGraph(req, reply, 200, listBody(req, users, LIST));
      }),
    );

    app.get<KeyQuery>('/v1.0/users/$count', (req, reply) =>
      handleGraph(req, reply, async () => {
        const users = (await listUsers(ctx.service, await ctx.actor(req))).map(toGraphUser);
        return sendGraphCount(req, reply, countBody(req, users, LIST));
      }),
    );

    app.post('/v1.0/users', (req, reply) =>
      handleGraph(req, reply, async () => {
        const created = await createUser(ctx.service, await ctx.actor(req), jsonBody(req));
        reply.header('location', `${req.requestContext.origin}/v1.0/users/${created.id}`);
        return sendGraph(req, reply, 201, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity', ...toGraphUser(created) });
      }),
    );

    app.get<KeyParams & KeyQuery>('/v1.0/users/:key', (req, reply) =>
      handleGraph(req, reply, async () => sendUser(req, reply, await getUser(ctx.service, await ctx.actor(req), req.params.key))),
    );

    app.patch<KeyParams>('/v1.0/users/:key', (req, reply) =>
      handleGraph(req, reply, async () => {
        await updateUser(ctx.service, await ctx.actor(req), req.params.key, jsonBody(req));
        return sendGraph(req, reply, 204);
      }),
    );

    app.delete<KeyParams>('/v1.0/users/:key', (req, reply) =>
      handleGraph(req, reply, async () => {
        await deleteUser(ctx.service, await ctx.actor(req), req.params.key);
        return sendGraph(req, reply, 204);
      }),
    );

    app.get<KeyParams & KeyQuery>('/v1.0/users/:key/memberOf', (req, reply) =>
      handleGraph(req, reply, async () => {
        const objects = await listMemberOf(ctx.service, await ctx.actor(req), req.params.key);
        return sendGraph(req, reply, 200, listBody(req, objects, MEMBER_OF));
      }),
    );

    app.get<KeyQuery>('/v1.0/me', (req, reply) => handleGraph(req, reply, async () => sendUser(req, reply, await getMe(ctx.service, await ctx.actor(req)))));

    app.get<KeyQuery>('/v1.0/me/memberOf', (req, reply) =>
      handleGraph(req, reply, async () => {
        const objects = await listMyMemberOf(ctx.service, await ctx.actor(req));
        return sendGraph(req, reply, 200, listBody(req, objects, MEMBER_OF));
      }),
    );
  };
}
