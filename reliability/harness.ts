// Reliability suite harness: starts real Entrada nodes (`node bin/entrada.cjs start`, fresh home,
// free ports), finds the server process behind the bin wrapper (for RSS and kill -9), makes fresh
// PostgreSQL schemas, and sends requests over keep-alive agents that trust each node's own CA.
// Traffic goes to loopback only: request() refuses any other host.
//
// Everything started here is registered and torn down by cleanup() — called by the runner at the
// end and on SIGINT/SIGTERM; a synchronous last resort on process exit kills what is left and
// drops schemas through psql.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { dropStaleSchemas } from '../test/support/postgres.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PG_URL = process.env.ENTRADA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The demo seed (src/seed/demo.yaml), which nodes get unless given another seed file. */
export const DEMO = {
  tenantId: '8eaef023-2b34-4da1-9baa-8bc8c9d6a490',
  domain: 'entrada.localhost',
  apiAppId: 'e7ada000-0000-4000-8000-000000000001',
  apiUri: 'api://entrada-demo-api',
  daemon: { appId: 'e7ada000-0000-4000-8000-000000000002', secret: 'daemon~secret~entrada-demo-0002' },
  webApp: { appId: 'e7ada000-0000-4000-8000-000000000003', secret: 'webapp~secret~entrada-demo-0003', redirectUri: 'https://localhost:3000/auth/callback' },
  cli: { appId: 'e7ada000-0000-4000-8000-000000000004', redirectUri: 'http://localhost' },
  spa: { appId: 'e7ada000-0000-4000-8000-000000000005', redirectUri: 'http://localhost:5173/' },
  users: [
    { upn: 'alice@entrada.localhost', password: 'Alice-demo-password-1' },
    { upn: 'bob@entrada.localhost', password: 'Bob-demo-password-2' },
    { upn: 'carol@entrada.localhost', password: 'Carol-demo-password-3', disabled: true },
  ],
  mi: { systemClientId: 'e7ada000-0000-4000-8000-0000000000a1', userClientId: 'e7ada000-0000-4000-8000-0000000000a2' },
} as const;

export interface NodeHandle {
  origin: string;
  port: number;
  miOrigin?: string;
  /** The server process (the deepest descendant of the bin wrapper, or the wrapper itself). */
  pid: number;
  home: string;
  /** The managed identity endpoint's App Service secret (X-IDENTITY-HEADER). */
  identityHeader: string;
  /** VmRSS of the server process in KiB (0 when it is gone). */
  rssKiB(): number;
  alive(): boolean;
  /** Sends `signal` (default SIGTERM) and waits for the whole process chain to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** stdout+stderr so far (the first 16 KiB and the last 48 KiB). */
  output(): string;
}

export interface StartOptions {
  home?: string;
  databaseUrl?: string;
  seedFile?: string;
  env?: Record<string, string>;
  miPort?: boolean;
  /** Milliseconds to wait for the banner (default 90 s). */
  startTimeoutMs?: number;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  summary: string;
  details?: string[];
  /** Not run (printed as skipped, counted in neither passed nor failed). */
  skipped?: boolean;
}
export type Check = (ctx: { ci: boolean; seed: number; log: (line: string) => void }) => Promise<CheckResult[]>;

// ---------------------------------------------------------------------------------------------
// Registry of what to clean up

const nodes = new Set<{ handle: NodeHandle; child: ChildProcess; pids: () => number[] }>();
const homes = new Set<string>();
const schemas = new Set<string>();
let adminPool: pg.Pool | undefined;

function admin(): pg.Pool {
  adminPool ??= new pg.Pool({ connectionString: PG_URL, max: 2, connectionTimeoutMillis: 5_000 });
  return adminPool;
}

/** Drops the schemas of earlier runs (tests or this suite) that were killed before cleaning up. */
export async function dropLeftoverSchemas(): Promise<number> {
  return dropStaleSchemas(admin());
}

/** Stops every node still running, removes temporary homes, drops schemas. Idempotent. */
export async function cleanup(): Promise<void> {
  await Promise.all([...nodes].map((n) => n.handle.kill('SIGKILL').catch(() => {})));
  nodes.clear();
  for (const home of homes) rmSync(home, { recursive: true, force: true });
  homes.clear();
  for (const schema of schemas) await admin().query(`drop schema if exists "${schema}" cascade`).catch(() => {});
  schemas.clear();
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
  if (adminPool) {
    const pool = adminPool;
    adminPool = undefined;
    await pool.end().catch(() => {});
  }
}

