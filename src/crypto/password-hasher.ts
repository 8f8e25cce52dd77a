// Password checks for the running server (the `hashes.verifyPassword` port): a bounded FIFO queue
// in front of a few low-priority worker threads (password-worker.ts), so that scrypt never runs on
// libuv's threadpool beside token signing. When the queue is full, or a check has waited past its
// deadline, the check is refused with Entra's throttling answer, AADSTS90055 (HTTP 429 and
// Retry-After on the token endpoint) [I: which code and when; see core/policy/password-queue.ts].
//
// Issue 9: 16 connections sending wrong passwords took client-credentials issuance from 711 to
// 7.5 tokens/s when scrypt shared the threadpool with signing. `npm run bench` measures it: on the
// shared 2-core dev machine (noisy: other work running) 6–7% of the tokens/s kept before this
// queue, 76–105% after, median 87% (see the bench's header).

import { timingSafeEqual } from 'node:crypto';
import { idpError, IdpError } from '../core/errors/idp-error.js';
import { admit, retryAfterSeconds } from '../core/policy/password-queue.js';
import { decoyHash, DEFAULT_PARAMS, normalizePassword, parseStoredHash, scryptOptions, type ScryptParams } from './password-hash.js';
import { ScryptWorker, type DeriveJob, type Deriver } from './password-worker.js';

interface PasswordHasherOptions {
  /** Worker threads (ENTRADA_PASSWORD_WORKERS). */
  workers: number;
  /** Checks that may wait for a worker (ENTRADA_PASSWORD_QUEUE). */
  queueSize: number;
  /** A check waiting longer than this is refused. */
  deadlineMs: number;
  /** Makes one worker; tests inject fakes. Default: a ScryptWorker thread. */
  spawn?: () => Deriver;
  /** Parameters new hashes get (ENTRADA_PASSWORD_HASH_COST): an unknown user costs that much. */
  params?: ScryptParams;
}

interface Waiting {
  job: DeriveJob;
  resolve(key: Buffer): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/** Starting estimate of one check's duration (N=2^17 measured ~0.3 s), refined as checks finish. */
const INITIAL_MS_PER_CHECK = 300;

export class PasswordHasher {
  private readonly workers: Deriver[];
  private readonly idle: Deriver[];
  private readonly waiting: Waiting[] = [];
  private msPerCheck = INITIAL_MS_PER_CHECK;
  private closed = false;
  private readonly decoy: string;

  constructor(private readonly options: PasswordHasherOptions) {
    this.decoy = decoyHash(options.params ?? DEFAULT_PARAMS);
    const spawn = options.spawn ?? (() => new ScryptWorker());
    this.workers = Array.from({ length: Math.max(1, options.workers) }, spawn);
    this.idle = [...this.workers];
  }

  /**
   * Constant-time check against a stored scrypt hash (password-hash.ts format). False for a wrong
   * password, a malformed hash, or a failed worker; null (no such user) is false after the work a
   * real check costs, queued like one. Throws IdpError 90055 when throttled.
   */
  readonly verifyPassword = async (password: string, stored: string | null): Promise<boolean> => {
    if (typeof password !== 'string' || (typeof stored !== 'string' && stored !== null)) return false;
    const parsed = parseStoredHash(stored ?? this.decoy);
    if (!parsed) return false;
    const job = { password: normalizePassword(password), salt: parsed.salt, length: parsed.key.length, options: scryptOptions(parsed.params) };
    let key: Buffer;
    try {
      key = await this.derive(job);
    } catch (err) {
      if (err instanceof IdpError) throw err;
      return false;
    }
    return key.length === parsed.key.length && timingSafeEqual(key, parsed.key) && stored !== null;
  };

  /** Checks waiting for a worker now (for tests and diagnostics). */
  get queued(): number {
    return this.waiting.length;
  }

  /** Stops the workers; waiting checks fail (false). */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) {
      clearTimeout(w.timer);
      w.reject(new Error('password hasher closed'));
    }
    await Promise.all(this.workers.map((w) => w.close()));
  }

  private derive(job: DeriveJob): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('password hasher closed'));
    const decision = admit({ idleWorkers: this.idle.length, waiting: this.waiting.length, queueSize: this.options.queueSize });
    if (decision === 'refuse') return Promise.reject(this.throttled());
    if (decision === 'start') return this.run(this.idle.pop()!, job);
    return new Promise<Buffer>((resolve, reject) => {
      const entry: Waiting = { job, resolve, reject, timer: setTimeout(() => this.expire(entry), this.options.deadlineMs).unref() };
      this.waiting.push(entry);
    });
  }

  /** Waited past the deadline: refused without ever running. */
  private expire(entry: Waiting): void {
    const at = this.waiting.indexOf(entry);
    if (at < 0) return;
    this.waiting.splice(at, 1);
    entry.reject(this.throttled());
  }

  private async run(worker: Deriver, job: DeriveJob): Promise<Buffer> {
    const started = performance.now();
    try {
      const key = await worker.derive(job);
      // A moving average of recent checks, for Retry-After.
      this.msPerCheck = 0.8 * this.msPerCheck + 0.2 * (performance.now() - started);
      return key;
    } finally {
      this.release(worker);
    }
  }

  /** The worker is free: the oldest waiting check goes next (first come, first served). */
  private release(worker: Deriver): void {
    if (this.closed) return;
    const next = this.waiting.shift();
    if (!next) {
      this.idle.push(worker);
      return;
    }
    clearTimeout(next.timer);
    this.run(worker, next.job).then(next.resolve, next.reject);
  }

  private throttled(): IdpError {
    const seconds = retryAfterSeconds({ waiting: this.waiting.length + 1, workers: this.workers.length, msPerCheck: this.msPerCheck });
    return idpError(90055, { args: { seconds: String(seconds) }, retryAfterSeconds: seconds });
  }
}
