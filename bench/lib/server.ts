// One `entrada start` process as users run it (bin/entrada.cjs, the compiled dist/), on a free
// port with its own home, optionally pinned with taskset. bin/entrada.cjs sizes libuv's threadpool
// from the cores the process may use (bin/threadpool.cjs), so a pinned server gets what it would
// get on a 1-core machine. Its stdout (the banner, then the request log) goes to a file.

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpClient } from './http-client.js';
import type { BenchSeed } from './seed.js';
import { stoppable } from './child.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** BENCH_BIN: another build's bin/entrada.cjs, to measure a before and an after with one harness. */
const BIN = process.env.BENCH_BIN ? resolve(process.env.BENCH_BIN) : join(ROOT, 'bin', 'entrada.cjs');

export interface ServerOptions {
  /** Names its folder and appears in errors. */
  label: string;
  /** Folder under which the server's home and output files are made. */
  workDir: string;
  seed: BenchSeed;
  /** taskset CPU list (e.g. '0'); undefined = not pinned. */
  cpus?: string;
  signInLog: boolean;
  /** postgres://… (with its schema); undefined = SQLite in the home. */
  databaseUrl?: string;
  /** --log: the request log (pretty, json, off); undefined = the server's default. */
  requestLog?: string;
}

export interface Server {
  label: string;
  /** https://localhost:<port> */
  url: string;
  /** The managed identity endpoint, http://127.0.0.1:<port>. */
  miUrl: string;
  pid: number;
  seed: BenchSeed;
  storage: 'SQLite' | 'PostgreSQL';
  /** Requests to `url`, trusting the server's CA. */
  client: HttpClient;
  /** VmRSS of the server process, MiB. */
  rssMiB(): number;
  stop(): Promise<void>;
}

const running = new Set<Server>();

export async function startServer(options: ServerOptions): Promise<Server> {
  const dir = join(options.workDir, options.label);
  mkdirSync(dir, { recursive: true });
  const stdoutFile = join(dir, 'stdout.log');
  const stderrFile = join(dir, 'stderr.log');
  const out = openSync(stdoutFile, 'w');
  const err = openSync(stderrFile, 'w');
  const args = [BIN, 'start', '--home', join(dir, 'home'), '--port', '0', '--mi-port', '0', '--quiet'];
  if (options.requestLog !== undefined) args.push('--log', options.requestLog);
  const env = {
    ...process.env,
    ENTRADA_SEED: options.seed.file,
    ENTRADA_DATABASE_URL: options.databaseUrl ?? '',
    ENTRADA_SIGNIN_LOG_DAYS: options.signInLog ? signInLogDays() : '0',
  };
  // taskset execs node in place: the child's pid is the server's.
  const child = options.cpus === undefined
    ? spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', out, err] })
    : spawn('taskset', ['-c', options.cpus, process.execPath, ...args], { cwd: ROOT, env, stdio: ['ignore', out, err] });
  closeSync(out);
  closeSync(err);
  const lifecycle = stoppable(child, 15_000);
  try {
    const banner = await waitForBanner(child, stdoutFile, stderrFile);
    const server: Server = {
      label: options.label,
      url: banner.url,
      miUrl: banner.miUrl,
      pid: child.pid as number,
      seed: options.seed,
      storage: options.databaseUrl ? 'PostgreSQL' : 'SQLite',
      client: new HttpClient(banner.url, readFileSync(banner.caPath, 'utf8')),
      rssMiB: () => rssMiB(child.pid as number),
      stop: async () => {
        running.delete(server);
        server.client.close();
        await lifecycle.stop();
      },
    };
    running.add(server);
    return server;
  } catch (error) {
    await lifecycle.kill();
    throw error;
  }
}

/** Stops every server still running (on the way out, also after an error). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
}

/** The configured retention when it is on, else the default 7 days. */
function signInLogDays(): string {
  const configured = process.env.ENTRADA_SIGNIN_LOG_DAYS;
  return configured && configured !== '0' ? configured : '7';
}

async function waitForBanner(child: ChildProcess, stdoutFile: string, stderrFile: string): Promise<{ url: string; miUrl: string; caPath: string }> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const text = readFileSync(stdoutFile, 'utf8');
    const url = /Entrada is listening on (https:\/\/\S+)/.exec(text)?.[1];
    const miUrl = /Managed identity endpoint: (http:\/\/\S+)/.exec(text)?.[1];
    const caPath = /CA certificate: (\S+)/.exec(text)?.[1];
    if (url && miUrl && caPath) return { url, miUrl, caPath };
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`entrada start exited (${child.exitCode ?? child.signalCode}) before listening:\n${readFileSync(stderrFile, 'utf8')}`);
    }
    if (Date.now() > deadline) throw new Error(`entrada start did not print its banner within 180 s:\n${readFileSync(stderrFile, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
