// /authorize cases the demo tenant does not cover (test/fixtures/interactive.yaml): hybrid and
// implicit responses, consent recorded on the page, admin-only permissions, redirect URI defaults
// and mismatches, app schemes, assignment, and the v1 endpoint.

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useEntrada } from '../support/in-process.js';
import { Browser, hiddenFields, redirectParams } from '../support/sign-in.js';
import { tokenClient } from '../support/token-client.js';
import { claimsOf, PLAIN_FORM } from '../support/wire.js';

const TENANT = '4d2b6e10-7c1a-4f3e-9a55-1c2d3e4f5a60';
const API = '4d2b0000-0000-4000-8000-000000000001';
const HYBRID = { id: '4d2b0000-0000-4000-8000-000000000002', secret: 'hybrid-secret-value-0002' };
const NO_REDIRECT = '4d2b0000-0000-4000-8000-000000000003';
const NATIVE = '4d2b0000-0000-4000-8000-000000000004';
const MEMBERS = '4d2b0000-0000-4000-8000-000000000005';
const DANA = { username: 'dana@interactive.localhost', password: 'Dana-password-0001', action: 'signin' };
const SIGNIN = 'https://app.localhost/signin-oidc';

const entrada = useEntrada({ seed: join(import.meta.dirname, '..', 'fixtures', 'interactive.yaml') });
const client = tokenClient(entrada, PLAIN_FORM);

const url = (path: string, params: Record<string, string>) => `/${TENANT}/oauth2/${path}?${new URLSearchParams(params).toString()}`;
const halfHash = (v: string) => createHash('sha256').update(v).digest().subarray(0, 16).toString('base64url');
const hybrid = (extra: Record<string, string>) => ({ client_id: HYBRID.id, redirect_uri: SIGNIN, scope: 'openid api://orders/.default', state: 'st', nonce: 'nn', ...extra });

const token = async (path: string, fields: Record<string, string>) => (await client.post(`/${TENANT}/oauth2/${path}`, fields)).json;

describe('consent on the page', () => {
  it('prompt=none with consent missing redirects consent_required (AADSTS65001)', async () => {
    const browser = new Browser(entrada.app);
    const page = await browser.get(url('v2.0/authorize', hybrid({ response_type: 'code' })));
    expect(page.body).toContain('name="password"');
    const consent = await browser.submit(page, DANA);
    expect(consent.body).toContain('Read your orders');
    const silent = await browser.get(url('v2.0/authorize', hybrid({ response_type: 'code', prompt: 'none' })));
    const p = redirectParams(String(silent.headers.location));
    expect(p.get('error')).toBe('consent_required');
    expect(p.get('error_description')).toMatch(/^AADSTS65001:/);
  });

  it('admin-only permissions stop at "Need admin approval" (AADSTS90094), never at a consent form', async () => {
    const browser = new Browser(entrada.app);
    const page = await browser.get(url('v2.0/authorize', hybrid({ response_type: 'code', scope: 'openid api://orders/Orders.Admin' })));
    const r = await browser.submit(page, DANA);
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Administer all orders');
    expect(r.body).not.toContain('value="accept"');
  });

  it('hybrid code id_token (form_post): consent, then an id_token with nonce and c_hash of the code', async () => {
    const browser = new Browser(entrada.app);
    const page = await browser.get(url('v2.0/authorize', hybrid({ response_type: 'code id_token', response_mode: 'form_post' })));
    const consent = await browser.submit(page, DANA);
    const posted = await browser.submit(consent, { action: 'accept' });
    expect(posted.statusCode).toBe(200);
    const fields = hiddenFields(posted.body);
    expect(fields.state).toBe('st');
    const id = claimsOf(fields.id_token);
    expect(id).toMatchObject({ aud: HYBRID.id, nonce: 'nn', c_hash: halfHash(fields.code) });
    const tokens = await token('v2.0/token', { grant_type: 'authorization_code', client_id: HYBRID.id, client_secret: HYBRID.secret, code: fields.code, redirect_uri: SIGNIN });
    expect(claimsOf(String(tokens.access_token))).toMatchObject({ aud: API, scp: 'Orders.Read' });
  });

  it('implicit id_token token (fragment, consent already given): at_hash matches the access token', async () => {
    const r = await signedIn().then((b) => b.get(url('v2.0/authorize', hybrid({ response_type: 'id_token token' }))));
    expect(r.statusCode).toBe(302);
    const p = redirectParams(String(r.headers.location));
    expect(String(r.headers.location)).toContain('#');
    expect(claimsOf(p.get('access_token')!)).toMatchObject({ aud: API, scp: 'Orders.Read', azpacr: '0' });
    expect(claimsOf(p.get('id_token')!)).toMatchObject({ nonce: 'nn', at_hash: halfHash(p.get('access_token')!) });
    expect(p.get('token_type')).toBe('Bearer');
  });
});

