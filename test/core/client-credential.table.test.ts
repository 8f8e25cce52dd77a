import { describe, expect, it } from 'vitest';
import type { PasswordCredential } from '../../src/core/model.js';
import { IdpError } from '../../src/core/errors/idp-error.js';
import { checkClientSecret, presentedCredential } from '../../src/core/policy/client-credential.js';

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
    checkClientSecret('current-secret-value', [current, expired, future], NOW, (v, s) => {
      calls++;
      return verify(v, s);
    });
    expect(calls).toBe(3);
  });
});

describe('which credential a request presents (RFC 6749 §2.3)', () => {
  const A = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
  const basic = { clientId: 'app', secret: 's3' };
  it.each<[string, Record<string, string>, typeof basic | undefined, string | number]>([
    ['nothing', { client_id: 'app' }, undefined, 'none'],
    ['empty secret counts as none', { client_id: 'app', client_secret: '' }, undefined, 'none'],
    ['body secret', { client_id: 'app', client_secret: 's' }, undefined, 'secret'],
    ['HTTP Basic, no body client_id', {}, basic, 'secret'],
    ['HTTP Basic with the same body client_id (any case)', { client_id: 'APP' }, basic, 'secret'],
    ['assertion', { client_id: 'app', client_assertion: 'a.b.c', client_assertion_type: A }, undefined, 'assertion'],
    ['Basic and body secret', { client_id: 'app', client_secret: 's' }, basic, 9002313],
    ['secret and assertion', { client_id: 'app', client_secret: 's', client_assertion: 'a.b.c', client_assertion_type: A }, undefined, 9002313],
    ['Basic client_id differs from the body', { client_id: 'other' }, basic, 9002313],
    ['assertion without its type', { client_assertion: 'a.b.c' }, undefined, 900144],
    ['assertion of another type', { client_assertion: 'a.b.c', client_assertion_type: 'urn:x' }, undefined, 9002313],
  ])('%s', (_n, params, b, expected) => {
    try {
      const { clientId, credential } = presentedCredential(params, b);
      expect(credential.kind).toBe(expected);
      expect(clientId?.toLowerCase()).toBe('app');
    } catch (e) {
      expect(e).toBeInstanceOf(IdpError);
      expect(Number((e as IdpError).code)).toBe(expected);
    }
  });
});
