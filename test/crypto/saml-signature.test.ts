// Reading and verifying SAML assertions (crypto/saml-signature.ts): what is read comes from the
// signed XML only; keys come from the registered certificates only; hostile documents are refused.

import { describe, expect, it } from 'vitest';
import { readSamlAssertion, SAML_MAX_BYTES, thumbprintOf } from '../../src/crypto/saml-signature.js';
import { clientCertificate } from '../support/client-certificate.js';
import { signAssertion } from '../support/saml.js';

const idp = await clientCertificate();
const other = await clientCertificate();
const ISSUER = 'http://adfs.contoso.example/adfs/services/trust';

const saml2 = (nameId = 'alice@contoso.example', extra = '') =>
  '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" IssueInstant="2026-06-01T12:00:00Z" Version="2.0">' +
  `<saml:Issuer>${ISSUER}</saml:Issuer><saml:Subject><saml:NameID>${nameId}</saml:NameID></saml:Subject>` +
  '<saml:Conditions NotBefore="2026-06-01T11:59:00Z" NotOnOrAfter="2026-06-01T13:00:00Z"><saml:AudienceRestriction>' +
  '<saml:Audience>urn:federation:MicrosoftOnline</saml:Audience></saml:AudienceRestriction></saml:Conditions>' +
  `<saml:AttributeStatement><saml:Attribute Name="http://schemas.xmlsoap.org/claims/Group"><saml:AttributeValue>g1</saml:AttributeValue><saml:AttributeValue>g2</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>${extra}` +
  '</saml:Assertion>';

const saml11 = () =>
  `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" MajorVersion="1" MinorVersion="1" AssertionID="_b1" Issuer="${ISSUER}" IssueInstant="2026-06-01T12:00:00Z">` +
  '<saml:Conditions NotOnOrAfter="2026-06-01T13:00:00Z"><saml:AudienceRestrictionCondition><saml:Audience>urn:federation:MicrosoftOnline</saml:Audience></saml:AudienceRestrictionCondition></saml:Conditions>' +
  '<saml:AttributeStatement><saml:Subject><saml:NameIdentifier>AbCd==</saml:NameIdentifier></saml:Subject>' +
  '<saml:Attribute AttributeName="UPN" AttributeNamespace="http://schemas.xmlsoap.org/claims"><saml:AttributeValue>carol@contoso.example</saml:AttributeValue></saml:Attribute>' +
  '<saml:Attribute AttributeName="ImmutableID" AttributeNamespace="http://schemas.microsoft.com/LiveID/Federation/2008/05"><saml:AttributeValue>AbCd==</saml:AttributeValue></saml:Attribute>' +
  '</saml:AttributeStatement></saml:Assertion>';

const enc = (xml: string) => Buffer.from(xml).toString('base64url');

function readAndVerify(assertion: string, certificates = [idp.der]) {
  const read = readSamlAssertion(assertion);
  if (!read.ok) return read;
  return read.assertion.verify(certificates);
}

describe('accepted', () => {
  it('SAML 2.0: issuer, NameID, conditions, audiences and attributes from the signed XML', () => {
    const read = readSamlAssertion(enc(signAssertion(saml2(), idp)));
    expect(read).toMatchObject({ ok: true, assertion: { version: '2.0', id: '_a1', unverifiedIssuer: ISSUER } });
    if (!read.ok) return;
    expect(read.assertion.verify([idp.der])).toEqual({
      ok: true,
      content: {
        version: '2.0',
        id: '_a1',
        issuer: ISSUER,
        nameId: 'alice@contoso.example',
        attributes: [{ name: 'http://schemas.xmlsoap.org/claims/Group', namespace: null, values: ['g1', 'g2'] }],
        conditions: { notBefore: '2026-06-01T11:59:00Z', notOnOrAfter: '2026-06-01T13:00:00Z' },
        audienceRestrictions: [['urn:federation:MicrosoftOnline']],
      },
    });
  });

  it('SAML 1.1: AssertionID, Issuer attribute, NameIdentifier, namespaced attributes', () => {
    const r = readAndVerify(enc(signAssertion(saml11(), idp)));
    expect(r).toMatchObject({
      ok: true,
      content: {
        version: '1.1',
        id: '_b1',
        issuer: ISSUER,
        nameId: 'AbCd==',
        attributes: [
          { name: 'UPN', namespace: 'http://schemas.xmlsoap.org/claims', values: ['carol@contoso.example'] },
          { name: 'ImmutableID', namespace: 'http://schemas.microsoft.com/LiveID/Federation/2008/05', values: ['AbCd=='] },
        ],
        conditions: { notBefore: null, notOnOrAfter: '2026-06-01T13:00:00Z' },
        audienceRestrictions: [['urn:federation:MicrosoftOnline']],
      },
    });
  });

  it.each([
    ['base64url without padding', (xml: string) => Buffer.from(xml).toString('base64url')],
    ['base64 with padding', (xml: string) => Buffer.from(xml).toString('base64')],
    ['base64 with line breaks (MIME style)', (xml: string) => Buffer.from(xml).toString('base64').replace(/(.{76})/g, '$1\r\n')],
    ['with an XML declaration and a BOM', (xml: string) => Buffer.from(`\uFEFF<?xml version="1.0" encoding="utf-8"?>\n${xml}`).toString('base64')],
  ])('%s', (_name, encode) => {
    expect(readAndVerify(encode(signAssertion(saml2(), idp)))).toMatchObject({ ok: true });
  });

  it('RSA-SHA1 / SHA-1 digests and inclusive C14N, as older AD FS trusts sign [I]', () => {
    const xml = signAssertion(saml2(), idp, {
      signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
      digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1',
      canonicalizationAlgorithm: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
    });
    expect(readAndVerify(enc(xml))).toMatchObject({ ok: true });
  });

  it('the second of two registered certificates verifies (rollover)', () => {
    expect(readAndVerify(enc(signAssertion(saml2(), idp)), [other.der, idp.der])).toMatchObject({ ok: true });
  });

  it('a comment inside the NameID is dropped, not a place to cut the value (read from canonical XML)', () => {
    const r = readAndVerify(enc(signAssertion(saml2('alice@contoso.example<!---->.evil.example'), idp)));
    expect(r).toMatchObject({ ok: true, content: { nameId: 'alice@contoso.example.evil.example' } });
  });
});

