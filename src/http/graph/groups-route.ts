// /v1.0/groups: Graph's groups, their members and owners (directory/groups.ts does the work).

import type { FastifyInstance } from 'fastify';
import {
  addGroupReference,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  listReferences,
  removeGroupReference,
  updateGroup,
} from '../../directory/groups.js';
import { toGraphGroup } from '../../directory/representation.js';
import type { GraphContext, KeyParams, KeyQuery } from './graph-context.js';
import { handleGraph, jsonBody, sendGraph, sendGraphCount } from './graph-reply.js';
import { countBody, listBody, project, selection } from './odata.js';

const LIST = { context: 'groups', resource: 'group', filterable: ['displayName', 'mailNickname', 'id', 'securityEnabled', 'mailEnabled', 'groupTypes', 'description'] };
const REFERENCES = { context: 'directoryObjects', resource: 'directoryObject', filterable: ['id', 'displayName', 'userPrincipalName', 'appId'] };
const KINDS = [
  ['members', 'member'],
  ['owners', 'owner'],
] as const;

interface RelatedParams {
  Params: { key: string; related: string };
}

export function groupRoutes(ctx: GraphContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<KeyQuery>('/v1.0/groups', (req, reply) =>
      handleGraph(req, reply, async () => {
        const groups = (await listGroups(ctx.service, await ctx.actor(req))).map(toGraphGroup);
        return sendGraph(req, reply, 200, listBody(req, groups, LIST));
      }),
    );

    app.get<KeyQuery>('/v1.0/groups/$count', (req, reply) =>
      handleGraph(req, reply, async () => {
        const groups = (await listGroups(ctx.service, await ctx.actor(req))).map(toGraphGroup);
        return sendGraphCount(req, reply, countBody(req, groups, LIST));
      }),
    );

    app.post('/v1.0/groups', (req, reply) =>
      handleGraph(req, reply, async () => {
        const created = await createGroup(ctx.service, await ctx.actor(req), jsonBody(req));
        reply.header('location', `${req.requestContext.origin}/v1.0/groups/${created.id}`);
        return sendGraph(req, reply, 201, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#groups/$entity', ...toGraphGroup(created) });
      }),
    );

    app.get<KeyParams & KeyQuery>('/v1.0/groups/:key', (req, reply) =>
      handleGraph(req, reply, async () => {
        const body = toGraphGroup(await getGroup(ctx.service, await ctx.actor(req), req.params.key));
        const selected = selection(typeof req.query.$select === 'string' ? req.query.$select : undefined, body, 'group');
        const context = `https://graph.microsoft.com/v1.0/$metadata#groups${selected ? `(${selected.join(',')})` : ''}/$entity`;
        return sendGraph(req, reply, 200, { '@odata.context': context, ...project(body, selected) });
      }),
    );

    app.patch<KeyParams>('/v1.0/groups/:key', (req, reply) =>
      handleGraph(req, reply, async () => {
        await updateGroup(ctx.service, await ctx.actor(req), req.params.key, jsonBody(req));
        return sendGraph(req, reply, 204);
      }),
    );

    app.delete<KeyParams>('/v1.0/groups/:key', (req, reply) =>
      handleGraph(req, reply, async () => {
        await deleteGroup(ctx.service, await ctx.actor(req), req.params.key);
        return sendGraph(req, reply, 204);
      }),
    );

    for (const [segment, kind] of KINDS) {
      app.get<KeyParams & KeyQuery>(`/v1.0/groups/:key/${segment}`, (req, reply) =>
        handleGraph(req, reply, async () => {
          const objects = await listReferences(ctx.service, await ctx.actor(req), req.params.key, kind);
          return sendGraph(req, reply, 200, listBody(req, objects, REFERENCES));
        }),
      );

      app.post<KeyParams>(`/v1.0/groups/:key/${segment}/$ref`, (req, reply) =>
        handleGraph(req, reply, async () => {
          await addGroupReference(ctx.service, await ctx.actor(req), req.params.key, kind, jsonBody(req));
          return sendGraph(req, reply, 204);
        }),
      );

      app.delete<RelatedParams>(`/v1.0/groups/:key/${segment}/:related/$ref`, (req, reply) =>
        handleGraph(req, reply, async () => {
          await removeGroupReference(ctx.service, await ctx.actor(req), req.params.key, kind, req.params.related);
          return sendGraph(req, reply, 204);
        }),
      );
    }
  };
}
