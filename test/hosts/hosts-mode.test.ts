// Hosts mode (issue 15) with real clients: Entrada listens on 443 as login.microsoftonline.com,
// graph.microsoft.com and management.azure.com, and each client runs in a private mount namespace
// whose /etc/hosts points those names at loopback (test/support/hosts-namespace.ts). The clients
// get no authority options at all: only the CA (NODE_EXTRA_CA_CERTS / REQUESTS_CA_BUNDLE).
//
// The ONLY test file that binds port 443 (vitest runs files in parallel): every hosts-mode client
// test belongs here. Needs root (unshare --mount); skipped with the reason otherwise, except in CI.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRemoteJWKSet, customFetch, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEntrada, type StartedEntrada } from '../../src/api/start-entrada.js';
import {
  createHostsSandbox,
  describeRun,
  loopbackFetch,
  NAMESPACE_HOSTS,
  NAMESPACE_UNSAFE,
  namespaceSkipReason,
  succeeded,
  type HostsSandbox,
} from '../support/hosts-namespace.js';
import { completeDeviceLogin } from '../support/device-login.js';

const CLIENTS = join(import.meta.dirname, 'clients');
const PYTHON = '/usr/bin/python3'; // Debian's, with python3-msal (the PATH python3 may lack it)
const AZ = '/usr/bin/az';

const LOGIN = 'https://login.microsoftonline.com';
const GRAPH = 'https://graph.microsoft.com';
const API_URI = 'api://entrada-demo-api';

/** Skip reason for a missing client, or a failure in CI (.ci/run installs them). */
function missing(what: string, present: boolean): string | undefined {
  if (present) return undefined;
  if (process.env.CI === 'true') throw new Error(`hosts-mode tests need ${what} in CI (.ci/run installs it with apt-get)`);
  return `${what} is not installed`;
}

const namespaceSkip = namespaceSkipReason();
const pythonSkip = namespaceSkip ?? missing('Debian python3-msal (/usr/bin/python3 -c "import msal")', spawnSync(PYTHON, ['-c', 'import msal']).status === 0);
const azSkip = namespaceSkip ?? missing('Debian azure-cli (/usr/bin/az)', existsSync(AZ));
const title = (name: string, skip: string | undefined) => (skip ? `${name} (skipped: ${skip})` : name);

let entrada: StartedEntrada;
let sandbox: HostsSandbox;
let fetchMs: ReturnType<typeof loopbackFetch>;
let realHosts: string;
let tid: string;

const app = (name: string) => entrada.app(name);
const alice = () => entrada.user('alice@entrada.localhost');

/** Entra's issuers, exactly: v1 on sts.windows.net, v2 on login.microsoftonline.com. */
const issuer = (version: 1 | 2) => (version === 1 ? `https://sts.windows.net/${tid}/` : `${LOGIN}/${tid}/v2.0`);

/** Verifies `token` as a resource server would, with the JWKS at login.microsoftonline.com. */
async function verifyEntra(token: string, expected: { version: 1 | 2; audience: string }): Promise<JWTPayload> {
  const jwks = createRemoteJWKSet(new URL(`${LOGIN}/${tid}/discovery/v2.0/keys`), { [customFetch]: fetchMs });
  const { payload } = await jwtVerify(token, jwks, { issuer: issuer(expected.version), audience: expected.audience, algorithms: ['RS256'] });
  expect(payload.ver).toBe(expected.version === 1 ? '1.0' : '2.0');
  return payload;
}

/** One JSON line of a client's stdout (the last one by default). */
function json<T = Record<string, unknown>>(stdout: string, pick: (lines: string[]) => string = (l) => l[l.length - 1]): T {
  const lines = stdout.trim().split('\n').filter((l) => l.startsWith('{') || l.startsWith('['));
  return JSON.parse(pick(lines)) as T;
}

