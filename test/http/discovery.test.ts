// Discovery documents, JWKS and instance discovery (entra-protocol.md §1.3–1.5).

import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { DAEMON, TENANT } from '../support/demo-seed.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient } from '../support/token-client.js';
import { ORIGIN, PLAIN_FORM } from '../support/wire.js';

const entrada = useEntrada();
const { send } = tokenClient(entrada, PLAIN_FORM);
async function get(url: string, host = 'localhost:8443') {
  const res = await entrada.app.inject({ method: 'GET', url, headers: { host } });
  // biome-ignore lint/suspicious/noExplicitAny: the documents are read field by field as served
  return { status: res.statusCode, headers: res.headers, json: res.json() as Record<string, any> };
}

describe('v2 discovery', () => {
  it("has Entra's field set with the tenant GUID, even when asked by domain [O]", async () => {
    const r = await get('/Entrada.Localhost/v2.0/.well-known/openid-configuration');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      issuer: `${ORIGIN}/${TENANT}/v2.0`,
      token_endpoint: `${ORIGIN}/${TENANT}/oauth2/v2.0/token`,
      authorization_endpoint: `${ORIGIN}/${TENANT}/oauth2/v2.0/authorize`,
      jwks_uri: `${ORIGIN}/${TENANT}/discovery/v2.0/keys`,
      device_authorization_endpoint: `${ORIGIN}/${TENANT}/oauth2/v2.0/devicecode`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      subject_types_supported: ['pairwise'],
      tenant_region_scope: 'WW',
      request_uri_parameter_supported: false,
    });
    expect(r.headers['cache-control']).toBe('max-age=86400, private');
    expect(r.headers['access-control-allow-origin']).toBe('*');
  });

  it('common and organizations carry the {tenantid} template and null region [O]', async () => {
    for (const alias of ['common', 'organizations']) {
      const r = await get(`/${alias}/v2.0/.well-known/openid-configuration`);
      expect(r.json.issuer).toBe(`${ORIGIN}/{tenantid}/v2.0`);
      expect(r.json.token_endpoint).toBe(`${ORIGIN}/${alias}/oauth2/v2.0/token`);
      expect(r.json.tenant_region_scope).toBeNull();
    }
    expect((await get('/consumers/v2.0/.well-known/openid-configuration')).json.issuer).toBe(`${ORIGIN}/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0`);
  });

  it('mirrors the host the client used when it is one of ours, never a forged one', async () => {
    expect((await get(`/${TENANT}/v2.0/.well-known/openid-configuration`, '127.0.0.1:8443')).json.issuer).toBe(`https://127.0.0.1:8443/${TENANT}/v2.0`);
    expect((await get(`/${TENANT}/v2.0/.well-known/openid-configuration`, 'evil.example')).json.issuer).toBe(`${ORIGIN}/${TENANT}/v2.0`);
  });

  it('unknown tenant → 400 invalid_tenant AADSTS90002; malformed → 900023 [O]', async () => {
    const unknown = await get('/11111111-2222-3333-4444-555555555555/v2.0/.well-known/openid-configuration');
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toBe('invalid_tenant');
    expect(unknown.json.error_codes).toEqual([90002]);
    expect((await get('/bad_tenant/v2.0/.well-known/openid-configuration')).json.error_codes).toEqual([900023]);
  });
});

describe('v1 discovery', () => {
  it('uses the v1 issuer with a trailing slash and v1 endpoints [O]', async () => {
    const r = await get(`/${TENANT}/.well-known/openid-configuration`);
    expect(r.json).toMatchObject({
      issuer: `${ORIGIN}/${TENANT}/`,
      token_endpoint: `${ORIGIN}/${TENANT}/oauth2/token`,
      microsoft_multi_refresh_token: true,
      scopes_supported: ['openid'],
    });
    expect((await get('/common/.well-known/openid-configuration')).json.issuer).toBe(`${ORIGIN}/{tenantid}/`);
  });
});

