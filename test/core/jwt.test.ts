import { describe, expect, it } from 'vitest';
import { decodeJwt, isNumericDate } from '../../src/core/jwt.js';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('reading a compact JWT (RFC 7515 §7.1)', () => {
  it('splits header, claims, signing input and signature', () => {
    const jwt = decodeJwt(`${b64({ alg: 'RS256' })}.${b64({ sub: 'x' })}.c2ln`);
    expect(jwt).toMatchObject({ header: { alg: 'RS256' }, claims: { sub: 'x' }, signingInput: `${b64({ alg: 'RS256' })}.${b64({ sub: 'x' })}` });
    expect(jwt?.signature.toString()).toBe('sig');
  });
  it.each(['', 'a.b', 'a.b.c.d', `${b64([1])}.${b64({})}.x`, `${b64({})}.${b64('s')}.x`, `${b64({})}.${b64({})}.!!`, `${b64({ alg: 'none' })}.${b64({})}.`, '%%%.e30.x'])('refuses %j', (s) => {
    expect(decodeJwt(s)).toBeUndefined();
  });
  it.each<[unknown, boolean]>([[0, true], [1_800_000_000, true], [253_402_300_799, true], [1e13, false], [-1, false], [NaN, false], ['1', false]])(
    'isNumericDate(%j) = %s', (v, ok) => expect(isNumericDate(v)).toBe(ok));
});
