// /v1.0/organization and /v1.0/domains: the caller's tenant and its domains (directory/organization.ts).

import type { FastifyInstance } from 'fastify';
import { getDomain, getOrganization, listDomains, toGraphOrganization } from '../../directory/organization.js';
import type { GraphContext, KeyParams, KeyQuery } from './graph-context.js';
import { handleGraph, sendGraph } from './graph-reply.js';
import { listBody } from './odata.js';

const ORGANIZATION = { context: 'organization', resource: 'organization', filterable: ['id', 'displayName'] };
const DOMAINS = { context: 'domains', resource: 'domain', filterable: ['id', 'isDefault', 'isInitial', 'isVerified', 'authenticationType'] };

export function organizationRoutes(ctx: GraphContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<KeyQuery>('/v1.0/organization', (req, reply) =>
      handleGraph(req, reply, async () => {
        const tenant = await getOrganization(ctx.service, await ctx.actor(req));
        return sendGraph(req, reply, 200, listBody(req, [toGraphOrganization(tenant)], ORGANIZATION));
      }),
    );

    app.get<KeyParams>('/v1.0/organization/:key', (req, reply) =>
      handleGraph(req, reply, async () => {
        const tenant = await getOrganization(ctx.service, await ctx.actor(req), req.params.key);
        return sendGraph(req, reply, 200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#organization/$entity', ...toGraphOrganization(tenant) });
      }),
    );

    app.get<KeyQuery>('/v1.0/domains', (req, reply) =>
      handleGraph(req, reply, async () => sendGraph(req, reply, 200, listBody(req, await listDomains(ctx.service, await ctx.actor(req)), DOMAINS))),
    );

    app.get<KeyParams>('/v1.0/domains/:key', (req, reply) =>
      handleGraph(req, reply, async () => {
        const domain = await getDomain(ctx.service, await ctx.actor(req), req.params.key);
        return sendGraph(req, reply, 200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#domains/$entity', ...domain });
      }),
    );
  };
}
