import { describe, expect, it } from 'vitest';
import { MAX_DURATION_MS, parseDuration } from '../../src/core/duration.js';

// [input, milliseconds, or the start of the error]
const ROWS: Array<[string | number, number | { error: string }]> = [
  ['90s', 90_000],
  ['30m', 1_800_000],
  ['2h', 7_200_000],
  ['1d', 86_400_000],
  ['250ms', 250],
  ['1h30m', 5_400_000],
  ['1d12h', 129_600_000],
  ['1m1s1ms', 61_001],
  ['0s', 0],
  [0, 0],
  [1500, 1500],
  [MAX_DURATION_MS, MAX_DURATION_MS],
  ['36500d', MAX_DURATION_MS],
  ['36501d', { error: '"36501d" is longer than 100 years' }],
  [MAX_DURATION_MS + 1, { error: `${MAX_DURATION_MS + 1} is longer than 100 years` }],
  ['', { error: '"" is not a whole number' }],
  ['2', { error: '"2" is not a whole number' }],
  ['2 h', { error: '"2 h" is not a whole number' }],
  ['1.5h', { error: '"1.5h" is not a whole number' }],
  ['-1h', { error: '"-1h" is not a whole number' }],
  ['2hours', { error: '"2hours" is not a whole number' }],
  ['2H', { error: '"2H" is not a whole number' }],
  ['30m1h', { error: `"30m1h": 'h' repeated or out of order` }],
  ['1h1h', { error: `"1h1h": 'h' repeated or out of order` }],
  ['99999999999999999999d', { error: '"99999999999999999999d" is too long' }],
  [-1, { error: '-1 is not a whole number' }],
  [1.5, { error: '1.5 is not a whole number' }],
  [Number.NaN, { error: 'NaN is not a whole number' }],
  [Number.POSITIVE_INFINITY, { error: 'Infinity is not a whole number' }],
];

describe('parseDuration', () => {
  it.each(ROWS)('%j', (input, expected) => {
    const result = parseDuration(input);
    if (typeof expected === 'number') expect(result).toEqual({ ok: true, ms: expected });
    else {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.startsWith(expected.error)).toBe(true);
    }
  });
});
