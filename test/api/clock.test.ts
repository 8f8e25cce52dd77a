import { describe, expect, it } from 'vitest';
import { testClock } from '../../src/api/clock.js';

describe('testClock', () => {
  const real = { t: Date.parse('2026-03-01T10:00:00Z') };
  const clock = testClock(() => real.t);

  it('runs with real time, shifted by advance and set, and comes back with reset', () => {
    expect(clock.now().toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(clock.advance('1h30m').toISOString()).toBe('2026-03-01T11:30:00.000Z');
    expect(clock.advance(500).toISOString()).toBe('2026-03-01T11:30:00.500Z');
    real.t += 1000; // real time goes on; the shift stays
    expect(clock.now().toISOString()).toBe('2026-03-01T11:30:01.500Z');
    expect(clock.set('2030-01-01T00:00:00Z').toISOString()).toBe('2030-01-01T00:00:00.000Z');
    real.t += 2000;
    expect(clock.now().toISOString()).toBe('2030-01-01T00:00:02.000Z');
    clock.set(new Date('2020-01-01T00:00:00Z')); // backwards too
    expect(clock.now().toISOString()).toBe('2020-01-01T00:00:00.000Z');
    clock.reset();
    expect(clock.now().getTime()).toBe(real.t);
  });

  it('refuses what it cannot read, changing nothing', () => {
    const before = clock.now().getTime();
    expect(() => clock.advance('1.5h')).toThrow(TypeError);
    expect(() => clock.advance(-1)).toThrow(/clock\.advance: -1 is not a whole number/);
    expect(() => clock.set('next tuesday')).toThrow('clock.set: "next tuesday" is not a date');
    expect(clock.now().getTime()).toBe(before);
  });
});
