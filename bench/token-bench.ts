// npm run bench — client-credentials tokens/s and latency over HTTPS keep-alive on loopback,
// against one `entrada start` process, next to this machine's raw RS256 signing rate measured
// in the same run. Token issuance is bounded by signing, so the ratio says what everything
// else (HTTP, TLS, parsing, lookups, claims) costs.
//
// Then the same load again while BENCH_FLOOD connections (default 16; 0 skips it) post wrong
// passwords by ROPC to the demo's public client (Demo CLI, alice): app-only issuance should keep
// ≥ 80% of its throughput under such a flood (issue 9, finding 3; crypto/password-hasher.ts).
// On the shared 2-core dev machine, before the password queue: 561 → 39 and 1586 → 91 tokens/s
// (7%, 6%; other work running, load average 9–14). After it, same conditions: 105%, 76%, 88%, 86%
// kept; quieter (load 2–3, ~4,000 tokens/s alone): 78%, 87%, 88%, 87%. The password worker still
// gets about a third of a core (1 check/s at 2^17, 9/s at 2^14, at nice 10 or 19 alike), which is
// most of what is lost; the other wrong passwords outwait autocannon's 10 s timeout or get 90055.
// With BENCH_FLOOD=128 the refused checks come back at once (429), and the flood's HTTP work alone
// kept 68%: connection caps per address, not the password queue, bound that.
//
//   npm run bench                      10 s, 64 connections, SQLite
//   BENCH_SECONDS=20 BENCH_CONNECTIONS=128 ENTRADA_DATABASE_URL=postgres://… npm run bench

import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ensureTls } from '../src/crypto/local-ca.js';
// @ts-expect-error: plain CommonJS module shared with bin/entrada.cjs
import { withThreadpoolSize } from '../bin/threadpool.cjs';

const require = createRequire(import.meta.url);
const root = join(dirname(new URL(import.meta.url).pathname), '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);
const floodConnections = Number(process.env.BENCH_FLOOD ?? 16);

const TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
const BODY = new URLSearchParams({
  grant_type: 'client_credentials',
  client_id: 'e7ada000-0000-4000-8000-000000000002',
  client_secret: 'daemon~secret~entrada-demo-0002',
  scope: 'api://entrada-demo-api/.default',
}).toString();
const FLOOD_BODY = new URLSearchParams({
  grant_type: 'password',
  client_id: 'e7ada000-0000-4000-8000-000000000004',
  username: 'alice@entrada.localhost',
  password: 'not-alice-s-password',
  scope: 'api://entrada-demo-api/access_as_user openid',
}).toString();

async function main(): Promise<void> {
  console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);
  const before = await rawSignRate();

  const home = mkdtempSync(join(tmpdir(), 'entrada-bench-'));
  const tls = await ensureTls({ dir: join(home, 'tls'), hostnames: ['localhost', '127.0.0.1', '::1'] });
  const server = spawn(process.execPath, [join(root, 'bin', 'entrada.cjs'), 'start', '--home', home, '--port', '0'], {
    cwd: root,
    env: { ...process.env, ENTRADA_SEED: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await listening(server);
    const target = `${url}/${TENANT}/oauth2/v2.0/token`;
    console.log(`server: ${url} (${process.env.ENTRADA_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}), load: autocannon, ${connections} keep-alive connections, ${seconds} s`);
    await load(target, tls.caCertPath, 2); // warm-up: JIT, connection set-up, caches
    const r = await load(target, tls.caCertPath, seconds);
    const ok = r.requests.total - r.non2xx - r.errors;
    const perSecond = Math.round(ok / seconds);
    console.log(`client credentials: ${perSecond} tokens/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}`);
    if (floodConnections > 0) await underFlood(target, tls.caCertPath, perSecond);
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    // This machine's signing rate drifts (shared VM); measure again after the load and compare
    // against the better of the two, so the ratio is never flattered by a slow moment.
    const after = await rawSignRate();
    const raw = Math.max(before.perSecond, after.perSecond);
    console.log(`ratio to raw signing (best of ${before.perSecond}/s before, ${after.perSecond}/s after): ${((perSecond / raw) * 100).toFixed(1)}%`);
  } finally {
    server.kill('SIGTERM');
    rmSync(home, { recursive: true, force: true });
  }
}

/** Client credentials again, while wrong passwords arrive on `floodConnections` other connections. */
async function underFlood(target: string, caPath: string, alone: number): Promise<void> {
  const [r, flood] = await Promise.all([
    load(target, caPath, seconds),
    load(target, caPath, seconds, { connections: floodConnections, body: FLOOD_BODY }),
  ]);
  const perSecond = Math.round((r.requests.total - r.non2xx - r.errors) / seconds);
  const statuses = Object.entries(flood.statusCodeStats ?? {}).map(([status, { count }]) => `${status}: ${count}`).join(', ');
  console.log(`password flood: ${floodConnections} connections, ${(flood.requests.total / seconds).toFixed(1)} req/s (${statuses || 'no answers'}), p50 ${flood.latency.p50} ms, errors ${flood.errors}`);
  console.log(`client credentials under the flood: ${perSecond} tokens/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}`);
  console.log(`kept under the flood: ${((perSecond / alone) * 100).toFixed(1)}% of ${alone} tokens/s (target ≥ 80%)`);
}

/** Raw RS256 signing in a process configured like the server (same threadpool size), 64 in flight. */
async function rawSignRate(): Promise<{ perSecond: number }> {
  const tsx = join(dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
  const { stdout } = await promisify(execFile)(process.execPath, [tsx, join(root, 'bench', 'sign-rate.ts'), '--json'], {
    cwd: root,
    env: withThreadpoolSize(process.env),
  });
  const rates = JSON.parse(stdout) as Record<string, number>;
  console.log(`raw RS256 signing, one process (UV_THREADPOOL_SIZE=${withThreadpoolSize(process.env).UV_THREADPOOL_SIZE}): ${rates['64']}/s with 64 in flight, ${rates['1']}/s one at a time`);
  return { perSecond: rates['64'] };
}

interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  statusCodeStats?: Record<string, { count: number }>;
}

/** autocannon in its own process, trusting the CA the way users are told to. */
async function load(url: string, caPath: string, duration: number, what = { connections, body: BODY }): Promise<AutocannonResult> {
  const bin = join(dirname(require.resolve('autocannon/package.json')), 'autocannon.js');
  const args = [bin, '--json', '-c', String(what.connections), '-d', String(duration), '-m', 'POST',
    '-H', 'content-type=application/x-www-form-urlencoded', '-b', what.body, url];
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as AutocannonResult;
}

function listening(child: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Entrada is listening on (https:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
  });
}

await main();
