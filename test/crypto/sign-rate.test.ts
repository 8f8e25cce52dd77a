import { describe, expect, it } from 'vitest';
import { measureSignRate } from '../../bench/sign-rate.js';

describe('measureSignRate', () => {
  it('reports a positive signatures/s figure', async () => {
    const { perSecond } = await measureSignRate({ seconds: 0.2, concurrency: 4 });
    expect(perSecond).toBeGreaterThan(0);
  });
});
