// startEntrada(), the in-process API for test suites: a real HTTPS listener, reached over the
// network with Entrada's CA trusted per request, as a test suite's clients reach it.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphError, IN_PROCESS_ACTOR_NAME, type RefusalEvent, startEntrada, type StartedEntrada } from '../../src/api/index.js';
import { IN_CI, PG_URL, probe, schemaFactory } from '../support/postgres.js';

interface Answer {
  status: number;
  json: Record<string, unknown>;
}

/** An HTTPS request trusting only `entrada`'s CA; a form body is POSTed. */
function call(entrada: StartedEntrada, path: string, options: { form?: Record<string, string>; bearer?: string } = {}): Promise<Answer> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      `${entrada.url}${path}`,
      {
        method: body ? 'POST' : 'GET',
        ca: entrada.caPem,
        headers: {
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function claimsOf(jwt: unknown): Record<string, unknown> {
  return JSON.parse(Buffer.from(String(jwt).split('.')[1], 'base64url').toString()) as Record<string, unknown>;
}

/** Client credentials for `clientId` with `secret`; the answer as Entra's JSON. */
function clientCredentials(entrada: StartedEntrada, clientId: string, secret: string, scope: string, tenant?: string): Promise<Answer> {
  const path = new URL(entrada.authority(tenant)).pathname;
  return call(entrada, `${path}/oauth2/v2.0/token`, { form: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope } });
}

/** Resource owner password credentials through the demo's public client. */
function password(entrada: StartedEntrada, username: string, pass: string, scope = 'api://entrada-demo-api/access_as_user offline_access'): Promise<Answer> {
  const path = new URL(entrada.authority()).pathname;
  return call(entrada, `${path}/oauth2/v2.0/token`, {
    form: { grant_type: 'password', client_id: entrada.app('Demo CLI').appId, username, password: pass, scope },
  });
}

/** Successful client-credentials requests, as the instance's GET /metrics counts them. */
async function grantedTokens(entrada: StartedEntrada): Promise<number> {
  const text = await (await entrada.fetch(`${entrada.url}/metrics`)).text();
  const counted = text
    .split('\n')
    .filter((line) => line.startsWith('entrada_http_requests_total{') && line.includes('grant_type="client_credentials"') && line.includes('outcome="success"'));
  return counted.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe('startEntrada with the demo seed in memory', () => {
  let entrada: StartedEntrada;
  beforeAll(async () => {
    entrada = await startEntrada();
  });
  afterAll(async () => entrada?.stop());

  it('listens over HTTPS on a free port with its own CA, and describes the demo tenant, apps and users', async () => {
    expect(entrada.url).toMatch(/^https:\/\/localhost:\d+$/);
    expect(entrada.url).not.toBe('https://localhost:0');
    expect(entrada.caPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(entrada.caPath).toBe(join(entrada.home, 'tls', 'ca.pem'));
    const tenant = entrada.tenants[0];
    expect(tenant).toMatchObject({ id: '8eaef023-2b34-4da1-9baa-8bc8c9d6a490', domain: 'entrada.localhost', displayName: 'Entrada Demo' });
    expect(entrada.authority()).toBe(`${entrada.url}/${tenant.id}`);
    expect(entrada.authority('ENTRADA.localhost')).toBe(entrada.authority(tenant.id));
    expect(entrada.app('Demo Daemon')).toMatchObject({ appId: 'e7ada000-0000-4000-8000-000000000002', clientSecret: 'daemon~secret~entrada-demo-0002', publicClient: false });
    expect(entrada.app('demo web app').redirectUris.web).toEqual(['https://localhost:3000/auth/callback']);
    expect(entrada.app('e7ada000-0000-4000-8000-000000000001')).toMatchObject({
      displayName: 'Demo API',
      identifierUris: ['api://entrada-demo-api'],
      scopes: ['api://entrada-demo-api/access_as_user'],
      defaultScope: 'api://entrada-demo-api/.default',
      appRoles: ['Data.Read', 'Data.Write'],
    });
    expect(entrada.app('Demo CLI').publicClient).toBe(true);
    expect(entrada.user('alice@entrada.localhost')).toMatchObject({ displayName: 'Alice Example', password: 'Alice-demo-password-1', accountEnabled: true });
    expect(entrada.user('Carol Example (disabled)').accountEnabled).toBe(false);
    const discovery = await call(entrada, `/${tenant.domain}/v2.0/.well-known/openid-configuration`);
    expect(discovery.json.issuer).toBe(`${entrada.url}/${tenant.id}/v2.0`);
  });

  it('fetch and msalNetworkClient reach it trusting its CA', async () => {
    const discovery = await entrada.fetch(`${entrada.authority('entrada.localhost')}/v2.0/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(((await discovery.json()) as { issuer: string }).issuer).toBe(`${entrada.authority()}/v2.0`);
    const daemon = entrada.app('Demo Daemon');
    const form = { grant_type: 'client_credentials', client_id: daemon.appId, client_secret: daemon.clientSecret!, scope: 'api://entrada-demo-api/.default' };
    const tokenUrl = `${entrada.authority()}/oauth2/v2.0/token`;
    const token = await entrada.fetch(tokenUrl, { method: 'POST', body: new URLSearchParams(form) });
    expect(token.status).toBe(200);
    expect(token.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const viaMsal = await entrada.msalNetworkClient.sendPostRequestAsync<{ token_type: string }>(tokenUrl, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    expect(viaMsal).toMatchObject({ status: 200, body: { token_type: 'Bearer' }, headers: { 'cache-control': 'no-store, no-cache' } });
    const refused = await entrada.msalNetworkClient.sendPostRequestAsync<{ error_codes: number[] }>(tokenUrl, { body: new URLSearchParams({ ...form, client_secret: 'wrong' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(refused).toMatchObject({ status: 401, body: { error_codes: [7000215] } });
  });

  it('finders say what they know when nothing matches', () => {
    expect(() => entrada.app('Demo Nothing')).toThrow(/^No app 'Demo Nothing'\. Known apps: 'Demo API' \(e7ada000-0000-4000-8000-000000000001\), .*'Demo Automation'/);
    expect(() => entrada.user('zoe@entrada.localhost')).toThrow(/^No user 'zoe@entrada\.localhost'\. Known users: alice@entrada\.localhost, bob@/);
    expect(() => entrada.authority('contoso.example')).toThrow(/^No tenant 'contoso\.example': known tenants are 8eaef023-.* \(entrada\.localhost\)/);
  });

  it('clock.advance moves the iat and exp of the next token; bad durations are refused', async () => {
    const daemon = entrada.app('Demo Daemon');
    const before = await clientCredentials(entrada, daemon.appId, daemon.clientSecret!, entrada.app('Demo API').defaultScope);
    expect(before.status).toBe(200);
    const first = claimsOf(before.json.access_token);
    expect(first.roles).toEqual(['Data.Read']);
    entrada.clock.advance('2h');
    try {
      const later = claimsOf((await clientCredentials(entrada, daemon.appId, daemon.clientSecret!, entrada.app('Demo API').defaultScope)).json.access_token);
      expect(Number(later.iat) - Number(first.iat)).toBeGreaterThanOrEqual(7200);
      expect(Number(later.iat) - Number(first.iat)).toBeLessThan(7200 + 60);
      expect(Number(later.exp) - Number(later.iat)).toBe(Number(first.exp) - Number(first.iat));
    } finally {
      entrada.clock.reset();
    }
    expect(Math.abs(entrada.clock.now().getTime() - Date.now())).toBeLessThan(1000);
    expect(() => entrada.clock.advance('2 hours')).toThrow(/clock\.advance: "2 hours" is not a whole number of milliseconds/);
    expect(entrada.clock.set('2030-01-01T00:00:00Z').getTime()).toBeGreaterThanOrEqual(Date.parse('2030-01-01T00:00:00Z'));
    entrada.clock.reset();
  });

  it('an expired refresh token is refused with AADSTS700082 once the clock passes its 90 days', async () => {
    const alice = entrada.user('alice@entrada.localhost');
    const signedIn = await password(entrada, alice.userPrincipalName, alice.password!);
    expect(signedIn.status).toBe(200);
    const refresh = { grant_type: 'refresh_token', client_id: entrada.app('Demo CLI').appId, refresh_token: String(signedIn.json.refresh_token), scope: 'api://entrada-demo-api/access_as_user' };
    const path = `${new URL(entrada.authority()).pathname}/oauth2/v2.0/token`;
    entrada.clock.advance('91d');
    try {
      const refused = await call(entrada, path, { form: refresh });
      expect(refused.status).toBe(400);
      expect(refused.json.error).toBe('invalid_grant');
      expect(refused.json.error_codes).toEqual([700082]);
    } finally {
      entrada.clock.reset();
    }
  });

  it('directory writes are seen by the token endpoint at once, and audited as the in-process API', async () => {
    const created = await entrada.directory.createApplication({ displayName: 'Orders Worker' });
    expect(created.servicePrincipalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.application).toMatchObject({ appId: created.appId, displayName: 'Orders Worker', signInAudience: 'AzureADMyOrg' });
    expect(entrada.app('Orders Worker').appId).toBe(created.appId);
    const secret = await entrada.directory.addPassword('Orders Worker', { displayName: 'test' });
    expect(secret.secretText).toHaveLength(40);
    expect(entrada.app('Orders Worker').clientSecret).toBe(secret.secretText);
    await entrada.directory.assignAppRole({ principal: 'Orders Worker', resource: 'Demo API', appRole: 'Data.Write' });
    const token = await clientCredentials(entrada, created.appId, secret.secretText, 'api://entrada-demo-api/.default');
    expect(token.status).toBe(200);
    expect(claimsOf(token.json.access_token)).toMatchObject({ azp: created.appId, roles: ['Data.Write'] });

    // An API of its own, with a role given to the demo daemon.
    const api = await entrada.directory.createApplication({
      displayName: 'Inventory API',
      identifierUris: ['api://inventory'],
      appRoles: [{ value: 'Inventory.Read', allowedMemberTypes: ['Application'] }],
    });
    expect(api.appRoles).toEqual(['Inventory.Read']);
    await entrada.directory.assignAppRole({ principal: 'Demo Daemon', resource: 'api://inventory', appRole: 'Inventory.Read' });
    const daemon = entrada.app('Demo Daemon');
    const forInventory = await clientCredentials(entrada, daemon.appId, daemon.clientSecret!, api.defaultScope);
    expect(claimsOf(forInventory.json.access_token)).toMatchObject({ aud: 'api://inventory', roles: ['Inventory.Read'] }); // v1: requestedAccessTokenVersion null

    // A user who can sign in at once, and cannot once deleted.
    const dana = await entrada.directory.createUser({ userPrincipalName: 'dana@entrada.localhost', password: 'Dana-test-password-4' });
    expect(dana).toMatchObject({ displayName: 'dana', password: 'Dana-test-password-4' });
    expect((await password(entrada, 'dana@entrada.localhost', 'Dana-test-password-4')).status).toBe(200);
    await entrada.directory.deleteUser('dana@entrada.localhost');
    expect(() => entrada.user('dana@entrada.localhost')).toThrow(/No user/);
    expect((await password(entrada, 'dana@entrada.localhost', 'Dana-test-password-4')).json.error_codes).toEqual([50034]);

    // Deleting the app: its secret stops working at once.
    await entrada.directory.deleteApplication(created.appId);
    expect((await clientCredentials(entrada, created.appId, secret.secretText, 'api://entrada-demo-api/.default')).json.error_codes).toEqual([700016]);

    // Graph's audit log names the in-process API as the actor.
    const automation = entrada.app('Demo Automation');
    const graphToken = await clientCredentials(entrada, automation.appId, automation.clientSecret!, 'https://graph.microsoft.com/.default');
    const audits = await call(entrada, `/v1.0/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Add application'`, { bearer: String(graphToken.json.access_token) });
    expect(audits.status).toBe(200);
    const entries = audits.json.value as Array<{ initiatedBy: { app: { displayName: string } }; targetResources: Array<{ displayName: string }> }>;
    expect(entries.find((e) => e.targetResources[0].displayName === 'Orders Worker')?.initiatedBy.app.displayName).toBe(IN_PROCESS_ACTOR_NAME);
  });

  it("directory errors are Graph's", async () => {
    const refused = await entrada.directory.createUser({ userPrincipalName: 'eve@contoso.example', password: 'Eve-test-password-5' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GraphError);
    expect(refused).toMatchObject({ status: 400, code: 'Request_BadRequest', message: expect.stringMatching(/^The domain portion of the userPrincipalName property is invalid/) });
    await expect(entrada.directory.createApplication({ displayName: 'Clash', identifierUris: ['api://entrada-demo-api'] })).rejects.toThrow(/identifierUris already exists/);
    await expect(entrada.directory.assignAppRole({ principal: 'Demo Daemon', resource: 'Demo API', appRole: 'Data.Delete' })).rejects.toThrow("'Demo API' has no app role 'Data.Delete'; its app roles: Data.Read, Data.Write.");
    await expect(entrada.directory.addPassword('No Such App')).rejects.toThrow(/^No app 'No Such App'/);
  });

  it('grantConsent lets a new web client get a delegated token without a consent prompt', async () => {
    const client = await entrada.directory.createApplication({ displayName: 'Reports CLI', isFallbackPublicClient: true, publicClient: { redirectUris: ['http://localhost'] } });
    const grant = await entrada.directory.grantConsent({ client: 'Reports CLI', resource: 'Demo API', scope: ['access_as_user'] });
    expect(grant).toMatchObject({ consentType: 'AllPrincipals', scope: 'access_as_user', principalId: null });
    const bob = entrada.user('bob@entrada.localhost');
    const path = `${new URL(entrada.authority()).pathname}/oauth2/v2.0/token`;
    const token = await call(entrada, path, {
      form: { grant_type: 'password', client_id: client.appId, username: bob.userPrincipalName, password: bob.password!, scope: 'api://entrada-demo-api/access_as_user' },
    });
    expect(claimsOf(token.json.access_token)).toMatchObject({ azp: client.appId, scp: 'access_as_user', preferred_username: bob.userPrincipalName });
  });
});

describe('startEntrada lifecycle', () => {
  it('onRefusal hears refusals; stop() removes the temporary home and may be called twice; a given home and SQLite file are kept and reused', async () => {
    const refusals: RefusalEvent[] = [];
    const first = await startEntrada({ onRefusal: (event) => refusals.push(event) });
    expect(existsSync(join(first.home, 'tls', 'ca.pem'))).toBe(true);
    const daemon = first.app('Demo Daemon');
    await clientCredentials(first, daemon.appId, 'not-the-secret-of-the-daemon', 'api://entrada-demo-api/.default');
    expect(refusals.map((r) => [r.error.code, r.clientId])).toEqual([[7000215, daemon.appId]]);
    await first.stop();
    expect(existsSync(first.home)).toBe(false);
    await first.stop();

    const dir = mkdtempSync(join(tmpdir(), 'entrada-api-test-'));
    try {
      const home = join(dir, 'home');
      const storage = join(dir, 'db', 'entrada.db');
      const a = await startEntrada({ home, storage });
      await a.directory.createUser({ userPrincipalName: 'kept@entrada.localhost', password: 'Kept-test-password-6' });
      await a.stop();
      expect(existsSync(join(home, 'tls', 'ca.pem'))).toBe(true);
      expect(existsSync(storage)).toBe(true);
      expect(existsSync(join(home, 'entrada.db'))).toBe(false);

      const b = await startEntrada({ home, storage });
      try {
        expect(b.caPem).toBe(a.caPem);
        expect((await password(b, 'kept@entrada.localhost', 'Kept-test-password-6')).status).toBe(200);
      } finally {
        await b.stop();
      }
      expect(existsSync(home)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('two instances in one process: their own ports, CAs, seeds, clocks and metrics', async () => {
    const seed = {
      tenants: [
        {
          id: '11111111-2222-4333-8444-555555555555',
          displayName: 'Contoso Test',
          domains: ['contoso.localhost'],
          applications: [
            { appId: '11111111-2222-4333-8444-000000000001', displayName: 'Contoso API', identifierUris: ['api://contoso'], appRoles: [{ value: 'Jobs.Run', allowedMemberTypes: ['Application' as const] }] },
            { appId: '11111111-2222-4333-8444-000000000002', displayName: 'Contoso Job', passwordCredentials: [{ secretText: 'contoso~job~secret~0002' }] },
          ],
          appRoleAssignments: [{ principal: '11111111-2222-4333-8444-000000000002', resource: 'api://contoso', appRole: 'Jobs.Run' }],
        },
      ],
    };
    const [demo, contoso] = await Promise.all([startEntrada({ managedIdentity: true }), startEntrada({ seed })]);
    try {
      expect(demo.url).not.toBe(contoso.url);
      // Managed identity only where asked for, on a port of its own.
      expect(contoso.managedIdentityUrl).toBeUndefined();
      const imds = await demo.fetch(`${demo.managedIdentityUrl}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=api://entrada-demo-api`, { headers: { Metadata: 'true' } });
      expect(claimsOf(((await imds.json()) as { access_token: string }).access_token)).toMatchObject({ roles: ['Data.Read'] });
      expect(demo.caPem).not.toBe(contoso.caPem);
      expect(contoso.tenants.map((t) => t.domain)).toEqual(['contoso.localhost']);
      const job = contoso.app('Contoso Job');
      contoso.clock.advance('1d');
      const [a, b] = await Promise.all([
        clientCredentials(contoso, job.appId, job.clientSecret!, 'api://contoso/.default', 'contoso.localhost'),
        clientCredentials(demo, demo.app('Demo Daemon').appId, demo.app('Demo Daemon').clientSecret!, 'api://entrada-demo-api/.default'),
      ]);
      expect(claimsOf(a.json.access_token)).toMatchObject({ roles: ['Jobs.Run'], tid: contoso.tenant().id });
      expect(Number(claimsOf(a.json.access_token).iat) - Number(claimsOf(b.json.access_token).iat)).toBeGreaterThanOrEqual(86_400 - 60);
      // The other's CA is not trusted: each instance has its own.
      await expect(call({ ...demo, caPem: contoso.caPem }, '/common/discovery/v2.0/keys')).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
      await expect(contoso.fetch(`${demo.url}/common/discovery/v2.0/keys`)).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
      // Each has its own metrics registry: demo counts its two token requests, contoso its one.
      await clientCredentials(demo, demo.app('Demo Daemon').appId, demo.app('Demo Daemon').clientSecret!, 'api://entrada-demo-api/.default');
      expect(await grantedTokens(demo)).toBe(2);
      expect(await grantedTokens(contoso)).toBe(1);
    } finally {
      await Promise.all([demo.stop(), contoso.stop()]);
    }
  });

  it('a bad seed or option fails the start with the problems listed', async () => {
    await expect(startEntrada({ seed: { tenants: [] } })).rejects.toThrow(/tenants: must define at least one tenant/);
    await expect(startEntrada({ storage: 'mysql://localhost/x' })).rejects.toThrow("startEntrada: storage 'mysql://localhost/x' is not 'memory', a file path or a postgres:// URL");
    await expect(startEntrada({ passwordHashCost: 99 })).rejects.toThrow(/startEntrada: passwordHashCost: must be from/);
  });
});

const pgMissing = await probe(PG_URL);
describe.skipIf(pgMissing !== undefined && !IN_CI)('startEntrada on PostgreSQL', () => {
  const schemas = schemaFactory('entrada_api');
  afterAll(() => schemas.dispose());

  it('runs on a postgres:// URL', async () => {
    const entrada = await startEntrada({ storage: await schemas.fresh() });
    try {
      const daemon = entrada.app('Demo Daemon');
      expect((await clientCredentials(entrada, daemon.appId, daemon.clientSecret!, 'api://entrada-demo-api/.default')).status).toBe(200);
    } finally {
      await entrada.stop();
    }
  });
});
