// The password hasher (src/crypto/password-hasher.ts): its bounded FIFO queue, tested with fake
// workers that finish when the test says so, and the real low-priority scrypt worker thread.

import { existsSync, readFileSync } from 'node:fs';
import { scryptSync } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdpError } from '../../src/core/errors/idp-error.js';
import { hashPassword } from '../../src/crypto/password-hash.js';
import { PasswordHasher } from '../../src/crypto/password-hasher.js';
import { ScryptWorker, WORKER_NICENESS, type DeriveJob, type Deriver } from '../../src/crypto/password-worker.js';

/** A cheap hash (N=2^10) in the stored format, so fake workers can compute the real key. */
function cheapHash(password: string): string {
  const salt = Buffer.from('0123456789abcdef');
  const key = scryptSync(password, salt, 32, { N: 1024, r: 8, p: 1 });
  return `scrypt$N=1024,r=8,p=1$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** A worker whose jobs wait until the test finishes them. */
class FakeWorker implements Deriver {
  readonly jobs: Array<{ job: DeriveJob; finish(): void; fail(err: Error): void }> = [];
  closed = false;
  derive(job: DeriveJob): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.jobs.push({ job, finish: () => resolve(scryptSync(job.password, job.salt, job.length, job.options)), fail: reject });
    });
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

function hasherWith(fakes: FakeWorker[], queueSize: number, deadlineMs = 60_000): PasswordHasher {
  let i = 0;
  return new PasswordHasher({ workers: fakes.length, queueSize, deadlineMs, spawn: () => fakes[i++] });
}

async function throttle(p: Promise<unknown>): Promise<IdpError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IdpError);
  return err as IdpError;
}

const stored = cheapHash('right');
let open: PasswordHasher[] = [];
afterEach(async () => {
  await Promise.all(open.map((h) => h.close()));
  open = [];
});
const track = (h: PasswordHasher) => {
  open.push(h);
  return h;
};

describe('the password queue', () => {
  it('refuses with AADSTS90055 (429, temporarily_unavailable) and a Retry-After when full', async () => {
    const worker = new FakeWorker();
    const hasher = track(hasherWith([worker], 2));
    const running = hasher.verifyPassword('right', stored);
    const queued = [hasher.verifyPassword('wrong', stored), hasher.verifyPassword('right', stored)];
    expect(hasher.queued).toBe(2);

    const err = await throttle(hasher.verifyPassword('right', stored));
    expect(err.code).toBe(90055);
    expect(err.entry.status).toBe(429);
    expect(err.oauthError).toBe('temporarily_unavailable');
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(err.description).toBe(`There are too many incoming requests. Try again in ${err.retryAfterSeconds} seconds.`);
    expect(worker.jobs).toHaveLength(1); // the refused check never reached the worker

    // The queue drains and everything admitted gets its answer.
    worker.jobs[0].finish();
    await vi.waitFor(() => expect(worker.jobs).toHaveLength(2));
    worker.jobs[1].finish();
    await vi.waitFor(() => expect(worker.jobs).toHaveLength(3));
    worker.jobs[2].finish();
    expect(await running).toBe(true);
    expect(await Promise.all(queued)).toEqual([false, true]);
  });

  it('refuses a check that waited past the deadline, without ever running it', async () => {
    const worker = new FakeWorker();
    const hasher = track(hasherWith([worker], 8, 20));
    const running = hasher.verifyPassword('right', stored);
    const err = await throttle(hasher.verifyPassword('right', stored));
    expect(err.code).toBe(90055);
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(hasher.queued).toBe(0);
    worker.jobs[0].finish();
    expect(await running).toBe(true);
    expect(worker.jobs).toHaveLength(1);
  });

  it('runs waiting checks first come, first served', async () => {
    const worker = new FakeWorker();
    const hasher = track(hasherWith([worker], 10));
    const results = ['a', 'b', 'c', 'd'].map((p) => hasher.verifyPassword(p, stored));
    for (let n = 1; n <= 4; n++) {
      await vi.waitFor(() => expect(worker.jobs).toHaveLength(n));
      worker.jobs[n - 1].finish();
    }
    await Promise.all(results);
    expect(worker.jobs.map((j) => j.job.password)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('uses every worker: with two, two checks run at once', async () => {
    const [one, two] = [new FakeWorker(), new FakeWorker()];
    const hasher = track(hasherWith([one, two], 0));
    const a = hasher.verifyPassword('right', stored);
    const b = hasher.verifyPassword('right', stored);
    expect([one.jobs.length, two.jobs.length]).toEqual([1, 1]);
    expect((await throttle(hasher.verifyPassword('right', stored))).code).toBe(90055);
    one.jobs[0].finish();
    two.jobs[0].finish();
    expect(await Promise.all([a, b])).toEqual([true, true]);
  });

  it('turns a worker failure into a false verify (not a crash), and keeps serving', async () => {
    const worker = new FakeWorker();
    const hasher = track(hasherWith([worker], 4));
    const failing = hasher.verifyPassword('right', stored);
    const next = hasher.verifyPassword('right', stored);
    worker.jobs[0].fail(new Error('worker died'));
    expect(await failing).toBe(false);
    await vi.waitFor(() => expect(worker.jobs).toHaveLength(2));
    worker.jobs[1].finish();
    expect(await next).toBe(true);
  });

  it('answers false for a malformed stored hash without queueing anything', async () => {
    const worker = new FakeWorker();
    const hasher = track(hasherWith([worker], 0));
    expect(await hasher.verifyPassword('x', 'garbage')).toBe(false);
    expect(await hasher.verifyPassword('x', 42 as unknown as string)).toBe(false);
    expect(await hasher.verifyPassword(undefined as unknown as string, stored)).toBe(false);
    expect(worker.jobs).toHaveLength(0);
  });

  it('close() stops the workers and fails waiting checks (false)', async () => {
    const worker = new FakeWorker();
    const hasher = hasherWith([worker], 4);
    void hasher.verifyPassword('right', stored);
    const waiting = hasher.verifyPassword('right', stored);
    await hasher.close();
    expect(worker.closed).toBe(true);
    expect(await waiting).toBe(false);
    expect(await hasher.verifyPassword('right', stored)).toBe(false);
  });
});

describe('the scrypt worker thread', () => {
  it('verifies real hashes (current parameters and old ones) off the threadpool', async () => {
    const hasher = track(new PasswordHasher({ workers: 1, queueSize: 4, deadlineMs: 60_000 }));
    const current = await hashPassword('Jos\u00e9');
    expect(await hasher.verifyPassword('Jose\u0301', current)).toBe(true); // NFC, like password-hash.ts
    expect(await hasher.verifyPassword('jose', current)).toBe(false);
    expect(await hasher.verifyPassword('right', stored)).toBe(true);
  });

  it.runIf(process.platform === 'linux')('runs at a lower priority (nice 10) while the rest of the process does not', async () => {
    const worker = new ScryptWorker();
    try {
      const { tid, nice } = await worker.threadInfo();
      expect(tid).toBeGreaterThan(0);
      expect(WORKER_NICENESS).toBe(10);
      expect(nice).toBe(WORKER_NICENESS);
      // The kernel's own view: field 19 of /proc/<pid>/task/<tid>/stat is the niceness.
      const niceOf = (t: number) => Number(readFileSync(`/proc/${process.pid}/task/${t}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[16]);
      expect(niceOf(tid!)).toBe(WORKER_NICENESS);
      expect(niceOf(process.pid)).toBe(0); // the main thread (tid = pid) keeps its priority
    } finally {
      await worker.close();
    }
  });

  it.runIf(process.platform === 'linux')('is terminated by close(), and a closed worker refuses work', async () => {
    const worker = new ScryptWorker();
    const { tid } = await worker.threadInfo();
    expect(existsSync(`/proc/${process.pid}/task/${tid}`)).toBe(true);
    await worker.close();
    await vi.waitFor(() => expect(existsSync(`/proc/${process.pid}/task/${tid}`)).toBe(false));
    await expect(worker.derive({ password: 'x', salt: Buffer.alloc(16), length: 32, options: { N: 1024 } })).rejects.toThrow(/closed/);
  });

  it('reports a failed derivation as a rejected job and keeps working', async () => {
    const worker = new ScryptWorker();
    try {
      await expect(worker.derive({ password: 'x', salt: Buffer.alloc(16), length: 32, options: { N: 3 } })).rejects.toThrow();
      const key = await worker.derive({ password: 'right', salt: Buffer.from('0123456789abcdef'), length: 32, options: { N: 1024, r: 8, p: 1 } });
      expect(key.toString('base64url')).toBe(stored.split('$')[3]);
    } finally {
      await worker.close();
    }
  });
});

describe('unknown users', () => {
  it('are checked against a decoy with the configured cost, queued like anyone, and never match', async () => {
    const worker = new FakeWorker();
    const hasher = track(new PasswordHasher({ workers: 1, queueSize: 0, deadlineMs: 60_000, spawn: () => worker, params: { N: 1024, r: 8, p: 1 } }));
    const unknown = hasher.verifyPassword('anything', null);
    expect(worker.jobs).toHaveLength(1);
    expect(worker.jobs[0].job.options).toMatchObject({ N: 1024, r: 8, p: 1 });
    expect((await throttle(hasher.verifyPassword('right', stored))).code).toBe(90055); // it takes the worker like a real check
    worker.jobs[0].finish();
    expect(await unknown).toBe(false);
  });
});