describe('refused', () => {
  it('a certificate in KeyInfo is never trusted: signed by an unregistered key that KeyInfo names', () => {
    const r = readAndVerify(enc(signAssertion(saml2(), other)), [idp.der]);
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) {
      expect(r.detail).toMatch(/does not verify with any signing certificate registered/);
      expect(r.detail).toContain(thumbprintOf(other.der));
    }
  });

  it('no registered certificate', () => {
    expect(readAndVerify(enc(signAssertion(saml2(), idp)), [])).toMatchObject({ ok: false, detail: expect.stringMatching(/no signing certificate/) });
  });

  it('an HMAC signature method', () => {
    const xml = signAssertion(saml2(), idp).replace('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', 'http://www.w3.org/2000/09/xmldsig#hmac-sha1');
    expect(readAndVerify(enc(xml))).toMatchObject({ ok: false, detail: expect.stringMatching(/Signature method .* is not accepted/) });
  });

  it('an XPath or XSLT transform', () => {
    const xml = signAssertion(saml2(), idp).replace(
      'Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"',
      'Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"',
    );
    expect(readAndVerify(enc(xml))).toMatchObject({ ok: false, detail: expect.stringMatching(/Transform .* is not accepted/) });
  });

  it.each<[string, string, RegExp]>([
    ['a processing instruction after the root', `${signAssertion(saml2(), idp)}<?evil?>`, /content outside its root/],
    ['text after the root', `${signAssertion(saml2(), idp)} trailing`, /not an XML element/],
    ['a duplicated attribute', signAssertion(saml2(), idp).replace('Version="2.0"', 'Version="2.0" Version="2.0"'), /not well-formed/],
    ['an undeclared entity', signAssertion(saml2('alice&amp;@contoso.example'), idp).replace('&amp;', '&bogus;'), /not well-formed/],
    ['a DOCTYPE without entities', `<!DOCTYPE saml:Assertion>${signAssertion(saml2(), idp)}`, /DOCTYPE/],
    ['a SAML 1.0 assertion', saml11().replace('MinorVersion="1"', 'MinorVersion="0"'), /SAML 1\.0 is not accepted/],
    ['a SAML 2.0 assertion without ID', saml2().replace(' ID="_a1"', ''), /no ID attribute/],
    ['an element elsewhere with the same ID', signAssertion(saml2('alice@contoso.example', '<saml:Advice><x ID="_a1"/></saml:Advice>'), idp), /More than one element carries the ID/],
    ['the Signature outside the Assertion', '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" Version="2.0"><saml:Issuer>x</saml:Issuer><saml:Subject><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/></saml:Subject></saml:Assertion>', /not a child of the Assertion/],
    ['deeply nested elements', saml2('alice@contoso.example', `${'<x>'.repeat(40)}${'</x>'.repeat(40)}`), /nests elements more than 32 deep/],
  ])('%s', (_name, xml, detail) => {
    expect(readAndVerify(enc(xml))).toMatchObject({ ok: false, detail: expect.stringMatching(detail) });
  });

  it(`larger than ${SAML_MAX_BYTES / 1024} KiB`, () => {
    const xml = saml2('alice@contoso.example', `<!--${'x'.repeat(SAML_MAX_BYTES)}-->`);
    expect(readSamlAssertion(enc(xml))).toMatchObject({ ok: false, detail: expect.stringMatching(/larger than/) });
  });

  it.each([
    ['empty', ''],
    ['not base64', 'a b c ! d'],
    ['impossible base64 length', 'abcde'],
  ])('%s', (_name, value) => {
    expect(readSamlAssertion(value)).toMatchObject({ ok: false });
  });
});
