import { describe, expect, it } from 'vitest';
import type { PasswordCredential } from '../../src/core/model.js';
import { checkClientSecret } from '../../src/core/policy/client-credential.js';

// A transparent "hash" keeps the table readable; the real hash is tested in test/crypto.
const verify = (value: string, stored: string) => stored === `h(${value})`;
const cred = (keyId: string, value: string, start: string, end: string): PasswordCredential => ({
  keyId, displayName: null, hint: value.slice(0, 3), secretHash: `h(${value})`, startDateTime: start, endDateTime: end,
});
const NOW = new Date('2026-06-01T00:00:00Z');
const current = cred('11111111-1111-1111-1111-111111111111', 'current-secret-value', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
const expired = cred('22222222-2222-2222-2222-222222222222', 'expired-secret-value', '2024-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
const future = cred('33333333-3333-3333-3333-333333333333', 'future-secret-value', '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z');

describe('client secret validity (entra-protocol.md §4.1)', () => {
  it.each([
    ['current-secret-value', [current, expired], { ok: true, keyId: current.keyId }],
    ['expired-secret-value', [current, expired], { ok: false, code: 7000222, sentKeyId: false }],
    ['future-secret-value', [future], { ok: false, code: 7000215, sentKeyId: false }],
    ['wrong', [current, expired], { ok: false, code: 7000215, sentKeyId: false }],
    [current.keyId, [current], { ok: false, code: 7000215, sentKeyId: true }],
    ['anything', [], { ok: false, code: 7000215, sentKeyId: false }],
  ])('%s', (presented, creds, expected) => {
    expect(checkClientSecret(presented, creds, NOW, verify)).toEqual(expected);
  });

  it('compares against every credential (no early exit)', () => {
    let calls = 0;
    checkClientSecret('current-secret-value', [current, expired, future], NOW, (v, s) => (calls++, verify(v, s)));
    expect(calls).toBe(3);
  });
});
