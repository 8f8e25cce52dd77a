// App role assignments from both sides (directory/app-role-assignments.ts does the work):
// /v1.0/servicePrincipals/{id}/appRoleAssignedTo (the resource's), /v1.0/servicePrincipals/{id}/
// appRoleAssignments and /v1.0/users/{id | userPrincipalName}/appRoleAssignments (the principal's).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createAssignment, deleteAssignment, getAssignment, listAssignments, type AssignmentSide, type AssignmentView } from '../../directory/app-role-assignments.js';
import { toGraphAppRoleAssignment } from '../../directory/representation.js';
import type { GraphContext, KeyQuery } from './graph-context.js';
import { objectKey } from './graph-context.js';
import { handleGraph, jsonBody, sendGraph } from './graph-reply.js';
import { listBody } from './odata.js';

interface Params {
  Params: { key: string; id?: string };
}

const shown = (v: AssignmentView) => toGraphAppRoleAssignment(v.assignment, { principalDisplayName: v.principalDisplayName, resourceDisplayName: v.resourceDisplayName });

const COLLECTIONS: Array<{ path: string; side: (key: string) => AssignmentSide; context: (key: string) => string }> = [
  {
    path: '/v1.0/servicePrincipals/:key/appRoleAssignedTo',
    side: (key) => ({ side: 'appRoleAssignedTo', key: objectKey(key) }),
    context: (key) => `servicePrincipals('${key}')/appRoleAssignedTo`,
  },
  {
    path: '/v1.0/servicePrincipals/:key/appRoleAssignments',
    side: (key) => ({ side: 'servicePrincipal', key: objectKey(key) }),
    context: (key) => `servicePrincipals('${key}')/appRoleAssignments`,
  },
  {
    path: '/v1.0/users/:key/appRoleAssignments',
    side: (key) => ({ side: 'user', key }),
    context: (key) => `users('${key}')/appRoleAssignments`,
  },
];

const FILTERABLE = ['id', 'appRoleId', 'principalId', 'principalType', 'resourceId', 'principalDisplayName', 'resourceDisplayName'];

export function appRoleAssignmentRoutes(ctx: GraphContext) {
  return async (app: FastifyInstance): Promise<void> => {
    for (const c of COLLECTIONS) {
      const entity = (req: FastifyRequest<Params>) => `https://graph.microsoft.com/v1.0/$metadata#${c.context(req.params.key)}/$entity`;
      const run = (req: FastifyRequest<Params>, reply: FastifyReply, work: (side: AssignmentSide) => Promise<FastifyReply>) =>
        handleGraph(req, reply, () => work(c.side(req.params.key)));

      app.get<Params & KeyQuery>(c.path, (req, reply) =>
        run(req, reply, async (side) => {
          const all = await listAssignments(ctx.service, await ctx.actor(req), side);
          return sendGraph(req, reply, 200, listBody(req, all.map(shown), { context: c.context(req.params.key), resource: 'appRoleAssignment', filterable: FILTERABLE }));
        }),
      );
      app.post<Params>(c.path, (req, reply) =>
        run(req, reply, async (side) => {
          const created = await createAssignment(ctx.service, await ctx.actor(req), side, jsonBody(req));
          return sendGraph(req, reply, 201, { '@odata.context': entity(req), ...shown(created) });
        }),
      );
      app.get<Params>(`${c.path}/:id`, (req, reply) =>
        run(req, reply, async (side) => {
          const found = await getAssignment(ctx.service, await ctx.actor(req), side, String(req.params.id));
          return sendGraph(req, reply, 200, { '@odata.context': entity(req), ...shown(found) });
        }),
      );
      app.delete<Params>(`${c.path}/:id`, (req, reply) =>
        run(req, reply, async (side) => {
          await deleteAssignment(ctx.service, await ctx.actor(req), side, String(req.params.id));
          return sendGraph(req, reply, 204);
        }),
      );
    }
  };
}