describe('JWKS', () => {
  it('publishes kid, x5t, n, e, x5c; v2 keys carry issuer [D][O]; tokens verify against it', async () => {
    const v2 = await get(`/${TENANT}/discovery/v2.0/keys`);
    const key = v2.json.keys[0];
    expect(key).toMatchObject({ kty: 'RSA', use: 'sig', e: 'AQAB', issuer: `${ORIGIN}/${TENANT}/v2.0` });
    expect(key.x5t).toBe(key.kid);
    expect(key.x5c[0]).toMatch(/^MII/);
    const v1 = await get(`/${TENANT}/discovery/keys`);
    expect(v1.json.keys[0].issuer).toBeUndefined();

    const res = await send(`/${TENANT}/oauth2/v2.0/token`, {
      grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: 'api://entrada-demo-api/.default',
    });
    const { payload, protectedHeader } = await jwtVerify(res.json().access_token, createLocalJWKSet(v2.json as never), { issuer: `${ORIGIN}/${TENANT}/v2.0` });
    expect(protectedHeader).toEqual({ typ: 'JWT', alg: 'RS256', kid: key.kid });
    expect(payload.tid).toBe(TENANT);
  });
});

describe('instance discovery', () => {
  it('knows this host, and refuses others with AADSTS50049 [O]', async () => {
    const ok = await get(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${ORIGIN}/${TENANT}/oauth2/v2.0/authorize`)}`);
    expect(ok.json).toMatchObject({
      tenant_discovery_endpoint: `${ORIGIN}/${TENANT}/v2.0/.well-known/openid-configuration`,
      metadata: [{ preferred_network: 'localhost:8443', preferred_cache: 'localhost:8443', aliases: ['localhost:8443'] }],
    });
    const bad = await get(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent('https://login.microsoftonline.com/common/oauth2/v2.0/authorize')}`);
    expect(bad.json.error).toBe('invalid_instance');
    expect(bad.json.error_codes).toEqual([50049]);
  });
});

describe('user realm discovery (MSAL.NET/Java/Python/Go call it before ROPC)', () => {
  it('api-version=1.0: a tenant domain is Managed, others Unknown [O][I]', async () => {
    expect((await get('/common/userrealm/alice@Entrada.Localhost?api-version=1.0')).json).toEqual({
      ver: '1.0', account_type: 'Managed', domain_name: 'entrada.localhost',
      cloud_instance_name: 'microsoftonline.com', cloud_audience_urn: 'urn:federation:MicrosoftOnline',
    });
    expect((await get('/common/userrealm/bob@nowhere.example?api-version=1.0')).json.account_type).toBe('Unknown');
    expect((await get('/common/userrealm/no-domain?api-version=1.0')).json.account_type).toBe('Unknown');
  });

  it('api-version=2.0 and GetUserRealm.srf answer PascalCase [O]', async () => {
    const v2 = (await get('/common/userrealm/alice@entrada.localhost?api-version=2.0')).json;
    expect(v2).toMatchObject({ NameSpaceType: 'Managed', DomainName: 'entrada.localhost', Login: 'alice@entrada.localhost', CloudInstanceName: 'microsoftonline.com' });
    expect((await get('/GetUserRealm.srf?login=x@nowhere.example')).json.NameSpaceType).toBe('Unknown');
  });
});

/** Entra's headers on every discovery answer [O: entra-protocol.md §1.3, issue 13]. */
const DISCOVERY_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, OPTIONS',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-ms-ests-server': '2.1.0.0 - Entrada',
  p3p: 'CP="DSP CUR OTPi IND OTRi ONL FIN"',
  'x-xss-protection': '0',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

describe('headers and CORS preflight (issue 13 items 8, 10)', () => {
  const PATHS = [
    `/${TENANT}/v2.0/.well-known/openid-configuration`,
    `/${TENANT}/.well-known/openid-configuration`,
    `/${TENANT}/discovery/v2.0/keys`,
    `/common/discovery/keys`,
    '/common/userrealm/alice@entrada.localhost?api-version=1.0',
  ];

  it.each(PATHS)('GET %s carries the headers, with the trace id', async (path) => {
    const r = await get(path);
    expect(r.status).toBe(200);
    expect(r.headers).toMatchObject({ ...DISCOVERY_HEADERS, 'x-ms-request-id': expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('a refusal carries them too', async () => {
    const r = await get('/11111111-2222-3333-4444-555555555555/v2.0/.well-known/openid-configuration');
    expect(r.status).toBe(400);
    expect(r.headers).toMatchObject({ ...DISCOVERY_HEADERS, 'x-ms-request-id': r.json.trace_id });
  });

  it.each(PATHS)('OPTIONS %s is a CORS preflight: 200, no body, GET allowed from anywhere', async (path) => {
    const res = await entrada.app.inject({
      method: 'OPTIONS',
      url: path,
      headers: { host: 'localhost:8443', origin: 'http://localhost:5173', 'access-control-request-method': 'GET', 'access-control-request-headers': 'client-request-id, x-client-SKU' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(res.headers).toMatchObject({ ...DISCOVERY_HEADERS, 'access-control-allow-headers': 'client-request-id, x-client-SKU', 'access-control-max-age': '86400' });
    expect(res.headers['content-type']).toBeUndefined();
  });

  it('a preflight asking for odd header names gets no Allow-Headers echo', async () => {
    const res = await entrada.app.inject({
      method: 'OPTIONS',
      url: `/${TENANT}/discovery/v2.0/keys`,
      headers: { host: 'localhost:8443', origin: 'https://a.example', 'access-control-request-headers': `x-a\r\n${'y'.repeat(2000)}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-headers']).toBeUndefined();
  });
});

