// Starts bench/floor-server.ts (the HTTP floor) in its own process, pinned as the Entrada servers
// are in the config and with the threadpool they would get (bench/lib/pinned.ts), and waits for it
// to listen. Its stdout and stderr go to files in its folder.

import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpClient } from './http-client.js';
import { pinnedNode, ROOT, threadpoolSize } from './pinned.js';
import type { WrkResult } from './wrk.js';
import { stoppable } from './child.js';

/** One timed window on a floor server. */
export interface FloorSample {
  result: WrkResult;
  /** CPU the floor server used over the window (bench/lib/cpu-time.ts). */
  cpuSeconds: number;
}

/** The floor phase in one config: reps of each variant, and what the answer was. */
export interface FloorRuns {
  http: FloorSample[];
  signing: FloorSample[];
  connections: number;
  answerBytes: number;
  tokenChars: number;
  /** Whence tokenChars, as the report says it: Entrada's own client-credentials answer in this run, or the default. */
  tokenCharsFrom: string;
}

export interface FloorServerOptions {
  label: string;
  workDir: string;
  /** Folder with server.pem and server-key.pem. */
  tlsDir: string;
  caPem: string;
  cpus?: string;
  /** Sign an access token's input per request. */
  sign: boolean;
  /** Length of the answer's access_token. */
  tokenChars: number;
}

export interface FloorServer {
  url: string;
  pid: number;
  client: HttpClient;
  stop(): Promise<void>;
}

const running = new Set<FloorServer>();

export async function startFloorServer(options: FloorServerOptions): Promise<FloorServer> {
  const dir = join(options.workDir, options.label);
  mkdirSync(dir, { recursive: true });
  const stdoutFile = join(dir, 'stdout.log');
  const stderrFile = join(dir, 'stderr.log');
  const out = openSync(stdoutFile, 'w');
  const err = openSync(stderrFile, 'w');
  const argv = ['--import', 'tsx', join(ROOT, 'bench', 'floor-server.ts'), '--tls', options.tlsDir, '--token-chars', String(options.tokenChars)];
  if (options.sign) argv.push('--sign');
  const [cmd, args] = pinnedNode(options.cpus, argv);
  const env = { ...process.env, UV_THREADPOOL_SIZE: await threadpoolSize(options.cpus) };
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', out, err] });
  closeSync(out);
  closeSync(err);
  const lifecycle = stoppable(child, 5_000);
  try {
    const url = await waitForListening(() => child.exitCode !== null || child.signalCode !== null, stdoutFile, stderrFile);
    const server: FloorServer = {
      url,
      pid: child.pid as number,
      client: new HttpClient(url, options.caPem),
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

/** Stops every floor server still running (on the way out, also after an error). */
export async function stopFloorServers(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
}

async function waitForListening(exited: () => boolean, stdoutFile: string, stderrFile: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const url = /floor listening on (https:\/\/\S+)/.exec(readFileSync(stdoutFile, 'utf8'))?.[1];
    if (url) return url;
    if (exited()) throw new Error(`bench/floor-server.ts exited before listening:\n${readFileSync(stderrFile, 'utf8')}`);
    if (Date.now() > deadline) throw new Error(`bench/floor-server.ts did not listen within 60 s:\n${readFileSync(stderrFile, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
