// The federated-credential match and claim checks (core/policy/federated-credential.ts) as a table:
// which credential an external token matches and which AADSTS code each mismatch gets, in Entra's
// order (issuer, audience, subject, time), plus the routing and the field rules Graph enforces.

import { describe, expect, it } from 'vitest';
import type { FederatedIdentityCredential } from '../../src/core/model.js';
import {
  checkFederatedAssertion,
  federatedCredentialProblems,
  isAppOnly,
  isEntraIssued,
  isFederatedAssertion,
  keyIdentifier,
  type FederatedRefusalCode,
} from '../../src/core/policy/federated-credential.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const T = NOW.getTime() / 1000;
const GH = 'https://token.actions.githubusercontent.com';
const AKS = 'https://oidc.prod-aks.azure.com/0d1e6f4c-0000-4000-8000-000000000001/';
const TID = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
const ENTRA_V1 = `https://localhost:8443/${TID}/`;
const APP = 'e7ada000-0000-4000-8000-000000000002';
const EXCHANGE = 'api://AzureADTokenExchange';

const fic = (name: string, issuer: string, subject: string, audiences = [EXCHANGE]): FederatedIdentityCredential => ({
  id: `00000000-0000-4000-8000-${String(name.length).padStart(12, '0')}`,
  name,
  issuer,
  subject,
  audiences,
  description: null,
});
const CREDS = [
  fic('main', GH, 'repo:Contoso/app:ref:refs/heads/main'),
  fic('prod', GH, 'repo:Contoso/app:environment:Production'),
  fic('custom', GH, 'repo:Contoso/app:pull_request', ['api://custom-exchange']),
  fic('k8s', AKS, 'system:serviceaccount:default:workload'),
  fic('entrada', ENTRA_V1, 'f00d0000-0000-4000-8000-0000000000aa'),
];

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: 'k1' }) =>
  `${b64(header)}.${b64(claims)}.c2ln`;
const token = (over: Record<string, unknown> = {}, header?: Record<string, unknown>) =>
  jwt({ iss: GH, sub: 'repo:Contoso/app:ref:refs/heads/main', aud: EXCHANGE, iat: T, nbf: T, exp: T + 300, ...over }, header);

const check = (assertion: string, credentials = CREDS) => checkFederatedAssertion({ assertion, credentials, now: NOW });

