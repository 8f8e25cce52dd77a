// SAML bearer assertion rules (entra-protocol.md §3.8) once the signature holds: issuer lookup,
// conditions, audience, subject mapping — one row per rule.

import { describe, expect, it } from 'vitest';
import type { FederatedIdentityProvider } from '../../src/core/model.js';
import {
  checkSamlAssertion,
  checkSamlAudience,
  checkSamlConditions,
  findFederationProvider,
  MICROSOFT_ONLINE_AUDIENCE,
  SAML11_BEARER,
  SAML2_BEARER,
  samlAudiences,
  samlSubject,
  samlVersionOf,
  unknownIssuer,
  type SamlAssertionContent,
} from '../../src/core/policy/saml-assertion.js';
import { ORIGIN } from '../support/wire.js';

const TENANT = '5a3100aa-0000-4000-8000-000000000000';
const ISSUER = 'http://adfs.contoso.example/adfs/services/trust';
const NOW = new Date('2026-06-01T12:00:00Z');
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000).toISOString();

const provider: FederatedIdentityProvider = { issuerUri: ISSUER, displayName: 'Contoso AD FS', signingCertificates: ['MIIB'], domains: ['contoso.example'] };
const anyDomain: FederatedIdentityProvider = { ...provider, domains: [] };
const audiences = samlAudiences(ORIGIN, ['contoso.example', TENANT]);

function content(overrides: Partial<SamlAssertionContent> = {}): SamlAssertionContent {
  return {
    version: '2.0',
    id: '_a1',
    issuer: ISSUER,
    nameId: 'alice@contoso.example',
    attributes: [],
    conditions: { notBefore: at(-60), notOnOrAfter: at(3600) },
    audienceRestrictions: [[MICROSOFT_ONLINE_AUDIENCE]],
    ...overrides,
  };
}

describe('grant type → SAML version', () => {
  it.each([
    [SAML2_BEARER, '2.0'],
    [SAML11_BEARER, '1.1'],
  ])('%s → %s', (grantType, version) => expect(samlVersionOf(grantType)).toBe(version));
});

describe('issuer lookup', () => {
  const providers = [provider, { ...provider, issuerUri: 'https://idp.example/saml', domains: [] }];
  it.each<[string, string, string | undefined]>([
    ['exact issuer', ISSUER, ISSUER],
    ['surrounding whitespace is ignored', `  ${ISSUER}\n`, ISSUER],
    ['another provider of the tenant', 'https://idp.example/saml', 'https://idp.example/saml'],
    ['case differs: compared exactly [I]', ISSUER.toUpperCase(), undefined],
    ['trailing slash differs: compared exactly [I]', `${ISSUER}/`, undefined],
    ["Entra's own issuer is never a federation partner", `https://sts.windows.net/${TENANT}/`, undefined],
    ['empty', '', undefined],
  ])('%s', (_name, issuer, found) => {
    expect(findFederationProvider(providers, issuer)?.issuerUri).toBe(found);
  });

  it('unknown issuer → 50107 with the realm', () => {
    expect(unknownIssuer('urn:x', [provider])).toMatchObject({ ok: false, code: 50107, args: { realm: 'urn:x' } });
    expect(unknownIssuer('urn:x', []).detail).toMatch(/no federated identity providers/);
  });

  it('the echoed realm has no line breaks and a bounded length', () => {
    expect(unknownIssuer('urn:x\r\nTrace ID: forged', []).args.realm).toBe('urn:x Trace ID: forged');
    expect(unknownIssuer(`urn:${'x'.repeat(1000)}`, []).args.realm).toHaveLength(257);
  });
});

