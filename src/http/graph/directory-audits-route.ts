// GET /v1.0/auditLogs/directoryAudits: every change to the directory (directory/audit.ts), newest
// first, in Graph's directoryAudit shape. Needs AuditLog.Read.All and Directory.Read.All, as Graph.
// $filter over activityDisplayName, category, correlationId, operationType, result,
// activityDateTime (eq, ge, le, gt, lt with an unquoted date-time), initiatedBy/user/id …; $top;
// $orderby=activityDateTime desc (the order it has); paging. The newest 5,000 entries are searched [I:
// enough for the test runs and laptops Entrada serves; Entra itself keeps 7–30 days].

import type { FastifyInstance } from 'fastify';
import { authorize } from '../../directory/authorize.js';
import { graphInstant } from '../../directory/representation.js';
import type { GraphContext, KeyQuery } from './graph-context.js';
import { handleGraph, sendGraph } from './graph-reply.js';
import { listBody } from './odata.js';

const SEARCHED = 5000;

export function directoryAuditRoutes(ctx: GraphContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<KeyQuery>('/v1.0/auditLogs/directoryAudits', (req, reply) =>
      handleGraph(req, reply, async () => {
        const actor = await ctx.actor(req);
        await authorize(actor, 'directoryAudits.read', ctx.service.read);
        const entries = await ctx.service.deps.admin.listAudits({ tenantId: actor.tenantId, limit: SEARCHED });
        const rows = entries.map(({ tenantId: _t, ...entry }) => ({ ...entry, activityDateTime: graphInstant(entry.activityDateTime) }));
        return sendGraph(
          req,
          reply,
          200,
          listBody(req, rows, {
            context: 'auditLogs/directoryAudits',
            resource: 'directoryAudit',
            filterable: ['activityDisplayName', 'category', 'correlationId', 'operationType', 'result', 'activityDateTime', 'loggedByService', 'id', 'targetResources', 'initiatedBy'],
            orderedBy: ['activityDateTime desc'],
          }),
        );
      }),
    );
  };
}
