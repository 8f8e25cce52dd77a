// The sign-in log's writer thread (sign-in-log/writer-thread.ts) stores the same rows the store
// would, on SQLite files and PostgreSQL, drops only the rows that cannot be stored, and closes.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SignInLogEntry } from '../../src/core/ports.js';
import { signInLogWriterThread, type WriterTarget } from '../../src/sign-in-log/writer-thread.js';
import { openStorage } from '../../src/storage/open.js';
import { IN_CI, probe, schemaFactory } from '../support/postgres.js';

function entry(n: number, over: Partial<SignInLogEntry> = {}): SignInLogEntry {
  return {
    id: `01a23c17-9c95-7d58-a8c2-${String(n).padStart(12, '0')}`, createdAt: new Date(Date.UTC(2026, 11, 3, 10, 0, n)).toISOString(), endpoint: 'token',
    tenant: '8eaef023-2b34-4da1-9baa-8bc8c9d6a490', appId: 'e7ada000-0000-4000-8000-000000000002', appDisplayName: 'Demo Daemon', userId: null,
    userPrincipalName: null, grantType: 'client_credentials', outcome: n % 2 ? 'failure' : 'success', errorCode: n % 2 ? 7000215 : null,
    oauthError: n % 2 ? 'invalid_client' : null, correlationId: `c-${n}`, clientAddress: '127.0.0.1', userAgent: 'ua',
    decision: { credential: 'secret', decidedBy: { by: 'grant', grant: 'client_credentials' } }, detail: null, ...over,
  };
}

async function writeAndRead(target: WriterTarget, url: string | undefined, home: string) {
  const storage = await openStorage({ url, home });
  const writer = signInLogWriterThread(target);
  try {
    const batch = Array.from({ length: 600 }, (_, i) => entry(i));
    // A NUL is made storable (U+FFFD) before it leaves the event loop; an entry whose instant does
    // not parse cannot become a row at all and is dropped alone.
    batch.push(entry(900, { userAgent: 'a\u0000b' }), entry(901, { createdAt: 'not a time' }));
    const result = await writer.insertMany(batch);
    expect(result.dropped.map((d) => d.id)).toEqual([entry(901).id]);
    // A repeated trace id is ignored, not a failed batch.
    expect((await writer.insertMany([entry(5)])).dropped).toEqual([]);
    const all = await storage.signInLog.list({ limit: 1000 });
    expect(all).toHaveLength(601);
    expect(await storage.signInLog.get(entry(7).id)).toEqual(entry(7));
    expect((await storage.signInLog.get(entry(900).id))?.userAgent).toBe('a\ufffdb');
  } finally {
    await writer.close();
    await storage.close();
  }
}

describe('the sign-in log writer thread', () => {
  const home = mkdtempSync(join(tmpdir(), 'entrada-writer-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('stores a batch in a SQLite file through its own connection', async () => {
    await writeAndRead({ kind: 'sqlite', file: join(home, 'entrada.db') }, undefined, home);
  });

  it('stores a batch in PostgreSQL as one unnest insert', async (ctx) => {
    const unreachable = await probe();
    if (unreachable !== undefined) {
      if (IN_CI) throw new Error(`PostgreSQL unreachable in CI: ${unreachable}`);
      ctx.skip();
    }
    const schemas = schemaFactory('entrada_writer');
    try {
      const url = await schemas.fresh();
      await writeAndRead({ kind: 'postgres', url }, url, home);
    } finally {
      await schemas.dispose();
    }
  });

  it('a closed writer starts again for the next batch', async () => {
    const file = join(home, 'again.db');
    const storage = await openStorage({ url: `sqlite:${file}`, home });
    const writer = signInLogWriterThread({ kind: 'sqlite', file });
    try {
      await writer.insertMany([entry(1)]);
      await writer.close();
      await writer.insertMany([entry(2)]);
      expect(await storage.signInLog.list({ limit: 10 })).toHaveLength(2);
    } finally {
      await writer.close();
      await storage.close();
    }
  });
});
