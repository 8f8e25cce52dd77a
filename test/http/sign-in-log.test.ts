// The sign-in log (issue #5): every request to a sign-in endpoint recorded with the decision
// trace, never a secret; /error?code=N&trace_id=T explains that very request.

import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DecisionTraceFields } from '../../src/core/decision-trace.js';
import { keyedFingerprint, LOG_FINGERPRINT_KEY_NAME } from '../../src/crypto/log-fingerprint.js';
import { ALICE, CLI_ID, DAEMON, TENANT, WEB } from '../support/demo-seed.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient } from '../support/token-client.js';
import { PLAIN_FORM } from '../support/wire.js';

const entrada = useEntrada();
const client = tokenClient(entrada, PLAIN_FORM);

const TOKEN = `/${TENANT}/oauth2/v2.0/token`;
const post = (fields: Record<string, string>, headers: Record<string, string> = {}) => client.post(TOKEN, fields, headers);
async function page(url: string) {
  return (await entrada.app.inject({ method: 'GET', url, headers: { host: 'localhost:8443' } })).body;
}

describe('the sign-in log', () => {
  it('records a refused password grant with what decided it, and /error?trace_id explains that request', async () => {
    const r = await post({ grant_type: 'password', client_id: WEB.id, username: ALICE.upn, password: ALICE.password, scope: 'openid' }, { 'user-agent': 'test-agent/1.0' });
    expect(r.json.error_codes).toEqual([7000218]);
    const traceId = String(r.json.trace_id);
    const entry = await entrada.signIns!.get(traceId);
    expect(entry).toMatchObject({
      endpoint: 'token',
      outcome: 'failure',
      errorCode: 7000218,
      appId: WEB.id,
      appDisplayName: 'Demo Web App',
      grantType: 'password',
      tenant: TENANT,
      userAgent: 'test-agent/1.0',
      decision: {
        credential: 'none',
        isFallbackPublicClient: false,
        clientType: 'confidential',
        rule: 'confidential-without-credential',
        decidedBy: { by: 'fallback_setting', grant: 'password' },
      },
    });
    // Nothing the client sent as a secret is kept.
    expect(JSON.stringify(entry)).not.toContain(ALICE.password);

    const html = await page(`/error?code=7000218&trace_id=${traceId}`);
    expect(html).toContain('This request');
    expect(html).toContain('Allow public client flows');
    expect(html).toMatch(/Why:<\/strong> grant_type=password carries no redirect URI, so the app&#39;s &quot;Allow public client flows&quot; setting decided; it is No/);
    expect(html).toContain('Fix:</strong> send client_secret or client_assertion, or set Authentication → Advanced settings → Allow public client flows → Yes');
    expect(html).toContain('Demo Web App (e7ada000-0000-4000-8000-000000000003)');
  });

  it('records successes too, with a fingerprint of the secret and never the secret itself; entries are written to storage', async () => {
    const r = await post({ grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: 'api://entrada-demo-api/.default' });
    const traceId = String(r.headers['x-ms-request-id']);
    await entrada.signIns!.flush();
    const stored = await entrada.storage.signInLog.get(traceId);
    expect(stored).toMatchObject({ outcome: 'success', errorCode: null, grantType: 'client_credentials', decision: { credential: 'secret', credentialFingerprint: expect.stringMatching(/^[0-9a-f]{8}$/) } });
    expect(JSON.stringify(stored)).not.toContain(DAEMON.secret);
  });

  it('records /authorize refusals and filters by app and outcome, newest first', async () => {
    await page(`/${TENANT}/oauth2/v2.0/authorize?client_id=${CLI_ID}&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Fevil.example%2F`);
    await entrada.signIns!.flush();
    const failures = await entrada.storage.signInLog.list({ appId: CLI_ID, outcome: 'failure', limit: 10 });
    expect(failures[0]).toMatchObject({ endpoint: 'authorize', errorCode: 50011, appId: CLI_ID });
    const all = await entrada.storage.signInLog.list({ limit: 100 });
    expect(all.map((e) => e.createdAt)).toEqual([...all.map((e) => e.createdAt)].sort().reverse());
    const page2 = await entrada.storage.signInLog.list({ limit: 1, before: { createdAt: all[0].createdAt, id: all[0].id } });
    expect(page2[0].id).toBe(all[1].id);
  });

  it('a trace id it does not know gives the general page for the code', async () => {
    const html = await page('/error?code=7000218&trace_id=00000000-0000-4000-8000-000000000000');
    expect(html).not.toContain('<h2 id="this-request">');
    expect(html).toContain('00000000-0000-4000-8000-000000000000');
  });
});

describe("GET /v1.0/auditLogs/signIns (Microsoft Graph's shape)", () => {
  async function graphToken(): Promise<string> {
    const r = await post({ grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: 'https://graph.microsoft.com/.default' });
    return String(r.json.access_token);
  }
  async function get(url: string, token?: string) {
    const res = await entrada.app.inject({ method: 'GET', url, headers: { host: 'localhost:8443', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    return { status: res.statusCode, json: res.json() as Record<string, unknown> };
  }

  it('wants a Graph token with AuditLog.Read.All', async () => {
    expect((await get('/v1.0/auditLogs/signIns')).status).toBe(401);
    const apiToken = String((await post({ grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: 'api://entrada-demo-api/.default' })).json.access_token);
    expect((await get('/v1.0/auditLogs/signIns', apiToken)).json).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
    expect((await get('/v1.0/auditLogs/signIns', `${apiToken.slice(0, -4)}AAAA`)).status).toBe(401);
  });

  it('lists sign-ins newest first, filters by appId and status, and pages with @odata.nextLink', async () => {
    const token = await graphToken();
    await post({ grant_type: 'password', client_id: WEB.id, username: ALICE.upn, password: ALICE.password, scope: 'openid' });
    const failed = await get(`/v1.0/auditLogs/signIns?$filter=${encodeURIComponent(`appId eq '${WEB.id}' and status/errorCode ne 0`)}`, token);
    const value = failed.json.value as Array<Record<string, unknown>>;
    expect(value.length).toBeGreaterThan(0);
    expect(value[0]).toMatchObject({ appId: WEB.id, appDisplayName: 'Demo Web App', status: { errorCode: 7000218 }, clientAppUsed: 'Mobile Apps and Desktop clients' });
    const first = await get('/v1.0/auditLogs/signIns?$top=1', token);
    expect((first.json.value as unknown[]).length).toBe(1);
    const next = new URL(String(first.json['@odata.nextLink']));
    const second = await get(`${next.pathname}${next.search}`, token);
    expect((second.json.value as Array<{ id: string }>)[0].id).not.toBe((first.json.value as Array<{ id: string }>)[0].id);
    expect((await get("/v1.0/auditLogs/signIns?$filter=userId eq 'x'", token)).status).toBe(400);
    // A $skiptoken that is not ours is a 400, not a crash.
    for (const bad of ['2020|x', 'Tue, 01 Jan 2024 00:00:00 GMT|x', 'no-bar']) {
      expect((await get(`/v1.0/auditLogs/signIns?$skiptoken=${Buffer.from(bad).toString('base64url')}`, token)).status).toBe(400);
    }
    expect((await get('/v1.0/auditLogs/signIns?$top=1e2', token)).status).toBe(400);
  });

  it("lists only the token's own tenant", async () => {
    const token = await graphToken();
    await entrada.storage.signInLog.insertMany([
      { id: '99999999-0000-4000-8000-000000000001', createdAt: new Date().toISOString(), endpoint: 'token', tenant: '4d2b6e10-7c1a-4f3e-9a55-1c2d3e4f5a60', appId: null, appDisplayName: 'Other tenant app', userId: null, userPrincipalName: null, grantType: 'password', outcome: 'failure', errorCode: 50126, oauthError: 'invalid_grant', correlationId: 'c', clientAddress: null, userAgent: null, decision: null, detail: null },
    ]);
    const all = await get('/v1.0/auditLogs/signIns?$top=1000', token);
    const names = (all.json.value as Array<{ appDisplayName: string | null }>).map((v) => v.appDisplayName);
    expect(names).not.toContain('Other tenant app');
    expect(names.length).toBeGreaterThan(0);
  });

  it('a secret in a malformed URL never reaches the log', async () => {
    const res = await entrada.app.inject({ method: 'POST', url: `/${TENANT}/oauth2/v2.0/token%ZZ?client_secret=SUPERSECRETVALUE&code=THECODE`, headers: { host: 'localhost:8443' } });
    expect(res.statusCode).toBe(400);
    await entrada.signIns!.flush();
    const rows = await entrada.storage.signInLog.list({ limit: 20 });
    expect(JSON.stringify(rows)).not.toMatch(/SUPERSECRETVALUE|THECODE/);
  });
});

describe('managed identity requests in the sign-in log', () => {
  it('records tokens issued and refusals, naming the identity', async () => {
    const mi = entrada.managedIdentity!;
    const ok = await mi.app.inject({ method: 'GET', url: '/metadata/identity/oauth2/token?api-version=2018-02-01&resource=api://entrada-demo-api', headers: { metadata: 'true' } });
    expect(ok.statusCode).toBe(200);
    const refused = await mi.app.inject({ method: 'GET', url: '/metadata/identity/oauth2/token?api-version=2018-02-01&resource=api://nothing-here', headers: { metadata: 'true' } });
    expect(refused.statusCode).toBe(400);
    await entrada.signIns!.flush();
    const rows = await entrada.storage.signInLog.list({ limit: 5 });
    const mine = rows.filter((r) => r.endpoint === 'managed identity');
    expect(mine.map((r) => [r.outcome, r.errorCode])).toEqual([['failure', 500011], ['success', null]]);
    expect(mine[1]).toMatchObject({ appDisplayName: 'demo-vm', grantType: 'IMDS', decision: { identity: 'SystemAssigned' } });
  });
});

// Issue #9, finding 7: a trace id is no secret, so identities and internals are for this machine only.
describe('/error?trace_id= shows identities and internals to loopback callers only', () => {
  const traceId = '77777777-0000-4000-8000-000000000007';
  const logged = {
    id: traceId, createdAt: new Date().toISOString(), endpoint: 'token' as const, tenant: TENANT, appId: DAEMON.id, appDisplayName: 'Demo Daemon',
    userId: '0b7d1c9e-0000-4000-8000-000000000001', userPrincipalName: 'alice.secret-name@entrada.test', grantType: 'client_credentials',
    outcome: 'failure' as const, errorCode: 7000215, oauthError: 'invalid_client', correlationId: 'c', clientAddress: '10.1.2.3', userAgent: 'agent-string/9',
    decision: { credential: 'secret' as const, credentialFingerprint: 'abcd1234', redirectUri: null, origin: null },
    detail: 'Fetching https://internal.example/keys failed: unable to verify the first certificate',
  };
  beforeAll(async () => {
    await entrada.storage.signInLog.insertMany([logged]);
  });
  async function pageFrom(remoteAddress: string) {
    const res = await entrada.app.inject({ method: 'GET', url: `/error?code=7000215&trace_id=${traceId}`, headers: { host: 'localhost:8443' }, remoteAddress });
    expect(res.statusCode).toBe(200);
    return res.body;
  }

  it.each(['203.0.113.7', '::ffff:10.0.0.1', '2001:db8::1', '128.0.0.1'])('a caller at %s gets the explanation without them', async (address) => {
    const html = await pageFrom(address);
    expect(html).toContain('<h2 id="this-request">This request</h2>');
    expect(html).toContain('Fix:</strong>');
    expect(html).toContain(DAEMON.id); // in the client's own request
    expect(html).toContain('client secret');
    for (const hidden of ['alice.secret-name', 'Demo Daemon', 'abcd1234', '(fingerprint', 'internal.example', 'unable to verify', '10.1.2.3', 'agent-string']) {
      expect(html, hidden).not.toContain(hidden);
    }
    expect(html).toContain('shown only to callers on the machine running Entrada');
  });

  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])('a caller at %s sees them', async (address) => {
    const html = await pageFrom(address);
    for (const shown of ['alice.secret-name@entrada.test', 'Demo Daemon', '(fingerprint abcd1234)', 'https://internal.example/keys', 'unable to verify the first certificate']) {
      expect(html, shown).toContain(shown);
    }
    expect(html).not.toContain('shown only to callers on the machine');
  });

  it("fingerprints a sent secret with this installation's key, not a bare SHA-256", async () => {
    const r = await post({ grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: 'api://entrada-demo-api/.default' });
    const entry = await entrada.signIns!.get(String(r.headers['x-ms-request-id']));
    const key = await entrada.storage.installationSecrets.ensure(LOG_FINGERPRINT_KEY_NAME, 'not-used');
    expect(key).not.toBe('not-used');
    const decision: DecisionTraceFields | null | undefined = entry?.decision;
    expect(decision?.credentialFingerprint).toBe(keyedFingerprint(key)(DAEMON.secret));
    expect(decision?.credentialFingerprint).not.toBe(createHash('sha256').update(DAEMON.secret).digest('hex').slice(0, 8));
  });
});
