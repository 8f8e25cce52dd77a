// Stopping a server process the bench started: SIGTERM (a clean close: the server writes what it
// holds), SIGKILL if it has not exited after a grace period, and a promise of its exit.

import type { ChildProcess } from 'node:child_process';

export interface Stoppable {
  /** Settles when the process has exited. */
  exited: Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(): Promise<void>;
  /** SIGKILL at once (a start that failed); resolves once it has exited. */
  kill(): Promise<void>;
}

export function stoppable(child: ChildProcess, graceMs: number): Stoppable {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    exited,
    async stop() {
      if (!running()) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
    },
    async kill() {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
  };
}
