import { describe, expect, it } from 'vitest';
import {
  expiredKeyRows,
  retirementDecision,
  rotationDueAt,
  signingKeyRetentionMs,
  signingKeyStates,
  type KeySchedule,
  type SigningKeyState,
} from '../../src/core/signing-key-states.js';

// Hours from an arbitrary origin keep the rows readable: key(kid, generation, activates, retired?).
const ORIGIN = Date.parse('2026-01-01T00:00:00.000Z');
const H = 3_600_000;
const at = (hours: number) => new Date(ORIGIN + hours * H).toISOString();
const key = (kid: string, generation: number, activates: number, retired: number | null = null): KeySchedule => ({
  kid,
  generation,
  activatesAt: at(activates),
  retiredAt: retired === null ? null : at(retired),
});
/** Retention of 24 h (the longest token) + 5 min would make the rows unreadable: 10 h here. */
const RETENTION = 10 * H;

type Row = [name: string, keys: KeySchedule[], now: number, states: Record<string, SigningKeyState>, window: [since: number, until: number]];

const INF = Number.POSITIVE_INFINITY;
const ROWS: Row[] = [
  ['one key, activated: it signs', [key('A', 1, 0)], 5, { A: 'current' }, [0, INF]],
  ['at its activation instant exactly it signs', [key('A', 1, 0), key('B', 2, 5)], 5, { A: 'previous', B: 'current' }, [5, 15]],
  ['a rotated key is published before it signs', [key('A', 1, 0), key('B', 2, 6)], 5, { A: 'current', B: 'next' }, [0, 6]],
  ['after its activation the old key is previous', [key('A', 1, 0), key('B', 2, 6)], 8, { A: 'previous', B: 'current' }, [6, 16]],
  ['the previous key is retired once retention has passed since it was superseded', [key('A', 1, 0), key('B', 2, 6)], 16, { A: 'retired', B: 'current' }, [16, INF]],
  ['explicit retirement of a previous key unpublishes it at once (the window may end early: harmless)', [key('A', 1, 0, 7), key('B', 2, 6)], 7, { A: 'retired', B: 'current' }, [7, 16]],
  ['a retirement scheduled later leaves it published until then', [key('A', 1, 0, 9), key('B', 2, 6)], 8, { A: 'previous', B: 'current' }, [6, 9]],
  ['three keys: the latest activated one signs; both older ones within retention stay', [key('A', 1, 0), key('B', 2, 4), key('C', 3, 8)], 9, { A: 'previous', B: 'previous', C: 'current' }, [8, 14]],
  ['retention counts from each key\'s own successor', [key('A', 1, 0), key('B', 2, 4), key('C', 3, 8)], 14, { A: 'retired', B: 'previous', C: 'current' }, [14, 18]],
  ['no key activated yet (clock behind the key\'s stamp): the earliest next key signs', [key('A', 1, 3), key('B', 2, 6)], 1, { A: 'current', B: 'next' }, [-INF, 3]],
  ['current key retired with a next key published: the next key takes over early', [key('A', 1, 0, 5), key('B', 2, 6)], 5, { A: 'retired', B: 'current' }, [5, 6]],
  ['current key retired, no other key: nothing signs', [key('A', 1, 0, 5)], 5, { A: 'retired' }, [5, INF]],
  ['retiring the current key never brings back the key before it', [key('A', 1, 0), key('B', 2, 4, 6), key('C', 3, 9)], 7, { A: 'previous', B: 'retired', C: 'current' }, [6, 9]],
  ['a key retired before it activated never signs: the key before keeps signing', [key('A', 1, 0), key('B', 2, 4, 3)], 5, { A: 'current', B: 'retired' }, [4, INF]],
  ['…and stays a next key until its retirement', [key('A', 1, 0), key('B', 2, 4, 3)], 2, { A: 'current', B: 'next' }, [0, 3]],
  ['rotate --now while a rotated key waits: the immediate key signs, then the waiting one', [key('A', 1, 0), key('B', 2, 6), key('C', 3, 2)], 3, { A: 'previous', B: 'next', C: 'current' }, [2, 6]],
  ['…and the waiting one takes over at its own activation', [key('A', 1, 0), key('B', 2, 6), key('C', 3, 2)], 7, { A: 'previous', B: 'current', C: 'previous' }, [6, 12]],
  ['two keys activating at the same instant: the later generation signs', [key('A', 1, 0), key('B', 2, 4), key('C', 3, 4)], 5, { A: 'previous', B: 'previous', C: 'current' }, [4, 14]],
  ['input order does not matter', [key('C', 3, 8), key('A', 1, 0), key('B', 2, 4)], 9, { A: 'previous', B: 'previous', C: 'current' }, [8, 14]],
  ['no keys: nothing signs', [], 0, {}, [-INF, INF]],
];

