// SAML bearer assertion grants over app.inject() (entra-protocol.md §3.8), with the registrations of
// test/fixtures/saml.yaml. The federated IdP's signing certificates are made here and written into
// a copy of the fixture; assertions are built here and signed with xml-crypto as AD FS signs them
// (test/support/saml.ts: enveloped signature, exclusive C14N, RSA-SHA256, the certificate in KeyInfo).

import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clientCertificate, type ClientCertificate } from '../support/client-certificate.js';
import { TestClock } from '../support/clock.js';
import { useEntrada } from '../support/in-process.js';
import { signAssertion } from '../support/saml.js';
import { tokenClient, type Reply } from '../support/token-client.js';
import { claimsOf, errorCode, ORIGIN } from '../support/wire.js';
import { explainRefusal } from '../../src/core/errors/explain.js';
import type { IdpError } from '../../src/core/errors/idp-error.js';

const TENANT = '5a3100aa-0000-4000-8000-000000000000';
const API = { id: '5a310000-0000-4000-8000-000000000001', uri: 'api://saml-api' };
const DESKTOP = '5a310000-0000-4000-8000-000000000002';
const WEB = { id: '5a310000-0000-4000-8000-000000000003', secret: 'saml~web~secret-value-0003' };
const ISSUER = 'http://adfs.corp.saml.localhost/adfs/services/trust';
const FRANK = 'frank@corp.saml.localhost';
const V2 = `/${TENANT}/oauth2/v2.0/token`;
const V1 = `/${TENANT}/oauth2/token`;
const SAML2 = 'urn:ietf:params:oauth:grant-type:saml2-bearer';
const SAML11 = 'urn:ietf:params:oauth:grant-type:saml1_1-bearer';

const clock = new TestClock();
let idp: ClientCertificate;
let rollover: ClientCertificate;
let stranger: ClientCertificate;
/** trace id → the refusal as the server saw it (its operator detail says why), to check each case failed for its own reason. */
const refusals = new Map<string, IdpError>();

const entrada = useEntrada(async () => {
  [idp, rollover, stranger] = await Promise.all([clientCertificate(), clientCertificate(), clientCertificate()]);
  const seed = parse(readFileSync(fileURLToPath(new URL('../fixtures/saml.yaml', import.meta.url)), 'utf8')) as {
    tenants: Array<{ federatedIdentityProviders: Array<{ signingCertificates: string[] }> }>;
  };
  // PEM and base64 DER are both accepted in a seed.
  seed.tenants[0].federatedIdentityProviders[0].signingCertificates = [idp.certPem, rollover.der];
  return { clock, seed, onRefusal: (e) => refusals.set(e.traceId, e.error) };
});
const { post } = tokenClient(entrada);

// ---- assertions ----

interface AssertionOptions {
  id?: string;
  issuer?: string;
  nameId?: string | null;
  attributes?: Record<string, string>;
  /** Seconds relative to the test clock. */
  notBefore?: number | null;
  notOnOrAfter?: number | null;
  audiences?: string[] | null;
}

