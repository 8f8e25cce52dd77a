// One grant on one server: check and decode one real answer (how many RS256 signatures it carries),
// warm up, then the timed wrk window. Single-use inputs (codes) are minted before each step: a
// warm-up batch and a probe batch, each sized for 1 s at the signing bound, run 1 s each; then the
// probe's rate × seconds × 1.3 are minted for the window, so that it does not run dry.

import type { Grant } from '../grants/types.js';
import { cpuSeconds } from './cpu-time.js';
import { HttpClient } from './http-client.js';
import { PG_STATS_SETTLE_MS, perToken, pgCounters, type PgPerToken } from './postgres.js';
import type { Server } from './server.js';
import { runWrk, socketErrors, type WrkResult } from './wrk.js';

export interface Config {
  key: '1core' | '2cores';
  label: string;
  /** taskset CPU list of the server; undefined = not pinned. */
  serverCpus?: string;
  /** taskset CPU list of wrk. */
  loadCpus?: string;
}

export const CONFIGS: readonly Config[] = [
  { key: '1core', label: '1 core', serverCpus: '0', loadCpus: '1' },
  { key: '2cores', label: '2 cores' },
];

export interface Measurement {
  grant: Grant;
  config: Config;
  signInLog: boolean;
  storage: string;
  connections: number;
  result: WrkResult;
  /** RS256 signatures counted in a real answer. */
  signatures: number;
  /** What that answer held, e.g. "access_token, id_token: RS256 JWTs; refresh_token: opaque". */
  answerShape: string;
  /** Length of that answer's access_token (the HTTP floor answers one as long). */
  accessTokenChars: number;
  /** CPU the server process used over the window, every thread (bench/lib/cpu-time.ts). */
  serverCpuSeconds: number;
  /** PostgreSQL work per token in the window (PostgreSQL runs). */
  pg?: PgPerToken;
}

export interface MeasureOptions {
  config: Config;
  signInLog: boolean;
  seconds: number;
  connections: number;
  /** Raw signatures/s for this config: sizes the probe batch of single-use grants. */
  rawRate: number;
  /** The server's PostgreSQL schema: read PostgreSQL's counters around the window. */
  pgSchema?: string;
  /** Warm-up of grants whose inputs repeat, seconds (default 2). */
  warmUpSeconds?: number;
  log: (line: string) => void;
}

const WARM_UP_SECONDS = 2;
/** Headroom on the minted inputs: the window must not run dry. */
const MINT_MARGIN = 1.3;