describe('conditions (5-minute skew)', () => {
  it.each<[string, SamlAssertionContent['conditions'], boolean]>([
    ['valid window', { notBefore: at(-60), notOnOrAfter: at(60) }, true],
    ['no NotBefore', { notBefore: null, notOnOrAfter: at(60) }, true],
    ['expired 299 s ago (within skew)', { notBefore: null, notOnOrAfter: at(-299) }, true],
    ['expired 300 s ago', { notBefore: null, notOnOrAfter: at(-300) }, false],
    ['expired an hour ago', { notBefore: at(-7200), notOnOrAfter: at(-3600) }, false],
    ['NotBefore 299 s ahead (within skew)', { notBefore: at(299), notOnOrAfter: at(3600) }, true],
    ['NotBefore 301 s ahead', { notBefore: at(301), notOnOrAfter: at(3600) }, false],
    ['no Conditions', null, false],
    ['no NotOnOrAfter [I]', { notBefore: at(-60), notOnOrAfter: null }, false],
    ['NotOnOrAfter not a dateTime', { notBefore: null, notOnOrAfter: 'tomorrow' }, false],
    ['NotBefore not a dateTime', { notBefore: '1717243200', notOnOrAfter: at(60) }, false],
    ['fractional seconds and an offset', { notBefore: '2026-06-01T13:59:00.1234567+02:00', notOnOrAfter: '2026-06-01T14:10:00.5+02:00' }, true],
    ['no zone: read as UTC [I]', { notBefore: null, notOnOrAfter: '2026-06-01T12:10:00' }, true],
  ])('%s', (_name, conditions, ok) => {
    const r = checkSamlConditions({ conditions }, NOW);
    if (ok) expect(r).toBeUndefined();
    else expect(r).toMatchObject({ ok: false, code: 50008 });
  });
});

describe('audience', () => {
  it.each<[string, string[][], boolean]>([
    ['urn:federation:MicrosoftOnline', [[MICROSOFT_ONLINE_AUDIENCE]], true],
    ['urn:federation:MicrosoftOnline in another case', [['URN:FEDERATION:MICROSOFTONLINE']], true],
    ['this host', [[`${ORIGIN}/`]], true],
    ['this host /extSTS.srf', [[`${ORIGIN}/extSTS.srf`]], true],
    ['the tenant by GUID on this host', [[`${ORIGIN}/${TENANT}/`]], true],
    ['the v2 token endpoint by domain', [[`${ORIGIN}/contoso.example/oauth2/v2.0/token`]], true],
    ['the v1 token endpoint by GUID', [[`${ORIGIN}/${TENANT}/oauth2/token`]], true],
    ['one of several audiences in a restriction (OR)', [['https://other.example', MICROSOFT_ONLINE_AUDIENCE]], true],
    ['two restrictions, both satisfied (AND)', [[MICROSOFT_ONLINE_AUDIENCE], [`${ORIGIN}/`]], true],
    ['two restrictions, one not satisfied (AND)', [[MICROSOFT_ONLINE_AUDIENCE], ['https://other.example']], false],
    ['another relying party', [['https://signin.aws.amazon.com/saml']], false],
    ['Entra itself (another host)', [['https://login.microsoftonline.com/']], false],
    ['another tenant on this host', [[`${ORIGIN}/11111111-2222-3333-4444-555555555555`]], false],
    ['no AudienceRestriction [I]', [], false],
    ['an empty AudienceRestriction', [[]], false],
  ])('%s', (_name, restrictions, ok) => {
    const r = checkSamlAudience(restrictions, audiences);
    if (ok) expect(r).toBeUndefined();
    else expect(r).toMatchObject({ ok: false, code: 50008 });
  });
});