let exitHooked = false;
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const n of nodes) for (const pid of n.pids()) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    for (const home of homes) try { rmSync(home, { recursive: true, force: true }); } catch { /* best effort */ }
    if (schemas.size > 0) {
      const sql = [...schemas].map((s) => `drop schema if exists "${s}" cascade;`).join(' ');
      spawnSync('psql', [PG_URL, '-q', '-c', sql], { stdio: 'ignore', timeout: 10_000 });
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nreliability: ${signal}, cleaning up\n`);
      const hard = setTimeout(() => process.exit(130), 15_000);
      hard.unref();
      void cleanup().finally(() => process.exit(130));
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Processes

/** Child pids of `pid` (from /proc/<pid>/task/<tid>/children). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
        if (text) out.push(...text.split(/\s+/).map(Number));
      } catch { /* thread gone */ }
    }
  } catch { /* process gone */ }
  return out;
}

/** pid and its descendants, from the top down. */
function chain(pid: number): number[] {
  const all = [pid];
  for (const c of childPids(pid)) all.push(...chain(c));
  return all;
}

/** The server: follow the only child down (wrapper → tsx → server); a process without children is the server. */
function serverPid(wrapper: number): number {
  let pid = wrapper;
  for (let depth = 0; depth < 5; depth++) {
    const kids = childPids(pid).filter((k) => isNode(k));
    if (kids.length !== 1) break;
    pid = kids[0];
  }
  return pid;
}

const NODE_EXE = (() => { try { return realpathSync(process.execPath); } catch { return process.execPath; } })();
/** A Node.js process (not, e.g., tsx's esbuild service). */
function isNode(pid: number): boolean {
  try {
    return readlinkSync(`/proc/${pid}/exe`) === NODE_EXE;
  } catch {
    return false;
  }
}

export function pidAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s*kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export function mib(kib: number): string {
  return (kib / 1024).toFixed(0);
}

/** A fresh temporary directory, removed by cleanup(). */
export function tempDir(prefix = 'entrada-rel-'): string {
  hookExit();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  homes.add(dir);
  return dir;
}

/**
 * Starts `node bin/entrada.cjs start --home H --port 0 --mi-port 0|off [--seed F]` and waits for its
 * banner. databaseUrl empty/absent: SQLite in the home. The CA in `<home>/tls/ca.pem` is trusted
 * for requests to the node's origin.
 */
export async function startNode(options: StartOptions = {}): Promise<NodeHandle> {
  hookExit();
  const home = options.home ?? tempDir('entrada-rel-home-');
  const identityHeader = `rel-identity-${randomBytes(6).toString('hex')}`;
  const args = [join(ROOT, 'bin', 'entrada.cjs'), 'start', '--home', home, '--port', '0', '--mi-port', options.miPort ? '0' : 'off'];
  if (options.seedFile) args.push('--seed', options.seedFile);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      ENTRADA_DATABASE_URL: options.databaseUrl ?? '',
      ENTRADA_SEED: '',
      ENTRADA_MANAGED_IDENTITY_HEADER: identityHeader,
      ENTRADA_MANAGED_IDENTITY_TENANT: '',
      ENTRADA_MANAGED_IDENTITY_HOST: '',
      ENTRADA_MANAGED_IDENTITY_PORT: '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let head = '';
  let tail = '';
  const append = (d: Buffer) => {
    const s = d.toString();
    if (head.length < 16_384) {
      const room = 16_384 - head.length;
      head += s.slice(0, room);
      tail += s.slice(room);
    } else tail += s;
    if (tail.length > 49_152) tail = tail.slice(-49_152);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const output = () => (tail ? `${head}\n…\n${tail}` : head);
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => child.once('exit', () => { exited = true; resolve(); }));

  const { origin, miOrigin } = await new Promise<{ origin: string; miOrigin?: string }>((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`Entrada did not start in time.\n${output()}`)); }, options.startTimeoutMs ?? 90_000);
    const onData = () => {
      const all = head + tail;
      const m = /Entrada is listening on (https:\/\/\S+)/.exec(all);
      const mi = /Managed identity endpoint: (http:\/\/\S+)/.exec(all);
      if (m && (mi || !options.miPort)) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve({ origin: m[1].replace(/\/+$/, ''), miOrigin: mi?.[1].replace(/\/+$/, '') });
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`Entrada exited (${code ?? signal}) before listening.\n${output()}`)); });
  });

  const caPath = join(home, 'tls', 'ca.pem');
  if (!existsSync(caPath)) throw new Error(`no CA at ${caPath}`);
  trust(origin, readFileSync(caPath, 'utf8'));
  if (miOrigin) agents.set(miOrigin, new http.Agent({ keepAlive: true, maxSockets: 128 }));

  const wrapperPid = child.pid!;
  const pid = serverPid(wrapperPid);
  const entry = {
    child,
    pids: () => (exited ? [pid].filter(pidAlive) : [...new Set([...chain(wrapperPid), pid])]),
    handle: undefined as unknown as NodeHandle,
  };
  const handle: NodeHandle = {
    origin,
    port: Number(new URL(origin).port),
    miOrigin,
    pid,
    home,
    identityHeader,
    rssKiB: () => rssOf(pid),
    alive: () => pidAlive(pid),
    output,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      const pids = entry.pids();
      // Our idle keep-alive sockets would hold a graceful shutdown open: close them first.
      agents.get(origin)?.destroy();
      if (miOrigin) agents.get(miOrigin)?.destroy();
      if (signal === 'SIGKILL') {
        // The server first (what a crash looks like), then whatever is left of the chain.
        try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
        await waitFor(() => !pidAlive(pid), 5_000);
        for (const p of pids) try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
      } else {
        // The wrapper forwards SIGINT/SIGTERM down the chain.
        try { process.kill(wrapperPid, signal); } catch { /* gone */ }
        if (pid !== wrapperPid) try { process.kill(pid, signal); } catch { /* gone */ }
      }
      const done = await Promise.race([exitPromise.then(() => true), sleep(15_000).then(() => false)]);
      if (!done || pidAlive(pid)) {
        for (const p of entry.pids()) try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
        await Promise.race([exitPromise, sleep(5_000)]);
      }
      await waitFor(() => !pidAlive(pid), 5_000);
      nodes.delete(entry);
      agents.get(origin)?.destroy();
      agents.delete(origin);
      if (miOrigin) { agents.get(miOrigin)?.destroy(); agents.delete(miOrigin); }
    },
  };
  entry.handle = handle;
  nodes.add(entry);
  return handle;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** The URL with its connections' search_path set to `schema` (a libpq `options` parameter). */
export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  const opts = parsed.searchParams.get('options');
  parsed.searchParams.set('options', `${opts ? `${opts} ` : ''}-c search_path=${schema}`);
  return parsed.toString();
}

/** A fresh schema on the test server (dropped by drop() or cleanup()); url selects it. */
export async function pgSchema(prefix: string): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  hookExit();
  // Named like test/support/postgres.ts's schemas, so a later run sweeps them if this one is killed.
  const schema = `entrada_rel_${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${randomBytes(4).toString('hex')}_0`;
  await admin().query(`create schema "${schema}"`);
  schemas.add(schema);
  return {
    url: withSearchPath(PG_URL, schema),
    schema,
    async drop() {
      await admin().query(`drop schema if exists "${schema}" cascade`);
      schemas.delete(schema);
    },
  };
}

/** A query on the admin pool (e.g. `select count(*) from "schema".table`). */
export async function pgQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await admin().query<T>(sql, params)).rows;
}

// ---------------------------------------------------------------------------------------------
// HTTP

const agents = new Map<string, http.Agent>();
const cas = new Map<string, string>();

/** Trusts `caPem` for `origin` (startNode does this for its nodes). */
export function trust(origin: string, caPem: string): void {
  cas.set(origin, caPem);
  agents.get(origin)?.destroy();
  agents.set(origin, new https.Agent({ keepAlive: true, maxSockets: 128, ca: caPem }));
}

/** The CA a node's origin is trusted with (for raw TLS sockets). */
export function caFor(origin: string): string | undefined {
  return cas.get(origin);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
export function assertLoopback(origin: string): URL {
  const u = new URL(origin);
  if (!LOOPBACK.has(u.hostname)) throw new Error(`refusing to send traffic to ${u.hostname}: loopback only`);
  return u;
}

export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RequestInit {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
  agent?: http.Agent | false;
}

/** Requests retried because a kept-alive socket turned out closed by the server (see request()). */
export const retries = { staleSocket: 0 };

/**
 * One request to a loopback origin over the origin's keep-alive agent. `path` is sent as is
 * (it may be malformed). Rejects on network errors and after timeoutMs (default 30 s). A request
 * that fails with ECONNRESET / socket hang up on a *reused* keep-alive socket (the server closed
 * it as the request went out: the race Node documents for `request.reusedSocket`) is retried
 * once on a fresh connection and counted in `retries.staleSocket`.
 */
export async function request(origin: string, init: RequestInit): Promise<Response> {
  try {
    return await requestOnce(origin, init);
  } catch (error) {
    if ((error as { reusedSocket?: boolean }).reusedSocket && /ECONNRESET|socket hang up|EPIPE/.test(String((error as Error).message) + String((error as NodeJS.ErrnoException).code))) {
      retries.staleSocket++;
      return requestOnce(origin, { ...init, agent: false });
    }
    throw error;
  }
}

function requestOnce(origin: string, init: RequestInit): Promise<Response> {
  const u = assertLoopback(origin);
  const isHttps = u.protocol === 'https:';
  const mod = isHttps ? https : http;
  const agent = init.agent !== undefined ? init.agent : agents.get(u.origin) ?? (isHttps ? fallbackHttps(u.origin) : undefined);
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : init.body;
  const headers: Record<string, string> = { ...init.headers };
  if (body && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length')) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = mod.request(
      {
        host: u.hostname.replace(/^\[|\]$/g, ''),
        port: u.port || (isHttps ? 443 : 80),
        method: init.method ?? (body ? 'POST' : 'GET'),
        path: init.path,
        headers,
        agent,
        ...(isHttps && agent === false ? { ca: cas.get(u.origin) } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => { clearTimeout(timer); resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }); });
        res.on('error', (e) => { clearTimeout(timer); reject(e); });
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`timeout after ${init.timeoutMs ?? 30_000} ms: ${init.method ?? ''} ${init.path.slice(0, 80)}`)), init.timeoutMs ?? 30_000);
    req.on('error', (e) => { clearTimeout(timer); Object.assign(e, { reusedSocket: req.reusedSocket }); reject(e); });
    if (body) req.end(body);
    else req.end();
  });
}

function fallbackHttps(origin: string): https.Agent {
  const ca = cas.get(origin);
  const agent = new https.Agent({ keepAlive: true, maxSockets: 128, ...(ca ? { ca } : {}) });
  agents.set(origin, agent);
  return agent;
}

/** application/x-www-form-urlencoded body from pairs (repeats allowed). */
export function form(pairs: Record<string, string> | Array<[string, string]>): string {
  const entries = Array.isArray(pairs) ? pairs : Object.entries(pairs);
  return entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** A client-credentials token request for the demo daemon (v2 endpoint). */
export function clientCredentials(origin: string, timeoutMs = 30_000): Promise<Response> {
  return request(origin, {
    method: 'POST',
    path: `/${DEMO.tenantId}/oauth2/v2.0/token`,
    headers: FORM,
    body: form({ grant_type: 'client_credentials', client_id: DEMO.daemon.appId, client_secret: DEMO.daemon.secret, scope: `${DEMO.apiUri}/.default` }),
    timeoutMs,
  });
}

/** An access token for the demo daemon to read Graph (AuditLog.Read.All). */
export async function graphToken(origin: string): Promise<string> {
  const res = await request(origin, {
    method: 'POST',
    path: `/${DEMO.tenantId}/oauth2/v2.0/token`,
    headers: FORM,
    body: form({ grant_type: 'client_credentials', client_id: DEMO.daemon.appId, client_secret: DEMO.daemon.secret, scope: 'https://graph.microsoft.com/.default' }),
  });
  if (res.status !== 200) throw new Error(`graph token: HTTP ${res.status} ${res.body.slice(0, 200)}`);
  return (JSON.parse(res.body) as { access_token: string }).access_token;
}

// ---------------------------------------------------------------------------------------------
// Small utilities

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() >= end) return false;
    await sleep(everyMs);
  }
}

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `worker` on `concurrency` lanes until it returns false or `deadline` passes. */
export async function lanes(concurrency: number, worker: (lane: number) => Promise<boolean>, deadline = Infinity): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      while (Date.now() < deadline) if (!(await worker(lane))) return;
    }),
  );
}

/** Percentile (0-100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
