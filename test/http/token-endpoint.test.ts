// The token endpoint over app.inject(): Entra's error shape, hostile input, and each refusal
// of the foundation grants. Real clients are exercised in test/e2e.

import { describe, expect, it } from 'vitest';
import { ALICE, API_ID, CAROL, CLI_ID, DAEMON, TENANT, WEB } from '../support/demo-seed.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient } from '../support/token-client.js';
import { claimsOf, errorCode, form } from '../support/wire.js';

const entrada = useEntrada();
const { post } = tokenClient(entrada);

const V2 = `/${TENANT}/oauth2/v2.0/token`;
const V1 = `/${TENANT}/oauth2/token`;
const cc = (extra: Record<string, string> = {}) =>
  form({ grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: 'api://entrada-demo-api/.default', ...extra });
const ropc = (extra: Record<string, string> = {}) =>
  form({ grant_type: 'password', client_id: CLI_ID, username: ALICE.upn, password: ALICE.password, scope: 'api://entrada-demo-api/access_as_user openid offline_access', ...extra });

describe("Entra's error body", () => {
  it('has the fields in Entra order, the description format, and echoes client-request-id', async () => {
    const correlation = '5fc87507-4086-4e77-b415-cee677eb232e';
    const r = await post(`${V2}?client-request-id=${correlation}`, form({ grant_type: 'client_credentials', client_id: DAEMON.id, scope: 'api://entrada-demo-api/.default' }));
    expect(r.status).toBe(401);
    expect(Object.keys(r.json)).toEqual(['error', 'error_description', 'error_codes', 'timestamp', 'trace_id', 'correlation_id', 'error_uri']);
    expect(r.json.error).toBe('invalid_client');
    expect(r.json.error_codes).toEqual([7000218]);
    expect(r.json.correlation_id).toBe(correlation);
    expect(r.json.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(r.json.error_description).toBe(
      `AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'. Trace ID: ${r.json.trace_id} Correlation ID: ${correlation} Timestamp: ${r.json.timestamp}`,
    );
    expect(r.json.error_uri).toBe('https://localhost:8443/error?code=7000218');
    // Entrada's explanation of this very request, which error_uri no longer carries.
    expect(r.headers.link).toBe(`<https://localhost:8443/error?code=7000218&trace_id=${r.json.trace_id}>; rel="help"`);
    expect(r.headers['x-ms-request-id']).toBe(r.json.trace_id);
    expect(r.headers['cache-control']).toBe('no-store, no-cache');
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('takes the correlation id from the body too, and makes one when none is sent', async () => {
    const id = '0b8f2c6e-1111-4a5b-9c0d-123456789abc';
    expect((await post(V2, form({ 'client-request-id': id }))).json.correlation_id).toBe(id);
    expect((await post(V2, form({}))).json.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('hostile and malformed requests never give a 500', () => {
  it.each<[string, () => Promise<{ status: number; json: Record<string, unknown> }>, number, number]>([
    ['GET on the token endpoint', async () => {
      const res = await entrada.app.inject({ method: 'GET', url: V2, headers: { host: 'localhost:8443' } });
      return { status: res.statusCode, json: res.json() };
    }, 400, 900561],
    ['PUT on the token endpoint', async () => {
      const res = await entrada.app.inject({ method: 'PUT', url: V1, headers: { host: 'localhost:8443' } });
      return { status: res.statusCode, json: res.json() };
    }, 400, 900561],
    ['a malformed percent-escape in the path', async () => {
      const res = await entrada.app.inject({ method: 'POST', url: '/%ff%zz/oauth2/v2.0/token', headers: { host: 'localhost:8443' } });
      return { status: res.statusCode, json: res.json() };
    }, 400, 9002313],
    ['a tenant segment of 600 characters', () => post(`/${'a'.repeat(600)}/oauth2/v2.0/token`, cc()), 400, 9002313],
    ['a JSON body (ignored, as Entra does)', () => post(V2, JSON.stringify({ grant_type: 'client_credentials' }), { 'content-type': 'application/json' }), 400, 900144],
    ['no body', () => post(V2, ''), 400, 900144],
    ['a repeated parameter', () => post(V2, `${cc()}&client_id=${DAEMON.id}`), 400, 9002313],
    ['invalid UTF-8 bytes', () => post(V2, Buffer.concat([Buffer.from('grant_type=client_credentials&client_id='), Buffer.from([0xff, 0xfe])])), 400, 9002313],
    ['a bad percent escape', () => post(V2, 'grant_type=client%ZZcredentials'), 400, 9002313],
    ['percent-encoded invalid UTF-8', () => post(V2, 'grant_type=%C3%28'), 400, 9002313],
    ['an absurdly long value', () => post(V2, cc({ scope: 'x'.repeat(300 * 1024) })), 400, 9002313],
    ['a body over 1 MiB', () => post(V2, `grant_type=${'a'.repeat(1100 * 1024)}`), 413, 9002313],
    ['too many parameters', () => post(V2, Array.from({ length: 300 }, (_, i) => `p${i}=1`).join('&')), 400, 9002313],
    ['a client_id that is not a GUID', () => post(V2, cc({ client_id: "' OR 1=1 --" })), 400, 700038],
    ['an unknown client', () => post(V2, cc({ client_id: '00000000-0000-0000-0000-00000000dead' })), 400, 700016],
    ['an unknown grant type', () => post(V2, cc({ grant_type: 'magic' })), 400, 70003],
    ['a SAML bearer grant without its assertion', () => post(V2, cc({ grant_type: 'urn:ietf:params:oauth:grant-type:saml2-bearer' })), 400, 900144],
    ['an authorization_code grant without its code', () => post(V2, cc({ grant_type: 'authorization_code' })), 400, 900144],
    ['resource on the v2 endpoint', () => post(V2, cc({ resource: 'https://graph.microsoft.com' })), 400, 901002],
    ['an unknown tenant', () => post(`/00000000-0000-0000-0000-000000000000/oauth2/v2.0/token`, cc()), 400, 90002],
    ['an unknown domain', () => post(`/nowhere.example/oauth2/v2.0/token`, cc()), 400, 90002],
    ['a malformed tenant', () => post(`/not_a_tenant!/oauth2/v2.0/token`, cc()), 400, 900023],
    ['client credentials on /common', () => post(`/common/oauth2/v2.0/token`, cc()), 400, 50059],
    ['malformed HTTP Basic', () => post(V2, form({ grant_type: 'client_credentials', scope: 'api://entrada-demo-api/.default' }), { authorization: 'Basic !!!' }), 400, 9002313],
    ['Basic and a body secret at once', () => post(V2, cc(), { authorization: `Basic ${Buffer.from(`${DAEMON.id}:${DAEMON.secret}`).toString('base64')}` }), 400, 9002313],
    ['a client_assertion naming a certificate the app does not have', () => post(V2, form({ grant_type: 'client_credentials', client_id: DAEMON.id, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: `${Buffer.from(JSON.stringify({ alg: 'RS256', x5t: Buffer.from('0123456789abcdef0123', 'hex').toString('base64url') })).toString('base64url')}.e30.sig`, scope: 'api://entrada-demo-api/.default' })), 401, 700027],
    ['a garbage client_assertion', () => post(V2, form({ grant_type: 'client_credentials', client_id: DAEMON.id, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: '%%%', scope: 'api://entrada-demo-api/.default' })), 400, 50027],
    ['a client_assertion without its type', () => post(V2, form({ grant_type: 'client_credentials', client_id: DAEMON.id, client_assertion: 'a.b.c', scope: 'api://entrada-demo-api/.default' })), 400, 900144],
  ])('%s', async (_name, send, status, expected) => {
    const r = await send();
    expect(r.status).toBe(status);
    expect(errorCode(r)).toBe(expected);
    expect(String(r.json.error_description)).toMatch(new RegExp(`^AADSTS${expected}: `));
  });
});

describe('client assertions naming an unregistered certificate (more in client-assertion.test.ts)', () => {
  it("are refused with AADSTS700027 naming the header's thumbprint as Entra prints it", async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', x5t: Buffer.from('0123456789abcdef0123', 'hex').toString('base64url') })).toString('base64url');
    const r = await post(V2, form({
      grant_type: 'client_credentials', client_id: DAEMON.id, scope: 'api://entrada-demo-api/.default',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: `${header}.e30.sig`,
    }));
    expect(r.json.error_description).toContain("Thumbprint of key used by client: '0123456789ABCDEF0123'");
  });
});

describe('client credentials', () => {
  it('v2: numbers, no scope, no refresh token [O]', async () => {
    const r = await post(V2, cc());
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(['token_type', 'expires_in', 'ext_expires_in', 'access_token']);
    expect(r.json.expires_in).toBe(3599);
  });

  it('v1: strings, expires_on, not_before, resource echoed [O]', async () => {
    const r = await post(V1, form({ grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, resource: 'api://entrada-demo-api' }));
    expect(Object.keys(r.json)).toEqual(['token_type', 'expires_in', 'ext_expires_in', 'expires_on', 'not_before', 'resource', 'access_token']);
    expect(r.json.resource).toBe('api://entrada-demo-api');
    expect(Number(r.json.expires_on) - Number(r.json.not_before)).toBe(3900);
  });

  it('accepts HTTP Basic client authentication (RFC 6749 §2.3.1) and domain tenants in any case', async () => {
    const basic = Buffer.from(`${DAEMON.id}:${encodeURIComponent(DAEMON.secret)}`).toString('base64');
    const r = await post('/ENTRADA.localhost/oauth2/v2.0/token', form({ grant_type: 'client_credentials', scope: 'api://entrada-demo-api/.default' }), { authorization: `Basic ${basic}` });
    expect(r.status).toBe(200);
  });

  it.each<[string, Record<string, string>, Record<string, string>, number]>([
    ['wrong secret', { client_secret: 'nope-nope-nope-nope' }, {}, 7000215],
    ['secret ID instead of value', { client_secret: 'SECRET_ID' }, {}, 7000215],
    ['no credential', { client_secret: '' }, {}, 7000218],
    ['an Origin header (browser)', {}, { origin: 'https://spa.example' }, 9002326],
    ['scope without /.default', { scope: 'api://entrada-demo-api/access_as_user' }, {}, 1002012],
    ['no scope', { scope: '' }, {}, 90014],
    ['unknown resource', { scope: 'api://nobody/.default' }, {}, 500011],
  ])('%s → AADSTS%s', async (_n, extra, headers, expected) => {
    let params = extra;
    if (extra.client_secret === 'SECRET_ID') {
      const app = await entrada.storage.directory.getApplicationByAppId(DAEMON.id);
      params = { client_secret: app!.passwordCredentials[0].keyId };
    }
    const r = await post(V2, cc(params), headers);
    expect(errorCode(r)).toBe(expected);
    if (expected === 9002326) expect(r.json.error_description).toContain("Request origin: 'https://spa.example'");
  });
});

describe('password (ROPC)', () => {
  it('issues access, id and refresh tokens with client_info', async () => {
    const r = await post(V2, ropc({ client_info: '1' }));
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(['token_type', 'scope', 'expires_in', 'ext_expires_in', 'access_token', 'refresh_token', 'id_token', 'client_info']);
    expect(r.json.scope).toBe('openid api://entrada-demo-api/access_as_user');
  });

  it.each<[string, string, Record<string, string>, number]>([
    ['/common', `/common/oauth2/v2.0/token`, {}, 9001023],
    ['/consumers', `/consumers/oauth2/v2.0/token`, {}, 9001023],
    ['wrong password', V2, { password: 'wrong' }, 50126],
    ['unknown user', V2, { username: 'nobody@entrada.localhost' }, 50034],
    ['disabled user', V2, { username: CAROL.upn, password: CAROL.password }, 50057],
    ['confidential-by-default app without secret', V2, { client_id: WEB.id }, 7000218],
    ['public app with a secret', V2, { client_secret: 'whatever-secret-value' }, 700025],
    ['unknown permission', V2, { scope: 'api://entrada-demo-api/nope' }, 70011],
    ['two resources', V2, { scope: 'api://entrada-demo-api/access_as_user User.Read' }, 700022],
    ['missing password', V2, { password: '' }, 900144],
  ])('%s → AADSTS%s', async (_n, url, extra, expected) => {
    expect(errorCode(await post(url, ropc(extra)))).toBe(expected);
  });

  it('/organizations finds the tenant from the user name', async () => {
    expect((await post('/organizations/oauth2/v2.0/token', ropc())).status).toBe(200);
  });

  it('no consent for the resource → AADSTS65001 with suberror consent_required', async () => {
    // Demo Daemon has no delegated grants; with a secret it can do ROPC as a confidential client.
    const r = await post(V2, ropc({ client_id: DAEMON.id, client_secret: DAEMON.secret }));
    expect(errorCode(r)).toBe(65001);
    expect(r.json.suberror).toBe('consent_required');
  });

  it('v1 ROPC: strings and resource, refresh token without offline_access', async () => {
    const r = await post(V1, form({ grant_type: 'password', client_id: CLI_ID, username: ALICE.upn, password: ALICE.password, resource: 'api://entrada-demo-api' }));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ resource: 'api://entrada-demo-api', scope: 'access_as_user' });
    // a user's token: 60–90 minutes, drawn per token (core/policy/token-lifetime.ts)
    expect(Number(r.json.expires_in) + 1).toBeGreaterThanOrEqual(3600);
    expect(Number(r.json.expires_in) + 1).toBeLessThanOrEqual(5400);
    expect(typeof r.json.refresh_token).toBe('string');
  });
});

describe('refresh token', () => {
  it('rotates: a new refresh token each time, the old one stays usable [D]', async () => {
    const first = await post(V2, ropc());
    const rt1 = String(first.json.refresh_token);
    const second = await post(V2, form({ grant_type: 'refresh_token', client_id: CLI_ID, refresh_token: rt1 }));
    expect(second.status).toBe(200);
    const rt2 = String(second.json.refresh_token);
    expect(rt2).not.toBe(rt1);
    expect((await post(V2, form({ grant_type: 'refresh_token', client_id: CLI_ID, refresh_token: rt1 }))).status).toBe(200);
  });

  it.each<[string, Record<string, string>, number]>([
    ['garbage', { refresh_token: 'not-a-token' }, 9002313],
    ['missing', { refresh_token: '' }, 900144],
    ['another client', { client_id: DAEMON.id, client_secret: DAEMON.secret }, 70000],
  ])('%s → AADSTS%s', async (_n, extra, expected) => {
    const rt = String((await post(V2, ropc())).json.refresh_token);
    expect(errorCode(await post(V2, form({ grant_type: 'refresh_token', client_id: CLI_ID, refresh_token: rt, ...extra })))).toBe(expected);
  });

  it('an unknown refresh token is AADSTS9002313 with invalid_grant, so clients sign in again [O]', async () => {
    const r = await post(V2, form({ grant_type: 'refresh_token', client_id: CLI_ID, refresh_token: '1.unknown' }));
    expect(r.json).toMatchObject({ error: 'invalid_grant', error_codes: [9002313] });
  });

  it('a revoked family → AADSTS50173', async () => {
    const rt = String((await post(V2, ropc())).json.refresh_token);
    const { createHash } = await import('node:crypto');
    const record = await entrada.storage.refreshTokens.findByHash(createHash('sha256').update(rt).digest('base64url'));
    await entrada.storage.refreshTokens.revokeFamily(record!.familyId, new Date().toISOString());
    expect(errorCode(await post(V2, form({ grant_type: 'refresh_token', client_id: CLI_ID, refresh_token: rt })))).toBe(50173);
  });

  it('a public refresh token from a browser → AADSTS9002326', async () => {
    const rt = String((await post(V2, ropc())).json.refresh_token);
    expect(errorCode(await post(V2, form({ grant_type: 'refresh_token', client_id: CLI_ID, refresh_token: rt }), { origin: 'http://localhost:5173' }))).toBe(9002326);
  });

  it('a refresh token issued to a confidential client needs the secret again', async () => {
    const rt = String((await post(V2, ropc({ client_id: WEB.id, client_secret: WEB.secret, scope: 'openid offline_access' }))).json.refresh_token);
    expect(errorCode(await post(V2, form({ grant_type: 'refresh_token', client_id: WEB.id, refresh_token: rt })))).toBe(7000218);
    expect((await post(V2, form({ grant_type: 'refresh_token', client_id: WEB.id, client_secret: WEB.secret, refresh_token: rt }))).status).toBe(200);
  });
});

describe('API_ID is the resource GUID in v2 tokens', () => {
  it('aud', async () => {
    const r = await post(V2, cc());
    const payload = claimsOf(r.json.access_token);
    expect(payload.aud).toBe(API_ID);
  });
});
