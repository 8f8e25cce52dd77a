// The report's rows: one per measurement, or the medians of client credentials' interleaved reps,
// with the server's CPU per token beside the rate (bench/lib/cpu-time.ts).

import type { Grant } from '../grants/types.js';
import type { Config, Measurement } from './measure.js';
import type { PgPerToken } from './postgres.js';
import { median } from './table.js';
import { socketErrors } from './wrk.js';

export interface Row {
  grant: Grant;
  config: Config;
  signInLog: boolean;
  storage: string;
  connections: number;
  perSecond: number;
  signatures: number;
  p50Us: number;
  p99Us: number;
  non2xx: number;
  socketErrors: number;
  reps: number[];
  answerShape: string;
  /** The server's CPU µs per 2xx answer over the window (all its threads). */
  cpuUsPerToken: number;
  /** The server's CPU time ÷ the window: 1 = one core busy throughout. */
  cpuBusy: number;
  pg?: PgPerToken;
}

export function ccRows(cc: Map<string, Measurement[]>): Row[] {
  const out: Row[] = [];
  for (const reps of cc.values()) {
    if (reps.length === 0) continue;
    const first = reps[0];
    out.push({
      ...rowOf(first),
      perSecond: median(reps.map((m) => m.result.okPerSecond)),
      p50Us: median(reps.map((m) => m.result.p50Us)),
      p99Us: median(reps.map((m) => m.result.p99Us)),
      non2xx: reps.reduce((n, m) => n + m.result.non2xx, 0),
      socketErrors: reps.reduce((n, m) => n + socketErrors(m.result), 0),
      reps: reps.map((m) => m.result.okPerSecond),
      cpuUsPerToken: median(reps.map(cpuUsPerToken)),
      cpuBusy: median(reps.map(cpuBusy)),
    });
  }
  return out;
}

export function rowOf(m: Measurement): Row {
  return {
    grant: m.grant, config: m.config, signInLog: m.signInLog, storage: m.storage, connections: m.connections, perSecond: m.result.okPerSecond,
    signatures: m.signatures, p50Us: m.result.p50Us, p99Us: m.result.p99Us, non2xx: m.result.non2xx, socketErrors: socketErrors(m.result),
    reps: [m.result.okPerSecond], answerShape: m.answerShape, cpuUsPerToken: cpuUsPerToken(m), cpuBusy: cpuBusy(m), pg: m.pg,
  };
}

/** The closed-loop floor: with every connection always waiting, latency cannot average below connections ÷ throughput. */
export function floorUs(row: Pick<Row, 'connections' | 'perSecond'>): number {
  return (row.connections / row.perSecond) * 1e6;
}

function cpuUsPerToken(m: Measurement): number {
  return (m.serverCpuSeconds / (m.result.answers - m.result.non2xx)) * 1e6;
}

/** Over the span the rate is taken on (single-use inputs that ran out leave the server idle after it). */
function cpuBusy(m: Measurement): number {
  return m.serverCpuSeconds / m.result.seconds;
}
