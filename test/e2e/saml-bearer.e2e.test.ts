// A raw SAML bearer exchange (entra-protocol.md §3.8) against `entrada start`, over HTTPS with
// fetch: an assertion signed as AD FS signs it (test/support/saml.ts) by the identity provider
// global-setup.ts registered in the demo tenant with a certificate made for this run.

import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import type { ClientCertificate } from '../support/client-certificate.js';
import { signAssertion } from '../support/saml.js';
import { API, authority, CLI, demoUser, TENANT_ID, WEB } from './demo.js';
import { verifyToken } from './verify.js';

const idp = inject('samlIdp');
const alice = demoUser('alice');
const SAML2 = 'urn:ietf:params:oauth:grant-type:saml2-bearer';
const SCOPE = `openid offline_access ${API.uri}/access_as_user`;

/** A SAML 2.0 assertion for `nameId`, as AD FS issues it for Entra, signed by the IdP (base64url). */
function assertion(nameId = alice.upn, issuer = idp.issuer): string {
  const at = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  const xml =
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomUUID()}" IssueInstant="${at(0)}" Version="2.0">` +
    `<saml:Issuer>${issuer}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">${nameId}</saml:NameID>` +
    '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"/></saml:Subject>' +
    `<saml:Conditions NotBefore="${at(-60)}" NotOnOrAfter="${at(3600)}"><saml:AudienceRestriction><saml:Audience>urn:federation:MicrosoftOnline</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${at(-5)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:federation:authentication:windows</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    '</saml:Assertion>';
  // signAssertion uses only the PEMs.
  return Buffer.from(signAssertion(xml, idp as unknown as ClientCertificate)).toString('base64url');
}

async function token(params: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${authority()}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams(params) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
const saml = (assertion: string, client: { appId: string; secret?: string } = CLI) =>
  token({ client_id: client.appId, ...(client.secret ? { client_secret: client.secret } : {}), grant_type: SAML2, assertion, scope: SCOPE });
const errorCode = (r: { json: Record<string, unknown> }) => (r.json.error_codes as number[] | undefined)?.[0];
const v2 = () => ({ issuer: `${authority()}/v2.0`, audience: API.appId, jwksUri: `${authority()}/discovery/v2.0/keys` });

describe('SAML bearer grant over HTTPS', () => {
  it('v2, Demo CLI without a secret: tokens for alice, the access token verifies, a refresh token', async () => {
    const r = await saml(assertion());
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const claims = await verifyToken(String(r.json.access_token), v2());
    // alice's oid as a password sign-in gives it.
    const ropc = await token({ client_id: CLI.appId, grant_type: 'password', username: alice.upn, password: alice.password, scope: `${API.uri}/access_as_user` });
    expect(ropc.status, JSON.stringify(ropc.json)).toBe(200);
    const { oid } = await verifyToken(String(ropc.json.access_token), v2());
    expect(claims).toMatchObject({ preferred_username: alice.upn, oid, tid: TENANT_ID, azp: CLI.appId, azpacr: '0', scp: 'access_as_user' });
    expect(typeof r.json.refresh_token).toBe('string');
  });

  it('Demo Web App (confidential): without its secret AADSTS7000218, with it 200', async () => {
    const without = await saml(assertion(), { appId: WEB.appId });
    expect(without.status).toBe(401);
    expect(errorCode(without), JSON.stringify(without.json)).toBe(7000218);
    const withSecret = await saml(assertion(), { appId: WEB.appId, secret: WEB.secret });
    expect(withSecret.status, JSON.stringify(withSecret.json)).toBe(200);
    expect(await verifyToken(String(withSecret.json.access_token), v2())).toMatchObject({ azp: WEB.appId, azpacr: '1', preferred_username: alice.upn });
  });

  it('NameID changed after signing → AADSTS50008; an unknown issuer → AADSTS50107', async () => {
    const signed = Buffer.from(assertion(), 'base64url').toString('utf8');
    const tampered = signed.replace(`>${alice.upn}<`, `>${demoUser('bob').upn}<`);
    expect(tampered).not.toBe(signed);
    const r = await saml(Buffer.from(tampered).toString('base64url'));
    expect(r.status).toBe(400);
    expect(errorCode(r), JSON.stringify(r.json)).toBe(50008);

    const unknown = await saml(assertion(alice.upn, 'http://adfs.elsewhere.example/adfs/services/trust'));
    expect(unknown.status).toBe(400);
    expect(errorCode(unknown), JSON.stringify(unknown.json)).toBe(50107);
  });
});
