// Owners of applications and service principals: GET …/owners, POST …/owners/$ref,
// DELETE …/owners/{id}/$ref (directory/owners.ts does the work).

import type { FastifyInstance } from 'fastify';
import { addOwner, listOwners, removeOwner, type OwnedKey, type OwnerView } from '../../directory/owners.js';
import { toGraphServicePrincipal, toGraphUser, type GraphObject } from '../../directory/representation.js';
import type { GraphContext, KeyQuery } from './graph-context.js';
import { objectKey } from './graph-context.js';
import { handleGraph, jsonBody, sendGraph } from './graph-reply.js';
import { listBody } from './odata.js';

interface Params {
  Params: { key: string; owner?: string };
}

function shown(o: OwnerView): GraphObject {
  return o.type === 'User'
    ? { '@odata.type': '#microsoft.graph.user', ...toGraphUser(o.object) }
    : { '@odata.type': '#microsoft.graph.servicePrincipal', ...toGraphServicePrincipal(o.object, o.app) };
}

const KINDS = [
  { collection: 'applications', kind: 'application' },
  { collection: 'servicePrincipals', kind: 'servicePrincipal' },
] as const;

export function ownerRoutes(ctx: GraphContext) {
  return async (app: FastifyInstance): Promise<void> => {
    for (const { collection, kind } of KINDS) {
      const owned = (key: string): OwnedKey => ({ kind, key: objectKey(key) });

      app.get<Params & KeyQuery>(`/v1.0/${collection}/:key/owners`, (req, reply) =>
        handleGraph(req, reply, async () => {
          const owners = await listOwners(ctx.service, await ctx.actor(req), owned(req.params.key));
          return sendGraph(req, reply, 200, listBody(req, owners.map(shown), { context: 'directoryObjects', resource: 'directoryObject', filterable: ['id', 'displayName'] }));
        }),
      );
      app.post<Params>(`/v1.0/${collection}/:key/owners/$ref`, (req, reply) =>
        handleGraph(req, reply, async () => {
          await addOwner(ctx.service, await ctx.actor(req), owned(req.params.key), jsonBody(req));
          return sendGraph(req, reply, 204);
        }),
      );
      app.delete<Params>(`/v1.0/${collection}/:key/owners/:owner/$ref`, (req, reply) =>
        handleGraph(req, reply, async () => {
          await removeOwner(ctx.service, await ctx.actor(req), owned(req.params.key), String(req.params.owner));
          return sendGraph(req, reply, 204);
        }),
      );
    }
  };
}
