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
    const small = cachedDirectory(reader, { ttlMs: 1000, maxEntries: 2, now: () => 0 });
    await small.findTenant('x');
    small.invalidate();
    await small.findTenant('x');
    expect(calls.filter((c) => c === 'tenant:x')).toHaveLength(2);
  });
});
