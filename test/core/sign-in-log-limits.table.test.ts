// What the sign-in log keeps of a value (issue #9, findings 2 and 5): bounded by kind with a
// visible mark, no NUL or lone surrogate, idempotent.

import { describe, expect, it } from 'vitest';
import type { SignInLogEntry } from '../../src/core/ports.js';
import { DECISION_LIMITS, LOG_FIELD_LIMITS, loggableDecision, loggableEntry, loggableText } from '../../src/core/sign-in-log-limits.js';

describe('loggableText', () => {
  const cases: Array<[string, string, number, string]> = [
    ['a short value unchanged', 'password', 128, 'password'],
    ['a value exactly at the limit unchanged', 'x'.repeat(20), 20, 'x'.repeat(20)],
    ['NUL replaced with U+FFFD', 'x\u0000y', 128, 'x\ufffdy'],
    ['every NUL replaced', '\u0000\u0000', 128, '\ufffd\ufffd'],
    ['a lone high surrogate replaced', 'a\ud83db', 128, 'a\ufffdb'],
    ['a lone low surrogate replaced', 'a\ude00b', 128, 'a\ufffdb'],
    ['a surrogate pair kept', 'a\ud83d\ude00b', 128, 'a\ud83d\ude00b'],
    ['other control characters kept (the pages escape them)', 'a\tb\u0001', 128, 'a\tb\u0001'],
    ['a long value cut with a mark giving its length', 'y'.repeat(100), 40, `${'y'.repeat(17)}…[truncated, 100 chars]`],
    ['a cut never splits a surrogate pair', `${'y'.repeat(17)}\ud83d\ude00${'z'.repeat(79)}`, 40, `${'y'.repeat(17)}…[truncated, 98 chars]`],
    ['a limit below the mark still bounds', 'y'.repeat(100), 5, '…[tru'],
    ['NUL in the kept part of a long value replaced', `\u0000${'y'.repeat(99)}`, 40, `\ufffd${'y'.repeat(16)}…[truncated, 100 chars]`],
  ];
  it.each(cases)('%s', (_what, value, max, expected) => {
    const out = loggableText(value, max);
    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(max);
    expect(loggableText(out, max)).toBe(out); // idempotent
  });

  it('a 250 KiB value costs at most the limit', () => {
    expect(loggableText('h'.repeat(256_000), 2048)).toHaveLength(2048);
  });
});

describe('loggableDecision', () => {
  const cases: Array<[string, Record<string, unknown> | null, (out: Record<string, unknown> | null) => void]> = [
    ['null stays null', null, (out) => expect(out).toBeNull()],
    ['an ordinary trace unchanged', { redirectUri: 'https://app/cb', credential: 'secret', decidedBy: { by: 'grant', grant: 'client_credentials' }, isFallbackPublicClient: null },
      (out) => expect(out).toEqual({ redirectUri: 'https://app/cb', credential: 'secret', decidedBy: { by: 'grant', grant: 'client_credentials' }, isFallbackPublicClient: null })],
    ['NUL inside nested strings replaced', { origin: 'a\u0000b', decidedBy: { registeredAs: 'x\u0000' } },
      (out) => expect(out).toEqual({ origin: 'a\ufffdb', decidedBy: { registeredAs: 'x\ufffd' } })],
    ['a long redirect URI cut to the string limit', { redirectUri: 'r'.repeat(300_000) },
      (out) => expect((out!['redirectUri'] as string).length).toBe(DECISION_LIMITS.string)],
    ['several long strings: cut harder to fit the whole', Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, 'v'.repeat(5000)])),
      (out) => {
        expect(JSON.stringify(out).length).toBeLessThanOrEqual(DECISION_LIMITS.json);
        expect(out!['k0']).toMatch(/…\[truncated, 5000 chars\]$/);
      }],
    ['too many keys: a note only', Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`k${i}`, ['v'.repeat(300), 'w'.repeat(300)]])),
      (out) => expect(out).toEqual({ truncated: `the decision trace exceeded ${DECISION_LIMITS.json} characters` })],
    ['values JSON cannot hold become storable ones', { big: 10n, inf: Number.POSITIVE_INFINITY, gone: undefined, fn: () => 1 } as Record<string, unknown>,
      (out) => expect(out).toEqual({ big: '10', inf: null, fn: null })],
  ];
  it.each(cases)('%s', (_what, decision, check) => {
    const out = loggableDecision(decision);
    check(out);
    if (out) expect(JSON.stringify(out).length).toBeLessThanOrEqual(DECISION_LIMITS.json);
    expect(loggableDecision(out)).toEqual(out); // idempotent
  });

  it('a cycle is cut at the depth limit instead of looping', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a['self'] = a;
    expect(JSON.stringify(loggableDecision(a))).toContain('nested too deep');
  });
});

describe('loggableEntry', () => {
  const base: SignInLogEntry = {
    id: '00000000-0000-4000-8000-000000000001', createdAt: '2026-11-26T10:00:00.000Z', endpoint: 'token', tenant: 't', appId: null,
    appDisplayName: null, userId: null, userPrincipalName: null, grantType: null, outcome: 'failure', errorCode: 9002313, oauthError: 'invalid_request',
    correlationId: 'c', clientAddress: '127.0.0.1', userAgent: null, decision: null, detail: null,
  };

  it('leaves an ordinary entry as it is', () => {
    const e: SignInLogEntry = { ...base, userAgent: 'node', grantType: 'password', decision: { rule: 'public-without-credential' } };
    expect(loggableEntry(e)).toEqual(e);
  });

  it('bounds and cleans every request-chosen field by kind', () => {
    const huge = `\u0000${'h'.repeat(300_000)}`;
    const out = loggableEntry({
      ...base, tenant: huge, appDisplayName: huge, userId: huge, userPrincipalName: huge, grantType: huge, oauthError: huge, correlationId: huge,
      clientAddress: huge, userAgent: huge, detail: huge, decision: { redirectUri: huge, origin: huge },
    });
    for (const [field, max] of Object.entries(LOG_FIELD_LIMITS)) {
      const v = out[field as keyof SignInLogEntry] as string;
      if (field === 'id' || field === 'appId') continue; // not set to the huge value here
      expect(v.length, field).toBe(max);
      expect(v, field).toMatch(/^\ufffdh+…\[truncated, 300001 chars\]$/);
    }
    expect(JSON.stringify(out.decision).length).toBeLessThanOrEqual(DECISION_LIMITS.json);
    expect(JSON.stringify(out)).not.toContain('\\u0000');
    expect(loggableEntry(out)).toEqual(out);
  });
});
