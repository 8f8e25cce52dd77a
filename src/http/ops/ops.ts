// Operations on the HTTPS listener: /healthz, /readyz, /metrics, and the request log. install()
// adds the routes and one onResponse hook that sums each request up once (core/request-summary.ts)
// for both the metrics and the log line.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MetricsAccess } from '../../core/policy/metrics-access.js';
import {
  codeLabel,
  endpointLabel,
  grantTypeLabel,
  loggablePath,
  methodLabel,
  outcomeOf,
  type RequestLogFormat,
  type RequestSummary,
} from '../../core/request-summary.js';
import { grantRegistry } from '../../flows/token/registry.js';
import { healthRoutes, type Readiness } from './health-route.js';
import { entradaMetrics, type MetricsSources } from './metrics.js';
import { metricsRoutes } from './metrics-route.js';
import { requestLog, stdoutSink, type LogSink } from './request-log.js';

export interface OpsOptions extends MetricsSources {
  /** --log: pretty, json or off. */
  log: RequestLogFormat;
  /** Where log lines go; default stdout. */
  logSink?: LogSink;
  /** --metrics: who may read /metrics; `off` = no route, nothing counted. */
  metrics: MetricsAccess;
  readiness: Readiness;
}

export interface Ops {
  /** Adds /healthz, /readyz, /metrics (unless off) and the hook that counts and logs each request. */
  install(app: FastifyInstance): void;
  /** Counts and logs one answered request (the hook's work; also for answers sent before any hook). */
  observe(req: FastifyRequest, reply: FastifyReply): void;
  /** Writes any log lines still buffered. */
  close(): Promise<void>;
}

const SERVED_GRANT_TYPES: ReadonlySet<string> = new Set(grantRegistry.keys());

export function createOps(options: OpsOptions): Ops {
  const metrics = options.metrics === 'off' ? undefined : entradaMetrics(options);
  // No sink at all when the log is off: stdoutSink adds a process-wide listener (startEntrada in a test runner).
  const log = options.log === 'off' ? undefined : requestLog(options.log, options.logSink ?? stdoutSink());
  // Route templates as labels, computed once per route (their number is fixed by the app).
  const endpoints = new Map<string | undefined, string>();
  const endpointOf = (template: string | undefined) => {
    let label = endpoints.get(template);
    if (label === undefined) {
      label = endpointLabel(template);
      endpoints.set(template, label);
    }
    return label;
  };

  const observe = (req: FastifyRequest, reply: FastifyReply) => {
    if (!metrics && !log) return;
    const context = req.requestContext as FastifyRequest['requestContext'] | undefined;
    const status = reply.statusCode;
    const code = codeLabel(context?.refusalCode);
    const elapsed = reply.elapsedTime;
    const summary: RequestSummary = {
      traceId: context?.traceId ?? '-',
      method: methodLabel(req.method),
      endpoint: endpointOf(req.routeOptions.url),
      path: log ? loggablePath(req.originalUrl) : '',
      status,
      outcome: outcomeOf(status, code),
      code,
      grantType: grantTypeLabel(context?.grantType, SERVED_GRANT_TYPES),
      // Answers sent before routing (a malformed URL) have no start time.
      durationMs: Number.isFinite(elapsed) ? elapsed : 0,
    };
    metrics?.record(summary);
    log?.write(summary);
  };

  return {
    install(app) {
      app.addHook('onResponse', (req, reply, done) => {
        observe(req, reply);
        done();
      });
      healthRoutes(options.readiness)(app);
      if (metrics && options.metrics !== 'off') metricsRoutes(metrics, options.metrics)(app);
    },
    observe,
    close: async () => {
      await log?.close();
    },
  };
}
