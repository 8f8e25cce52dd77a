import { describe, expect, it } from 'vitest';
import type { AssertionReplayStore } from '../../src/core/ports.js';
import { rememberedAssertions } from '../../src/storage/remembered-assertions.js';

/** The database's rule (repositories/assertion-jtis.ts), in memory, counting its calls. */
function fakeStore() {
  const rows = new Map<string, { hash: string; expiresAt: string }>();
  const store = {
    calls: 0,
    async consume(clientId: string, jti: string, hash: string, expiresAt: string, now: string) {
      store.calls++;
      const key = `${clientId.toLowerCase()}|${jti}`;
      const row = rows.get(key);
      if (!row || row.expiresAt < now) {
        rows.set(key, { hash, expiresAt });
        return true;
      }
      return row.hash === hash;
    },
    async deleteExpired() {
      return 0;
    },
  } satisfies AssertionReplayStore & { calls: number };
  return store;
}

const CLIENT = 'E7ADA000-0000-4000-8000-000000000002';
const T0 = '2026-12-03T10:00:00.000Z';
const T1 = '2026-12-03T10:05:00.000Z';
const EXPIRES = '2026-12-03T10:10:00.000Z';
const LATER = '2026-12-03T10:10:00.001Z';

describe('rememberedAssertions', () => {
  it('accepts an assertion it saw accepted again without asking the database, until its record expires', async () => {
    const inner = fakeStore();
    const store = rememberedAssertions(inner);
    expect(await store.consume(CLIENT, 'jti-1', 'hash-a', EXPIRES, T0)).toBe(true);
    expect(await store.consume(CLIENT.toLowerCase(), 'jti-1', 'hash-a', EXPIRES, T1)).toBe(true);
    expect(await store.consume(CLIENT, 'jti-1', 'hash-a', EXPIRES, EXPIRES)).toBe(true);
    expect(inner.calls).toBe(1);
    // Past expiry the database decides again (and lets the jti be reused).
    expect(await store.consume(CLIENT, 'jti-1', 'hash-b', '2026-12-03T10:20:00.000Z', LATER)).toBe(true);
    expect(inner.calls).toBe(2);
  });

  it('asks the database for another assertion with a remembered jti, and refuses it as the database does', async () => {
    const inner = fakeStore();
    const store = rememberedAssertions(inner);
    await store.consume(CLIENT, 'jti-1', 'hash-a', EXPIRES, T0);
    expect(await store.consume(CLIENT, 'jti-1', 'hash-b', EXPIRES, T1)).toBe(false);
    expect(inner.calls).toBe(2);
    // The refusal is not remembered in place of the accepted one.
    expect(await store.consume(CLIENT, 'jti-1', 'hash-a', EXPIRES, T1)).toBe(true);
    expect(inner.calls).toBe(2);
  });

  it('does not remember what another node recorded first: a refusal keeps asking', async () => {
    const inner = fakeStore();
    await inner.consume(CLIENT, 'jti-9', 'hash-other', EXPIRES, T0);
    const store = rememberedAssertions(inner);
    expect(await store.consume(CLIENT, 'jti-9', 'hash-mine', EXPIRES, T1)).toBe(false);
    expect(await store.consume(CLIENT, 'jti-9', 'hash-mine', EXPIRES, T1)).toBe(false);
    expect(inner.calls).toBe(3);
  });

  it('keeps at most maxEntries pairs, forgetting the oldest first', async () => {
    const inner = fakeStore();
    const store = rememberedAssertions(inner, { maxEntries: 2 });
    for (const jti of ['a', 'b', 'c']) await store.consume(CLIENT, jti, `hash-${jti}`, EXPIRES, T0);
    const before = inner.calls;
    await store.consume(CLIENT, 'c', 'hash-c', EXPIRES, T1);
    await store.consume(CLIENT, 'b', 'hash-b', EXPIRES, T1);
    expect(inner.calls).toBe(before);
    await store.consume(CLIENT, 'a', 'hash-a', EXPIRES, T1);
    expect(inner.calls).toBe(before + 1);
  });
});
