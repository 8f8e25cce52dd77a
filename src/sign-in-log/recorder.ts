// Writes the sign-in log in batches: a token request costs an array push, not a database round
// trip (one INSERT per batch, every FLUSH_MS or every 500 entries). Entries not yet written
// are still found by id, so /error?trace_id= works the moment a refusal is answered.
//
// What can be lost: entries still queued when the process dies without closing (kill -9, power
// loss), at most the last FLUSH_MS; close() (SIGTERM, SIGINT) writes them first. A row the database
// refuses is dropped alone, counted, and reported through onError (issue #9, finding 2). While the
// database does not answer, new entries past maxPending held in memory are dropped and counted.

import type { SignInLogEntry, SignInLogStore } from '../core/ports.js';
import { loggableEntry } from '../core/sign-in-log-limits.js';
import { keyedFingerprint, newFingerprintKey } from '../crypto/log-fingerprint.js';

/**
 * How long an entry may wait to be written. Under load batches fill to 500 long before this, so
 * the interval only decides how much a kill -9 loses when traffic is light, at the price of one
 * small transaction per interval [Entrada's choice: 0.1 s, was 0.5 s].
 */
const FLUSH_MS = 100;

export interface SignInRecorder {
  record(entry: SignInLogEntry): void;
  get(id: string): Promise<SignInLogEntry | undefined>;
  flush(): Promise<void>;
  close(): Promise<void>;
  /** The keyed 8-hex-digit fingerprint the log shows for a client secret (crypto/log-fingerprint.ts). */
  fingerprint(secret: string): string;
  /** Entries lost since start: refused by the database, or not queued because the queue was full. */
  dropped(): number;
  /** Entries held in memory, not yet written: queued, or handed to a write that has not finished. */
  held(): number;
}

interface SignInRecorderOptions {
  flushMs?: number;
  maxBatch?: number;
  maxPending?: number;
  /** Keep at most this many entries (ENTRADA_SIGNIN_LOG_MAX_ROWS); undefined = no cap. */
  maxRows?: number;
  /** Prune to maxRows after this many entries written (default: a tenth of maxRows, 1,000–50,000). */
  pruneEvery?: number;
  /**
   * What writes the batches: default the store itself, on this thread; `entrada start` passes a
   * writer thread (writer-thread.ts) so the inserts leave the event loop. Closed by close().
   */
  writer?: { insertMany: SignInLogStore['insertMany']; close?(): Promise<void> };
  /** The per-installation fingerprint key; default: a random one for this process. */
  fingerprintKey?: string;
  onError?: (err: unknown) => void;
}

export function signInRecorder(store: SignInLogStore, options: SignInRecorderOptions = {}): SignInRecorder {
  const flushMs = options.flushMs ?? FLUSH_MS;
  const maxBatch = options.maxBatch ?? 500;
  // Bounded: if the database stops answering, new entries are dropped once this many are held
  // (queued or handed to a write still under way), rather than memory growing without limit (each
  // entry is bounded too: loggableEntry).
  const maxPending = options.maxPending ?? 50_000;
  const maxRows = options.maxRows;
  const pruneEvery = options.pruneEvery ?? (maxRows === undefined ? Infinity : Math.min(50_000, Math.max(1_000, Math.floor(maxRows / 10))));
  const fingerprint = keyedFingerprint(options.fingerprintKey ?? newFingerprintKey());
  let pending: SignInLogEntry[] = [];
  // Batches handed to the write chain and not yet finished: they count against maxPending, since
  // record() flushes every maxBatch entries and `pending` alone never grows while writes stall; and
  // get() finds their entries here without waiting for the chain.
  const writingBatches = new Set<SignInLogEntry[]>();
  let handed = 0;
  let writing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let dropped = 0;
  let sincePrune = 0;

  const report = (err: unknown) => options.onError?.(err);
  const writer = options.writer ?? store;

  const write = async (batch: SignInLogEntry[]) => {
    try {
      const result = await writer.insertMany(batch);
      if (result.dropped.length > 0) {
        dropped += result.dropped.length;
        const ids = result.dropped.slice(0, 5).map((d) => d.id).join(', ');
        const more = result.dropped.length > 5 ? ', …' : '';
        report(new Error(`${result.dropped.length} of ${batch.length} entries could not be stored and were dropped (trace ${ids}${more}): ${result.dropped[0].reason}`));
      }
    } catch (err) {
      dropped += batch.length;
      report(err);
    }
    sincePrune += batch.length;
    if (maxRows !== undefined && sincePrune >= pruneEvery) {
      sincePrune = 0;
      await store.deleteBeyond(maxRows).catch(report);
    }
  };

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return writing;
    const batch = pending;
    pending = [];
    writingBatches.add(batch);
    handed += batch.length;
    writing = writing.then(async () => {
      try {
        for (let i = 0; i < batch.length; i += maxBatch) await write(batch.slice(i, i + maxBatch));
      } finally {
        writingBatches.delete(batch);
        handed -= batch.length;
      }
    });
    return writing;
  };

  return {
    record(entry) {
      // The newest are dropped, not the oldest: the held ones may already sit in a stalled write.
      if (pending.length + handed >= maxPending) {
        dropped += 1;
        return;
      }
      pending.push(loggableEntry(entry));
      if (pending.length >= maxBatch) void flush();
      else if (!timer) {
        timer = setTimeout(() => void flush(), flushMs);
        timer.unref();
      }
    },
    async get(id) {
      const key = id.toLowerCase();
      const match = (e: SignInLogEntry) => e.id.toLowerCase() === key;
      // Held entries are looked up in memory (a write under way may never finish if the database
      // stalls); one not held is written already, or was never recorded or was dropped.
      const unwritten = pending.find(match) ?? [...writingBatches].map((b) => b.find(match)).find((e) => e !== undefined);
      if (unwritten) return unwritten;
      return store.get(key);
    },
    flush,
    async close() {
      await flush();
      await options.writer?.close?.();
    },
    fingerprint,
    dropped: () => dropped,
    held: () => pending.length + handed,
  };
}