const iso = (offsetSeconds: number) => new Date(clock.now().getTime() + offsetSeconds * 1000).toISOString();
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** A SAML 2.0 Assertion as AD FS issues it for Entra (unsigned). */
function saml2(o: AssertionOptions = {}): string {
  const nameId = o.nameId === undefined ? FRANK : o.nameId;
  const notBefore = o.notBefore === undefined ? -60 : o.notBefore;
  const notOnOrAfter = o.notOnOrAfter === undefined ? 3600 : o.notOnOrAfter;
  const audiences = o.audiences === undefined ? ['urn:federation:MicrosoftOnline'] : o.audiences;
  const conditions =
    notBefore === null && notOnOrAfter === null && audiences === null
      ? ''
      : `<saml:Conditions${notBefore === null ? '' : ` NotBefore="${iso(notBefore)}"`}${notOnOrAfter === null ? '' : ` NotOnOrAfter="${iso(notOnOrAfter)}"`}>` +
        (audiences === null ? '' : `<saml:AudienceRestriction>${audiences.map((a) => `<saml:Audience>${esc(a)}</saml:Audience>`).join('')}</saml:AudienceRestriction>`) +
        '</saml:Conditions>';
  const attributes = Object.entries(o.attributes ?? {})
    .map(([name, value]) => `<saml:Attribute Name="${esc(name)}"><saml:AttributeValue>${esc(value)}</saml:AttributeValue></saml:Attribute>`)
    .join('');
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${o.id ?? `_${randomUUID()}`}" IssueInstant="${iso(0)}" Version="2.0">` +
    `<saml:Issuer>${esc(o.issuer ?? ISSUER)}</saml:Issuer>` +
    `<saml:Subject>${nameId === null ? '' : `<saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">${nameId}</saml:NameID>`}` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"/></saml:Subject>` +
    conditions +
    (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '') +
    `<saml:AuthnStatement AuthnInstant="${iso(-5)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:federation:authentication:windows</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    '</saml:Assertion>'
  );
}

/** A SAML 1.1 Assertion as AD FS issues it over WS-Trust (ImmutableID as NameIdentifier and attribute, UPN attribute). */
function saml11(o: { immutableId?: string | null; upn?: string; audience?: string; issuer?: string } = {}): string {
  const immutableId = o.immutableId === undefined ? 'AbCdEfGhIjKlMnOpQrStUw==' : o.immutableId;
  const subject = `<saml:Subject><saml:NameIdentifier Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">${immutableId ?? 'opaque-subject'}</saml:NameIdentifier>` +
    '<saml:SubjectConfirmation><saml:ConfirmationMethod>urn:oasis:names:tc:SAML:1.0:cm:bearer</saml:ConfirmationMethod></saml:SubjectConfirmation></saml:Subject>';
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" MajorVersion="1" MinorVersion="1" AssertionID="_${randomUUID()}" Issuer="${esc(o.issuer ?? ISSUER)}" IssueInstant="${iso(0)}">` +
    `<saml:Conditions NotBefore="${iso(-60)}" NotOnOrAfter="${iso(3600)}"><saml:AudienceRestrictionCondition><saml:Audience>${esc(o.audience ?? 'urn:federation:MicrosoftOnline')}</saml:Audience></saml:AudienceRestrictionCondition></saml:Conditions>` +
    `<saml:AttributeStatement>${subject}` +
    `<saml:Attribute AttributeName="UPN" AttributeNamespace="http://schemas.xmlsoap.org/claims"><saml:AttributeValue>${esc(o.upn ?? FRANK)}</saml:AttributeValue></saml:Attribute>` +
    (immutableId === null ? '' : `<saml:Attribute AttributeName="ImmutableID" AttributeNamespace="http://schemas.microsoft.com/LiveID/Federation/2008/05"><saml:AttributeValue>${immutableId}</saml:AttributeValue></saml:Attribute>`) +
    '</saml:AttributeStatement>' +
    `<saml:AuthenticationStatement AuthenticationMethod="urn:federation:authentication:windows" AuthenticationInstant="${iso(-5)}">${subject}</saml:AuthenticationStatement>` +
    '</saml:Assertion>'
  );
}

/** Sign as AD FS does (test/support/saml.ts). */
const sign = (xml: string, cert: ClientCertificate = idp) => signAssertion(xml, cert);

const b64url = (xml: string) => Buffer.from(xml, 'utf8').toString('base64url');
const b64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

// ---- requests ----

