import { describe, expect, it } from 'vitest';
import type { DirectoryReader } from '../../src/core/ports.js';
import { cachedDirectory } from '../../src/storage/cached-directory.js';

function countingReader() {
  const calls: string[] = [];
  let fail = false;
  const reader = {
    findTenant: async (s: string) => {
      calls.push(`tenant:${s}`);
      if (fail) throw new Error('db down');
      return s === 'known' ? { id: 't', displayName: 'T', domains: ['known'], federatedIdentityProviders: [] } : undefined;
    },
  } as unknown as DirectoryReader;
  return { reader, calls, setFail: (f: boolean) => (fail = f) };
}

describe('cached directory', () => {
  it('serves repeated reads from memory within the TTL, then asks again', async () => {
    let t = 0;
    const { reader, calls } = countingReader();
    const cached = cachedDirectory(reader, { ttlMs: 1000, now: () => t });
    await cached.findTenant('KNOWN');
    await cached.findTenant('known');
    expect(calls).toEqual(['tenant:known']);
    t = 1001;
    expect(await cached.findTenant('known')).toMatchObject({ id: 't' });
    expect(calls).toHaveLength(2);
  });

  it('caches misses too, but never failures', async () => {
    const { reader, calls, setFail } = countingReader();
    const cached = cachedDirectory(reader, { ttlMs: 1000, now: () => 0 });
    expect(await cached.findTenant('nope')).toBeUndefined();
    await cached.findTenant('nope');
    expect(calls).toHaveLength(1);
    setFail(true);
    await expect(cached.findTenant('other')).rejects.toThrow('db down');
    setFail(false);
    await cached.findTenant('other');
    expect(calls.filter((c) => c === 'tenant:other')).toHaveLength(2);
  });

  it('invalidate() and ttl 0 bypass the cache; the size is bounded', async () => {
    const { reader, calls } = countingReader();
    const off = cachedDirectory(reader, { ttlMs: 0 });
    await off.findTenant('a');
    await off.findTenant('a');
    expect(calls).toHaveLength(2);
    const small = cachedDirectory(reader, { ttlMs: 1000, now: () => 0 });
    await small.findTenant('x');
    small.invalidate();
    expect(small.stats()).toEqual({ entries: 0, bytes: 0 });
    await small.findTenant('x');
    expect(calls.filter((c) => c === 'tenant:x')).toHaveLength(2);
  });

  // Issue 9, finding 1: distinct 200 KiB user names filled a 192 MB heap through this cache.
  it('stays within its byte budget after 10,000 distinct long keys, evicting the oldest first', async () => {
    const { reader, calls } = countingReader();
    const maxBytes = 256 * 1024;
    const cached = cachedDirectory(reader, { ttlMs: 60_000, maxBytes, now: () => 0 });
    for (let i = 0; i < 10_000; i++) {
      await cached.findTenant(`${'x'.repeat(900)}-${i}`);
      expect(cached.stats().bytes).toBeLessThanOrEqual(maxBytes);
    }
    const { entries, bytes } = cached.stats();
    expect(entries).toBeGreaterThan(50);
    expect(bytes).toBeGreaterThan(maxBytes / 2);
    // The newest is still served from memory, the oldest was evicted and is read again.
    await cached.findTenant(`${'x'.repeat(900)}-9999`);
    await cached.findTenant(`${'x'.repeat(900)}-0`);
    expect(calls.filter((c) => c.endsWith('-9999'))).toHaveLength(1);
    expect(calls.filter((c) => c.endsWith('-0'))).toHaveLength(2);
  });

  it('evicts expired entries when new ones arrive', async () => {
    let t = 0;
    const { reader } = countingReader();
    const cached = cachedDirectory(reader, { ttlMs: 1000, now: () => t });
    for (let i = 0; i < 100; i++) await cached.findTenant(`old-${i}`);
    expect(cached.stats().entries).toBe(100);
    t = 1500;
    await cached.findTenant('new');
    expect(cached.stats().entries).toBe(1);
    const oneEntry = cached.stats().bytes;
    t = 1800;
    await cached.findTenant('newer');
    expect(cached.stats()).toEqual({ entries: 2, bytes: oneEntry * 2 + ('newer'.length - 'new'.length) * 2 });
  });

  it('does not cache a lookup whose key is longer than any real identifier', async () => {
    const { reader, calls } = countingReader();
    const cached = cachedDirectory(reader, { ttlMs: 1000, maxKeyChars: 1024, now: () => 0 });
    const huge = 'u'.repeat(200 * 1024);
    await cached.findTenant(huge);
    await cached.findTenant(huge);
    expect(calls).toHaveLength(2);
    expect(cached.stats()).toEqual({ entries: 0, bytes: 0 });
    await cached.findTenant('u'.repeat(1024));
    expect(cached.stats().entries).toBe(1);
  });

  it('a failed lookup leaves no bytes behind', async () => {
    const { reader, setFail } = countingReader();
    const cached = cachedDirectory(reader, { ttlMs: 1000, now: () => 0 });
    setFail(true);
    await expect(cached.findTenant('down')).rejects.toThrow('db down');
    expect(cached.stats()).toEqual({ entries: 0, bytes: 0 });
  });
});
