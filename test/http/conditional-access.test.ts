// MFA and Conditional Access on the grants that cannot prompt (issue 17), over app.inject(): the
// v1 endpoint's interaction_required, enrolment required (50079), and on-behalf-of carrying what
// the user's own sign-in proved to the downstream API's policy. Seed: the on-behalf-of fixture
// plus a policy on its downstream API and a user who must do MFA without a method registered.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { useEntrada } from '../support/in-process.js';
import { Browser, pkcePair, redirectParams } from '../support/sign-in.js';
import { tokenClient } from '../support/token-client.js';
import { claimsOf, errorCode } from '../support/wire.js';

const TENANT = '0b0b0b0b-1c2d-4e3f-8a4b-5c6d7e8f9a01';
const MIDDLE = { id: '0b0b0000-0000-4000-8000-000000000001', secret: 'middle~api~secret-value-0001', uri: 'api://obo-middle' };
const DOWNSTREAM_ID = '0b0b0000-0000-4000-8000-000000000003';
const FRONT_ID = '0b0b0000-0000-4000-8000-000000000005';
const ERIN = { upn: 'erin@obo.localhost', password: 'Erin-obo-password-1' };
const FRANK = { upn: 'frank@obo.localhost', password: 'Frank-obo-password-1' };
const POLICY_ID = '0b0b0000-0000-4000-8000-0000000000ca';
const V2 = `/${TENANT}/oauth2/v2.0/token`;
const V1 = `/${TENANT}/oauth2/token`;

function seed(): object {
  const fixture = parse(readFileSync(fileURLToPath(new URL('../fixtures/on-behalf-of.yaml', import.meta.url)), 'utf8'));
  const tenant = fixture.tenants[0];
  // Front may also call the downstream API itself (ROPC and refresh cases below).
  tenant.oauth2PermissionGrants.push({ client: FRONT_ID, resource: 'api://obo-downstream', scope: 'Data.Read' });
  tenant.users.push({ userPrincipalName: FRANK.upn, displayName: 'Frank Example', password: FRANK.password, perUserMfa: 'enforced', mfaRegistered: false });
  tenant.conditionalAccessPolicies = [
    {
      id: POLICY_ID,
      displayName: 'Downstream API needs MFA',
      state: 'enabled',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['Downstream API'] }, clientAppTypes: ['all'] },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    },
  ];
  return fixture;
}

const entrada = useEntrada({ seed: seed() });
const { post } = tokenClient(entrada);
const ropc = (user: { upn: string; password: string }, scope: string, url = V2) =>
  post(url, { grant_type: 'password', client_id: FRONT_ID, username: user.upn, password: user.password, ...(url === V2 ? { scope } : { resource: scope }) });
const obo = (assertion: string, url = V2) =>
  post(url, {
    client_id: MIDDLE.id, client_secret: MIDDLE.secret, grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', requested_token_use: 'on_behalf_of', assertion,
    ...(url === V2 ? { scope: 'api://obo-downstream/Data.Read' } : { resource: 'api://obo-downstream' }),
  });
const capolids = { access_token: { capolids: { essential: true, values: [POLICY_ID] } } };

describe('grants that cannot prompt', () => {
  it('v2 answers 50076 as invalid_grant, v1 as interaction_required; both with basic_action and the claims challenge [O]', async () => {
    const v2 = await ropc(ERIN, 'api://obo-downstream/Data.Read');
    expect(v2.status).toBe(400);
    expect(errorCode(v2)).toBe(50076);
    expect(v2.json).toMatchObject({ error: 'invalid_grant', suberror: 'basic_action' });
    expect(JSON.parse(String(v2.json.claims))).toEqual(capolids);
    expect(String(v2.json.error_description)).toContain(`must use multi-factor authentication to access '${DOWNSTREAM_ID}'`);
    // Field order as Entra's: claims last, after suberror.
    expect(Object.keys(v2.json).slice(-2)).toEqual(['suberror', 'claims']);

    const v1 = await ropc(ERIN, 'api://obo-downstream', V1);
    expect(errorCode(v1)).toBe(50076);
    expect(v1.json.error).toBe('interaction_required');
  });

  it('a resource no policy names is not affected', async () => {
    expect((await ropc(ERIN, `${MIDDLE.uri}/access_as_user`)).status).toBe(200);
  });

  it('MFA required with no method registered is 50079; per-user MFA sends no claims challenge [I]', async () => {
    const r = await ropc(FRANK, `${MIDDLE.uri}/access_as_user`);
    expect(errorCode(r)).toBe(50079);
    expect(r.json).toMatchObject({ error: 'invalid_grant', suberror: 'basic_action' });
    expect(r.json.claims).toBeUndefined();
  });
});