function expectRefusal(r: Reply, expected: number, error: string, status = 400, why?: RegExp): void {
  expect(errorCode(r), JSON.stringify(r.json)).toBe(expected);
  if (why) expect(refusals.get(String(r.json.trace_id))?.detail).toMatch(why);
  expect(r.status).toBe(status);
  expect(r.json.error).toBe(error);
  expect(String(r.json.error_description)).toMatch(new RegExp(`^AADSTS${expected}: `));
  expect(String(r.json.error_description)).not.toMatch(/\{[A-Za-z]+\}/);
  expect(r.json.access_token).toBeUndefined();
}

/** The public client's v2 request, MSAL's shape. */
function samlGrant(assertion: string, extra: Record<string, string> = {}, url = V2): Promise<Reply> {
  return post(url, {
    client_id: DESKTOP,
    grant_type: SAML2,
    assertion,
    scope: `${API.uri}/access_as_user openid profile offline_access`,
    client_info: '1',
    ...extra,
  });
}

async function jwks(path: string) {
  const res = await entrada.app.inject({ method: 'GET', url: path, headers: { host: 'localhost:8443' } });
  return createLocalJWKSet(res.json());
}

// ---- cases ----

describe('accepted assertions', () => {
  it('v2, public client without a secret: tokens for the named user; the access token verifies', async () => {
    const r = await samlGrant(b64url(sign(saml2())));
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const { payload } = await jwtVerify(String(r.json.access_token), await jwks(`/${TENANT}/discovery/v2.0/keys`), {
      issuer: `${ORIGIN}/${TENANT}/v2.0`,
      audience: API.id,
    });
    expect(payload).toMatchObject({ tid: TENANT, azp: DESKTOP, azpacr: '0', preferred_username: FRANK, scp: 'access_as_user' });
    // openid → id_token for the same user; offline_access → a refresh token.
    expect(claimsOf(r.json.id_token)).toMatchObject({ aud: DESKTOP, preferred_username: FRANK, oid: payload.oid });
    expect(typeof r.json.refresh_token).toBe('string');
    expect(r.json.scope).toBe(`openid profile ${API.uri}/access_as_user`); // offline_access is not echoed [D]

    // The refresh token works like any other.
    const refreshed = await post(V2, { client_id: DESKTOP, grant_type: 'refresh_token', refresh_token: String(r.json.refresh_token), scope: `${API.uri}/access_as_user` });
    expect(refreshed.status, JSON.stringify(refreshed.json)).toBe(200);
    expect(claimsOf(refreshed.json.access_token)).toMatchObject({ oid: payload.oid, preferred_username: FRANK });
  });

  it('v1, confidential client with its secret, standard base64: a Graph token with upn', async () => {
    const r = await post(V1, {
      client_id: WEB.id,
      client_secret: WEB.secret,
      grant_type: SAML2,
      assertion: b64(sign(saml2())),
      resource: 'https://graph.microsoft.com',
    });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(typeof r.json.expires_in).toBe('string'); // v1 numbers are strings
    const { payload } = await jwtVerify(String(r.json.access_token), await jwks(`/${TENANT}/discovery/keys`), { issuer: `${ORIGIN}/${TENANT}/` });
    expect(payload).toMatchObject({ aud: 'https://graph.microsoft.com', appid: WEB.id, appidacr: '1', upn: FRANK, unique_name: FRANK, scp: 'User.Read' });
    expect(typeof r.json.refresh_token).toBe('string'); // the v1 endpoint always returns one
  });

  it('SAML 1.1 over saml1_1-bearer, user from the UPN attribute (ImmutableID present)', async () => {
    const r = await samlGrant(b64url(sign(saml11())), { grant_type: SAML11 });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(claimsOf(r.json.access_token)).toMatchObject({ preferred_username: FRANK, aud: API.id });
  });

  it('a UPN attribute names the user when the NameID is opaque', async () => {
    const xml = saml2({ nameId: 'k3Jq9w==', attributes: { 'http://schemas.xmlsoap.org/claims/UPN': FRANK } });
    const r = await samlGrant(b64url(sign(xml)));
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(claimsOf(r.json.access_token).preferred_username).toBe(FRANK);
  });

  it('signed with the second registered certificate (a rollover), tenant named by domain', async () => {
    const r = await samlGrant(b64url(sign(saml2(), rollover)), {}, '/corp.saml.localhost/oauth2/v2.0/token');
    expect(r.status, JSON.stringify(r.json)).toBe(200);
  });

  it.each([
    ['the token endpoint it is posted to', `${ORIGIN}${V2}`],
    ['this host, as the issuer host', `${ORIGIN}/`],
    ['the tenant on this host, by domain, in another case', `${ORIGIN}/CORP.saml.localhost`],
  ])('audience: %s [I]', async (_name, audience) => {
    const r = await samlGrant(b64url(sign(saml2({ audiences: [audience] }))));
    expect(r.status, JSON.stringify(r.json)).toBe(200);
  });

  it('expired by less than the 5-minute clock skew', async () => {
    const r = await samlGrant(b64url(sign(saml2({ notBefore: -3600, notOnOrAfter: -200 }))));
    expect(r.status, JSON.stringify(r.json)).toBe(200);
  });
});

