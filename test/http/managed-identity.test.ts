// The managed identity endpoint in-process (entra-protocol.md §6.3, msal-wire.md §1.10): the IMDS
// and App Service shapes, identity selection, token contents, and every refusal.

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createEntrada, type Entrada } from '../../src/compose.js';
import { StartupError } from '../../src/compose-managed-identity.js';
import { derivedId } from '../../src/seed/ids.js';
import type { RefusalEvent } from '../../src/http/kit/refusal.js';
import { TestClock } from '../support/clock.js';
import { API_ID, TENANT } from '../support/demo-seed.js';
import { useEntrada } from '../support/in-process.js';
import { ORIGIN } from '../support/wire.js';

const DEMO_RG = '/subscriptions/e7ada000-0000-4000-8000-000000000a2e/resourceGroups/entrada-demo/providers';
const DEMO_VM = {
  clientId: 'e7ada000-0000-4000-8000-0000000000a1',
  resourceId: `${DEMO_RG}/Microsoft.Compute/virtualMachines/demo-vm`,
};
const DEMO_UA = {
  clientId: 'e7ada000-0000-4000-8000-0000000000a2',
  resourceId: `${DEMO_RG}/Microsoft.ManagedIdentity/userAssignedIdentities/demo-identity`,
};
const objectId = (resourceId: string, tenant = TENANT) => derivedId.managedIdentity(tenant, resourceId);

type Mi = NonNullable<Entrada['managedIdentity']>;

const imds = (mi: Mi, query: string, headers: Record<string, string> = { metadata: 'true' }, slash = '') =>
  mi.app.inject({ method: 'GET', url: `/metadata/identity/oauth2/token${slash}?api-version=2018-02-01&${query}`, headers });
const appService = (mi: Mi, query: string, headers: Record<string, string> = { 'x-identity-header': mi.identityHeader }) =>
  mi.app.inject({ method: 'GET', url: `/msi/token?api-version=2019-08-01&${query}`, headers });

async function verify(entrada: Pick<Entrada, 'signer'>, token: string, expected: { issuer: string; audience: string }): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, createLocalJWKSet(entrada.signer.jwks() as never), { ...expected, algorithms: ['RS256'] });
  return payload;
}

