// The sign-in log's database writes on a thread of their own (issue 16). On SQLite (better-sqlite3,
// synchronous) a batch insert ran on the event loop: at two cores, where the event loop is what
// limits token issuance, the log cost 13% of client-credentials throughput. Here the event loop only
// turns each entry into its row (values in column order) and posts the batch; the thread inserts
// it with its own connection and answers which rows it could not store.
//
// The thread's code is an inline script (node: built-ins, and the drivers loaded by absolute path),
// so it runs the same under tsx, vitest and compiled output, as crypto/password-worker.ts does. The
// SQL and the row shape come from repositories/sign-in-log.ts, so both paths store the same rows.
//
// SQLite: the thread's connection takes the write lock for one batch at a time (WAL; a batch of 500
// rows holds it ~3 ms). A token request that writes meanwhile (a refresh token, a spent code) waits
// in better-sqlite3's busy handler, blocking its event loop for a millisecond or two; the log's
// rows are appended at the end of their indexes (migration 0011), which keeps batches that short.

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SignInLogEntry, SignInLogWriteResult } from '../core/ports.js';
import { COLUMNS, POSTGRES_INSERT, reasonOf, SQLITE_INSERT, signInLogValues } from '../storage/repositories/sign-in-log.js';

/** Where the thread writes: a SQLite file or a PostgreSQL URL (storage/open.ts sharedDatabase). */
export type WriterTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export interface SignInLogWriter {
  insertMany(entries: SignInLogEntry[]): Promise<SignInLogWriteResult>;
  close(): Promise<void>;
}

/** How long a SQLite writer waits for the lock (as storage/dialects/sqlite.ts). */
const BUSY_TIMEOUT_MS = 5_000;

const SCRIPT = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { target, driver, sqliteInsert, postgresInsert, columns, busyTimeoutMs } = workerData;
let insertBatch;
let close;
if (target.kind === 'sqlite') {
  const Database = require(driver);
  const db = new Database(target.file);
  db.pragma('busy_timeout = ' + busyTimeoutMs);
  db.pragma('synchronous = NORMAL');
  const insert = db.prepare(sqliteInsert);
  // A failed statement in SQLite undoes that statement only: a bad row is skipped in place.
  const batch = db.transaction((rows) => {
    const dropped = [];
    for (let i = 0; i < rows.length; i++) {
      try {
        insert.run(rows[i]);
      } catch (err) {
        dropped.push({ index: i, reason: String(err && err.message) });
      }
    }
    return dropped;
  });
  insertBatch = async (rows) => batch(rows);
  close = async () => db.close();
} else {
  const pg = require(driver);
  const pool = new pg.Pool({ connectionString: target.url, max: 1 });
  pool.on('error', () => {});
  const arrays = (rows) => columns.map((_, c) => rows.map((r) => r[c]));
  insertBatch = async (rows) => {
    try {
      await pool.query(postgresInsert, arrays(rows));
      return [];
    } catch {
      // One statement for the batch: a row PostgreSQL refuses fails them all. Row by row, only it is lost.
      const dropped = [];
      for (let i = 0; i < rows.length; i++) {
        try {
          await pool.query(postgresInsert, arrays([rows[i]]));
        } catch (err) {
          dropped.push({ index: i, reason: String(err && err.message) });
        }
      }
      return dropped;
    }
  };
  close = () => pool.end();
}
parentPort.on('message', async (m) => {
  if (m.kind === 'close') {
    await close().catch(() => {});
    parentPort.postMessage({ kind: 'closed' });
    return;
  }
  try {
    parentPort.postMessage({ kind: 'written', id: m.id, dropped: await insertBatch(m.rows) });
  } catch (err) {
    parentPort.postMessage({ kind: 'failed', id: m.id, message: String(err && err.message) });
  }
});
`;

type ThreadMessage =
  | { kind: 'written'; id: number; dropped: Array<{ index: number; reason: string }> }
  | { kind: 'failed'; id: number; message: string }
  | { kind: 'closed' };

interface Pending {
  ids: string[];
  dropped: SignInLogWriteResult['dropped'];
  resolve(result: SignInLogWriteResult): void;
  reject(err: Error): void;
}

/** A writer thread, started with the first batch and again after it dies. */
export function signInLogWriterThread(target: WriterTarget): SignInLogWriter {
  const require = createRequire(import.meta.url);
  const driver = require.resolve(target.kind === 'sqlite' ? 'better-sqlite3' : 'pg');
  const pending = new Map<number, Pending>();
  let worker: Worker | undefined;
  let nextId = 1;

  const stopped = (w: Worker, err: Error) => {
    if (worker !== w) return;
    worker = undefined;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  const start = (): Worker => {
    const w = new Worker(SCRIPT, {
      eval: true,
      workerData: { target, driver, sqliteInsert: SQLITE_INSERT, postgresInsert: POSTGRES_INSERT, columns: COLUMNS, busyTimeoutMs: BUSY_TIMEOUT_MS },
    });
    // Idle, it never keeps the process alive; a batch under way does (ref below).
    w.unref();
    w.on('message', (m: ThreadMessage) => {
      if (m.kind === 'closed') return;
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      if (!p) return;
      if (m.kind === 'failed') return p.reject(new Error(m.message));
      const dropped = [...p.dropped, ...m.dropped.map((d) => ({ id: p.ids[d.index] ?? '?', reason: reasonOf(d.reason) }))];
      p.resolve({ dropped });
    });
    w.on('error', (err) => stopped(w, err));
    w.on('exit', () => stopped(w, new Error('sign-in log writer thread exited')));
    worker = w;
    return w;
  };

  return {
    insertMany(entries) {
      const ids: string[] = [];
      const rows: Array<Array<string | number | null>> = [];
      const dropped: SignInLogWriteResult['dropped'] = [];
      for (const e of entries) {
        try {
          rows.push(signInLogValues(e));
          ids.push(String(e.id).toLowerCase());
        } catch (err) {
          dropped.push({ id: String(e.id), reason: reasonOf(err) });
        }
      }
      if (rows.length === 0) return Promise.resolve({ dropped });
      const w = worker ?? start();
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { ids, dropped, resolve, reject });
        w.ref();
        w.postMessage({ kind: 'insert', id, rows });
      });
    },
    async close() {
      const w = worker;
      if (!w) return;
      worker = undefined;
      // Batches still under way finish first: the recorder's close() awaited them already.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2_000);
        w.once('message', (m: ThreadMessage) => {
          if (m.kind === 'closed') {
            clearTimeout(timer);
            resolve();
          }
        });
        w.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        w.postMessage({ kind: 'close' });
      });
      await w.terminate();
    },
  };
}