describe('client type (grant kind saml_bearer: "Allow public client flows" decides)', () => {
  it('confidential client without a secret → 7000218', async () => {
    const r = await samlGrant(b64url(sign(saml2())), { client_id: WEB.id });
    expectRefusal(r, 7000218, 'invalid_client', 401);
    const explained = explainRefusal(refusals.get(String(r.json.trace_id))!);
    expect(explained.why).toMatch(/^a SAML bearer grant .* "Allow public client flows" setting decided; it is No/);
    expect(explained.fix).toMatch(/Allow public client flows → Yes/);
  });

  it('public client sending a secret → 700025', async () => {
    const r = await samlGrant(b64url(sign(saml2())), { client_secret: WEB.secret });
    expectRefusal(r, 700025, 'invalid_client', 401);
  });
});

describe('refused assertions', () => {
  it('unknown issuer → 50107 naming the realm', async () => {
    const other = 'http://adfs.elsewhere.example/adfs/services/trust';
    const r = await samlGrant(b64url(sign(saml2({ issuer: other }))));
    expectRefusal(r, 50107, 'invalid_request');
    expect(String(r.json.error_description)).toMatch(new RegExp(`^AADSTS50107: Requested federation realm object '${other}' does not exist\\.`));
  });

  it('an Entra-style issuer (not a federation partner) → 50107', async () => {
    const r = await samlGrant(b64url(sign(saml2({ issuer: `https://sts.windows.net/${TENANT}/` }))));
    expectRefusal(r, 50107, 'invalid_request');
  });

  it.each<[string, () => string, number, RegExp]>([
    ['signed with a certificate not registered for the issuer', () => b64url(sign(saml2(), stranger)), 50008, /does not verify with any signing certificate registered .*KeyInfo names certificate [0-9A-F]{40}/],
    ['not signed at all', () => b64url(saml2()), 50008, /not signed/],
    ['expired (NotOnOrAfter beyond the skew)', () => b64url(sign(saml2({ notBefore: -7200, notOnOrAfter: -400 }))), 50008, /expired/],
    ['not valid yet (NotBefore beyond the skew)', () => b64url(sign(saml2({ notBefore: 600 }))), 50008, /not valid yet/],
    ['without NotOnOrAfter', () => b64url(sign(saml2({ notOnOrAfter: null }))), 50008, /no Conditions with a NotOnOrAfter/],
    ['for another audience', () => b64url(sign(saml2({ audiences: ['https://signin.aws.amazon.com/saml'] }))), 50008, /addressed to 'https:\/\/signin\.aws\.amazon\.com\/saml'/],
    ['without an AudienceRestriction', () => b64url(sign(saml2({ audiences: null }))), 50008, /no AudienceRestriction/],
    ['a SAML 2.0 assertion on the saml1_1-bearer grant', () => b64url(sign(saml2())), 50008, /expects a SAML 1\.1 assertion/],
    ['garbage instead of base64', () => '%%% not base64 %%%', 50008, /not base64/],
    ['base64 of something that is not XML', () => b64url('{"this":"is json"}'), 50008, /not an XML element/],
    ['base64 of invalid UTF-8', () => Buffer.from([0x3c, 0xff, 0xfe, 0x3e]).toString('base64'), 50008, /not UTF-8/],
    ['truncated XML', () => b64url(sign(saml2()).slice(0, -20)), 50008, /not (well-formed XML|an XML element)/],
    ['a whole SAML Response instead of the Assertion', () => b64url(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r" Version="2.0">${sign(saml2())}</samlp:Response>`), 50008, /not a SAML Assertion/],
    ['a SAML 1.1 assertion without ImmutableID → 90020', () => b64url(sign(saml11({ immutableId: null }))), 90020, /no ImmutableID/],
  ])('%s', async (name, make, expected, why) => {
    const grantType = name.includes('saml1_1') || name.includes('SAML 1.1') ? SAML11 : SAML2;
    const r = await samlGrant(make(), { grant_type: grantType });
    expectRefusal(r, expected, 'invalid_grant', 400, why);
  });

  it('the NameID changed after signing → 50008', async () => {
    const signed = sign(saml2({ nameId: 'gina@saml.localhost' }));
    const altered = signed.replace('gina@saml.localhost', FRANK);
    expect(altered).not.toBe(signed);
    expectRefusal(await samlGrant(b64url(altered)), 50008, 'invalid_grant', 400, /changed after signing/);
  });

  it('the signature value changed → 50008', async () => {
    const signed = sign(saml2());
    const altered = signed.replace(/<ds:SignatureValue>(.)/, (_m, c: string) => `<ds:SignatureValue>${c === 'A' ? 'B' : 'A'}`);
    expectRefusal(await samlGrant(b64url(altered)), 50008, 'invalid_grant', 400, /does not verify with any signing certificate/);
  });

  describe('signature wrapping: only the signed Assertion may name the user', () => {
    const evil = () => saml2({ nameId: FRANK });
    const signedForGina = () => sign(saml2({ nameId: 'gina@saml.localhost' }));

    const twoAssertions = /holds 2 Assertion elements/;
    it.each<[string, () => string, RegExp]>([
      ['an unsigned Assertion next to the signed one, in a wrapper', () =>
        `<Envelope xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${evil()}${signedForGina()}</Envelope>`, /not a SAML Assertion/],
      ['an unsigned Assertion as the root, the signed one inside it (Advice)', () =>
        evil().replace('</saml:Subject>', `</saml:Subject><saml:Advice>${signedForGina()}</saml:Advice>`), twoAssertions],
      ['an unsigned Assertion inside the signed one', () =>
        signedForGina().replace('</saml:Assertion>', `<saml:Advice>${evil()}</saml:Advice></saml:Assertion>`), twoAssertions],
      ['the signed Assertion\'s ID copied onto an unsigned root that holds the original', () => {
        const good = signedForGina();
        const id = /ID="([^"]+)"/.exec(good)![1];
        return saml2({ id, nameId: FRANK }).replace('</saml:Subject>', `</saml:Subject><saml:Advice>${good}</saml:Advice>`);
      }, twoAssertions],
      ['the Signature (and ID) of a signed Assertion moved into a forged one', () => {
        const good = signedForGina();
        const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(good)![0];
        const id = /ID="[^"]+"/.exec(good)![0];
        return evil().replace(/ID="[^"]+"/, id).replace('</saml:Issuer>', `</saml:Issuer>${signature}`);
      }, /changed after signing/],
      ['a second copy of the Signature appended', () => {
        const good = signedForGina();
        const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(good)![0];
        return good.replace('</saml:Assertion>', `${signature}</saml:Assertion>`);
      }, /holds 2 ds:Signature elements/],
      ['the Reference pointing at another element', () => {
        const good = signedForGina();
        return good.replace(/URI="#[^"]+"/, 'URI="#_other"').replace('<saml:Subject>', '<saml:Subject ID="_other">');
      }, /Reference URI is '#_other'/],
    ])('%s → 50008, never a token for the unsigned subject', async (_name, make, why) => {
      const r = await samlGrant(b64url(make()));
      expectRefusal(r, 50008, 'invalid_grant', 400, why);
    });

    it('a comment in the signed NameID cannot truncate it (read from the canonical signed form)', async () => {
      // Classic SAML comment injection: a parser that reads the first text node sees only
      // frank@corp.saml.localhost; the signed (comment-free) value is frank@corp.saml.localhost.evil,
      // a domain the IdP does not federate (test/crypto/saml-signature.test.ts checks the value read).
      const r = await samlGrant(b64url(sign(saml2({ nameId: `${FRANK}<!---->.evil` }))));
      expectRefusal(r, 50008, 'invalid_grant', 400, /'frank@corp\.saml\.localhost\.evil' is not in a domain federated/);
    });
  });

  it.each([
    ['an internal entity (billion laughs style)', '<!DOCTYPE saml:Assertion [<!ENTITY who "frank@corp.saml.localhost">]>'],
    ['an external entity (XXE)', '<!DOCTYPE saml:Assertion [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'],
  ])('a DOCTYPE with %s → 50008', async (_name, doctype) => {
    const signed = sign(saml2());
    const withDtd = `<?xml version="1.0"?>${doctype}${signed}`;
    expectRefusal(await samlGrant(b64url(withDtd)), 50008, 'invalid_grant', 400, /DOCTYPE/);
  });

  it('an assertion over the size limit → 50008', async () => {
    const big = sign(saml2({ attributes: { padding: 'x'.repeat(150 * 1024) } }));
    expectRefusal(await samlGrant(b64url(big)), 50008, 'invalid_grant', 400, /larger than 128 KiB/);
  });

  it('no assertion parameter → 900144', async () => {
    expectRefusal(await post(V2, { client_id: DESKTOP, grant_type: SAML2, scope: 'openid' }), 900144, 'invalid_request');
  });

  it('on /organizations (no tenant in the path) → 50059 [I]', async () => {
    expectRefusal(await samlGrant(b64url(sign(saml2())), {}, '/organizations/oauth2/v2.0/token'), 50059, 'invalid_request');
  });
});

