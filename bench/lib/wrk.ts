// Load generation with wrk (Debian's `wrk`, C, one event loop per thread): a Node load generator
// such as autocannon takes most of a core on this 2-core machine, which the server then lacks.
// Requests come from a file, one line each, replayed by bench/wrk/replay.lua (its header says how).

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', 'wrk', 'replay.lua');

export interface Target {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
}

export interface WrkRun {
  target: Target;
  /** Form bodies (POST) or request targets (GET), one request each. */
  lines: readonly string[];
  /** Send each line once (single-use inputs); otherwise the lines repeat. */
  once: boolean;
  connections: number;
  seconds: number;
  /** taskset CPU list for wrk (e.g. '1'); undefined = not pinned. */
  cpus?: string;
  threads?: number;
  /** wrk's --timeout: a slower answer counts as a timeout and leaves the latency histogram. */
  timeoutSeconds?: number;
}

export interface WrkResult {
  /** Answers received (any status). */
  answers: number;
  /** Answers with a status outside 200–299. */
  non2xx: number;
  statuses: Record<string, number>;
  /** The first non-2xx body (up to 400 bytes), for the report. */
  firstError: string;
  /** Socket errors: connect, read, write, and answers slower than --timeout. */
  errors: { connect: number; read: number; write: number; timeout: number };
  /** 2xx answers per second over `seconds`. */
  okPerSecond: number;
  /** The window the rate is taken over: wrk's duration, or first request → last answer when the lines ran out. */
  seconds: number;
  /** Every thread sent all its lines (`once` runs): the window ended early. */
  ranOut: boolean;
  lines: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

interface RawResult {
  answers: number;
  non2xx: number;
  statuses: Record<string, number>;
  firstError: string;
  errors: WrkResult['errors'];
  durationUs: number;
  spanUs: number;
  threads: number;
  spentThreads: number;
  lines: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

/** Exits with the install hint when wrk is not on PATH. */
export function requireWrk(): void {
  const probe = spawnSync('wrk', ['--version'], { stdio: 'ignore' });
  if (probe.error) {
    console.error('npm run bench needs wrk (the HTTP load generator): apt install wrk');
    process.exit(1);
  }
}

export async function runWrk(run: WrkRun): Promise<WrkResult> {
  if (run.lines.length === 0) throw new Error('runWrk: no request lines');
  const dir = mkdtempSync(join(tmpdir(), 'entrada-bench-wrk-'));
  try {
    const file = join(dir, 'lines.txt');
    writeFileSync(file, `${run.lines.join('\n')}\n`);
    const threads = run.threads ?? 1;
    const args = [
      `-t${threads}`, `-c${run.connections}`, `-d${Math.max(1, Math.round(run.seconds))}s`,
      `--timeout`, `${run.timeoutSeconds ?? 10}s`, '-s', SCRIPT,
      ...Object.entries(run.target.headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]),
      run.target.url, file, run.once ? 'once' : 'cycle', String(threads), run.target.method,
    ];
    const [command, argv] = run.cpus === undefined ? ['wrk', args] : ['taskset', ['-c', run.cpus, 'wrk', ...args]];
    const { stdout, stderr, code } = await exec(command, argv);
    const line = stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '));
    if (code !== 0 || !line) throw new Error(`wrk exited with ${code}:\n${stdout}\n${stderr}`);
    const raw = JSON.parse(line.slice('BENCH_JSON '.length)) as RawResult;
    const ranOut = raw.spentThreads === raw.threads;
    const seconds = (ranOut ? raw.spanUs : raw.durationUs) / 1e6;
    const ok = raw.answers - raw.non2xx;
    return {
      answers: raw.answers,
      non2xx: raw.non2xx,
      statuses: raw.statuses,
      firstError: raw.firstError,
      errors: raw.errors,
      okPerSecond: seconds > 0 ? ok / seconds : 0,
      seconds,
      ranOut,
      lines: raw.lines,
      p50Us: raw.p50Us,
      p99Us: raw.p99Us,
      maxUs: raw.maxUs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Socket errors in one number (connect, read, write, timeouts). */
export function socketErrors(r: Pick<WrkResult, 'errors'>): number {
  return r.errors.connect + r.errors.read + r.errors.write + r.errors.timeout;
}

function exec(command: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ stdout, stderr, code }));
  });
}
