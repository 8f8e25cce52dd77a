import { describe, expect, it } from 'vitest';
import { pooledRandomness } from '../../src/crypto/randomness.js';

describe('pooled randomness', () => {
  it('gives distinct url-safe tokens of the asked size across pool refills', () => {
    const r = pooledRandomness();
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const t = r.token(48); // 2000 × 48 bytes spans many 8 KiB refills
      expect(t).toMatch(/^[A-Za-z0-9_-]{64}$/);
      seen.add(t);
    }
    expect(seen.size).toBe(2000);
    expect(r.token(20000)).toHaveLength(Math.ceil((20000 * 4) / 3));
    expect(r.uuid()).toMatch(/^[0-9a-f-]{36}$/);
  });
});
