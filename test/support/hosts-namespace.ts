// Runs real clients (MSAL Node/Python, @azure/identity, openid-client, the Azure CLI) as if Entrada
// were Microsoft (issue 15): each client runs in a private mount namespace whose /etc/hosts is a
// temporary file naming Microsoft's hosts as loopback. `unshare --mount --propagation private`
// gives the child its own mount table, so the bind mount over /etc/hosts is invisible to the rest
// of the machine and disappears with the child; the machine's own hosts file is never written.
//
// Safety (issue 15): nothing may reach a real Microsoft address. Before the client runs, the
// wrapper checks inside the namespace that every name resolves ONLY to 127.0.0.1 / ::1 (getent
// ahosts, i.e. the resolver the clients use) and refuses to run the client otherwise. The child's
// environment is built from scratch (no proxy variables: a proxy would resolve the names itself).
// The test process itself never resolves a Microsoft name: `loopbackFetch` pins them to 127.0.0.1.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { LookupAddress } from 'node:dns';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MICROSOFT_HOSTS } from '../../src/core/microsoft-hosts.js';

/**
 * Names the clients may contact besides those Entrada answers as, pointed at loopback too so that a
 * stray call fails locally instead of leaving the machine: az's telemetry, the Azure portal's
 * consent API (`az ad app permission admin-consent`), AAD Graph, the ARM resource's host name, and
 * the short links clients print [graph-and-clients.md §F.1].
 */
export const BLACKHOLED_HOSTS: readonly string[] = ['dc.services.visualstudio.com', 'main.iam.ad.ext.azure.com', 'graph.windows.net', 'management.core.windows.net', 'aka.ms', 'microsoft.com'];

/** Every name the namespace's hosts file points at loopback, and the start-up check verifies. */
export const NAMESPACE_HOSTS: readonly string[] = [...MICROSOFT_HOSTS, ...BLACKHOLED_HOSTS];

const LOOPBACK = ['127.0.0.1', '::1'];

/** The hosts file inside the namespace: `addressesOf(name)` (default loopback) for every name. */
export function hostsFileText(names: readonly string[] = NAMESPACE_HOSTS, addressesOf: (name: string) => readonly string[] = () => LOOPBACK): string {
  const lines = ['# Entrada test namespace (test/support/hosts-namespace.ts)', '127.0.0.1 localhost', '::1 localhost ip6-localhost ip6-loopback'];
  for (const name of names) for (const address of addressesOf(name)) lines.push(`${address} ${name}`);
  return `${lines.join('\n')}\n`;
}

// Inside the namespace: bind the file over /etc/hosts, check that it is the one in effect and that
// every name resolves only to loopback, then exec the client. $0 = hosts file, $CHECK_NAMES = names.
const NAMESPACE_SCRIPT = [
  'set -u',
  'mount --bind "$0" /etc/hosts || { echo "hosts-namespace: cannot bind-mount $0 over /etc/hosts" >&2; exit 96; }',
  'cmp -s "$0" /etc/hosts || { echo "hosts-namespace: /etc/hosts is not the namespace file after the bind mount" >&2; exit 96; }',
  'for n in $CHECK_NAMES; do',
  '  addrs=$(getent ahosts "$n" | awk \'{print $1}\' | sort -u)',
  '  [ -n "$addrs" ] || { echo "hosts-namespace: SAFETY: $n does not resolve inside the namespace" >&2; exit 97; }',
  '  for a in $addrs; do',
  '    case "$a" in 127.0.0.1|::1) ;; *) echo "hosts-namespace: SAFETY: $n resolves to $a, not loopback; refusing to run the client" >&2; exit 97 ;; esac',
  '  done',
  'done',
  'unset CHECK_NAMES',
  'exec "$@"',
].join('\n');

/** Exit codes of the wrapper itself (the client never ran). */
export const NAMESPACE_SETUP_FAILED = 96;
export const NAMESPACE_UNSAFE = 97;

type Probe = { ok: true } | { ok: false; reason: string };
let probe: Probe | undefined;

/** Whether this process can run clients in a private mount namespace: root, and unshare + mount work. */
export function canUseNamespace(): Probe {
  probe ??= probeNamespace();
  return probe;
}

