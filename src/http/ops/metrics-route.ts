// GET /metrics: the Prometheus text format (http/ops/metrics.ts). By default only for a scraper on
// this host: any other peer gets the ordinary 404 of a path Entrada does not serve
// (core/policy/metrics-access.ts); `--metrics any` opens it, `--metrics off` removes the route.

import type { FastifyInstance } from 'fastify';
import { metricsVisibleTo, type MetricsAccess } from '../../core/policy/metrics-access.js';
import type { EntradaMetrics } from './metrics.js';

export function metricsRoutes(metrics: EntradaMetrics, access: Exclude<MetricsAccess, 'off'>) {
  return (app: FastifyInstance): void => {
    app.get('/metrics', async (req, reply) => {
      // The socket's peer: a forwarded header is the client's say-so.
      if (!metricsVisibleTo(access, req.socket.remoteAddress)) return reply.callNotFound();
      const text = await metrics.text();
      return reply.header('cache-control', 'no-store').type(metrics.contentType).send(text);
    });
  };
}