/** Graph as Demo Automation (client credentials), over graph.microsoft.com on this machine. */
async function graph<T = Record<string, unknown>>(path: string): Promise<{ status: number; body: T }> {
  const automation = app('Demo Automation');
  const tokenRes = await fetchMs(`${LOGIN}/${tid}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: automation.appId, client_secret: automation.clientSecret!, scope: `${GRAPH}/.default` }),
  });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const res = await fetchMs(`${GRAPH}/v1.0${path}`, { headers: { authorization: `Bearer ${access_token}` } });
  return { status: res.status, body: (await res.json()) as T };
}

describe.skipIf(namespaceSkip !== undefined)(title('hosts mode: Microsoft clients with only the CA', namespaceSkip), () => {
  beforeAll(async () => {
    realHosts = readFileSync('/etc/hosts', 'utf8');
    entrada = await startEntrada({ port: 443, env: { ENTRADA_MICROSOFT_HOSTS: 'true' } });
    tid = entrada.tenant().id;
    sandbox = createHostsSandbox(entrada.caPath);
    fetchMs = loopbackFetch(entrada.caPem);
  }, 60_000);

  afterAll(async () => {
    await entrada?.stop();
    sandbox?.cleanup();
    // The bind mount lived in the children's private namespaces only.
    expect(readFileSync('/etc/hosts', 'utf8')).toBe(realHosts);
  });

  describe('the namespace', () => {
    it('resolves every Microsoft name to loopback only, and leaves the real /etc/hosts as it was', async () => {
      const r = await sandbox.run('sh', ['-c', 'for n in "$@"; do getent ahosts "$n" | awk -v n="$n" \'{print n, $1}\'; done', 'sh', ...NAMESPACE_HOSTS]);
      const addresses = new Map<string, Set<string>>();
      for (const line of succeeded(r).trim().split('\n')) {
        const [name, address] = line.split(' ');
        addresses.set(name, (addresses.get(name) ?? new Set()).add(address));
      }
      for (const name of NAMESPACE_HOSTS) expect([...(addresses.get(name) ?? [])].sort(), name).toEqual(['127.0.0.1', '::1']);
      expect(readFileSync('/etc/hosts', 'utf8')).toBe(realHosts);
    });

    it('refuses to run the client when a name resolves to anything but loopback', async () => {
      const r = await sandbox.run('sh', ['-c', 'echo CLIENT-RAN'], { addressesOf: (name) => (name === 'graph.microsoft.com' ? ['192.0.2.10'] : ['127.0.0.1']) });
      expect(r.code).toBe(NAMESPACE_UNSAFE);
      expect(r.stderr).toContain('SAFETY: graph.microsoft.com resolves to 192.0.2.10');
      expect(r.stdout).not.toContain('CLIENT-RAN');
      expect(readFileSync('/etc/hosts', 'utf8')).toBe(realHosts);
    });
  });

  describe('Node clients, no authority options', () => {
    const node = (mode: string, args: Record<string, unknown>) => sandbox.run(process.execPath, [join(CLIENTS, 'node-clients.mjs'), mode, JSON.stringify({ tenant: tid, ...args })]);

    it('MSAL Node: client credentials with authority https://login.microsoftonline.com/<tid>, no knownAuthorities (v2 and v1 tokens)', async () => {
      const daemon = app('Demo Daemon');
      const api = json<{ accessToken: string }>(succeeded(await node('msal-client-credentials', { clientId: daemon.appId, secret: daemon.clientSecret, scope: `${API_URI}/.default` })));
      expect(await verifyEntra(api.accessToken, { version: 2, audience: app('Demo API').appId })).toMatchObject({ azp: daemon.appId, roles: ['Data.Read'], tid });
      const g = json<{ accessToken: string }>(succeeded(await node('msal-client-credentials', { clientId: daemon.appId, secret: daemon.clientSecret, scope: `${GRAPH}/.default` })));
      expect(await verifyEntra(g.accessToken, { version: 1, audience: GRAPH })).toMatchObject({ appid: daemon.appId, tid });
    }, 60_000);

    it('MSAL Node: ROPC for alice through Demo CLI', async () => {
      const cli = app('Demo CLI');
      const r = json<{ accessToken: string; username: string; environment: string }>(
        succeeded(await node('msal-ropc', { clientId: cli.appId, scope: `${API_URI}/access_as_user`, username: alice().userPrincipalName, password: alice().password })),
      );
      // MSAL Node files the account under instance discovery's preferred_cache, as with Entra.
      expect(r).toMatchObject({ username: alice().userPrincipalName, environment: 'login.windows.net' });
      expect(await verifyEntra(r.accessToken, { version: 2, audience: app('Demo API').appId })).toMatchObject({ azp: cli.appId, scp: 'access_as_user', preferred_username: alice().userPrincipalName });
    }, 60_000);

    it('@azure/identity: ClientSecretCredential(tenant, id, secret), no authorityHost, instance discovery on', async () => {
      const daemon = app('Demo Daemon');
      const r = json<{ accessToken: string }>(succeeded(await node('identity-client-secret', { clientId: daemon.appId, secret: daemon.clientSecret, scope: `${GRAPH}/.default` })));
      expect(await verifyEntra(r.accessToken, { version: 1, audience: GRAPH })).toMatchObject({ appid: daemon.appId, roles: expect.arrayContaining(['User.Read.All']) });
    }, 60_000);

    it('openid-client: discovery of https://login.microsoftonline.com/<tid>/v2.0 names that issuer; client credentials', async () => {
      const daemon = app('Demo Daemon');
      const r = json<{ issuer: string; tokenEndpoint: string; accessToken: string }>(
        succeeded(await node('openid-client-credentials', { clientId: daemon.appId, secret: daemon.clientSecret, scope: `${API_URI}/.default` })),
      );
      expect(r.issuer).toBe(`${LOGIN}/${tid}/v2.0`);
      expect(r.tokenEndpoint).toBe(`${LOGIN}/${tid}/oauth2/v2.0/token`);
      expect(await verifyEntra(r.accessToken, { version: 2, audience: app('Demo API').appId })).toMatchObject({ azp: daemon.appId, roles: ['Data.Read'] });
    }, 60_000);
  });

  describe.skipIf(pythonSkip !== undefined)(title('MSAL Python 1.21 (Debian python3-msal), no authority options', pythonSkip), () => {
    const python = (mode: string, args: Record<string, unknown>) => [join(CLIENTS, 'msal_python.py'), mode, JSON.stringify({ tenant: tid, ...args })];
    const cliArgs = () => ({ clientId: app('Demo CLI').appId, scopes: [`${API_URI}/access_as_user`] });
    type Result = { access_token?: string; id_token_claims?: Record<string, unknown>; error?: string; error_codes?: number[]; error_description?: string };

    it('ConfidentialClientApplication: client credentials (a v1 Graph token)', async () => {
      const daemon = app('Demo Daemon');
      const r = json<Result>(succeeded(await sandbox.run(PYTHON, python('client-credentials', { clientId: daemon.appId, secret: daemon.clientSecret, scopes: [`${GRAPH}/.default`] }))));
      expect(r.error, JSON.stringify(r)).toBeUndefined();
      expect(await verifyEntra(r.access_token!, { version: 1, audience: GRAPH })).toMatchObject({ appid: daemon.appId, tid });
    }, 60_000);

    it('PublicClientApplication: ROPC for alice (its user-realm lookup goes to port 443)', async () => {
      const r = json<Result>(succeeded(await sandbox.run(PYTHON, python('ropc', { ...cliArgs(), username: alice().userPrincipalName, password: alice().password }))));
      expect(r.error, JSON.stringify(r)).toBeUndefined();
      expect(r.id_token_claims).toMatchObject({ iss: issuer(2), tid, preferred_username: alice().userPrincipalName });
      expect(await verifyEntra(r.access_token!, { version: 2, audience: app('Demo API').appId })).toMatchObject({ scp: 'access_as_user', azp: app('Demo CLI').appId });
    }, 60_000);

    it('device code: initiate_device_flow, completed on https://login.microsoftonline.com/devicelogin while Python polls', async () => {
      const running = sandbox.start(PYTHON, python('device-code', cliArgs()), { timeoutMs: 75_000 });
      const { flow } = JSON.parse(await running.line(/"step": "flow"/)) as { flow: { user_code: string; verification_uri: string; message: string } };
      expect(flow.verification_uri).toBe(`${LOGIN}/devicelogin`);
      expect(flow.message).toContain(flow.user_code);
      const page = await completeDeviceLogin(fetchMs, `${LOGIN}/devicelogin`, flow.user_code, { upn: alice().userPrincipalName, password: alice().password! });
      expect(page).toContain('You have signed in to');
      const r = json<Result>(succeeded(await running.result));
      expect(r.error, JSON.stringify(r)).toBeUndefined();
      expect(await verifyEntra(r.access_token!, { version: 2, audience: app('Demo API').appId })).toMatchObject({ scp: 'access_as_user', preferred_username: alice().userPrincipalName });
    }, 90_000);

    it('refresh: acquire_token_silent(force_refresh=True) after get_accounts redeems the refresh token', async () => {
      const stdout = succeeded(await sandbox.run(PYTHON, python('ropc-refresh', { ...cliArgs(), username: alice().userPrincipalName, password: alice().password })));
      const first = json<{ result: Result }>(stdout, (l) => l.find((x) => x.includes('"step": "ropc"'))!).result;
      const accounts = json<{ accounts: Array<{ username: string; environment: string; home_account_id: string }> }>(stdout, (l) => l.find((x) => x.includes('"step": "accounts"'))!).accounts;
      expect(accounts).toEqual([expect.objectContaining({ username: alice().userPrincipalName, environment: 'login.microsoftonline.com', home_account_id: `${alice().id}.${tid}` })]);
      const refreshed = json<Result>(stdout);
      expect(refreshed.error, JSON.stringify(refreshed)).toBeUndefined();
      expect(refreshed.access_token).not.toBe(first.access_token);
      const claims = await verifyEntra(refreshed.access_token!, { version: 2, audience: app('Demo API').appId });
      expect(claims.uti).not.toBe(decodeJwt(first.access_token!).uti);
    }, 60_000);

    it('a wrong password: invalid_grant with error_codes [50126], as MSAL Python surfaces it', async () => {
      const r = json<Result>(succeeded(await sandbox.run(PYTHON, python('ropc', { ...cliArgs(), username: alice().userPrincipalName, password: 'not-alices-password' }))));
      expect(r).toMatchObject({ error: 'invalid_grant', error_codes: [50126] });
      expect(r.error_description).toMatch(/^AADSTS50126: /);
    }, 60_000);
  });

  describe.skipIf(azSkip !== undefined)(title('Azure CLI 2.45 (Debian azure-cli), default AzureCloud', azSkip), () => {
    const az = async (...args: string[]) => {
      const r = await sandbox.run(AZ, [...args, '--output', 'json'], { timeoutMs: 75_000 });
      if (r.code !== 0) throw new Error(`az ${args.join(' ')} failed: ${describeRun(r)}`);
      // A Graph or ARM answer az cannot parse shows as a traceback even when it exits 0.
      expect(r.stderr).not.toMatch(/Traceback|ERROR:/);
      return r.stdout.trim() === '' ? undefined : (JSON.parse(r.stdout) as Record<string, unknown> & Array<Record<string, unknown>>);
    };
    const suffix = Date.now().toString(36);
    const created: { appId?: string; appObjectId?: string; userId?: string; groupId?: string } = {};

    it('az login --service-principal (Demo Automation) --allow-no-subscriptions: a tenant-level account', async () => {
      const automation = app('Demo Automation');
      const accounts = await az('login', '--service-principal', '-u', automation.appId, '-p', automation.clientSecret!, '--tenant', tid, '--allow-no-subscriptions');
      expect(accounts).toEqual([
        expect.objectContaining({ cloudName: 'AzureCloud', id: tid, tenantId: tid, isDefault: true, user: { name: automation.appId, type: 'servicePrincipal' } }),
      ]);
    }, 90_000);

    it('az account get-access-token --resource-type ms-graph: a v1 Graph token (aud https://graph.microsoft.com/)', async () => {
      const t = await az('account', 'get-access-token', '--resource-type', 'ms-graph');
      expect(t).toMatchObject({ tenant: tid, tokenType: 'Bearer' });
      const claims = await verifyEntra(t!.accessToken as string, { version: 1, audience: `${GRAPH}/` });
      expect(claims).toMatchObject({ appid: app('Demo Automation').appId, roles: expect.arrayContaining(['Application.ReadWrite.All']) });
    }, 90_000);

    it('az account get-access-token --resource api://entrada-demo-api: a v2 token for Demo API', async () => {
      const t = await az('account', 'get-access-token', '--resource', API_URI);
      await verifyEntra(t!.accessToken as string, { version: 2, audience: app('Demo API').appId });
    }, 90_000);

    it('az ad app create, then checked through Graph', async () => {
      const name = `hosts-mode-app-${suffix}`;
      const a = await az('ad', 'app', 'create', '--display-name', name);
      created.appId = a!.appId as string;
      created.appObjectId = a!.id as string;
      const g = await graph(`/applications/${created.appObjectId}`);
      expect(g).toMatchObject({ status: 200, body: { displayName: name, appId: created.appId } });
    }, 90_000);

    it('az ad app update --is-fallback-public-client true', async () => {
      expect(created.appId, 'needs az ad app create').toBeDefined();
      await az('ad', 'app', 'update', '--id', created.appId!, '--is-fallback-public-client', 'true');
      expect((await graph(`/applications/${created.appObjectId}`)).body).toMatchObject({ isFallbackPublicClient: true });
    }, 90_000);

    it('az ad sp create --id <appId>', async () => {
      expect(created.appId, 'needs az ad app create').toBeDefined();
      const sp = await az('ad', 'sp', 'create', '--id', created.appId!);
      expect(sp).toMatchObject({ appId: created.appId });
      const g = await graph<{ value: Array<{ id: string; appId: string }> }>(`/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${created.appId}'`)}`);
      expect(g.body.value).toEqual([expect.objectContaining({ id: sp!.id, appId: created.appId })]);
    }, 90_000);

    it('az ad app credential reset --id <appId>, twice: each new secret works, the reset removes the previous one', async () => {
      expect(created.appId, 'needs az ad app create').toBeDefined();
      const clientCredentials = (secret: string) =>
        fetchMs(`${LOGIN}/${tid}/oauth2/v2.0/token`, {
          method: 'POST',
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: created.appId!, client_secret: secret, scope: `${GRAPH}/.default` }),
        });
      const first = await az('ad', 'app', 'credential', 'reset', '--id', created.appId!);
      expect(first).toMatchObject({ appId: created.appId, tenant: tid, password: expect.any(String) });
      expect((await clientCredentials(first!.password as string)).status).toBe(200);
      // Without --append az removes every existing secret (removePassword) before addPassword.
      const second = await az('ad', 'app', 'credential', 'reset', '--id', created.appId!);
      const g = await graph<{ passwordCredentials: Array<{ hint: string }> }>(`/applications/${created.appObjectId}`);
      expect(g.body.passwordCredentials).toEqual([expect.objectContaining({ hint: (second!.password as string).slice(0, 3) })]);
      expect((await clientCredentials(second!.password as string)).status).toBe(200);
      const old = await clientCredentials(first!.password as string);
      expect(old.status).toBe(401);
      expect(await old.json()).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    }, 90_000);

    it('az ad user create', async () => {
      const upn = `hosts-mode-${suffix}@entrada.localhost`;
      const u = await az('ad', 'user', 'create', '--display-name', `Hosts Mode ${suffix}`, '--password', `Hosts-mode-pw-${suffix}-1`, '--user-principal-name', upn);
      created.userId = u!.id as string;
      expect((await graph(`/users/${created.userId}`)).body).toMatchObject({ userPrincipalName: upn, displayName: `Hosts Mode ${suffix}` });
    }, 90_000);

    it('az ad group create + az ad group member add', async () => {
      expect(created.userId, 'needs az ad user create').toBeDefined();
      const g = await az('ad', 'group', 'create', '--display-name', `hosts-mode-group-${suffix}`, '--mail-nickname', `hosts-mode-group-${suffix}`);
      created.groupId = g!.id as string;
      expect((await graph(`/groups/${created.groupId}`)).body).toMatchObject({ displayName: `hosts-mode-group-${suffix}`, securityEnabled: true, mailEnabled: false });
      await az('ad', 'group', 'member', 'add', '--group', created.groupId, '--member-id', created.userId!);
      const members = await graph<{ value: Array<{ id: string }> }>(`/groups/${created.groupId}/members`);
      expect(members.body.value.map((m) => m.id)).toEqual([created.userId]);
    }, 90_000);
  });
});