function probeNamespace(): Probe {
  if (process.platform !== 'linux') return { ok: false, reason: `private mount namespaces need Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'not root: unshare --mount and mount --bind over /etc/hosts need root' };
  const dir = mkdtempSync(join(tmpdir(), 'entrada-hosts-probe-'));
  try {
    const file = join(dir, 'hosts');
    writeFileSync(file, hostsFileText(['login.microsoftonline.com']));
    const run = spawnSync('unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c', NAMESPACE_SCRIPT, file, 'true'], {
      env: { PATH: process.env.PATH, CHECK_NAMES: 'login.microsoftonline.com' },
      encoding: 'utf8',
      timeout: 10_000,
    });
    if (run.error) return { ok: false, reason: `unshare could not run: ${run.error.message}` };
    if (run.status !== 0) return { ok: false, reason: `unshare --mount failed (exit ${run.status}): ${run.stderr.trim()}` };
    return { ok: true };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The reason to skip hosts-mode tests, or undefined to run them. In CI (CI=true) a namespace that
 * cannot be made is a failure, not a skip (issue 15: the tests must run there, as root).
 */
export function namespaceSkipReason(): string | undefined {
  const can = canUseNamespace();
  if (can.ok) return undefined;
  if (process.env.CI === 'true') throw new Error(`hosts-mode tests must run in CI, but: ${can.reason}`);
  return can.reason;
}

export interface NamespaceResult {
  /** The client's exit code (NAMESPACE_SETUP_FAILED / NAMESPACE_UNSAFE: the wrapper refused). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RunningClient {
  /** Resolves with the first stdout line matching `pattern` (rejects if the client ends first). */
  line(pattern: RegExp): Promise<string>;
  /** Resolves when the client exits (or is killed at the timeout). */
  result: Promise<NamespaceResult>;
}

export interface RunOptions {
  /** Default 45 s (below the tests' own timeouts); the whole process group is killed after it. */
  timeoutMs?: number;
  /** More environment variables for this run. */
  env?: Readonly<Record<string, string>>;
  /** Overrides the hosts file's addresses (only the wrapper's own tests use it). */
  addressesOf?: (name: string) => readonly string[];
  cwd?: string;
}

export interface HostsSandbox {
  /** The temporary HOME of the clients. */
  home: string;
  /** AZURE_CONFIG_DIR, under home. */
  azureConfigDir: string;
  /** The environment every client gets (plus RunOptions.env). */
  env: Readonly<Record<string, string>>;
  /** Starts `command args…` in a new private namespace (one per run). */
  start(command: string, args: readonly string[], options?: RunOptions): RunningClient;
  /** start() and wait for the result. */
  run(command: string, args: readonly string[], options?: RunOptions): Promise<NamespaceResult>;
  /** Removes the temporary folder. */
  cleanup(): void;
}

/** A temporary HOME and hosts file for clients that trust `caPath` (Entrada's CA) and nothing else. */
export function createHostsSandbox(caPath: string): HostsSandbox {
  const home = mkdtempSync(join(tmpdir(), 'entrada-hosts-'));
  const azureConfigDir = join(home, '.azure');
  mkdirSync(azureConfigDir);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    // Node reads it at start: Entrada's CA on top of the built-in roots.
    NODE_EXTRA_CA_CERTS: caPath,
    // requests (MSAL Python, az): replaces the bundle, so only Entrada's CA is trusted [§F.3].
    REQUESTS_CA_BUNDLE: caPath,
    SSL_CERT_FILE: caPath,
    AZURE_CONFIG_DIR: azureConfigDir,
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
    AZURE_CORE_NO_COLOR: '1',
    AZURE_CORE_ONLY_SHOW_ERRORS: 'false',
    PYTHONDONTWRITEBYTECODE: '1',
    // No proxy may see a request (it would resolve the names outside the namespace).
    NO_PROXY: '*',
    no_proxy: '*',
  };
  let counter = 0;

  const start = (command: string, args: readonly string[], options: RunOptions = {}): RunningClient => {
    const hostsFile = join(home, `hosts-${++counter}`);
    writeFileSync(hostsFile, hostsFileText(NAMESPACE_HOSTS, options.addressesOf));
    const child = spawn('unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c', NAMESPACE_SCRIPT, hostsFile, command, ...args], {
      env: { ...env, ...options.env, CHECK_NAMES: NAMESPACE_HOSTS.join(' ') },
      cwd: options.cwd ?? process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so a timeout kills az's children too
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void; reject: (err: Error) => void }> = [];
    const checkWaiters = () => {
      const lines = stdout.split('\n');
      for (const w of [...waiters]) {
        const hit = lines.find((l) => w.pattern.test(l));
        if (hit !== undefined) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(hit);
        }
      }
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      checkWaiters();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }, options.timeoutMs ?? 45_000);
    const result = new Promise<NamespaceResult>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const done = { code, signal, stdout, stderr, timedOut };
        for (const w of waiters.splice(0)) w.reject(new Error(`client ended (exit ${code}) before printing a line matching ${w.pattern}\n${describeRun(done)}`));
        resolve(done);
      });
    });
    return {
      result,
      line: (pattern) =>
        new Promise<string>((resolve, reject) => {
          waiters.push({ pattern, resolve, reject });
          checkWaiters();
        }),
    };
  };

  return {
    home,
    azureConfigDir,
    env,
    start,
    run: (command, args, options) => start(command, args, options).result,
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** A run's output, for assertion messages. */
export function describeRun(r: NamespaceResult): string {
  return `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}${r.timedOut ? ' (timed out)' : ''}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/** Throws, with the output, unless the client exited 0; returns stdout. */
export function succeeded(r: NamespaceResult): string {
  if (r.code !== 0) throw new Error(`client failed: ${describeRun(r)}`);
  return r.stdout;
}

/**
 * A fetch for the test process that reaches Microsoft's names on this machine without resolving
 * them: connects to 127.0.0.1 whatever the name (and refuses names that are not Microsoft's),
 * with SNI and Host as the URL says, trusting only `caPem`. Redirects are returned, not followed.
 */
export function loopbackFetch(caPem: string) {
  return (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== 'https:' || !NAMESPACE_HOSTS.includes(url.hostname)) {
      return Promise.reject(new Error(`loopbackFetch: only https to Microsoft's hosts, not ${url.origin}`));
    }
    const headers = new Headers(input instanceof Request ? input.headers : undefined);
    for (const [key, value] of new Headers(init.headers)) headers.set(key, value);
    const method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const body = init.body === undefined || init.body === null ? undefined : String(init.body);
    if (body !== undefined && !headers.has('content-type') && init.body instanceof URLSearchParams) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
    }
    const lookup = (_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      const address: LookupAddress = { address: '127.0.0.1', family: 4 };
      if (options.all) callback(null, [address]);
      else callback(null, address.address, address.family);
    };
    return new Promise<Response>((resolve, reject) => {
      const req = httpsRequest(url, { method, headers: Object.fromEntries(headers), ca: caPem, lookup: lookup as never, servername: url.hostname }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const responseHeaders = new Headers();
          for (const [key, value] of Object.entries(res.headers)) {
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(key, v);
          }
          const noBody = status === 204 || status === 304 || method === 'HEAD';
          resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: responseHeaders }));
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  };
}
