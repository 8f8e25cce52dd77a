// One worker thread that derives scrypt keys synchronously, away from libuv's threadpool (where
// RS256 token signing runs, crypto/rs256.ts) and at the lowest CPU priority, so a flood of password
// attempts takes only the CPU that token issuance leaves over (issue 9, finding 3).
//
// The worker's code is an inline script using only node: built-ins, so it loads the same way under
// tsx, vitest and plain node (a .ts worker file would need a loader in the worker too). On Linux a
// thread can lower its own priority: /proc/thread-self names "<pid>/task/<tid>", and
// setpriority(PRIO_PROCESS, tid) applies to that thread alone. Elsewhere the worker runs at normal
// priority (the queue still bounds it to one core per worker).

import { Worker } from 'node:worker_threads';
import type { ScryptOptions } from 'node:crypto';

export interface DeriveJob {
  /** Already normalised (password-hash.ts normalizePassword). */
  password: string;
  salt: Buffer;
  length: number;
  options: ScryptOptions;
}

/** Something that derives scrypt keys one at a time; the hasher's queue feeds it. */
export interface Deriver {
  derive(job: DeriveJob): Promise<Buffer>;
  close(): Promise<void>;
}

/** What the worker thread reported about itself: its kernel thread id and niceness (null off Linux). */
interface WorkerThreadInfo {
  tid: number | null;
  nice: number | null;
}

/**
 * Niceness of the worker thread [I]. Under Linux's CFS a nice-10 thread weighs 110 against 1024 for
 * a nice-0 one (the event loop, the signing threads), so where they contend for a core, token work
 * wins ~9 to 1 while passwords still progress, rather than starving into AADSTS90055 on a machine
 * also busy with the test suite that signs in (nice 19, weight 15: ~70 to 1). Measured with
 * `npm run bench`, the flood's worker got about a third of a core at 10 and at 19 alike (the token
 * load leaves gaps it fills), and app-only issuance kept the same share.
 */
export const WORKER_NICENESS = 10;

const SCRIPT = `
'use strict';
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
const { readlinkSync } = require('node:fs');
const os = require('node:os');
let tid = null;
let nice = null;
try {
  const m = /\\/task\\/(\\d+)$/.exec(readlinkSync('/proc/thread-self'));
  if (m) {
    tid = Number(m[1]);
    os.setPriority(tid, ${WORKER_NICENESS});
    nice = os.getPriority(tid);
  }
} catch {
  // No /proc (not Linux) or not allowed: keep the default priority.
}
parentPort.postMessage({ kind: 'ready', tid, nice });
parentPort.on('message', (job) => {
  try {
    const key = scryptSync(job.password, job.salt, job.length, job.options);
    parentPort.postMessage({ kind: 'done', id: job.id, key });
  } catch (err) {
    parentPort.postMessage({ kind: 'failed', id: job.id, message: String(err && err.message) });
  }
});
`;

type WorkerMessage =
  | { kind: 'ready'; tid: number | null; nice: number | null }
  | { kind: 'done'; id: number; key: Uint8Array }
  | { kind: 'failed'; id: number; message: string };

interface Pending {
  resolve(key: Buffer): void;
  reject(err: Error): void;
}

/** A lazily started worker thread; restarted on the next job if it dies. */
export class ScryptWorker implements Deriver {
  private worker: Worker | undefined;
  private info: Promise<WorkerThreadInfo> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  derive(job: DeriveJob): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('password worker closed'));
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Keeps the process alive while a check is under way, not while idle.
      worker.ref();
      worker.postMessage({ id, password: job.password, salt: job.salt, length: job.length, options: job.options });
    });
  }

  /** The running thread's id and niceness (starts the thread if needed). */
  threadInfo(): Promise<WorkerThreadInfo> {
    if (!this.worker) this.start();
    return this.info!;
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.stopped(worker, new Error('password worker closed'));
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(SCRIPT, { eval: true });
    worker.unref();
    this.worker = worker;
    this.info = new Promise((resolve) => {
      worker.on('message', (m: WorkerMessage) => {
        if (m.kind === 'ready') return resolve({ tid: m.tid, nice: m.nice });
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (this.pending.size === 0) worker.unref();
        if (!p) return;
        if (m.kind === 'done') p.resolve(Buffer.from(m.key.buffer, m.key.byteOffset, m.key.byteLength));
        else p.reject(new Error(m.message));
      });
      worker.on('exit', () => resolve({ tid: null, nice: null }));
    });
    worker.on('error', (err) => this.stopped(worker, err));
    worker.on('exit', () => this.stopped(worker, new Error('password worker exited')));
    return worker;
  }

  /** The thread is gone: its checks fail (a false verify), and the next job starts a new one. */
  private stopped(worker: Worker | undefined, err: Error): void {
    if (!worker || worker !== this.worker) return;
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
