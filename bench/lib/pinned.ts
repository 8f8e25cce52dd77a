// How the bench starts its own measuring processes (raw signing, the HTTP floor) as the servers
// run: under the same taskset pinning, with the libuv threadpool bin/entrada.cjs would give a
// server there (bin/threadpool.cjs asked under that pinning: it sizes the pool from the cores the
// process may use, and libuv reads the size once, so it must be in the environment at spawn).

import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = promisify(execFile);

/** `node argv…`, under `taskset -c cpus` when given (taskset execs node in place: the pid is node's). */
export function pinnedNode(cpus: string | undefined, argv: string[]): [string, string[]] {
  return cpus === undefined ? [process.execPath, argv] : ['taskset', ['-c', cpus, process.execPath, ...argv]];
}

/** UV_THREADPOOL_SIZE as bin/threadpool.cjs sets it for a process pinned to `cpus`. */
export async function threadpoolSize(cpus: string | undefined): Promise<string> {
  const [cmd, args] = pinnedNode(cpus, ['-p', `require(${JSON.stringify(join(ROOT, 'bin', 'threadpool.cjs'))}).withThreadpoolSize(process.env).UV_THREADPOOL_SIZE`]);
  return (await run(cmd, args)).stdout.trim();
}
