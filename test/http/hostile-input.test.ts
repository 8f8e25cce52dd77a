// Issue 9, findings 1 and 2 (the request edge): a NUL byte in any request value is refused with
// AADSTS9002313 instead of reaching PostgreSQL (which answered 500), on SQLite and PostgreSQL;
// every parameter over its cap (core/policy/parameter-limits.ts) is refused before the directory
// is asked anything about it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryReader } from '../../src/core/ports.js';
import { ALICE, CLI_ID, DAEMON, TENANT, WEB } from '../support/demo-seed.js';
import { useEntrada, type InProcessEntrada } from '../support/in-process.js';
import { Browser } from '../support/sign-in.js';
import { IN_CI, probe, schemaFactory } from '../support/postgres.js';
import { tokenClient, type Target } from '../support/token-client.js';
import { form, HOST, PLAIN_FORM } from '../support/wire.js';

const API = 'api://entrada-demo-api';
const WEB_REDIRECT = 'https://localhost:3000/auth/callback';

const post = (e: Target, url: string, fields: Record<string, string>) => tokenClient(e, PLAIN_FORM).send(url, fields);
const codeOf = (body: string) => (JSON.parse(body) as { error_codes?: number[] }).error_codes?.[0];

/** The requests of issue 9 that answered HTTP 500 AADSTS50000 on PostgreSQL. */
function nulCases(e: InProcessEntrada) {
  const mi = () => e.managedIdentity!.app;
  return {
    'ROPC username': () =>
      post(e, `/${TENANT}/oauth2/v2.0/token`, { grant_type: 'password', client_id: CLI_ID, username: 'alice\u0000@entrada.localhost', password: 'x', scope: `${API}/.default` }),
    'client credentials scope': () =>
      post(e, `/${TENANT}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: `${API}\u0000/.default` }),
    'device code scope': () => post(e, `/${TENANT}/oauth2/v2.0/devicecode`, { client_id: CLI_ID, scope: `${API}/access\u0000_as_user` }),
    '/organizations user name': () =>
      post(e, '/organizations/oauth2/v2.0/token', { grant_type: 'password', client_id: CLI_ID, username: 'x@entrada\u0000.localhost', password: 'x', scope: `${API}/.default` }),
    'grant_type': () => post(e, `/${TENANT}/oauth2/v2.0/token`, { grant_type: 'client\u0000_credentials', client_id: DAEMON.id }),
    'managed identity resource': async () => {
      const res = await mi().inject({ method: 'GET', url: `/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${encodeURIComponent(`${API}\u0000`)}`, headers: { metadata: 'true' } });
      const body = JSON.parse(res.body) as { error_description: string };
      return { statusCode: res.statusCode, body: JSON.stringify({ error_codes: [Number(/^AADSTS(\d+)/.exec(body.error_description)?.[1])] }) };
    },
  };
}

function describeBackend(name: string, database: () => Promise<string>, skip = false) {
  describe.skipIf(skip)(`NUL in request values, ${name}`, () => {
    const entrada = useEntrada(async () => ({ database: await database() }));

    it.each(Object.keys(nulCases({} as InProcessEntrada)))('%s: 400 AADSTS9002313, not 500', async (which) => {
      const res = await nulCases(entrada)[which as keyof ReturnType<typeof nulCases>]();
      expect(res.statusCode, res.body).toBe(400);
      expect(codeOf(res.body)).toBe(9002313);
    });

    it('Graph sign-ins: a $skiptoken whose decoded id holds NUL, or is no GUID, is 400 Invalid $skiptoken, not 500', async () => {
      const graph = await post(entrada, `/${TENANT}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: 'https://graph.microsoft.com/.default' });
      const token = String((JSON.parse(graph.body) as { access_token: string }).access_token);
      const at = '2024-01-01T00:00:00.000Z';
      const guid = '00000000-0000-4000-8000-000000000000';
      const skip = async (raw: string) => {
        const res = await entrada.app.inject({ method: 'GET', url: `/v1.0/auditLogs/signIns?$skiptoken=${raw}`, headers: { ...HOST, authorization: `Bearer ${token}` } });
        return { status: res.statusCode, json: res.json() as { error?: { code: string; message: string } } };
      };
      const b64 = (text: string) => Buffer.from(text).toString('base64url');
      for (const decoded of [`${at}|\u0000`, `${at}|${guid.slice(0, -1)}\u0000`, `${at}|x`, `${at}|${guid}|${guid}`, `${at}|${guid} `, `2024-01-01T00:00:00.000Z\u0000|${guid}`]) {
        const res = await skip(b64(decoded));
        expect(res.status, JSON.stringify(decoded)).toBe(400);
        expect(res.json.error).toMatchObject({ code: 'BadRequest', message: 'Invalid $skiptoken.' });
      }
      // Not base64url at all (Buffer.from would skip the stray characters and decode the rest).
      expect((await skip(`${b64(`${at}|${guid}`)}%2B%2B`)).status).toBe(400);
      // Ours still pages.
      expect((await skip(b64(`${at}|${guid}`))).status).toBe(200);
    });

    it('the server still answers afterwards (no poisoned connection)', async () => {
      const ok = await post(entrada, `/${TENANT}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: `${API}/.default` });
      expect(ok.statusCode, ok.body).toBe(200);
    });
  });
}

describeBackend('SQLite', async () => 'sqlite::memory:');
const unreachable = await probe();
if (unreachable !== undefined && !IN_CI) console.warn(`[hostile-input] PostgreSQL cases skipped: not reachable (${unreachable})`);
const schemas = schemaFactory('entrada_hostile');
afterAll(() => schemas.dispose());
describeBackend('PostgreSQL', () => schemas.fresh(), unreachable !== undefined && !IN_CI);

describe('over-long parameters are refused before any directory lookup', () => {
  const entrada = useEntrada();
  /** Every argument the real directory reader was called with. */
  const seen: string[] = [];
  beforeAll(async () => {
    // The cache calls through to storage.directory at call time: record what reaches it.
    const inner = entrada.storage.directory as unknown as Record<string, (...args: string[]) => Promise<unknown>>;
    const methods: Array<keyof DirectoryReader> = [
      'findTenant', 'getApplicationByAppId', 'findServicePrincipalByAppId', 'listManagedIdentities', 'findResource',
      'findUserByUpn', 'getUser', 'listAppRoleAssignments', 'listPermissionGrants',
    ];
    for (const m of methods) {
      const original = inner[m].bind(inner);
      inner[m] = (...args: string[]) => {
        seen.push(...args);
        return original(...args);
      };
    }
  });
  const long = (n: number, c = 'a') => c.repeat(n);
  const reachedDirectory = () => seen.some((a) => a.length > 1024);
  const token = (fields: Record<string, string>, tenant = TENANT) => post(entrada, `/${tenant}/oauth2/v2.0/token`, fields);

  it.each([
    ['ROPC username', { grant_type: 'password', client_id: CLI_ID, username: `${long(200 * 1024)}@entrada.localhost`, password: 'x', scope: `${API}/.default` }, 9002313],
    ['/organizations ROPC username', { grant_type: 'password', client_id: CLI_ID, username: `a@${long(100_000, 'b')}.localhost`, password: 'x', scope: `${API}/.default` }, 9002313],
    ['ROPC password (never hashed)', { grant_type: 'password', client_id: CLI_ID, username: ALICE.upn, password: long(100_000), scope: `${API}/.default` }, 50126],
    ['client credentials scope', { grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: `api://${long(50_000)}/.default` }, 70011],
    ['v1 resource', { grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, resource: `api://${long(5000)}` }, 9002313],
    ['client_id', { grant_type: 'client_credentials', client_id: long(10_000), client_secret: 'x', scope: `${API}/.default` }, 9002313],
    ['refresh_token', { grant_type: 'refresh_token', client_id: CLI_ID, refresh_token: long(100_000) }, 9002313],
    ['code_verifier', { grant_type: 'authorization_code', client_id: WEB.id, client_secret: WEB.secret, code: 'x', redirect_uri: WEB_REDIRECT, code_verifier: long(129) }, 9002313],
    ['redirect_uri', { grant_type: 'authorization_code', client_id: WEB.id, client_secret: WEB.secret, code: 'x', redirect_uri: `https://x/${long(100_000)}` }, 9002313],
  ] as Array<[string, Record<string, string>, number]>)('token endpoint: %s', async (_, fields, code) => {
    seen.length = 0;
    const res = await token(fields, fields.username?.startsWith('a@b') ? 'organizations' : TENANT);
    expect(res.statusCode, res.body).toBe(400);
    expect(codeOf(res.body)).toBe(code);
    expect(res.body.length).toBeLessThan(4096); // the value is never echoed back
    expect(reachedDirectory()).toBe(false);
  });

  it('the refresh token refusal is invalid_grant, as for a broken refresh token [O]', async () => {
    const res = await token({ grant_type: 'refresh_token', client_id: CLI_ID, refresh_token: long(100_000) });
    expect(JSON.parse(res.body).error).toBe('invalid_grant');
  });

  it('HTTP Basic client_id', async () => {
    seen.length = 0;
    const basic = Buffer.from(`${long(5000)}:secret`).toString('base64');
    const res = await entrada.app.inject({
      method: 'POST', url: `/${TENANT}/oauth2/v2.0/token`, headers: { ...PLAIN_FORM, authorization: `Basic ${basic}` },
      payload: form({ grant_type: 'client_credentials', scope: `${API}/.default` }),
    });
    expect([res.statusCode, codeOf(res.body)]).toEqual([400, 9002313]);
    expect(reachedDirectory()).toBe(false);
  });

  it('device code request scope', async () => {
    seen.length = 0;
    const res = await post(entrada, `/${TENANT}/oauth2/v2.0/devicecode`, { client_id: CLI_ID, scope: `api://${long(10_000)}/x` });
    expect([res.statusCode, codeOf(res.body)]).toEqual([400, 70011]);
    expect(reachedDirectory()).toBe(false);
  });

  it('device_code polling', async () => {
    seen.length = 0;
    const res = await token({ grant_type: 'device_code', client_id: CLI_ID, device_code: long(5000) });
    expect([res.statusCode, codeOf(res.body)]).toEqual([400, 9002313]);
  });

  it('/authorize: an over-long redirect_uri is shown on the page (not redirected to)', async () => {
    seen.length = 0;
    const q = new URLSearchParams({ client_id: WEB.id, response_type: 'code', redirect_uri: `https://x/${long(20_000)}`, scope: 'openid' });
    const res = await entrada.app.inject({ method: 'GET', url: `/${TENANT}/oauth2/v2.0/authorize?${q}`, headers: HOST });
    expect(res.statusCode).not.toBe(302);
    expect(res.body).toContain('AADSTS9002313');
    expect(reachedDirectory()).toBe(false);
  });

  it('/authorize: other over-long values go back to the validated redirect URI, without an over-long state', async () => {
    for (const [name, value, code] of [
      ['login_hint', `${long(10_000)}@entrada.localhost`, 'AADSTS9002313'],
      ['scope', `openid api://${long(10_000)}/x`, 'AADSTS70011'],
      ['state', long(100_000), 'AADSTS9002313'],
      ['code_challenge', long(200), 'AADSTS50147'],
    ]) {
      seen.length = 0;
      const q = new URLSearchParams({ client_id: WEB.id, response_type: 'code', redirect_uri: WEB_REDIRECT, scope: 'openid', state: 's', [name]: value });
      const res = await entrada.app.inject({ method: 'GET', url: `/${TENANT}/oauth2/v2.0/authorize?${q}`, headers: HOST });
      expect(res.statusCode, name).toBe(302);
      const location = new URL(String(res.headers.location));
      expect(`${location.origin}${location.pathname}`).toBe(WEB_REDIRECT);
      expect(location.searchParams.get('error_description'), name).toContain(code);
      expect(location.searchParams.get('state'), name).toBe(name === 'state' ? null : 's');
      expect(reachedDirectory(), name).toBe(false);
    }
  });

  it('/authorize: a NUL in the query string is refused on the page', async () => {
    const res = await entrada.app.inject({ method: 'GET', url: `/${TENANT}/oauth2/v2.0/authorize?client_id=${WEB.id}&response_type=code&login_hint=a%00b`, headers: HOST });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('AADSTS9002313');
  });

  it('sign-in page: an over-long user name is refused before the user is looked up', async () => {
    const browser = new Browser(entrada.app);
    const q = new URLSearchParams({ client_id: WEB.id, response_type: 'code', redirect_uri: WEB_REDIRECT, scope: 'openid', state: 's' });
    const page = await browser.get(`/${TENANT}/oauth2/v2.0/authorize?${q}`);
    expect(page.statusCode).toBe(200);
    seen.length = 0;
    const res = await browser.submit(page, { username: `${long(100_000)}@entrada.localhost`, password: 'x', action: 'signin' });
    expect(res.body).toContain('AADSTS9002313');
    expect(reachedDirectory()).toBe(false);
  });

  it('/devicelogin: an over-long user code is refused on the code page', async () => {
    const first = await entrada.app.inject({ method: 'GET', url: '/devicelogin', headers: HOST });
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    const csrf = /name="csrf" value="([^"]+)"/.exec(first.body)![1];
    seen.length = 0;
    const res = await entrada.app.inject({
      method: 'POST', url: '/devicelogin', headers: { ...PLAIN_FORM, cookie }, payload: form({ csrf, otc: long(10_000), step: 'code' }),
    });
    expect(res.body).toContain('AADSTS9002313');
    expect(reachedDirectory()).toBe(false);
  });

  it('user realm discovery: over-long or NUL logins', async () => {
    seen.length = 0;
    const longLogin = await entrada.app.inject({ method: 'GET', url: `/common/userrealm/${long(400)}@entrada.localhost?api-version=2.0`, headers: HOST });
    expect([longLogin.statusCode, codeOf(longLogin.body)]).toEqual([400, 9002313]);
    const srf = await entrada.app.inject({ method: 'GET', url: `/GetUserRealm.srf?login=${long(5000)}@entrada.localhost`, headers: HOST });
    expect([srf.statusCode, codeOf(srf.body)]).toEqual([400, 9002313]);
    const nul = await entrada.app.inject({ method: 'GET', url: '/common/userrealm/alice%00@entrada.localhost?api-version=1.0', headers: HOST });
    expect([nul.statusCode, codeOf(nul.body)]).toEqual([400, 9002313]);
    expect(reachedDirectory()).toBe(false);
  });

  it('managed identity: an over-long resource is refused before the identity is looked up', async () => {
    seen.length = 0;
    const res = await entrada.managedIdentity!.app.inject({
      method: 'GET', url: `/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${long(5000)}`, headers: { metadata: 'true' },
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error_description).toMatch(/^AADSTS9002313:/);
    expect(seen).toEqual([]);
  });

  it('values at the documented limits are still accepted', async () => {
    const ok = await token({ grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: `${API}/.default` });
    expect(ok.statusCode, ok.body).toBe(200);
    // A 113-character UPN (Entra's maximum) is looked up, and simply does not exist.
    const upn = `${long(95)}@entrada.localhost`;
    expect(upn).toHaveLength(113);
    seen.length = 0;
    const res = await token({ grant_type: 'password', client_id: CLI_ID, username: upn, password: 'x', scope: `${API}/.default` });
    expect(codeOf(res.body)).toBe(50034);
    expect(seen).toContain(upn);
  });
});