describe('the named user', () => {
  it('no user with that UPN in the tenant → 50034 [I]', async () => {
    const r = await samlGrant(b64url(sign(saml2({ nameId: 'nobody@corp.saml.localhost' }))));
    expectRefusal(r, 50034, 'invalid_grant');
    expect(String(r.json.error_description)).toContain('nobody@corp.saml.localhost');
  });

  it('a user of a domain the IdP does not federate → 50008 [I]', async () => {
    expectRefusal(await samlGrant(b64url(sign(saml2({ nameId: 'gina@saml.localhost' })))), 50008, 'invalid_grant', 400, /not in a domain federated by/);
  });

  it('a NameID that is not a UPN and no UPN attribute → 50008', async () => {
    expectRefusal(await samlGrant(b64url(sign(saml2({ nameId: 'S-1-5-21-1004' })))), 50008, 'invalid_grant', 400, /not a user principal name/);
  });

  it('a disabled user → 50057', async () => {
    expectRefusal(await samlGrant(b64url(sign(saml2({ nameId: 'hank@corp.saml.localhost' })))), 50057, 'invalid_grant');
  });

  it('a scope without consent → 65001', async () => {
    const r = await samlGrant(b64url(sign(saml2())), { scope: 'https://graph.microsoft.com/Mail.Read' });
    expect(errorCode(r), JSON.stringify(r.json)).toBe(65001);
  });
});