/** A browser with Dana signed in (consent for Orders.Read exists once the tests above ran). */
async function signedIn(): Promise<Browser> {
  const browser = new Browser(entrada.app);
  const page = await browser.get(url('v2.0/authorize', hybrid({ response_type: 'code', prompt: 'login' })));
  await browser.submit(page, DANA);
  return browser;
}

describe('redirect URIs', () => {
  it('a code redeemed with another registered redirect URI is AADSTS500112', async () => {
    const browser = await signedIn();
    const r = await browser.get(url('v2.0/authorize', hybrid({ response_type: 'code' })));
    const code = redirectParams(String(r.headers.location)).get('code')!;
    const t = await token('v2.0/token', { grant_type: 'authorization_code', client_id: HYBRID.id, client_secret: HYBRID.secret, code, redirect_uri: 'https://app.localhost/other' });
    expect(t.error_codes).toEqual([500112]);
  });

  it('no redirect URI registered → 500113; several and none sent → 900971 (pages)', async () => {
    const browser = new Browser(entrada.app);
    const none = await browser.get(url('v2.0/authorize', { client_id: NO_REDIRECT, response_type: 'code', scope: 'openid' }));
    expect([none.statusCode, none.body.includes('AADSTS500113')]).toEqual([400, true]);
    const many = await browser.get(url('v2.0/authorize', { client_id: HYBRID.id, response_type: 'code', scope: 'openid' }));
    expect([many.statusCode, many.body.includes('AADSTS900971')]).toEqual([400, true]);
  });

  it('the only registered URI is used when none is sent; an app scheme cannot take form_post', async () => {
    const browser = new Browser(entrada.app);
    const page = await browser.get(url('v2.0/authorize', { client_id: NATIVE, response_type: 'code', scope: 'openid' }));
    expect(page.statusCode).toBe(200);
    const bad = await browser.get(url('v2.0/authorize', { client_id: NATIVE, response_type: 'code', scope: 'openid', response_mode: 'form_post' }));
    expect(String(bad.headers.location)).toMatch(/^myapp:\/\/auth\?error=invalid_request/);
  });
});

describe('assignment and the v1 endpoint', () => {
  it('an app that requires assignment shows AADSTS50105 after sign-in, without redirecting', async () => {
    const browser = new Browser(entrada.app);
    const page = await browser.get(url('v2.0/authorize', { client_id: MEMBERS, response_type: 'code', scope: 'openid', redirect_uri: 'https://members.localhost/cb' }));
    const r = await browser.submit(page, DANA);
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('AADSTS50105');
    expect(r.headers.location).toBeUndefined();
  });

  it('v1 /oauth2/authorize with resource=, redeemed at v1 /oauth2/token: string numbers and resource', async () => {
    const browser = await signedIn();
    const r = await browser.get(url('authorize', { client_id: HYBRID.id, response_type: 'code', redirect_uri: SIGNIN, resource: 'api://orders' }));
    expect(r.statusCode).toBe(302);
    const code = redirectParams(String(r.headers.location)).get('code')!;
    const t = await token('token', { grant_type: 'authorization_code', client_id: HYBRID.id, client_secret: HYBRID.secret, code, redirect_uri: SIGNIN, resource: 'api://orders' });
    expect(t).toMatchObject({ token_type: 'Bearer', resource: 'api://orders' });
    // a user's token: 60–90 minutes, drawn per token (core/policy/token-lifetime.ts)
    expect(Number(t.expires_in) + 1).toBeGreaterThanOrEqual(3600);
    expect(Number(t.expires_in) + 1).toBeLessThanOrEqual(5400);
    expect(typeof t.id_token).toBe('string');
    expect(claimsOf(String(t.id_token)).ver).toBe('1.0');
  });
});