describe('on-behalf-of', () => {
  it('a single-factor user token exchanged for the downstream API: 50076 with the policy, for the middle tier to pass back', async () => {
    const incoming = await ropc(ERIN, `${MIDDLE.uri}/access_as_user`);
    const r = await obo(String(incoming.json.access_token));
    expect(errorCode(r)).toBe(50076);
    expect(JSON.parse(String(r.json.claims))).toEqual(capolids);
    expect(errorCode(await obo(String(incoming.json.access_token), V1))).toBe(50076);
  });

  it('after MFA in the sign-in pages, the exchange passes', async () => {
    const browser = new Browser(entrada.app);
    const { verifier, challenge } = pkcePair();
    const query = new URLSearchParams({
      client_id: FRONT_ID, response_type: 'code', redirect_uri: 'http://localhost', scope: `${MIDDLE.uri}/access_as_user offline_access`,
      code_challenge: challenge, code_challenge_method: 'S256',
      claims: JSON.stringify({ id_token: { acr: { essential: true, values: ['urn:microsoft:policies:mfa'] } } }),
    });
    const page = await browser.get(`/${TENANT}/oauth2/v2.0/authorize?${query}`);
    const mfa = await browser.submit(page, { username: ERIN.upn, password: ERIN.password, action: 'signin' });
    expect(mfa.body).toContain('Approve sign in request');
    const done = await browser.submit(mfa, { action: 'approve' });
    expect(done.statusCode).toBe(302);
    const code = redirectParams(String(done.headers.location)).get('code')!;
    const redeemed = await post(V2, { grant_type: 'authorization_code', client_id: FRONT_ID, code, redirect_uri: 'http://localhost', code_verifier: verifier, scope: `${MIDDLE.uri}/access_as_user` });
    expect(redeemed.status, JSON.stringify(redeemed.json)).toBe(200);
    const r = await obo(String(redeemed.json.access_token));
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(claimsOf(r.json.access_token)).toMatchObject({ aud: DOWNSTREAM_ID, scp: 'Data.Read' });
    // The refresh token of that sign-in keeps its MFA too.
    const refreshed = await post(V2, { grant_type: 'refresh_token', client_id: FRONT_ID, refresh_token: String(redeemed.json.refresh_token), scope: 'api://obo-downstream/Data.Read' });
    expect(refreshed.status, JSON.stringify(refreshed.json)).toBe(200);
  });
});

describe('/authorize', () => {
  it('prompt=none when the sign-in needs MFA: interaction_required with AADSTS50076 at the redirect URI [D]', async () => {
    const browser = new Browser(entrada.app);
    const base = { client_id: FRONT_ID, response_type: 'code', redirect_uri: 'http://localhost', code_challenge: pkcePair().challenge, code_challenge_method: 'S256' };
    // A session without MFA (nothing asks for it for the middle tier)…
    const page = await browser.get(`/${TENANT}/oauth2/v2.0/authorize?${new URLSearchParams({ ...base, scope: `${MIDDLE.uri}/access_as_user` })}`);
    const signedIn = await browser.submit(page, { username: ERIN.upn, password: ERIN.password, action: 'signin' });
    expect(signedIn.statusCode).toBe(302);
    // …then a silent request for the downstream API, whose policy needs MFA.
    const silent = await browser.get(`/${TENANT}/oauth2/v2.0/authorize?${new URLSearchParams({ ...base, scope: 'api://obo-downstream/Data.Read', prompt: 'none' })}`);
    expect(silent.statusCode).toBe(302);
    const params = redirectParams(String(silent.headers.location));
    expect(params.get('error')).toBe('interaction_required');
    expect(params.get('error_description')).toMatch(new RegExp(`^AADSTS50076: .* to access '${DOWNSTREAM_ID}'`));
  });
});