describe('?appid= (issue 13 item 9)', () => {
  const APP = 'E7ADA000-0000-4000-8000-000000000001';

  it("points jwks_uri at the app's keys, as Entra does for apps with their own signing keys [D]", async () => {
    expect((await get(`/${TENANT}/v2.0/.well-known/openid-configuration?appid=${APP}`)).json.jwks_uri).toBe(
      `${ORIGIN}/${TENANT}/discovery/v2.0/keys?appid=e7ada000-0000-4000-8000-000000000001`,
    );
    expect((await get(`/${TENANT}/.well-known/openid-configuration?appid=${APP}`)).json.jwks_uri).toBe(
      `${ORIGIN}/${TENANT}/discovery/keys?appid=e7ada000-0000-4000-8000-000000000001`,
    );
  });

  it('an appid that is not a GUID is ignored [I]; without one jwks_uri is bare', async () => {
    expect((await get(`/${TENANT}/v2.0/.well-known/openid-configuration?appid=${encodeURIComponent('x&y=<z>')}`)).json.jwks_uri).toBe(`${ORIGIN}/${TENANT}/discovery/v2.0/keys`);
    expect((await get(`/${TENANT}/v2.0/.well-known/openid-configuration`)).json.jwks_uri).toBe(`${ORIGIN}/${TENANT}/discovery/v2.0/keys`);
  });

  it('the keys document with ?appid= serves the same keys: Entrada has no per-app signing keys', async () => {
    const plain = await get(`/${TENANT}/discovery/v2.0/keys`);
    const forApp = await get(`/${TENANT}/discovery/v2.0/keys?appid=${APP}`);
    expect(forApp.status).toBe(200);
    expect(forApp.json).toEqual(plain.json);
  });
});

describe('what discovery advertises is served (issue 13 item 12)', () => {
  it('userinfo_endpoint is on this host; front-channel logout is not advertised; end_session_endpoint is served', async () => {
    const v2 = (await get(`/${TENANT}/v2.0/.well-known/openid-configuration`)).json;
    expect(v2.userinfo_endpoint).toBe(`${ORIGIN}/oidc/userinfo`);
    expect([v2.http_logout_supported, v2.frontchannel_logout_supported]).toEqual([false, false]);
    const v1 = (await get(`/${TENANT}/.well-known/openid-configuration`)).json;
    expect(v1.userinfo_endpoint).toBe(`${ORIGIN}/${TENANT}/openid/userinfo`);
    expect([v1.http_logout_supported, v1.frontchannel_logout_supported]).toEqual([false, false]);
    for (const doc of [v1, v2]) {
      const path = new URL(String(doc.end_session_endpoint)).pathname;
      const res = await entrada.app.inject({ method: 'GET', url: path, headers: { host: 'localhost:8443' } });
      expect(res.statusCode, path).toBe(200);
    }
    // Without a token the userinfo endpoints answer Graph's 401, not a 404.
    for (const url of [v1.userinfo_endpoint, v2.userinfo_endpoint]) {
      const res = await entrada.app.inject({ method: 'GET', url: new URL(String(url)).pathname, headers: { host: 'localhost:8443' } });
      expect(res.statusCode, String(url)).toBe(401);
    }
  });
});