describe('signingKeyStates', () => {
  it.each(ROWS)('%s', (_name, keys, now, expected, [since, until]) => {
    const result = signingKeyStates(keys, ORIGIN + now * H, RETENTION);
    expect(Object.fromEntries(result.keys.map((k) => [k.kid, k.state]))).toEqual(expected);
    expect(result.current).toBe(Object.entries(expected).find(([, s]) => s === 'current')?.[0]);
    expect(result.keys.map((k) => k.kid)).toEqual(keys.map((k) => k.kid));
    expect([result.since, result.until]).toEqual([since === -INF ? since : ORIGIN + since * H, until === INF ? until : ORIGIN + until * H]);
  });

  it('the window holds: every instant inside it has the same states', () => {
    const keys = [key('A', 1, 0), key('B', 2, 4, 20), key('C', 3, 8)];
    for (let now = -2; now <= 30; now += 0.5) {
      const here = signingKeyStates(keys, ORIGIN + now * H, RETENTION);
      for (const t of [here.since, here.until - 1]) {
        if (!Number.isFinite(t)) continue;
        expect(signingKeyStates(keys, t, RETENTION).keys).toEqual(here.keys);
      }
    }
  });

  it('says when each key stops signing and leaves the JWKS', () => {
    const result = signingKeyStates([key('A', 1, 0), key('B', 2, 4, 6), key('C', 3, 8)], ORIGIN + 9 * H, RETENTION);
    expect(result.keys).toEqual([
      { kid: 'A', state: 'previous', supersededAt: ORIGIN + 4 * H, retiresAt: ORIGIN + 14 * H },
      { kid: 'B', state: 'retired', supersededAt: ORIGIN + 8 * H, retiresAt: ORIGIN + 6 * H },
      { kid: 'C', state: 'current', supersededAt: null, retiresAt: null },
    ]);
  });
});

describe('retirementDecision', () => {
  const rows: Array<[string, KeySchedule[], string, number, ReturnType<typeof retirementDecision>['ok'], string | undefined]> = [
    ['a previous key: yes', [key('A', 1, 0), key('B', 2, 4)], 'A', 5, true, undefined],
    ['a next key: yes', [key('A', 1, 0), key('B', 2, 6)], 'B', 5, true, undefined],
    ['the current key with a next key published: yes, the next key takes over', [key('A', 1, 0), key('B', 2, 6)], 'A', 5, true, 'B'],
    ['the current key alone: no', [key('A', 1, 0)], 'A', 5, false, 'no-successor'],
    ['the current key with only a previous key: no (a superseded key never signs again)', [key('A', 1, 0), key('B', 2, 4)], 'B', 5, false, 'no-successor'],
    ['an unknown kid', [key('A', 1, 0)], 'Z', 5, false, 'unknown'],
    ['an explicitly retired key', [key('A', 1, 0, 2), key('B', 2, 1)], 'A', 5, false, 'already-retired'],
    ['a key past its retention', [key('A', 1, 0), key('B', 2, 1)], 'A', 12, false, 'already-retired'],
  ];
  it.each(rows)('%s', (_name, keys, kid, now, ok, detail) => {
    const decision = retirementDecision(keys, kid, ORIGIN + now * H, RETENTION);
    expect(decision.ok).toBe(ok);
    if (decision.ok) expect(decision.takesOver).toBe(detail);
    else expect(decision.reason).toBe(detail);
  });

  it('the refusal says what to do', () => {
    const decision = retirementDecision([key('A', 1, 0)], 'A', ORIGIN, RETENTION);
    expect(decision).toMatchObject({ ok: false, message: expect.stringContaining('entrada keys rotate --now') });
  });
});

describe('rotationDueAt', () => {
  const due = (keys: KeySchedule[], now: number, interval: number | null) => {
    const dueAt = rotationDueAt(keys, signingKeyStates(keys, ORIGIN + now * H, RETENTION), interval === null ? null : interval * H);
    return dueAt === undefined ? undefined : (dueAt - ORIGIN) / H;
  };
  it.each([
    ['off', [key('A', 1, 0)], 5, null, undefined],
    ['the current key\'s activation + interval', [key('A', 1, 0)], 5, 24, 24],
    ['counted from the current key, not the first', [key('A', 1, 0), key('B', 2, 10)], 12, 24, 34],
    ['not while a next key waits', [key('A', 1, 0), key('B', 2, 30)], 25, 24, undefined],
    ['not without a current key', [key('A', 1, 0, 1)], 5, 24, undefined],
  ] as Array<[string, KeySchedule[], number, number | null, number | undefined]>)('%s', (_name, keys, now, interval, expected) => {
    expect(due(keys, now, interval)).toBe(expected);
  });
});

describe('signingKeyRetentionMs', () => {
  it('is the longest lifetime plus five minutes of skew', () => {
    expect(signingKeyRetentionMs(86_400)).toBe(86_400_000 + 300_000);
  });
});

describe('expiredKeyRows', () => {
  const KEPT = 48 * H;
  it.each([
    ['none while every key is published', [key('A', 1, 0), key('B', 2, 4)], 10, []],
    ['a key retired by retention, once kept long enough after it left the JWKS', [key('A', 1, 0), key('B', 2, 4)], 14 + 48, ['A']],
    ['…not before', [key('A', 1, 0), key('B', 2, 4)], 14 + 47, []],
    ['an explicitly retired key, counted from its retirement', [key('A', 1, 0, 6), key('B', 2, 4)], 6 + 48, ['A']],
    ['never the current key, however old', [key('A', 1, 0)], 1000, []],
  ] as Array<[string, KeySchedule[], number, string[]]>)('%s', (_name, keys, now, expected) => {
    expect(expiredKeyRows(keys, ORIGIN + now * H, RETENTION, KEPT)).toEqual(expected);
  });
});