describe('checkFederatedAssertion', () => {
  it.each<[string, string, string]>([
    ['GitHub main branch', token(), 'main'],
    ['GitHub environment', token({ sub: 'repo:Contoso/app:environment:Production' }), 'prod'],
    ['custom audience', token({ sub: 'repo:Contoso/app:pull_request', aud: 'api://custom-exchange' }), 'custom'],
    ['Kubernetes: aud as a one-element array, issuer with its trailing slash', token({ iss: AKS, sub: 'system:serviceaccount:default:workload', aud: [EXCHANGE] }), 'k8s'],
    ['aud array holding the audience among others', token({ aud: ['https://other', EXCHANGE] }), 'main'],
    ['expired within the 5-minute skew', token({ exp: T - 299 }), 'main'],
    ['nbf in the future within the skew', token({ nbf: T + 299 }), 'main'],
    ['no nbf', token({ nbf: undefined }), 'main'],
    ['an app-only token of an Entra issuer', token({ iss: ENTRA_V1, sub: 'f00d0000-0000-4000-8000-0000000000aa', tid: TID, idtyp: 'app', oid: 'f00d0000-0000-4000-8000-0000000000aa' }), 'entrada'],
    ['PS256', token({}, { alg: 'PS256', kid: 'k1' }), 'main'],
    ['ES256 without kid', token({}, { alg: 'ES256' }), 'main'],
  ])('%s → matches %s', (_name, assertion, expected) => {
    const v = check(assertion);
    if (!v.ok) throw new Error(`${v.code}: ${v.detail}`);
    expect(v.credential.name).toBe(expected);
  });

  it.each<[string, string, FederatedRefusalCode, Record<string, string>?]>([
    ['not a JWT', 'nope', 50027],
    ['no sub', token({ sub: undefined }), 50027],
    ['no iss', token({ iss: undefined }), 50027],
    ['no aud', token({ aud: undefined }), 50027],
    ['aud of numbers', token({ aud: [1] }), 50027],
    ['no exp', token({ exp: undefined }), 50027],
    ['exp as a string', token({ exp: String(T + 60) }), 50027],
    ['issuer unknown', token({ iss: 'https://gitlab.com' }), 700211, { issuer: 'https://gitlab.com' }],
    ['issuer with a trailing slash the credential lacks', token({ iss: `${GH}/` }), 700211],
    ['issuer in another case', token({ iss: GH.toUpperCase() }), 700211],
    ['AKS issuer without its trailing slash', token({ iss: AKS.slice(0, -1), sub: 'system:serviceaccount:default:workload' }), 700211],
    ['audience no credential of the issuer has', token({ aud: 'api://other' }), 700212, { audience: 'api://other' }],
    ['audience of another credential of the issuer, subject of this one', token({ aud: 'api://custom-exchange' }), 700213],
    ['audience in another case', token({ aud: 'API://AzureADTokenExchange' }), 700212],
    ['subject unknown', token({ sub: 'repo:Contoso/app:ref:refs/heads/dev' }), 700213, { subject: 'repo:Contoso/app:ref:refs/heads/dev' }],
    ['subject differing only by case', token({ sub: 'repo:contoso/app:ref:refs/heads/main' }), 7002138, { subject: 'repo:contoso/app:ref:refs/heads/main' }],
    ['subject of another issuer', token({ sub: 'system:serviceaccount:default:workload' }), 700213],
    ['expired beyond the skew', token({ exp: T - 301 }), 700024],
    ['not yet valid beyond the skew', token({ nbf: T + 301 }), 700024],
    ['a user token of an Entra issuer', token({ iss: ENTRA_V1, sub: 'pairwise-sub', tid: TID, scp: 'user_impersonation', oid: 'f00d0000-0000-4000-8000-0000000000bb' }), 700229],
    ['a user token of an Entra issuer, even with the credential\'s subject', token({ iss: ENTRA_V1, sub: 'f00d0000-0000-4000-8000-0000000000aa', tid: TID, oid: 'f00d0000-0000-4000-8000-0000000000bb' }), 700229],
    ['HS256', token({}, { alg: 'HS256', kid: 'k1' }), 7000272, { keyIdentifier: 'k1', issuer: GH }],
    ['alg none', token({}, { alg: 'none' }), 7000272],
  ])('%s → %i', (_name, assertion, code, args) => {
    const v = check(assertion);
    expect(v.ok ? 'ok' : v.code).toBe(code);
    if (!v.ok && args) expect(v.args).toMatchObject(args);
  });

  it('an app without federated credentials → 70021 naming issuer, subject and audience', () => {
    const v = check(token({ aud: [EXCHANGE] }), []);
    expect(v).toMatchObject({ ok: false, code: 70021, args: { issuer: GH, subject: 'repo:Contoso/app:ref:refs/heads/main', audience: EXCHANGE } });
  });

  it('700024 carries Entra instants', () => {
    const v = check(token({ nbf: T - 600, exp: T - 400 }));
    expect(v).toMatchObject({
      ok: false,
      code: 700024,
      args: { currentTime: '2026-03-01T12:00:00.0000000Z', validFrom: '2026-03-01T11:50:00.0000000Z', expiry: '2026-03-01T11:53:20.0000000Z' },
    });
  });

  it('the detail of 700211 points at a near miss', () => {
    const v = check(token({ iss: `${GH}/` }));
    expect(!v.ok && v.detail).toContain("differs only by case or a trailing slash");
  });

  it('returns what the signature check needs', () => {
    const assertion = token({}, { alg: 'PS256', kid: 'key-7', x5t: 'AAEC' });
    const v = check(assertion);
    if (!v.ok) throw new Error(v.detail);
    expect(v.issuer).toBe(GH);
    expect(v.jws).toMatchObject({ alg: 'PS256', kid: 'key-7', x5t: 'AAEC', signingInput: assertion.split('.').slice(0, 2).join('.') });
    expect(Buffer.from(v.jws.signature).toString()).toBe('sig');
  });
});

