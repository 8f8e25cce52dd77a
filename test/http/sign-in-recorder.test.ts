// The sign-in log writer (issue #9): entries bounded before they are queued, rows the database
// refuses dropped alone and counted, the row cap applied as it writes, keyed fingerprints, and
// close() writing what is queued.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SignInLogEntry, SignInLogStore, SignInLogWriteResult } from '../../src/core/ports.js';
import { signInRecorder } from '../../src/sign-in-log/recorder.js';

function entry(n: number, over: Partial<SignInLogEntry> = {}): SignInLogEntry {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, createdAt: new Date(Date.UTC(2026, 10, 26, 10, 0, n)).toISOString(), endpoint: 'token',
    tenant: 't', appId: null, appDisplayName: null, userId: null, userPrincipalName: null, grantType: 'password', outcome: 'success', errorCode: null,
    oauthError: null, correlationId: 'c', clientAddress: '127.0.0.1', userAgent: 'ua', decision: null, detail: null, ...over,
  };
}

/** A store in memory that refuses the trace ids it is told to. */
function fakeStore(refuse: Set<string> = new Set()) {
  const rows = new Map<string, SignInLogEntry>();
  const pruned: number[] = [];
  const store: SignInLogStore = {
    async insertMany(entries): Promise<SignInLogWriteResult> {
      const dropped: SignInLogWriteResult['dropped'] = [];
      for (const e of entries) {
        if (refuse.has(e.id)) dropped.push({ id: e.id, reason: 'refused' });
        else rows.set(e.id, e);
      }
      return { dropped };
    },
    async get(id) {
      return rows.get(id);
    },
    async list() {
      return [...rows.values()];
    },
    async deleteBefore() {
      return 0;
    },
    async deleteBeyond(keep) {
      pruned.push(keep);
      const doomed = [...rows.keys()].sort().slice(0, Math.max(0, rows.size - keep));
      for (const id of doomed) rows.delete(id);
      return doomed.length;
    },
  };
  return { store, rows, pruned };
}

describe('signInRecorder', () => {
  it('bounds an entry before queueing it: a 250 KiB user agent is never held whole', async () => {
    const { store } = fakeStore();
    const recorder = signInRecorder(store);
    recorder.record(entry(1, { userAgent: 'u'.repeat(256_000) }));
    const queued = await recorder.get(entry(1).id);
    expect(queued!.userAgent!.length).toBeLessThanOrEqual(512);
    expect(queued!.userAgent).toMatch(/…\[truncated, 256000 chars\]$/);
    await recorder.close();
  });

  it('a row the store refuses costs only itself: counted and reported without the rest', async () => {
    const bad = entry(2).id;
    const { store, rows } = fakeStore(new Set([bad]));
    const errors: string[] = [];
    const recorder = signInRecorder(store, { onError: (err) => errors.push(String(err)) });
    for (let n = 1; n <= 41; n++) recorder.record(entry(n));
    await recorder.flush();
    expect(rows.size).toBe(40);
    expect(recorder.dropped()).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`1 of 41 entries could not be stored and were dropped (trace ${bad}): refused`);
  });

  it('a batch the store rejects whole is counted as dropped', async () => {
    const { store } = fakeStore();
    store.insertMany = async () => {
      throw new Error('database gone');
    };
    const errors: unknown[] = [];
    const recorder = signInRecorder(store, { onError: (err) => errors.push(err) });
    recorder.record(entry(1));
    recorder.record(entry(2));
    await recorder.flush();
    expect(recorder.dropped()).toBe(2);
    expect(String(errors[0])).toContain('database gone');
  });

  it('holds at most maxPending entries while the database hangs, dropping and counting the rest; get() does not wait on the stalled write', async () => {
    const { store } = fakeStore();
    const handedToStore: SignInLogEntry[][] = [];
    store.insertMany = (entries) => {
      handedToStore.push(entries);
      return new Promise<SignInLogWriteResult>(() => {}); // PostgreSQL stopped answering
    };
    const recorder = signInRecorder(store, { maxBatch: 10, maxPending: 25, flushMs: 60_000 });
    for (let n = 1; n <= 1000; n++) recorder.record(entry(n));
    // Before the fix every 10 entries went into the chain as a batch and `pending` never reached
    // maxPending: 1,000 held, 0 dropped.
    expect(recorder.held()).toBeLessThanOrEqual(25);
    expect(recorder.held() + recorder.dropped()).toBe(1000);
    expect(recorder.dropped()).toBe(1000 - 25);
    await new Promise((resolve) => setImmediate(resolve));
    expect(handedToStore).toHaveLength(1); // the first batch, still under way
    // Held entries are still found, the one in the hung write included, without waiting for it.
    expect(await recorder.get(entry(1).id)).toMatchObject({ id: entry(1).id });
    expect(await recorder.get(entry(25).id)).toMatchObject({ id: entry(25).id });
    expect(await recorder.get(entry(26).id)).toBeUndefined();
  });

  it('frees its room as writes finish', async () => {
    const { store, rows } = fakeStore();
    const recorder = signInRecorder(store, { maxBatch: 10, maxPending: 25, flushMs: 60_000 });
    for (let n = 1; n <= 25; n++) recorder.record(entry(n));
    await recorder.flush();
    expect(recorder.held()).toBe(0);
    for (let n = 26; n <= 50; n++) recorder.record(entry(n));
    await recorder.flush();
    expect([rows.size, recorder.dropped()]).toEqual([50, 0]);
  });

  it('applies the row cap as it writes, every pruneEvery entries', async () => {
    const { store, rows, pruned } = fakeStore();
    const recorder = signInRecorder(store, { maxRows: 3, pruneEvery: 4, maxBatch: 2 });
    for (let n = 1; n <= 3; n++) recorder.record(entry(n));
    await recorder.flush();
    expect(pruned).toEqual([]);
    for (let n = 4; n <= 9; n++) recorder.record(entry(n));
    await recorder.flush();
    expect(pruned.length).toBeGreaterThan(0);
    expect(pruned.every((k) => k === 3)).toBe(true);
    expect(rows.size).toBeLessThanOrEqual(3 + 4);
    expect([...rows.keys()]).toContain(entry(9).id);
  });

  it('close() writes what is still queued', async () => {
    const { store, rows } = fakeStore();
    const recorder = signInRecorder(store, { flushMs: 60_000 });
    recorder.record(entry(1));
    expect(rows.size).toBe(0);
    await recorder.close();
    expect(rows.has(entry(1).id)).toBe(true);
  });

  it('fingerprints secrets with its key: 8 hex digits, stable per key, different with another key, not the bare SHA-256', () => {
    const { store } = fakeStore();
    const a = signInRecorder(store, { fingerprintKey: Buffer.alloc(32, 1).toString('base64url') });
    const a2 = signInRecorder(store, { fingerprintKey: Buffer.alloc(32, 1).toString('base64url') });
    const b = signInRecorder(store, { fingerprintKey: Buffer.alloc(32, 2).toString('base64url') });
    const secret = 'Demo~Secret.Value';
    expect(a.fingerprint(secret)).toMatch(/^[0-9a-f]{8}$/);
    expect(a.fingerprint(secret)).toBe(a2.fingerprint(secret));
    expect(a.fingerprint(secret)).not.toBe(b.fingerprint(secret));
    expect(a.fingerprint(secret)).not.toBe(a.fingerprint(`${secret}x`));
    expect(a.fingerprint(secret)).not.toBe(createHash('sha256').update(secret).digest('hex').slice(0, 8));
  });
});