export async function measureGrant(grant: Grant, server: Server, options: MeasureOptions): Promise<Measurement> {
  const { config, seconds } = options;
  const connections = grant.connections ?? options.connections;
  const name = `${grant.key}, ${config.label}, ${server.storage}, log ${options.signInLog ? 'on' : 'off'}`;
  const prepared = await grant.prepare(server);
  const { signatures, shape: answerShape, accessTokenChars } = await decodeOneAnswer(server, prepared.target.url, prepared.target.method, prepared.target.headers, (await prepared.lines(1))[0]);
  if (signatures !== grant.signaturesPerRequest) {
    options.log(`${name}: the answer carries ${signatures} RS256 signatures, not the ${grant.signaturesPerRequest} the grant expects; using ${signatures}`);
  }
  const run = (lines: string[], s: number) =>
    runWrk({ target: prepared.target, lines, once: grant.singleUse, connections, seconds: s, cpus: config.loadCpus, timeoutSeconds: grant.timeoutSeconds });

  let lines: string[];
  if (grant.singleUse) {
    // Batches for 1 s at the signing bound: one to warm up (a cold first second runs slower), then the probe.
    const batch = Math.ceil((options.rawRate / signatures) * MINT_MARGIN) + connections;
    warnIfFailed(options.log, `${name} (warm-up)`, await run(await timed(options.log, `${name}: minted ${batch} warm-up inputs`, () => prepared.lines(batch)), 1));
    const probe = await run(await timed(options.log, `${name}: minted ${batch} probe inputs`, () => prepared.lines(batch)), 1);
    warnIfFailed(options.log, `${name} (probe)`, probe);
    const count = Math.ceil(probe.okPerSecond * seconds * MINT_MARGIN) + connections;
    options.log(`${name}: probe ${probe.okPerSecond.toFixed(0)}/s over ${probe.seconds.toFixed(2)} s`);
    lines = await timed(options.log, `${name}: minted ${count} inputs for ${seconds} s`, () => prepared.lines(count));
  } else {
    lines = await prepared.lines(0);
    warnIfFailed(options.log, `${name} (warm-up)`, await run(lines, options.warmUpSeconds ?? WARM_UP_SECONDS));
  }
  // The warm-up's (or the minting's) last requests and sign-in log batches finish before the window;
  // on PostgreSQL, the minting's statistics too (postgres.ts: the warm-up's last second, of the same
  // grant, may still count in the window: ±10%).
  await sleep(options.pgSchema && grant.singleUse ? PG_STATS_SETTLE_MS : (grant.settleSeconds ?? 0.5) * 1000);

  const before = options.pgSchema ? await pgCounters(options.pgSchema) : undefined;
  const cpuBefore = cpuSeconds(server.pid);
  const result = await run(lines, seconds);
  const serverCpuSeconds = cpuSeconds(server.pid) - cpuBefore;
  let pg: PgPerToken | undefined;
  if (before && options.pgSchema) {
    // The sign-in log's last batches, and every backend's held statistics, land before reading.
    await sleep(PG_STATS_SETTLE_MS);
    pg = await perToken(before, await pgCounters(options.pgSchema), result.answers - result.non2xx);
  }
  warnIfFailed(options.log, name, result);
  if (grant.singleUse && result.ranOut) options.log(`${name}: the ${result.lines} inputs ran out after ${result.seconds.toFixed(2)} s (the rate is over that span)`);
  options.log(`${name}: ${result.okPerSecond.toFixed(0)}/s, p50 ${(result.p50Us / 1000).toFixed(1)} ms, p99 ${(result.p99Us / 1000).toFixed(1)} ms, non-2xx ${result.non2xx}`);
  return { grant, config, signInLog: options.signInLog, storage: server.storage, connections, result, signatures, answerShape, accessTokenChars, serverCpuSeconds, pg };
}

/**
 * Sends one request as wrk will, checks it is a 200, and counts the RS256 JWTs in the JSON answer
 * (access and id tokens); other *token fields (refresh tokens) are reported as opaque.
 */
async function decodeOneAnswer(
  server: Server,
  url: string,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  line: string,
): Promise<{ signatures: number; shape: string; accessTokenChars: number }> {
  const origin = new URL(url).origin;
  const client = origin === server.url ? server.client : new HttpClient(origin);
  try {
    const answer =
      method === 'GET' ? await client.request(line, { headers }) : await client.request(new URL(url).pathname, { method: 'POST', headers, body: line });
    if (answer.status !== 200) throw new Error(`${method} ${url}: HTTP ${answer.status}: ${answer.body.slice(0, 400)}`);
    const json = JSON.parse(answer.body) as Record<string, unknown>;
    const signed = Object.keys(json).filter((k) => isRs256Jwt(json[k]));
    const opaque = Object.keys(json).filter((k) => k.endsWith('_token') && !signed.includes(k) && typeof json[k] === 'string' && json[k] !== '');
    const accessTokenChars = typeof json['access_token'] === 'string' ? json['access_token'].length : 0;
    return { signatures: signed.length, shape: `${signed.join(', ')}: RS256 JWTs${opaque.length ? `; ${opaque.join(', ')}: opaque` : ''}`, accessTokenChars };
  } finally {
    if (client !== server.client) client.close();
  }
}

/** A compact JWS whose header says RS256 (access and id tokens); refresh tokens here are opaque. */
export function isRs256Jwt(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const parts = value.split('.');
  if (parts.length !== 3) return false;
  try {
    return (JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as { alg?: string }).alg === 'RS256';
  } catch {
    return false;
  }
}

function warnIfFailed(log: (line: string) => void, name: string, r: WrkResult): void {
  if (r.non2xx === 0 && socketErrors(r) === 0) return;
  const statuses = Object.entries(r.statuses).map(([s, n]) => `${n}× ${s}`).join(', ');
  log(`${name}: ${r.non2xx} non-2xx (${statuses}), socket errors ${JSON.stringify(r.errors)}; first: ${r.firstError.slice(0, 300)}`);
}

async function timed<T>(log: (line: string) => void, what: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const value = await fn();
  log(`${what} in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return value;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