describe('the demo seed, as npm start serves it', () => {
  const clock = new TestClock();
  const refusals: RefusalEvent[] = [];
  const entrada = useEntrada({ clock, onRefusal: (e) => refusals.push(e) });
  let mi: Mi;
  beforeAll(() => {
    mi = entrada.managedIdentity!;
  });

  it('IMDS: the host\'s system-assigned identity, every value a string, in IMDS\'s fields', async () => {
    const now = Math.floor(clock.now().getTime() / 1000);
    const res = await imds(mi, 'resource=api%3A%2F%2Fentrada-demo-api');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.json();
    expect(Object.keys(body)).toEqual(['access_token', 'refresh_token', 'expires_in', 'expires_on', 'not_before', 'resource', 'token_type', 'client_id', 'ext_expires_in']);
    expect(body).toEqual({
      access_token: expect.any(String),
      refresh_token: '',
      expires_in: '86399',
      expires_on: String(now + 86400),
      not_before: String(now - 300),
      resource: 'api://entrada-demo-api',
      token_type: 'Bearer',
      client_id: DEMO_VM.clientId,
      ext_expires_in: '86399',
    });
    const claims = await verify(entrada, body.access_token, { issuer: `${ORIGIN}/${TENANT}/v2.0`, audience: API_ID });
    expect(claims).toMatchObject({
      azp: DEMO_VM.clientId,
      azpacr: '2',
      oid: objectId(DEMO_VM.resourceId),
      sub: objectId(DEMO_VM.resourceId),
      roles: ['Data.Read'],
      tid: TENANT,
      ver: '2.0',
      xms_mirid: DEMO_VM.resourceId,
      nbf: now - 300,
      exp: now + 86400,
    });
    expect(claims).not.toHaveProperty('idtyp'); // a v2 app-only token, like a client-credentials one [O]
    expect(claims).not.toHaveProperty('appid');
    expect(decodeProtectedHeader(body.access_token)).not.toHaveProperty('x5t');
  });

  it('IMDS: the trailing-slash path @azure/identity calls through AZURE_POD_IDENTITY_AUTHORITY_HOST', async () => {
    const res = await imds(mi, 'resource=api://entrada-demo-api', { metadata: 'true' }, '/');
    expect(res.statusCode).toBe(200);
    expect(res.json().client_id).toBe(DEMO_VM.clientId);
  });

  it.each<[string, string]>([
    ['client_id', `client_id=${DEMO_UA.clientId}`],
    ['client_id in capitals', `client_id=${DEMO_UA.clientId.toUpperCase()}`],
    ['object_id', `object_id=${objectId(DEMO_UA.resourceId)}`],
    ['msi_res_id', `msi_res_id=${encodeURIComponent(DEMO_UA.resourceId)}`],
    ['mi_res_id, another case', `mi_res_id=${encodeURIComponent(DEMO_UA.resourceId.toLowerCase())}`],
  ])('IMDS: a user-assigned identity by %s', async (_name, query) => {
    const res = await imds(mi, `resource=api://entrada-demo-api&${query}`);
    expect(res.statusCode).toBe(200);
    const claims = await verify(entrada, res.json().access_token, { issuer: `${ORIGIN}/${TENANT}/v2.0`, audience: API_ID });
    expect(claims).toMatchObject({ azp: DEMO_UA.clientId, oid: objectId(DEMO_UA.resourceId), roles: ['Data.Read'], xms_mirid: DEMO_UA.resourceId });
  });

  it("App Service: access_token, expires_on, resource, token_type, client_id; the client's request id comes back", async () => {
    const now = Math.floor(clock.now().getTime() / 1000);
    const requestId = '0f1e2d3c-4b5a-4978-8877-665544332211';
    const res = await appService(mi, 'resource=api://entrada-demo-api', { 'x-identity-header': mi.identityHeader, 'x-ms-client-request-id': requestId });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-correlation-id']).toBe(requestId);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['access_token', 'expires_on', 'resource', 'token_type', 'client_id']);
    expect(body).toMatchObject({ expires_on: String(now + 86400), resource: 'api://entrada-demo-api', token_type: 'Bearer', client_id: DEMO_VM.clientId });
    const claims = await verify(entrada, body.access_token, { issuer: `${ORIGIN}/${TENANT}/v2.0`, audience: API_ID });
    expect(claims).toMatchObject({ azp: DEMO_VM.clientId, oid: objectId(DEMO_VM.resourceId), roles: ['Data.Read'] });
  });

  it.each<[string, string]>([
    ['client_id', `client_id=${DEMO_UA.clientId}`],
    ['mi_res_id', `mi_res_id=${encodeURIComponent(DEMO_UA.resourceId)}`],
    ['principal_id', `principal_id=${objectId(DEMO_UA.resourceId)}`],
    ['object_id', `object_id=${objectId(DEMO_UA.resourceId)}`],
  ])('App Service: a user-assigned identity by %s', async (_name, query) => {
    const res = await appService(mi, `resource=api://entrada-demo-api&${query}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().client_id).toBe(DEMO_UA.clientId);
  });

  it('Microsoft Graph: a v1 token, aud as requested, appid, x5t; no roles without an assignment', async () => {
    const res = await imds(mi, 'resource=https://graph.microsoft.com');
    expect(res.statusCode).toBe(200);
    const token = res.json().access_token;
    expect(decodeProtectedHeader(token)).toHaveProperty('x5t');
    const claims = await verify(entrada, token, { issuer: `${ORIGIN}/${TENANT}/`, audience: 'https://graph.microsoft.com' });
    expect(claims).toMatchObject({ appid: DEMO_VM.clientId, appidacr: '2', idtyp: 'app', ver: '1.0', idp: `${ORIGIN}/${TENANT}/` });
    expect(claims).not.toHaveProperty('roles');
  });

  describe('refusals', () => {
    it.each<[string, string]>([
      ['no Metadata header', ''],
      ['Metadata: false', 'false'],
    ])('IMDS with %s: 400 bad_request_102, exactly as IMDS words it', async (_name, value) => {
      const res = await imds(mi, 'resource=api://entrada-demo-api', value ? { metadata: value } : {});
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: 'bad_request_102', error_description: 'Required metadata header not specified' });
    });

    it("answers the probe @azure/identity sends (no query, no header) at once", async () => {
      const res = await mi.app.inject({ method: 'GET', url: '/metadata/identity/oauth2/token', headers: { accept: 'application/json' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('bad_request_102');
    });

    it.each<[string, Record<string, string>, RegExp]>([
      ['without X-IDENTITY-HEADER', {}, /missing/],
      ['with the wrong X-IDENTITY-HEADER', { 'x-identity-header': 'not-the-secret' }, /does not match/],
    ])('App Service %s: 401 in App Service\'s shape', async (_name, headers, message) => {
      const res = await appService(mi, 'resource=api://entrada-demo-api', headers);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ statusCode: 401, message: expect.stringMatching(message), correlationId: expect.any(String) });
    });

    // Issue 9, finding 6: DNS rebinding (a page of attacker.example whose name now resolves to
    // 127.0.0.1 sends its own Host) and requests relayed by a proxy get no token.
    it.each<[string, Record<string, string>, RegExp]>([
      ['a foreign Host (DNS rebinding)', { host: 'attacker.example:9644' }, /Host header 'attacker\.example:9644' is not this machine/],
      ['X-Forwarded-For', { host: '127.0.0.1:8444', 'x-forwarded-for': '203.0.113.9' }, /X-Forwarded-For header/],
      ['Forwarded', { host: 'localhost:8444', forwarded: 'for=203.0.113.9' }, /Forwarded header/],
    ])('%s: 400 invalid_request in each shape, no token', async (_name, headers, message) => {
      const viaImds = await imds(mi, 'resource=api://entrada-demo-api', { metadata: 'true', ...headers });
      expect(viaImds.statusCode).toBe(400);
      expect(viaImds.json()).toEqual({ error: 'invalid_request', error_description: expect.stringMatching(message) });
      const viaAppService = await appService(mi, 'resource=api://entrada-demo-api', { 'x-identity-header': mi.identityHeader, ...headers });
      expect(viaAppService.statusCode).toBe(400);
      expect(viaAppService.json()).toEqual({ statusCode: 400, message: expect.stringMatching(message), correlationId: expect.any(String) });
    });

    it.each<[string, string]>([
      ['localhost', 'localhost:8444'],
      ['127.0.0.1', '127.0.0.1:8444'],
      ['[::1]', '[::1]:8444'],
      ['169.254.169.254 (through a proxy or port forward, no X-Forwarded-For)', '169.254.169.254'],
    ])('Host %s gets a token in both shapes', async (_name, host) => {
      expect((await imds(mi, 'resource=api://entrada-demo-api', { metadata: 'true', host })).statusCode).toBe(200);
      expect((await appService(mi, 'resource=api://entrada-demo-api', { 'x-identity-header': mi.identityHeader, host })).statusCode).toBe(200);
    });

    it('an unknown resource: 400 invalid_resource with the AADSTS500011 text, both shapes, and the terminal hears of it', async () => {
      refusals.length = 0;
      const a = await imds(mi, 'resource=api://no-such-api');
      expect(a.statusCode).toBe(400);
      expect(a.json()).toEqual({ error: 'invalid_resource', error_description: expect.stringMatching(/^AADSTS500011: The resource principal named api:\/\/no-such-api was not found in the tenant named 8eaef023-\S+ .* Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/) });
      const b = await appService(mi, 'resource=api://no-such-api');
      expect(b.statusCode).toBe(400);
      expect(b.json()).toEqual({ statusCode: 400, message: expect.stringMatching(/^AADSTS500011: /), correlationId: expect.any(String), error: 'invalid_resource' });
      expect(refusals.map((r) => [r.error.code, r.endpoint])).toEqual([
        [500011, 'managed identity IMDS'],
        [500011, 'managed identity App Service'],
      ]);
    });

    it.each<[string, string, RegExp]>([
      ['an unknown client_id', 'resource=api://entrada-demo-api&client_id=e7ada000-0000-4000-8000-0000000000ff', /^Identity not found: no managed identity of this tenant has client_id 'e7ada000-0000-4000-8000-0000000000ff'. Its managed identities: .*'demo-identity'/],
      ["an application's client id", 'resource=api://entrada-demo-api&client_id=e7ada000-0000-4000-8000-000000000002', /^Identity not found/],
      ['an unknown resource id', 'resource=api://entrada-demo-api&msi_res_id=/subscriptions/x/resourceGroups/y/providers/Microsoft.ManagedIdentity/userAssignedIdentities/z', /has msi_res_id/],
      ['two identity parameters', `resource=api://entrada-demo-api&client_id=${DEMO_UA.clientId}&object_id=x`, /Only one of/],
      ['no resource', '', /^Required audience parameter not specified$/],
      ['a repeated parameter', 'resource=api://entrada-demo-api&resource=api://x', /'resource' is repeated/],
    ])('IMDS with %s: 400 invalid_request saying why', async (_name, query, message) => {
      const res = await imds(mi, query);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: 'invalid_request', error_description: expect.stringMatching(message) });
    });

    it('App Service with an unknown identity: 400 in its own shape', async () => {
      const res = await appService(mi, 'resource=api://entrada-demo-api&client_id=e7ada000-0000-4000-8000-0000000000ff');
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ statusCode: 400, message: expect.stringMatching(/^Identity not found/), correlationId: expect.any(String) });
    });

    it('without api-version', async () => {
      const res = await mi.app.inject({ method: 'GET', url: '/metadata/identity/oauth2/token?resource=api://entrada-demo-api', headers: { metadata: 'true' } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: 'invalid_request', error_description: expect.stringMatching(/api-version was not specified/) });
    });

    it('other paths and methods: 400 (not a retryable 404) naming the two endpoints', async () => {
      for (const [method, url] of [['GET', '/'], ['POST', '/msi/token'], ['GET', '/metadata/instance']] as const) {
        const res = await mi.app.inject({ method, url, headers: { metadata: 'true' } });
        expect(res.statusCode, `${method} ${url}`).toBe(400);
        expect(res.json().error_description).toMatch(/GET \/metadata\/identity\/oauth2\/token .* GET \/msi\/token/);
      }
    });
  });
});

