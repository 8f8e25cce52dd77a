// Certificate client assertion rules (entra-protocol.md §4.2), one row per refusal.

import { describe, expect, it } from 'vitest';
import { assertionAudiences, checkClientAssertion, entraInstant } from '../../src/core/policy/client-assertion.js';
import { verifyAssertionSignature } from '../../src/crypto/jws-verify.js';
import { clientCertificate, keyCredentialOf, msalAssertion, signJwt } from '../support/client-certificate.js';
import { ORIGIN } from '../support/wire.js';

const APP = 'aaaaaaaa-0000-4000-8000-00000000ce01';
const TENANT = '11111111-2222-3333-4444-555555555555';
const AUD = `${ORIGIN}/${TENANT}/oauth2/v2.0/token`;
const NOW = Math.floor(Date.now() / 1000);
const cert = await clientCertificate();
const other = await clientCertificate();
const key = keyCredentialOf(cert);
const audiences = assertionAudiences(ORIGIN, [TENANT, 'contoso.example']);

const check = (assertion: string, overrides: { now?: number; keys?: typeof key[]; verify?: typeof verifyAssertionSignature } = {}) =>
  checkClientAssertion(
    { assertion, clientId: APP, keyCredentials: overrides.keys ?? [key], audiences, now: new Date((overrides.now ?? NOW) * 1000) },
    overrides.verify ?? verifyAssertionSignature,
  );
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('accepted assertions', () => {
  it.each<[string, string]>([
    ['PS256 with x5t#S256 (MSAL with thumbprintSha256, @azure/identity)', msalAssertion(cert, APP, AUD, { now: NOW })],
    ['RS256 with x5t (MSAL with the SHA-1 thumbprint)', msalAssertion(cert, APP, AUD, { alg: 'RS256', now: NOW })],
    ['aud naming the tenant by domain, in another case, on the v1 endpoint', msalAssertion(cert, APP, `${ORIGIN}/CONTOSO.example/oauth2/token`, { now: NOW })],
    ['aud as a one-element array', msalAssertion(cert, APP, AUD, { now: NOW, claims: { aud: [AUD] } })],
    ['iss/sub in upper case (GUIDs compare case-insensitively)', msalAssertion(cert, APP, AUD, { now: NOW, claims: { iss: APP.toUpperCase(), sub: APP.toUpperCase() } })],
    ['x5c sent alongside (sendCertificateChain)', msalAssertion(cert, APP, AUD, { now: NOW, header: { x5c: [cert.der] } })],
    ['expired by less than the clock skew', msalAssertion(cert, APP, AUD, { now: NOW - 600 - 200 })],
  ])('%s', (_name, assertion) => {
    const v = check(assertion);
    expect(v).toMatchObject({ ok: true, keyId: key.keyId, acceptedUntil: expect.any(Date) });
  });
});

