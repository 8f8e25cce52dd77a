// What `claims` asks of the sign-in (core/policy/claims-request.ts) and the challenges an API
// sends (core/tokens/claims-challenge.ts).

import { describe, expect, it } from 'vitest';
import { authenticationAsked } from '../../src/core/policy/claims-request.js';
import { challengeClaims, claimsChallengeHeader, claimsFromChallenge } from '../../src/core/tokens/claims-challenge.js';

describe('authenticationAsked', () => {
  it.each<[string, string | undefined, string[], boolean]>([
    ['absent', undefined, [], false],
    ['not JSON (client-capabilities.ts refuses it)', '{', [], false],
    ['an array', '[]', [], false],
    ['an auth context challenge [D]', '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}', ['c1'], false],
    ['several, upper case, repeated', '{"access_token":{"acrs":{"essential":true,"values":["C2","c2","c10"]}}}', ['c2', 'c10'], false],
    ['ids outside c1…c99 ignored', '{"access_token":{"acrs":{"values":["c0","c100","x1","c05"]}}}', [], false],
    ['in the id token too', '{"id_token":{"acrs":{"value":"c3"}}}', ['c3'], false],
    ['MFA asked with acr [O]', '{"id_token":{"acr":{"essential":true,"values":["urn:microsoft:policies:mfa"]}}}', [], true],
    ['merged with cp1 as MSAL sends it', '{"access_token":{"xms_cc":{"values":["cp1"]},"acrs":{"essential":true,"value":"c1"}}}', ['c1'], false],
    ['a CAE nbf challenge asks for neither', '{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}', [], false],
  ])('%s', (_name, claims, contexts, mfa) => {
    expect(authenticationAsked(claims)).toEqual({ authContexts: contexts, mfaAsked: mfa });
  });
});

describe('claims challenges', () => {
  it.each<[string, { acrs?: string; notBefore?: number }, string]>([
    ['step-up to an auth context', { acrs: 'c1' }, '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}'],
    ['CAE revocation', { notBefore: 1604106651 }, '{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}'],
    ['both', { acrs: 'c2', notBefore: 10.7 }, '{"access_token":{"nbf":{"essential":true,"value":"10"},"acrs":{"essential":true,"value":"c2"}}}'],
  ])('%s', (_name, input, json) => {
    expect(challengeClaims(input)).toBe(json);
    const header = claimsChallengeHeader({ authorizationUri: 'https://login.example/common/oauth2/authorize', ...input });
    expect(header).toMatch(/^Bearer realm="", authorization_uri="https:\/\/login\.example\/common\/oauth2\/authorize", error="insufficient_claims", claims="[A-Za-z0-9+/=]+"$/);
    expect(claimsFromChallenge(header)).toBe(json);
  });

  it('is not fooled by other challenges', () => {
    expect(claimsFromChallenge('Bearer realm="", error="invalid_token"')).toBeUndefined();
  });
});
