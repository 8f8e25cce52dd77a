// Writes the sign-in log in batches: a token request costs an array push, not a database round
// trip (one INSERT per batch, every half second or every 500 entries). Entries not yet written
// are still found by id, so /error?trace_id= works the moment a refusal is answered.

import type { SignInLogEntry, SignInLogStore } from '../core/ports.js';

export interface SignInRecorder {
  record(entry: SignInLogEntry): void;
  get(id: string): Promise<SignInLogEntry | undefined>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function signInRecorder(
  store: SignInLogStore,
  options: { flushMs?: number; maxBatch?: number; maxPending?: number; onError?: (err: unknown) => void } = {},
): SignInRecorder {
  const flushMs = options.flushMs ?? 500;
  const maxBatch = options.maxBatch ?? 500;
  // Bounded: if the database stops accepting writes, the oldest unwritten entries are dropped
  // rather than memory growing without limit.
  const maxPending = options.maxPending ?? 50_000;
  let pending: SignInLogEntry[] = [];
  let writing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return writing;
    const batch = pending;
    pending = [];
    writing = writing.then(async () => {
      for (let i = 0; i < batch.length; i += maxBatch) {
        try {
          await store.insertMany(batch.slice(i, i + maxBatch));
        } catch (err) {
          options.onError?.(err);
        }
      }
    });
    return writing;
  };

  return {
    record(entry) {
      pending.push(entry);
      if (pending.length > maxPending) pending.splice(0, pending.length - maxPending);
      if (pending.length >= maxBatch) void flush();
      else if (!timer) {
        timer = setTimeout(() => void flush(), flushMs);
        timer.unref();
      }
    },
    async get(id) {
      const key = id.toLowerCase();
      const unwritten = pending.find((e) => e.id.toLowerCase() === key);
      if (unwritten) return unwritten;
      await writing;
      return store.get(key);
    },
    flush,
    close: flush,
  };
}
