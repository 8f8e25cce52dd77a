// `entrada start` is one process whose libuv threadpool has the size bin/threadpool.cjs chooses
// (issue 12): no wrapper child, and the size set before libuv first starts the pool. Node names
// every thread `node`, so the pool is counted by difference: the same start with the size set
// three higher in the environment has exactly three more threads.

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const homes: string[] = [];

afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

describe.skipIf(process.platform !== 'linux')('entrada start, as a process', () => {
  it('runs in one process with one threadpool thread per core (at least 2)', async () => {
    const chosen = await threadsOf({});
    expect(chosen.children).toEqual([]);
    const expected = Math.max(2, availableParallelism());
    const wider = await threadsOf({ UV_THREADPOOL_SIZE: String(expected + 3) });
    expect(wider.threads - chosen.threads).toBe(3);
  }, 60_000);
});

/** Starts the server, waits for its banner and one second more, and counts its threads and child processes. */
async function threadsOf(extraEnv: NodeJS.ProcessEnv): Promise<{ threads: number; children: number[] }> {
  const home = mkdtempSync(join(tmpdir(), 'entrada-threads-'));
  homes.push(home);
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  if (!extraEnv.UV_THREADPOOL_SIZE) delete env.UV_THREADPOOL_SIZE;
  for (const key of Object.keys(env)) if (key.startsWith('ENTRADA_')) delete env[key];
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'entrada.cjs'), 'start', '--home', home, '--port', '0', '--mi-port', 'off'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  try {
    const deadline = Date.now() + 30_000;
    while (!/https:\/\/localhost:\d+/.test(out)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no banner; output:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 1000));
    const pid = child.pid as number;
    const children = readdirSync('/proc')
      .filter((e) => /^\d+$/.test(e))
      .filter((e) => {
        try {
          const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
        } catch {
          return false;
        }
      })
      .map(Number);
    return { threads: readdirSync(`/proc/${pid}/task`).length, children };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}