describe('isFederatedAssertion', () => {
  it.each<[string, string, boolean]>([
    ['iss = client id (certificate assertion)', jwt({ iss: APP, sub: APP }), false],
    ['iss = client id in upper case', jwt({ iss: APP.toUpperCase(), sub: APP }), false],
    ['iss = another GUID (certificate assertion for the wrong app: 700021) [I]', jwt({ iss: 'bbbbbbbb-0000-4000-8000-000000000001' }), false],
    ['iss = a URL', jwt({ iss: GH }), true],
    ['iss = any other string', jwt({ iss: 'my-issuer' }), true],
    ['no iss', jwt({ sub: APP }), false],
    ['not a JWT', 'x', false],
  ])('%s → %s', (_name, assertion, expected) => {
    expect(isFederatedAssertion(assertion, APP)).toBe(expected);
  });
});

describe('Entra-issued and app-only tokens [I]', () => {
  it.each<[string, string, Record<string, unknown>, boolean]>([
    ['v2 issuer with its tid', `https://login.microsoftonline.com/${TID}/v2.0`, { tid: TID }, true],
    ['v1 issuer with its tid', `https://sts.windows.net/${TID}/`, { tid: TID }, true],
    ['Entrada v1 issuer', ENTRA_V1, { tid: TID.toUpperCase() }, true],
    ['tid of another tenant', `https://login.microsoftonline.com/${TID}/v2.0`, { tid: '00000000-0000-4000-8000-000000000000' }, false],
    ['no tid (an AKS issuer has a GUID path)', AKS, {}, false],
    ['GitHub', GH, { tid: TID }, false],
  ])('isEntraIssued: %s → %s', (_name, iss, claims, expected) => {
    expect(isEntraIssued(iss, claims)).toBe(expected);
  });

  it.each<[string, Record<string, unknown>, boolean]>([
    ['idtyp app', { idtyp: 'app', oid: 'a', sub: 'b' }, true],
    ['no scp, oid = sub', { oid: 'a', sub: 'a' }, true],
    ['scp', { scp: 'x', oid: 'a', sub: 'a' }, false],
    ['idtyp user', { idtyp: 'user', oid: 'a', sub: 'a' }, false],
    ['pairwise sub (an ID token)', { oid: 'a', sub: 'b' }, false],
  ])('isAppOnly: %s → %s', (_name, claims, expected) => {
    expect(isAppOnly(claims)).toBe(expected);
  });

  it('keyIdentifier: the kid, else the hex of x5t', () => {
    expect(keyIdentifier('abc', 'AAEC')).toBe('abc');
    expect(keyIdentifier(undefined, 'AAEC')).toBe('000102');
    expect(keyIdentifier(undefined, undefined)).toBe('');
  });
});

describe('federatedCredentialProblems (Graph limits)', () => {
  type Fic = { name: string; issuer: string; subject: string; audiences: string[]; description: string | null };
  const ok: Fic = { name: 'github-main', issuer: GH, subject: 'repo:a/b:ref:refs/heads/main', audiences: [EXCHANGE], description: null };
  it.each<[string, Partial<Fic>, string[]]>([
    ['valid', {}, []],
    ['3-character name', { name: 'a_b' }, []],
    ['120-character name', { name: `a${'-'.repeat(119)}` }, []],
    ['2-character name', { name: 'ab' }, ['name']],
    ['121-character name', { name: `a${'b'.repeat(120)}` }, ['name']],
    ['name starting with -', { name: '-abc' }, ['name']],
    ['name with a dot', { name: 'a.bc' }, ['name']],
    ['issuer of 600 characters', { issuer: `https://x/${'a'.repeat(590)}` }, []],
    ['issuer of 601 characters', { issuer: `https://x/${'a'.repeat(591)}` }, ['issuer']],
    ['subject of 601 characters', { subject: 's'.repeat(601) }, ['subject']],
    ['wildcard subject', { subject: 'repo:a/b:*' }, ['subject']],
    ['wildcard issuer', { issuer: 'https://*.example' }, ['issuer']],
    ['issuer with a trailing space', { issuer: `${GH} ` }, ['issuer']],
    ['issuer with a leading space', { issuer: ` ${GH}` }, ['issuer']],
    ['empty subject', { subject: '' }, ['subject']],
    ['no audience', { audiences: [] }, ['audiences']],
    ['two audiences', { audiences: [EXCHANGE, 'api://x'] }, ['audiences']],
    ['description of 601 characters', { description: 'd'.repeat(601) }, ['description']],
  ])('%s → %j', (_name, patch, fields) => {
    expect(federatedCredentialProblems({ ...ok, ...patch }).map((p) => p.field)).toEqual(fields);
  });
});