describe('a seed with several hosts, a disabled identity and an API that requires assignment', () => {
  const seed = fileURLToPath(new URL('../fixtures/managed-identity.yaml', import.meta.url));
  const T1 = '646da9ca-c7b6-4ab0-b27b-093790753563';
  const T2 = 'a5f8ef8c-7492-47f3-8a04-2392fe069e2c';
  const API = '646d0000-0000-4000-8000-000000000001';
  const FUNC = { clientId: '646d0000-0000-4000-8000-0000000000f2' };
  const SHARED = { clientId: '646d0000-0000-4000-8000-0000000000a1', id: '646d0000-0000-4000-8000-0000000000b1' };
  const WEB_VM_RESOURCE = `/subscriptions/${derivedId.subscription(T1)}/resourceGroups/entrada/providers/Microsoft.Compute/virtualMachines/web-vm`;
  const homes: string[] = [];
  const started: Entrada[] = [];
  const start = async (flags: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}) => {
    const home = mkdtempSync(join(tmpdir(), 'entrada-mi-test-'));
    homes.push(home);
    const loaded = loadConfig(env, { home, database: 'sqlite::memory:', port: '8443', seed, log: 'off', ...flags });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const entrada = await createEntrada(loaded.config);
    started.push(entrada);
    return { entrada, mi: entrada.managedIdentity!, home };
  };
  afterAll(async () => {
    for (const e of started) await e.close();
    for (const h of homes) rmSync(h, { recursive: true, force: true });
  });

  it("acts as the seed's first system-assigned identity by default, with its derived ids", async () => {
    const { entrada, mi } = await start();
    expect(mi.host?.sp.displayName).toBe('web-vm');
    const res = await imds(mi, 'resource=api://mi-api');
    expect(res.statusCode).toBe(200);
    const claims = await verify(entrada, res.json().access_token, { issuer: `${ORIGIN}/${T1}/v2.0`, audience: API });
    expect(claims).toMatchObject({
      azp: derivedId.managedIdentityClientId(T1, WEB_VM_RESOURCE),
      oid: derivedId.managedIdentity(T1, WEB_VM_RESOURCE),
      roles: ['Data.Read'],
      xms_mirid: WEB_VM_RESOURCE,
    });
  });

  it('acts as ENTRADA_MANAGED_IDENTITY_HOST, and refuses the other host\'s identity', async () => {
    const { mi } = await start({}, { ENTRADA_MANAGED_IDENTITY_HOST: 'func-app' });
    const res = await appService(mi, 'resource=api://mi-locked');
    expect(res.statusCode).toBe(200);
    expect(res.json().client_id).toBe(FUNC.clientId);

    const other = await imds(mi, 'resource=api://mi-api&msi_res_id=' + encodeURIComponent(WEB_VM_RESOURCE));
    expect(other.statusCode).toBe(400);
    expect(other.json().error_description).toMatch(/^Identity not found: msi_res_id '.*' is the system-assigned identity of 'web-vm'.*acts as 'func-app'/);
  });

  it('--mi-host names the host by client id too', async () => {
    const { mi } = await start({ 'mi-host': FUNC.clientId });
    expect(mi.host?.sp.displayName).toBe('func-app');
  });

  it('an API that requires assignment: AADSTS501051 for an identity without a role', async () => {
    const { mi } = await start();
    const res = await imds(mi, `resource=api://mi-locked&client_id=${SHARED.clientId}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'invalid_grant', error_description: expect.stringMatching(/^AADSTS501051: /) });
  });

  it('a disabled identity: AADSTS7000112', async () => {
    const { mi } = await start();
    const res = await imds(mi, 'resource=api://mi-api&msi_res_id=' + encodeURIComponent(`/subscriptions/${derivedId.subscription(T1)}/resourceGroups/entrada/providers/Microsoft.ManagedIdentity/userAssignedIdentities/disabled-id`));
    expect(res.statusCode).toBe(400);
    expect(res.json().error_description).toMatch(/^AADSTS7000112: /);
  });

  it('a v1 resource: aud is the resource as requested, v1 issuer, its roles', async () => {
    const { entrada, mi } = await start();
    const res = await imds(mi, `resource=https://legacy.mi.localhost&object_id=${SHARED.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().resource).toBe('https://legacy.mi.localhost');
    const claims = await verify(entrada, res.json().access_token, { issuer: `${ORIGIN}/${T1}/`, audience: 'https://legacy.mi.localhost' });
    expect(claims).toMatchObject({ appid: SHARED.clientId, oid: SHARED.id, roles: ['Legacy.Read'], ver: '1.0' });
  });

  it('ENTRADA_MANAGED_IDENTITY_TENANT serves another tenant (by domain)', async () => {
    const { entrada, mi } = await start({ 'mi-tenant': 'MI2.localhost' });
    expect(mi.tenant.id).toBe(T2);
    expect(mi.host?.sp.displayName).toBe('other-vm');
    const res = await imds(mi, 'resource=api://mi2-api');
    expect(res.statusCode).toBe(200);
    // Second API asks for v1 tokens (no requestedAccessTokenVersion).
    const claims = await verify(entrada, res.json().access_token, { issuer: `${ORIGIN}/${T2}/`, audience: 'api://mi2-api' });
    expect(claims).toMatchObject({ tid: T2, appid: mi.host?.sp.appId });
    // The first tenant's identities are not this endpoint's.
    const foreign = await imds(mi, `resource=api://mi2-api&client_id=${SHARED.clientId}`);
    expect(foreign.statusCode).toBe(400);
  });

  it('refuses to start with a host or tenant that does not exist', async () => {
    await expect(start({ 'mi-host': 'nope-vm' })).rejects.toThrow(StartupError);
    await expect(start({ 'mi-host': 'shared-id' })).rejects.toThrow(/^The host 'shared-id' \(ENTRADA_MANAGED_IDENTITY_HOST\) is not a system-assigned identity of this tenant \(they are 'func-app', 'web-vm'\)/);
    await expect(start({ 'mi-tenant': 'nowhere.localhost' })).rejects.toThrow(/ENTRADA_MANAGED_IDENTITY_TENANT: no tenant 'nowhere.localhost'/);
  });

  it('generates IDENTITY_HEADER once per data folder (owner-only) and keeps it; the configured one wins', async () => {
    const first = await start();
    const file = join(first.home, 'managed-identity-header');
    expect(readFileSync(file, 'utf8').trim()).toBe(first.mi.identityHeader);
    expect(first.mi.identityHeader).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const loaded = loadConfig({}, { home: first.home, database: 'sqlite::memory:', port: '8443', seed, log: 'off' });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const again = await createEntrada(loaded.config);
    started.push(again);
    expect(again.managedIdentity!.identityHeader).toBe(first.mi.identityHeader);
    const configured = await start({ 'mi-header': 'my-own-identity-header' });
    expect(configured.mi.identityHeader).toBe('my-own-identity-header');
  });

  it('listens on 127.0.0.1 over plain HTTP; with --port 0 the issuer names the port HTTPS got', async () => {
    const { entrada } = await start({ port: '0' });
    const url = await entrada.listen();
    const mi = entrada.managedIdentity!;
    expect(mi.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mi.url).not.toBe('http://127.0.0.1:8444');
    const res = await fetch(`${mi.url}/metadata/identity/oauth2/token/?api-version=2018-02-01&resource=api://mi-api`, { headers: { metadata: 'true' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string };
    await verify(entrada, body.access_token, { issuer: `${url}/${T1}/v2.0`, audience: API });
  });

  it('is not built at all when off', async () => {
    const { entrada } = await start({ 'mi-port': 'off' });
    expect(entrada.managedIdentity).toBeUndefined();
  });
});

describe('configuration', () => {
  const load = (flags: Record<string, string>, env: NodeJS.ProcessEnv = {}) => loadConfig(env, { home: '/tmp/x', ...flags });
  it.each<[string, Record<string, string>, NodeJS.ProcessEnv, number | null]>([
    ['8444 by default', {}, {}, 8444],
    ['a free port when the HTTPS port is 0', { port: '0' }, {}, 0],
    ['ENTRADA_MANAGED_IDENTITY_PORT', {}, { ENTRADA_MANAGED_IDENTITY_PORT: '9000' }, 9000],
    ['--mi-port over the variable', { 'mi-port': '9001' }, { ENTRADA_MANAGED_IDENTITY_PORT: '9000' }, 9001],
    ['off', {}, { ENTRADA_MANAGED_IDENTITY_PORT: 'OFF' }, null],
    ['0 with a fixed HTTPS port', { 'mi-port': '0' }, {}, 0],
  ])('port: %s', (_name, flags, env, expected) => {
    const loaded = load(flags, env);
    expect(loaded.ok && loaded.config.managedIdentityPort).toBe(expected);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['not a number', { 'mi-port': 'eighty' }, /managedIdentityPort: must be a port number \(0 picks a free one\) or 'off'/],
    ['the HTTPS port', { port: '9443', 'mi-port': '9443' }, /9443 is also the HTTPS port/],
    ['a short header secret', { 'mi-header': 'short' }, /managedIdentityHeader: must be 8 to 256 printable ASCII characters/],
  ])('refuses %s', (_name, flags, message) => {
    const loaded = load(flags);
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.errors.join('\n')).toMatch(message);
  });
});