describe('subject → user principal name', () => {
  const upnAttr = (name: string, value: string, namespace: string | null = null) => ({ name, namespace, values: [value] });
  const immutable = upnAttr('ImmutableID', 'AbCd==', 'http://schemas.microsoft.com/LiveID/Federation/2008/05');
  it.each<[string, Partial<SamlAssertionContent>, FederatedIdentityProvider, { upn: string; from: string } | number]>([
    ['SAML 2.0 NameID that is a UPN', {}, provider, { upn: 'alice@contoso.example', from: 'NameID' }],
    ['UPN attribute wins over the NameID', { nameId: 'opaque-id', attributes: [upnAttr('http://schemas.xmlsoap.org/claims/UPN', 'bob@contoso.example')] }, provider, { upn: 'bob@contoso.example', from: 'UPN attribute' }],
    ['WS-* upn claim type', { nameId: null, attributes: [upnAttr('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn', 'bob@contoso.example')] }, provider, { upn: 'bob@contoso.example', from: 'UPN attribute' }],
    ['short name "upn"', { nameId: null, attributes: [upnAttr('upn', 'bob@contoso.example')] }, provider, { upn: 'bob@contoso.example', from: 'UPN attribute' }],
    ['NameID not a UPN, no UPN attribute', { nameId: 'S-1-5-21-1004' }, provider, 50008],
    ['no NameID, no UPN attribute', { nameId: null }, provider, 50008],
    ['UPN attribute that is not a UPN', { attributes: [upnAttr('upn', 'not a upn')] }, provider, 50008],
    ['user outside the domains the IdP federates [I]', { nameId: 'eve@fabrikam.example' }, provider, 50008],
    ['domain compared case-insensitively', { nameId: 'alice@CONTOSO.example' }, provider, { upn: 'alice@CONTOSO.example', from: 'NameID' }],
    ['an IdP that lists no domains may name any user [I]', { nameId: 'eve@fabrikam.example' }, anyDomain, { upn: 'eve@fabrikam.example', from: 'NameID' }],
    ['SAML 1.1 with ImmutableID and UPN (AD FS WS-Trust)', { version: '1.1', nameId: 'AbCd==', attributes: [upnAttr('UPN', 'carol@contoso.example', 'http://schemas.xmlsoap.org/claims'), immutable] }, provider, { upn: 'carol@contoso.example', from: 'UPN attribute' }],
    ['SAML 1.1 without ImmutableID → 90020', { version: '1.1', nameId: 'carol@contoso.example', attributes: [upnAttr('UPN', 'carol@contoso.example', 'http://schemas.xmlsoap.org/claims')] }, provider, 90020],
    ['SAML 1.1 with an empty ImmutableID → 90020', { version: '1.1', attributes: [{ ...immutable, values: [''] }] }, provider, 90020],
    ['SAML 2.0 needs no ImmutableID', { attributes: [] }, provider, { upn: 'alice@contoso.example', from: 'NameID' }],
  ])('%s', (_name, overrides, idp, expected) => {
    const r = samlSubject(content(overrides), idp);
    if (typeof expected === 'number') expect(r).toMatchObject({ ok: false, code: expected });
    else expect(r).toMatchObject({ ok: true, ...expected });
  });
});

describe('checkSamlAssertion: the checks together', () => {
  const check = (overrides: Partial<SamlAssertionContent>, expectedVersion: '2.0' | '1.1' = '2.0') =>
    checkSamlAssertion({ content: content(overrides), expectedVersion, provider, audiences, now: NOW });

  it('a good assertion names its user', () => {
    expect(check({})).toEqual({ ok: true, upn: 'alice@contoso.example', from: 'NameID', immutableId: null });
  });

  it.each<[string, Partial<SamlAssertionContent>, '2.0' | '1.1', number, RegExp]>([
    ['SAML 2.0 on the saml1_1-bearer grant', {}, '1.1', 50008, /expects a SAML 1\.1 assertion/],
    ['SAML 1.1 on the saml2-bearer grant', { version: '1.1' }, '2.0', 50008, /expects a SAML 2\.0 assertion/],
    ['signed Issuer differs from the provider', { issuer: 'http://evil.example/' }, '2.0', 50008, /Issuer/],
    ['expired before the audience is looked at', { conditions: { notBefore: null, notOnOrAfter: at(-3600) }, audienceRestrictions: [] }, '2.0', 50008, /expired/],
    ['wrong audience before the subject', { audienceRestrictions: [['https://x.example']], nameId: null }, '2.0', 50008, /addressed to/],
    ['then the subject', { nameId: null }, '2.0', 50008, /no subject/],
  ])('%s', (_name, overrides, version, code, detail) => {
    const r = check(overrides, version);
    expect(r).toMatchObject({ ok: false, code });
    if (!r.ok) expect(r.detail).toMatch(detail);
  });
});