describe('refused assertions', () => {
  const rs = (h: Record<string, unknown>, c: Record<string, unknown> = {}) =>
    signJwt({ alg: 'RS256', x5t: cert.thumbprintSha1, ...h }, { aud: AUD, iss: APP, sub: APP, jti: 'j', nbf: NOW, exp: NOW + 600, ...c }, cert.privateKey);
  it.each<[string, string, number, object?]>([
    ['not a JWT', 'abc', 50027],
    ['header not JSON', `${Buffer.from('nope').toString('base64url')}.${b64({})}.x`, 50027],
    ['no alg', rs({ alg: undefined }), 50027],
    ['no thumbprint in the header', rs({ x5t: undefined }), 50027],
    ['alg HS256', rs({ alg: 'HS256' }), 700027, { thumbprint: cert.hexSha1, appId: APP }],
    ['alg none', rs({ alg: 'none' }), 700027],
    ['unregistered certificate, named by its hex SHA-1', msalAssertion(other, APP, AUD, { alg: 'RS256', now: NOW }), 700027, { thumbprint: other.hexSha1, appId: APP }],
    ['signed by another key than the named certificate', signJwt({ alg: 'PS256', 'x5t#S256': cert.thumbprintSha256 }, { aud: AUD, iss: APP, sub: APP, jti: 'j', exp: NOW + 600 }, other.privateKey), 700027],
    ['PS256 header over an RS256 signature', (() => { const [, c, s] = rs({}).split('.'); return `${b64({ alg: 'PS256', x5t: cert.thumbprintSha1 })}.${c}.${s}`; })(), 700027],
    ['no jti', rs({}, { jti: undefined }), 50027],
    ['no exp', rs({}, { exp: undefined }), 50027],
    ['exp not a number', rs({}, { exp: 'soon' }), 50027],
    ['exp beyond year 9999 (a Date cannot hold it)', rs({}, { exp: 1e13 }), 50027],
    ['sub differs from iss', rs({}, { sub: 'someone-else' }), 50048],
    ['iss is another app', rs({}, { iss: 'bbbbbbbb-0000-4000-8000-000000000001', sub: 'bbbbbbbb-0000-4000-8000-000000000001' }), 700021],
    ['aud is the authority, not the token endpoint', rs({}, { aud: `${ORIGIN}/${TENANT}` }), 700023],
    ['aud on another host', rs({}, { aud: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token` }), 700023],
    ['aud for another tenant', rs({}, { aud: `${ORIGIN}/common/oauth2/v2.0/token` }), 700023],
    ['aud with two values', rs({}, { aud: [AUD, AUD] }), 700023],
    ['expired beyond the skew', rs({}, { nbf: NOW - 1000, exp: NOW - 301 }), 700024],
    ['not valid yet beyond the skew', rs({}, { nbf: NOW + 301, exp: NOW + 900 }), 700024],
  ])('%s → AADSTS%i', (_name, assertion, code, args) => {
    const v = check(assertion);
    expect(v).toMatchObject({ ok: false, code });
    if (args) expect(v).toMatchObject({ args });
  });

  it('refuses a certificate outside its keyCredential dates (700027)', () => {
    const expired = keyCredentialOf(cert, { endDateTime: new Date((NOW - 60) * 1000).toISOString() });
    expect(check(msalAssertion(cert, APP, AUD, { now: NOW }), { keys: [expired] })).toMatchObject({ ok: false, code: 700027 });
  });

  // The keyCredential's own window (startDateTime ≤ now < endDateTime), with no clock skew: the skew
  // is for the assertion's nbf/exp. [I] Entra answers 700027 ("The key used is expired." [O]) also
  // for a key not valid yet; the terminal line (detail) names the window.
  const at = (s: number) => new Date(s * 1000).toISOString();
  it.each<[string, { startDateTime?: string; endDateTime?: string }, 'PS256' | 'RS256', boolean]>([
    ['expired a day ago, named by x5t#S256', { endDateTime: at(NOW - 86400) }, 'PS256', false],
    ['expired a day ago, named by x5t', { endDateTime: at(NOW - 86400) }, 'RS256', false],
    ['expired a second ago (no skew for the key)', { endDateTime: at(NOW - 1) }, 'PS256', false],
    ['endDateTime is now (exclusive)', { endDateTime: at(NOW) }, 'PS256', false],
    ['not valid before tomorrow', { startDateTime: at(NOW + 86400) }, 'PS256', false],
    ['not valid for another second (no skew for the key)', { startDateTime: at(NOW + 1) }, 'RS256', false],
    ['startDateTime is now (inclusive)', { startDateTime: at(NOW) }, 'PS256', true],
    ['endDateTime a second from now', { endDateTime: at(NOW + 1) }, 'RS256', true],
  ])('keyCredential %s', (_name, dates, alg, accepted) => {
    const k = keyCredentialOf(cert, dates);
    const v = check(msalAssertion(cert, APP, AUD, { alg, now: NOW }), { keys: [k] });
    if (accepted) {
      expect(v).toMatchObject({ ok: true, keyId: k.keyId });
      return;
    }
    expect(v).toMatchObject({ ok: false, code: 700027, args: { thumbprint: alg === 'RS256' ? cert.hexSha1 : expect.any(String), appId: APP } });
    if (!v.ok) expect(v.detail).toBe(`The key used is expired or not yet valid (keyCredential ${k.keyId}: ${k.startDateTime} – ${k.endDateTime}).`);
  });

  it('a valid certificate next to an expired one of the app is still accepted', () => {
    const old = keyCredentialOf(other, { endDateTime: at(NOW - 86400) });
    expect(check(msalAssertion(cert, APP, AUD, { now: NOW }), { keys: [old, key] })).toMatchObject({ ok: true, keyId: key.keyId });
    expect(check(msalAssertion(other, APP, AUD, { now: NOW }), { keys: [old, key] })).toMatchObject({ ok: false, code: 700027 });
  });

  it("700024 prints Entra's instants: 7-digit fraction, 1970 when nbf is absent", () => {
    const v = check(rs({}, { nbf: undefined, exp: 1_700_000_000 }));
    expect(v).toMatchObject({
      ok: false,
      code: 700024,
      args: { currentTime: entraInstant(NOW * 1000), validFrom: '1970-01-01T00:00:00.0000000Z', expiry: '2023-11-14T22:13:20.0000000Z' },
    });
    expect(entraInstant(NOW * 1000)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
  });

  it('checks the signature before the claims', () => {
    expect(check(rs({}, { sub: 'x' }), { verify: () => false })).toMatchObject({ ok: false, code: 700027 });
  });
});
