// The figures /metrics serves (Prometheus text format, prom-client): requests and their latency by
// endpoint, the sign-in log's queue, the PostgreSQL pool, and Node's process figures. Each Entrada
// has its own Registry, never prom-client's global one, so two in one process (test suites, the
// in-process API) do not collide; every label takes its value from a fixed set
// (core/request-summary.ts), so no traffic can grow the number of series.

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestSummary } from '../../core/request-summary.js';

/** The sign-in log recorder's counts (sign-in-log/recorder.ts). */
interface SignInQueue {
  held(): number;
  dropped(): number;
}

/** A connection pool's counts now (storage/open.ts poolUse; PostgreSQL only). */
interface PoolCounts {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface MetricsSources {
  signIns?: SignInQueue;
  /** Undefined, or returning undefined, where there is no pool (SQLite). */
  pool?: () => PoolCounts | undefined;
}

export interface EntradaMetrics {
  record(summary: RequestSummary): void;
  /** The exposition text: Node's process figures, then this Entrada's. */
  text(): Promise<string>;
  contentType: string;
}

/**
 * Seconds. From well under a millisecond (a cached client credentials token, discovery) to the
 * seconds a password check can wait for its worker.
 */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function entradaMetrics(sources: MetricsSources): EntradaMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'entrada_http_requests_total',
    help: 'HTTP requests answered, by route template, method, status, grant type (token endpoints), outcome and AADSTS code.',
    labelNames: ['endpoint', 'method', 'status', 'grant_type', 'outcome', 'code'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'entrada_http_request_duration_seconds',
    help: 'Time from the request to the end of its response, by route template.',
    labelNames: ['endpoint'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const { signIns, pool } = sources;
  if (signIns) {
    new Gauge({
      name: 'entrada_sign_in_log_queue_depth',
      help: 'Sign-in log entries held in memory, not yet written to the database.',
      registers: [registry],
      collect() {
        this.set(signIns.held());
      },
    });
    new Counter({
      name: 'entrada_sign_in_log_dropped_total',
      help: 'Sign-in log entries lost since start: refused by the database, or not queued because the queue was full.',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(signIns.dropped());
      },
    });
  }
  if (pool?.()) {
    const gauge = (name: string, help: string, read: (p: PoolCounts) => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          const now = pool();
          if (now) this.set(read(now));
        },
      });
    gauge('entrada_storage_pool_connections', 'PostgreSQL connections open (idle or in use).', (p) => p.total);
    gauge('entrada_storage_pool_idle_connections', 'PostgreSQL connections open and idle.', (p) => p.idle);
    gauge('entrada_storage_pool_waiting_queries', 'Queries waiting for a PostgreSQL connection.', (p) => p.waiting);
    gauge('entrada_storage_pool_max_connections', 'The most PostgreSQL connections the pool opens.', (p) => p.max);
  }
  const processRegistry = processMetrics();
  return {
    record(s) {
      requests.inc({
        endpoint: s.endpoint,
        method: s.method,
        status: s.status,
        // An empty value is Prometheus's "no such label": requests without a grant type or code.
        grant_type: s.grantType ?? '',
        outcome: s.outcome,
        code: s.code ?? '',
      });
      latency.observe({ endpoint: s.endpoint }, s.durationMs / 1000);
    },
    async text() {
      return (await processRegistry.metrics()) + (await registry.metrics());
    },
    contentType: registry.contentType,
  };
}

let shared: Registry | undefined;

/**
 * Node's process figures (CPU, memory, event loop lag, GC, handles) in a registry of their own, made
 * once per process and shared: they describe the process, not one Entrada, and prom-client's
 * collectors cannot be stopped (an event-loop delay monitor and a GC observer each), so a test
 * suite building hundreds of Entradas must not start hundreds of them.
 */
function processMetrics(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
