// The bench's command line and environment (the header of bench/token-bench.ts lists them).

import { GRANTS } from '../grants/index.js';
import type { Grant } from '../grants/types.js';
import { CONFIGS, type Config } from './measure.js';

export const PHASES = ['unloaded', 'floor', 'pg', 'nodes', 'memory', 'flood'] as const;
export type Phase = (typeof PHASES)[number];
/** Everything but the password flood, which is only run when asked for. */
const DEFAULT_PHASES: readonly Phase[] = ['unloaded', 'floor', 'pg', 'nodes', 'memory'];

export interface Options {
  grants: Grant[];
  phases: Set<Phase>;
  configs: Config[];
  seconds: number;
  reps: number;
  connections: number;
  memorySeconds: number;
  memoryRepeatSeconds: number;
  memoryRepeats: number;
  floodConnections: number;
  /** --server-log: the servers' request log (--log); undefined = their default. */
  requestLog: string | undefined;
}

export const USAGE = `npm run bench [-- --only ITEMS] [--configs 1core,2cores] [--seconds N] [--reps N] [--connections N] [--server-log pretty|json|off]
  --only: comma-separated grants (${GRANTS.map((g) => g.key).join(', ')}) and phases (${PHASES.join(', ')});
          default: every grant and ${DEFAULT_PHASES.join(', ')} (flood only when named)
  phases: unloaded = client credentials on 1 connection; floor = the HTTP floor (bench/floor-server.ts: a bare
          Fastify HTTPS endpoint, without and with one signature per request, for the CPU-per-token table);
          pg = the grants on PostgreSQL; nodes = two nodes on one PostgreSQL; memory = RSS under load;
          flood = client credentials under a wrong-password flood
  env: BENCH_SECONDS (10), BENCH_REPS (3), BENCH_CONNECTIONS (32), BENCH_MEMORY_SECONDS (60),
       BENCH_MEMORY_REPEAT_SECONDS (10), BENCH_FLOOD (16 connections), ENTRADA_TEST_PG_URL,
       BENCH_BIN (another build's bin/entrada.cjs, for a before/after)`;

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): Options {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') throw new UsageError('');
    if (!arg.startsWith('--') || i + 1 >= argv.length) throw new UsageError(`unexpected argument ${arg}`);
    flags.set(arg.slice(2), argv[++i]);
  }
  for (const name of flags.keys()) {
    if (!['only', 'configs', 'seconds', 'reps', 'connections', 'server-log'].includes(name)) throw new UsageError(`unknown flag --${name}`);
  }
  const only = list(flags.get('only'));
  for (const item of only) {
    if (!GRANTS.some((g) => g.key === item) && !(PHASES as readonly string[]).includes(item)) throw new UsageError(`--only: unknown item '${item}'`);
  }
  const configKeys = list(flags.get('configs'));
  for (const key of configKeys) if (!CONFIGS.some((c) => c.key === key)) throw new UsageError(`--configs: unknown config '${key}' (1core, 2cores)`);
  return {
    grants: only.length === 0 ? [...GRANTS] : GRANTS.filter((g) => only.includes(g.key)),
    phases: new Set(only.length === 0 ? DEFAULT_PHASES : PHASES.filter((p) => only.includes(p))),
    configs: configKeys.length === 0 ? [...CONFIGS] : CONFIGS.filter((c) => configKeys.includes(c.key)),
    seconds: positive('--seconds', flags.get('seconds') ?? env.BENCH_SECONDS, 10),
    reps: positive('--reps', flags.get('reps') ?? env.BENCH_REPS, 3),
    connections: positive('--connections', flags.get('connections') ?? env.BENCH_CONNECTIONS, 32),
    memorySeconds: positive('BENCH_MEMORY_SECONDS', env.BENCH_MEMORY_SECONDS, 60),
    memoryRepeatSeconds: positive('BENCH_MEMORY_REPEAT_SECONDS', env.BENCH_MEMORY_REPEAT_SECONDS, 10),
    memoryRepeats: 5,
    floodConnections: positive('BENCH_FLOOD', env.BENCH_FLOOD, 16),
    requestLog: flags.get('server-log'),
  };
}

export class UsageError extends Error {}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a whole number ≥ 1, not ${value}`);
  return n;
}
