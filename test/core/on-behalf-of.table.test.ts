// On-behalf-of user assertion rules (entra-protocol.md §3.7), one row per outcome.

import { describe, expect, it } from 'vitest';
import { checkOboAssertion, tenantIssuers } from '../../src/core/policy/on-behalf-of.js';
import { verifyAssertionSignature } from '../../src/crypto/jws-verify.js';
import { clientCertificate, signJwt } from '../support/client-certificate.js';
import { ORIGIN } from '../support/wire.js';

const TENANT = '11111111-2222-3333-4444-555555555555';
const OTHER_TENANT = '99999999-2222-3333-4444-555555555555';
const MIDDLE = { appId: 'aaaaaaaa-0000-4000-8000-0000000000a1', displayName: 'API A', identifierUris: ['api://stub-api-a'] };
const OID = 'bbbbbbbb-0000-4000-8000-0000000a11ce';
const NOW = Math.floor(Date.now() / 1000);
const ours = await clientCertificate();
const stranger = await clientCertificate();
const KID = 'our-kid';
const issuers = tenantIssuers(ORIGIN, TENANT);

const verify = (kid: string, input: string, signature: Uint8Array) => kid === KID && verifyAssertionSignature('RS256', ours.der, input, signature);
const check = (assertion: string, now = NOW) => checkOboAssertion({ assertion, issuers, client: MIDDLE, now: new Date(now * 1000) }, verify);

/** A v2 user token for the middle tier, as Entrada issues it; `claims` overrides (undefined removes). */
const token = (claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}, key = ours.privateKey) =>
  signJwt(
    { typ: 'JWT', alg: 'RS256', kid: KID, ...header },
    {
      aud: MIDDLE.appId,
      iss: `${ORIGIN}/${TENANT}/v2.0`,
      iat: NOW - 300,
      nbf: NOW - 300,
      exp: NOW + 3600,
      azp: 'cccccccc-0000-4000-8000-0000000000c1',
      oid: OID,
      scp: 'access_as_user',
      sub: 'pairwise',
      tid: TENANT,
      ver: '2.0',
      ...claims,
    },
    key,
  );
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('accepted assertions', () => {
  it.each<[string, string]>([
    ['v2 token, aud = the app id', token()],
    ['v1 token, v1 issuer, aud = the App ID URI', token({ iss: `${ORIGIN}/${TENANT}/`, aud: 'api://stub-api-a', ver: '1.0' })],
    ['aud = App ID URI in another case with a trailing slash', token({ aud: 'API://Stub-Api-A/' })],
    ['aud = app id in upper case', token({ aud: MIDDLE.appId.toUpperCase() })],
    ['aud as a one-element array', token({ aud: [MIDDLE.appId] })],
    ['a user token that also carries user roles', token({ roles: ['Admin'] })],
    ['expired by less than the clock skew', token({ exp: NOW - 200 })],
  ])('%s', (_name, assertion) => {
    expect(check(assertion)).toMatchObject({ ok: true, userId: OID });
  });
});

describe('refused assertions', () => {
  it.each<[string, string, number, object?, number?]>([
    ['not a JWT', 'abc', 50027],
    ['payload not JSON', `${b64({ alg: 'RS256', kid: KID })}.${Buffer.from('nope').toString('base64url')}.AAAA`, 50027],
    ['no kid', token({}, { kid: undefined }), 50027],
    ['alg none, unsigned', `${b64({ alg: 'none', kid: KID })}.${b64({ aud: MIDDLE.appId })}.`, 50027],
    ['alg HS256', token({}, { alg: 'HS256' }), 50013],
    ['signed by a key that is not ours', token({}, {}, stranger.privateKey), 50013],
    ['an unknown kid', token({}, { kid: 'other-kid' }), 50013],
    ['payload altered after signing', (() => { const [h, , s] = token().split('.'); return `${h}.${b64({ aud: MIDDLE.appId, scp: 'x' })}.${s}`; })(), 50013],
    ['issued for another tenant', token({ iss: `${ORIGIN}/${OTHER_TENANT}/v2.0`, tid: OTHER_TENANT }), 50013],
    ['issued by another host (Entra itself)', token({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0` }), 50013],
    ['no exp', token({ exp: undefined }), 50027],
    ['expired', token({ exp: NOW - 301 }), 500133, { expiry: expect.any(String), currentTime: expect.any(String) }],
    ['not valid yet', token({ nbf: NOW + 600 }), 500133],
    ['app-only token (idtyp app, roles)', token({ scp: undefined, idtyp: 'app', roles: ['Jobs.Run'], oid: 'sp' }), 7000114, { appId: MIDDLE.appId }],
    ['app-only token without idtyp (roles only)', token({ scp: undefined, roles: ['Jobs.Run'] }), 7000114],
    ['app-only token with no roles (idtyp app)', token({ scp: undefined, idtyp: 'app' }), 7000114],
    ['v2 app-only token: no idtyp, no roles, oid = sub', token({ scp: undefined, oid: 'sp', sub: 'sp' }), 7000114],
    ['an id_token (no scp, no roles)', token({ scp: undefined }), 50013],
    [
      "another app's token",
      token({ aud: 'dddddddd-0000-4000-8000-0000000000d1' }),
      500131,
      { audience: 'dddddddd-0000-4000-8000-0000000000d1', expectedAudience: MIDDLE.appId, appId: MIDDLE.appId, appName: 'API A' },
    ],
    ['a Graph token', token({ aud: 'https://graph.microsoft.com' }), 500131],
    ['aud as a two-element array', token({ aud: [MIDDLE.appId, 'x'] }), 500131],
    ['no oid', token({ oid: undefined }), 50027],
  ])('%s → AADSTS%i', (_name, assertion, code, args) => {
    const v = check(assertion);
    expect(v).toMatchObject({ ok: false, code });
    if (args) expect(v).toMatchObject({ args });
  });
});

it('issuers: v2 then v1, on the request origin', () => {
  expect(issuers).toEqual([`${ORIGIN}/${TENANT}/v2.0`, `${ORIGIN}/${TENANT}/`]);
});
