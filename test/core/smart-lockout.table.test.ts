import { describe, expect, it } from 'vitest';
import {
  addressBucket,
  applyAttempt,
  chooseBucket,
  DEFAULT_SMART_LOCKOUT,
  FORGET_AFTER_MS,
  isLocked,
  lockedFor,
  lockoutSeconds,
  OVERFLOW_BUCKET,
  type LockoutAttempt,
  type LockoutBucket,
  type LockoutState,
  type LockoutVerdict,
} from '../../src/core/policy/smart-lockout.js';

const T0 = Date.parse('2027-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const iso = (seconds: number) => at(seconds).toISOString();

/** A state as the rules make it: `failures` counted, `lockouts` so far, locked until `until` (seconds after T0). */
function state(failures: number, recentWrong: string[], lockouts = 0, until: number | null = null, lastAt = 0): LockoutState {
  const quiet = until === null ? lastAt : Math.max(lastAt, until);
  return { failures, lockouts, lockedUntil: until === null ? null : iso(until), recentWrong, expiresAt: new Date(T0 + quiet * 1000 + FORGET_AFTER_MS).toISOString() };
}
const wrong = (key: string): LockoutAttempt => ({ outcome: 'wrong', passwordKey: key });
const correct: LockoutAttempt = { outcome: 'correct' };
const FIVE = { threshold: 5, durationSeconds: 60 };

describe('smart lockout: one attempt against one bucket [D: howto-password-smart-lockout, growth I]', () => {
  it.each<[string, LockoutState | null, LockoutAttempt, number, LockoutVerdict, Partial<LockoutState> | null]>([
    // what, state before, attempt, at (s), verdict, state after (null: forgotten)
    ['the first wrong password counts', null, wrong('a'), 0, 'wrong', { failures: 1, lockouts: 0, lockedUntil: null, recentWrong: ['a'] }],
    ['the right password with nothing counted', null, correct, 0, 'allow', null],
    ['the right password resets the count', state(2, ['a', 'b']), correct, 5, 'allow', null],
    ['the same wrong password again does not count', state(1, ['a']), wrong('a'), 5, 'wrong', { failures: 1, recentWrong: ['a'] }],
    ['a new wrong password counts', state(1, ['a']), wrong('b'), 5, 'wrong', { failures: 2, recentWrong: ['a', 'b'] }],
    ['three are remembered, the oldest goes', state(3, ['a', 'b', 'c']), wrong('d'), 5, 'wrong', { failures: 4, recentWrong: ['b', 'c', 'd'] }],
    ['the fourth-last is counted again', state(4, ['b', 'c', 'd']), wrong('a'), 5, 'wrong', { failures: 5, recentWrong: ['c', 'd', 'a'] }],
    ['reaching the threshold locks (this attempt is still a wrong password)', state(4, ['b', 'c', 'd']), wrong('e'), 10, 'wrong', { failures: 5, lockouts: 1, lockedUntil: iso(70) }],
    ['during a lockout the right password is refused', state(5, ['c', 'd', 'e'], 1, 70, 10), correct, 20, 'locked', { failures: 5, lockedUntil: iso(70) }],
    ['during a lockout a wrong password changes nothing', state(5, ['c', 'd', 'e'], 1, 70, 10), wrong('z'), 20, 'locked', { failures: 5, lockouts: 1, lockedUntil: iso(70) }],
    ['after the lockout the right password works and resets', state(5, ['c', 'd', 'e'], 1, 70, 10), correct, 70, 'allow', null],
    ['after the lockout one new wrong password locks again, for longer', state(5, ['c', 'd', 'e'], 1, 70, 10), wrong('f'), 80, 'wrong', { failures: 6, lockouts: 2, lockedUntil: iso(80 + 120) }],
    ['after the lockout a remembered wrong password does not lock again', state(5, ['c', 'd', 'e'], 1, 70, 10), wrong('e'), 80, 'wrong', { failures: 5, lockouts: 1, lockedUntil: iso(70) }],
    ['a bucket quiet for a day is forgotten: counting starts again', state(2, ['a', 'b'], 0, null, 0), wrong('c'), FORGET_AFTER_MS / 1000, 'wrong', { failures: 1, lockouts: 0, lockedUntil: null, recentWrong: ['c'] }],
  ])('%s', (_what, before, attempt, seconds, verdict, after) => {
    const result = applyAttempt(before, attempt, FIVE, at(seconds));
    expect(result.verdict).toBe(verdict);
    if (after === null) expect(result.state).toBeNull();
    else expect(result.state).toMatchObject(after);
  });

  it('Entra defaults: the 10th distinct wrong password locks for 60 s, the 11th attempt is refused', () => {
    let s: LockoutState | null = null;
    for (let i = 1; i <= 10; i++) {
      const r = applyAttempt(s, wrong(`p${i}`), DEFAULT_SMART_LOCKOUT, at(i));
      expect(r.verdict).toBe('wrong');
      s = r.state;
    }
    expect(s).toMatchObject({ failures: 10, lockouts: 1, lockedUntil: iso(70) });
    expect(applyAttempt(s, correct, DEFAULT_SMART_LOCKOUT, at(11)).verdict).toBe('locked');
    expect(isLocked(s, at(69))).toBe(true);
    expect(isLocked(s, at(70))).toBe(false);
  });

  it('a bucket is kept a day past its last failure or the end of its lockout, whichever is later', () => {
    const locked = applyAttempt(state(4, ['b', 'c', 'd']), wrong('e'), FIVE, at(10)).state;
    expect(locked?.expiresAt).toBe(new Date(T0 + 70_000 + FORGET_AFTER_MS).toISOString());
    const counted = applyAttempt(null, wrong('a'), FIVE, at(10)).state;
    expect(counted?.expiresAt).toBe(new Date(T0 + 10_000 + FORGET_AFTER_MS).toISOString());
  });
});

describe('lockout length grows with each lockout [I: Entra does not disclose the rate]', () => {
  it.each<[number, number, number]>([
    // configured seconds, lockout number → seconds
    [60, 1, 60],
    [60, 2, 120],
    [60, 3, 240],
    [60, 6, 1920],
    [60, 7, 3600], // capped at an hour
    [60, 100, 3600],
    [5, 1, 5],
    [7200, 1, 7200], // a configured duration above the cap is kept, never shortened
    [7200, 3, 7200],
  ])('%i s configured, lockout %i → %i s', (durationSeconds, lockout, seconds) => {
    expect(lockoutSeconds({ threshold: 10, durationSeconds }, lockout)).toBe(seconds);
  });
});

describe('client address buckets [I: per address, not familiar/unfamiliar locations]', () => {
  it.each<[string | undefined, string]>([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'], // a dual-stack socket's IPv4 peer
    ['2001:DB8::1', '2001:db8::1'],
    ['', OVERFLOW_BUCKET],
    [undefined, OVERFLOW_BUCKET],
    ['*', OVERFLOW_BUCKET],
    ['x'.repeat(65), OVERFLOW_BUCKET],
  ])('%j → %s', (address, bucket) => {
    expect(addressBucket(address)).toBe(bucket);
  });

  const live = (bucket: string): LockoutBucket => ({ bucket, state: state(1, ['a'], 0, null, 0) });
  const stale = (bucket: string): LockoutBucket => ({ bucket, state: state(1, ['a'], 0, null, -FORGET_AFTER_MS / 1000 - 1) });
  const tracked = (n: number) => Array.from({ length: n }, (_, i) => live(`10.0.0.${i}`));

  it.each<[string, string, LockoutBucket[], number, string]>([
    // what, address, tracked buckets, max addresses → bucket
    ['a first address has its own bucket', '10.1.1.1', [], 2, '10.1.1.1'],
    ['an address already tracked keeps its bucket', '10.0.0.1', tracked(2), 2, '10.0.0.1'],
    ['below the bound a new address gets its own', '10.1.1.1', tracked(1), 2, '10.1.1.1'],
    ['at the bound a new address shares the overflow bucket', '10.1.1.1', tracked(2), 2, OVERFLOW_BUCKET],
    ['the overflow bucket does not count towards the bound', '10.1.1.1', [live('10.0.0.0'), live(OVERFLOW_BUCKET)], 2, '10.1.1.1'],
    ['forgotten buckets do not count', '10.1.1.1', [stale('10.0.0.0'), stale('10.0.0.1')], 2, '10.1.1.1'],
  ])('%s', (_what, address, buckets, max, expected) => {
    expect(chooseBucket(address, buckets, at(0), max)).toBe(expected);
  });

  it('a lockout from one address does not lock another', () => {
    const locked: LockoutBucket = { bucket: '10.0.0.1', state: state(10, ['a', 'b', 'c'], 1, 60, 0) };
    expect(lockedFor('10.0.0.1', [locked], at(30))).toBe(true);
    expect(lockedFor('10.0.0.2', [locked], at(30))).toBe(false);
    expect(lockedFor('10.0.0.1', [locked], at(60))).toBe(false);
  });
});
