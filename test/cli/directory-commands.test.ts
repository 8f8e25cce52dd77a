// `entrada app|sp|user|group|grant …` (src/cli/directory/) against a real listening
// Entrada over HTTPS: the commands run in-process with the server's own --home, mint their token
// from its database's signing key, and change the directory through Graph, so the server's
// decisions change at once. One test runs the real `entrada` binary as a child process.

import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDirectoryCommand, runDirectoryCommand } from '../../src/cli/directory/commands.js';
import { loadConfig } from '../../src/config/config.js';
import { createEntrada, type Entrada } from '../../src/compose.js';
import { ENTRADA_CLI_APP_ID } from '../../src/directory/context.js';
import { ALICE, AUTOMATION, CLI_ID, DAEMON, TENANT, WEB } from '../support/demo-seed.js';
import { appGraphToken, graphCaller } from '../support/graph.js';

const run = promisify(execFile);

let home: string;
let entrada: Entrada;
let url: string;
let ca: string;

async function startEntrada(dir: string): Promise<{ entrada: Entrada; url: string }> {
  const loaded = loadConfig({ ENTRADA_PASSWORD_HASH_COST: '14' }, { home: dir, port: '0', 'mi-port': 'off', log: 'off' });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const server = await createEntrada(loaded.config);
  return { entrada: server, url: await server.listen() };
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'entrada-cli-graph-'));
  ({ entrada, url } = await startEntrada(home));
  ca = readFileSync(join(home, 'tls', 'ca.pem'), 'utf8');
}, 60_000);
afterAll(async () => {
  await entrada?.close();
  rmSync(home, { recursive: true, force: true });
});

interface Ran {
  code: number;
  out: string;
  err: string;
}

/** Runs a directory command in-process against the test server, as `entrada … --home <home> --url <url>`. */
async function entradaCli(...argv: string[]): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDirectoryCommand([...argv, '--home', home, '--url', url], { out: (t) => out.push(t), err: (t) => err.push(t), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function json<T = Record<string, unknown>>(...argv: string[]): Promise<T> {
  const r = await entradaCli(...argv, '--json');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as T;
}

/** A form POST to the server's token endpoint over HTTPS, trusting the installation's CA. */
function token(form: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = request(`${url}/${TENANT}/oauth2/v2.0/token`, { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 1;
}

describe('entrada app …', () => {
  it('app create registers an app the server has at once; show and list find it by appId, object id and identifier URI', async () => {
    const created = await json('app', 'create', '--display-name', 'CLI Created', '--web-redirect-uris', 'https://localhost:4000/cb', 'https://localhost:4000/cb2', '--sign-in-audience', 'AzureADMyOrg');
    expect(created).toMatchObject({ displayName: 'CLI Created', signInAudience: 'AzureADMyOrg', web: { redirectUris: ['https://localhost:4000/cb', 'https://localhost:4000/cb2'] } });
    const appId = String(created.appId);
    // The server's own storage has it: the change went through it, not behind it.
    expect((await entrada.storage.directory.getApplicationByAppId(appId))?.displayName).toBe('CLI Created');

    await expect(json('app', 'update', appId, '--identifier-uris', `api://${appId}`)).resolves.toMatchObject({ identifierUris: [`api://${appId}`] });
    for (const ref of [appId, String(created.id), `api://${appId}`]) {
      expect((await json('app', 'show', ref)).appId).toBe(appId);
    }
    const listed = await json<Array<Record<string, unknown>>>('app', 'list', '--display-name', 'CLI Cre');
    expect(listed.map((a) => a.appId)).toEqual([appId]);
    expect(await json<unknown[]>('app', 'list', '--app-id', appId)).toHaveLength(1);

    const readable = await entradaCli('app', 'show', appId);
    expect(readable.out).toContain('CLI Created');
    expect(readable.out).toMatch(/web redirect URIs\s+https:\/\/localhost:4000\/cb\n\s+https:\/\/localhost:4000\/cb2/);
    const table = await entradaCli('app', 'list');
    expect(table.out.split('\n')[0]).toMatch(/^APP ID\s+DISPLAY NAME\s+SIGN-IN AUDIENCE\s+OBJECT ID$/);
    expect(table.out).toContain(appId);

    const deleted = await entradaCli('app', 'delete', appId);
    expect(deleted).toMatchObject({ code: 0, out: `Deleted application 'CLI Created' (${appId}).` });
    expect(await entrada.storage.directory.getApplicationByAppId(appId)).toBeUndefined();
    const gone = await entradaCli('app', 'show', appId);
    expect(gone.code).toBe(3);
    expect(gone.err).toMatch(/^ERROR: Resource '.*' does not exist or one of its queried reference-property objects are not present\.$/);
  });

  it('app update --is-fallback-public-client true changes the token endpoint’s decision at once (ROPC: 7000218, then tokens)', async () => {
    const ropc = () => token({ grant_type: 'password', client_id: WEB.id, username: ALICE.upn, password: ALICE.password, scope: 'openid' });
    const before = await ropc();
    expect(before.status).toBe(401);
    expect((before.json.error_codes as number[])[0]).toBe(7000218);

    const r = await entradaCli('app', 'update', WEB.id, '--is-fallback-public-client', 'true');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe(`Updated application 'Demo Web App' (${WEB.id}): isFallbackPublicClient.`);
    const after = await ropc();
    expect(after.status).toBe(200);
    expect(after.json.access_token).toEqual(expect.any(String));

    expect((await entradaCli('app', 'update', WEB.id, '--set', 'isFallbackPublicClient=false')).code).toBe(0);
    expect((await ropc()).status).toBe(401);
  });

  it('app credential add prints a secret, once, that works for client credentials; remove revokes it', async () => {
    const r = await entradaCli('app', 'credential', 'add', DAEMON.id, '--display-name', 'from the CLI', '--years', '1');
    expect(r.code).toBe(0);
    const secret = /^ {2}secret\s+(\S+)$/m.exec(r.out)?.[1] ?? '';
    const keyId = /^ {2}keyId\s+(\S+)$/m.exec(r.out)?.[1] ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(16);
    expect(r.out).toContain('shown only this once');
    const cc = () => token({ grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: secret, scope: 'api://entrada-demo-api/.default' });
    expect((await cc()).status).toBe(200);

    const listed = await entradaCli('app', 'credential', 'list', DAEMON.id);
    expect(listed.out).toContain(keyId);
    expect(listed.out).toContain('from the CLI');
    expect(listed.out).not.toContain(secret);

    expect(await entradaCli('app', 'credential', 'remove', DAEMON.id, keyId)).toMatchObject({ code: 0 });
    expect((await cc()).status).toBe(401);
    const again = await entradaCli('app', 'credential', 'remove', DAEMON.id, keyId);
    expect(again.code).toBe(3);
    expect(again.err).toContain(`has no credential with keyId '${keyId}'`);
  });

  it('Graph’s refusal is one line, ERROR: <error.message>, exit 1', async () => {
    const r = await entradaCli('app', 'update', WEB.id, '--web-redirect-uris', 'http://not-loopback.example/cb');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^ERROR: [^\n]+$/);
    expect(r.out).toBe('');
  });

  it('an identifier URI nobody has: az’s message, exit 3', async () => {
    const r = await entradaCli('app', 'show', 'api://nobody-has-this');
    expect(r).toMatchObject({ code: 3, err: "ERROR: Application with identifier URI 'api://nobody-has-this' doesn't exist" });
  });

  it('changes are audited as made by the Entrada command line', async () => {
    await entradaCli('app', 'update', WEB.id, '--set', 'notes="audited"');
    const graph = graphCaller(entrada, await appGraphToken(entrada, AUTOMATION));
    const audits = await graph.get(`/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent("activityDisplayName eq 'Update application'")}`);
    const mine = (audits.json.value as Array<{ initiatedBy: { app: { appId: string; displayName: string } | null } }>).filter((a) => a.initiatedBy.app?.appId === ENTRADA_CLI_APP_ID);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0].initiatedBy.app?.displayName).toBe('Entrada command line');
  });
});

describe('the command line and its server', () => {
  it('no server answering: says how to start it, exit 1', async () => {
    const port = await freePort();
    const err: string[] = [];
    const code = await runDirectoryCommand(['app', 'list', '--home', home], { err: (t) => err.push(t), out: () => {}, env: { ENTRADA_PORT: String(port) } });
    expect(code).toBe(1);
    expect(err.join('\n')).toBe(
      `ERROR: No Entrada server answers at https://localhost:${port}. Start it with \`entrada start\` (same --home/--database), or pass --url.`,
    );
  });

  it('finds the server at https://localhost:ENTRADA_PORT by default', async () => {
    const out: string[] = [];
    const code = await runDirectoryCommand(['app', 'list', '--json', '--home', home], { out: (t) => out.push(t), err: () => {}, env: { ENTRADA_PORT: new URL(url).port } });
    expect(code).toBe(0);
    expect((JSON.parse(out.join('')) as Array<{ appId: string }>).map((a) => a.appId)).toContain(WEB.id);
  });

  it('a server on another database refuses the token: says so', async () => {
    const other = mkdtempSync(join(tmpdir(), 'entrada-cli-other-'));
    try {
      // Another installation (its own database and signing key) that trusts the same CA.
      cpSync(join(home, 'tls'), join(other, 'tls'), { recursive: true });
      const loaded = loadConfig({ ENTRADA_PASSWORD_HASH_COST: '14' }, { home: other, port: '0', 'mi-port': 'off', log: 'off' });
      if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
      await (await createEntrada(loaded.config, { tls: false })).close();
      const err: string[] = [];
      const code = await runDirectoryCommand(['app', 'list', '--home', other, '--url', url], { err: (t) => err.push(t), out: () => {}, env: {} });
      expect(code).toBe(1);
      expect(err.join('\n')).toContain(`The server at ${url} does not accept this command line's token: it uses another database than this CLI`);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('no database at --home: says where it looked, creates nothing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'entrada-cli-empty-'));
    try {
      const err: string[] = [];
      const info: string[] = [];
      expect(await runDirectoryCommand(['user', 'list', '--home', empty], { err: (t) => err.push(t), info: (t) => info.push(t), out: () => {}, env: {} })).toBe(2);
      expect(err.join('\n')).toContain(`No Entrada database at ${join(empty, 'entrada.db')} (the home from --home)`);
      expect(info).toEqual([`entrada: home ${empty}, SQLite ${join(empty, 'entrada.db')}, server https://localhost:8443 (no server.json: the configured port)`]);
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('the real binary: `entrada app list --home … --json` (trusting the CA itself)', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ENTRADA_PORT: new URL(url).port };
    delete env.NODE_EXTRA_CA_CERTS;
    const { stdout } = await run(process.execPath, ['bin/entrada.cjs', 'app', 'list', '--home', home, '--json'], { env, timeout: 30_000 });
    expect((JSON.parse(stdout) as Array<{ appId: string }>).map((a) => a.appId)).toContain(WEB.id);
  }, 40_000);
});

describe('arguments', () => {
  const usage = async (...argv: string[]) => {
    const err: string[] = [];
    const code = await runDirectoryCommand(argv, { err: (t) => err.push(t), out: () => {}, env: {} });
    return { code, err: err.join('\n') };
  };

  it('unknown sub-commands and flags print the usage, exit 2', async () => {
    const unknownFlag = await usage('app', 'create', '--display-name', 'x', '--colour', 'blue');
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.err).toContain("'entrada app create' has no flag --colour");
    expect(unknownFlag.err).toContain('entrada app update APPID|OBJECT_ID|IDENTIFIER_URI');
    expect((await usage('app', 'rotate', 'x')).code).toBe(2);
    expect((await usage('group')).err).toContain("'entrada group' needs a sub-command");
    expect((await usage('app', 'create')).err).toContain('needs --display-name');
    expect((await usage('app', 'show')).err).toContain('needs ID');
    expect((await usage('sp', 'update', 'x', '--account-enabled', 'maybe')).err).toContain('--account-enabled takes true or false');
    expect((await usage('app', 'show', 'a', 'b')).err).toContain("unexpected argument 'b'");
  });

  it('list flags take every value up to the next flag; --id stands for the first argument; global flags may come first', () => {
    const p = parseDirectoryCommand(['--home', '/h', 'app', 'update', '--id', 'X', '--web-redirect-uris', 'a', 'b', '--set', 'k=1', '--is-fallback-public-client=true', '--json']);
    expect(p.spec.words).toEqual(['app', 'update']);
    expect(p.args).toEqual(['X']);
    expect(p.flags).toEqual({ home: '/h', 'web-redirect-uris': ['a', 'b'], set: ['k=1'], 'is-fallback-public-client': true, json: true });
    expect(parseDirectoryCommand(['group', 'member', 'add', 'G', 'M']).spec.words).toEqual(['group', 'member', 'add']);
  });
});

describe('entrada sp …', () => {
  it('a new app, its service principal and a secret: client credentials work at once; sp update and delete apply at once', async () => {
    const app = await json('app', 'create', '--display-name', 'CLI Daemon');
    const appId = String(app.appId);
    const sp = await json('sp', 'create', '--id', appId);
    expect(sp).toMatchObject({ appId, displayName: 'CLI Daemon', accountEnabled: true });
    const secret = String((await json('app', 'credential', 'add', appId)).secretText);
    const cc = () => token({ grant_type: 'client_credentials', client_id: appId, client_secret: secret, scope: 'https://graph.microsoft.com/.default' });
    expect((await cc()).status).toBe(200);

    for (const ref of [appId, String(sp.id)]) expect((await json('sp', 'show', ref)).id).toBe(sp.id);
    const readable = await entradaCli('sp', 'show', appId);
    expect(readable.out).toMatch(/^CLI Daemon\n {2}appId\s+/);
    expect((await entradaCli('sp', 'list')).out).toMatch(new RegExp(`${appId}\\s+CLI Daemon\\s+Application\\s+true`));

    expect((await entradaCli('sp', 'update', appId, '--account-enabled', 'false')).code).toBe(0);
    expect((await entrada.storage.directory.getServicePrincipal(String(sp.id)))?.accountEnabled).toBe(false);
    const disabled = await cc();
    expect(disabled.status).toBe(400);
    expect((disabled.json.error_codes as number[])[0]).toBe(7000112);
    await expect(json('sp', 'update', appId, '--account-enabled', 'true', '--app-role-assignment-required', 'true')).resolves.toMatchObject({ accountEnabled: true, appRoleAssignmentRequired: true });

    expect((await entradaCli('sp', 'delete', appId)).code).toBe(0);
    expect(await entrada.storage.directory.getServicePrincipal(String(sp.id))).toBeUndefined();
    expect((await entradaCli('sp', 'show', String(sp.id))).code).toBe(3);
    expect((await entradaCli('app', 'delete', appId)).code).toBe(0);
  });

  it('sp create for an app that has one: Graph’s conflict message, exit 1', async () => {
    const r = await entradaCli('sp', 'create', '--id', WEB.id);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^ERROR: The service principal cannot be created, updated, or restored because the service principal name .* is already in use\.$/);
  });
});
describe('entrada user … / group …', () => {
  it('user create: the new user signs in at once; update disables them, delete removes them', async () => {
    const upn = 'dora@entrada.localhost';
    const password = 'Dora-cli-password-4';
    const created = await json('user', 'create', '--upn', upn, '--display-name', 'Dora Example', '--password', password);
    expect(created).toMatchObject({ userPrincipalName: upn, displayName: 'Dora Example' });
    // Demo CLI is a public client: the password grant signs the new user in.
    const signIn = () => token({ grant_type: 'password', client_id: CLI_ID, username: upn, password, scope: 'openid' });
    expect((await signIn()).status).toBe(200);

    for (const ref of [upn, String(created.id)]) expect((await json('user', 'show', ref)).id).toBe(created.id);
    expect((await entradaCli('user', 'show', upn)).out).toMatch(/^Dora Example\n {2}userPrincipalName\s+dora@entrada\.localhost/);
    expect((await entradaCli('user', 'list')).out).toMatch(/dora@entrada\.localhost\s+Dora Example\s+true/);
    expect(await json<unknown[]>('user', 'list', '--upn', upn)).toHaveLength(1);

    await expect(json('user', 'update', upn, '--account-enabled', 'false', '--display-name', 'Dora E.')).resolves.toMatchObject({ accountEnabled: false, displayName: 'Dora E.' });
    const refused = await signIn();
    expect((refused.json.error_codes as number[])[0]).toBe(50057);
    await json('user', 'update', upn, '--account-enabled', 'true', '--password', 'Dora-new-password-5');
    expect((await token({ grant_type: 'password', client_id: CLI_ID, username: upn, password: 'Dora-new-password-5', scope: 'openid' })).status).toBe(200);

    expect((await entradaCli('user', 'delete', upn)).code).toBe(0);
    expect((await entradaCli('user', 'show', upn)).code).toBe(3);
  });

  it('user create with a UPN outside the tenant’s domains: Graph’s message, exit 1', async () => {
    const r = await entradaCli('user', 'create', '--upn', 'x@elsewhere.example', '--display-name', 'X', '--password', 'Xx-password-123456');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^ERROR: /);
  });

  it('group create, member add (by UPN and object id), member list, member remove, delete', async () => {
    const group = await json('group', 'create', '--display-name', 'CLI Readers', '--mail-nickname', 'cli-readers', '--description', 'made by the CLI');
    expect(group).toMatchObject({ displayName: 'CLI Readers', mailNickname: 'cli-readers', securityEnabled: true, mailEnabled: false });
    const alice = await json('user', 'show', ALICE.upn);
    const daemonSp = await json('sp', 'show', DAEMON.id);

    expect(await entradaCli('group', 'member', 'add', 'CLI Readers', ALICE.upn)).toMatchObject({ code: 0, out: `Added ${ALICE.upn} to group 'CLI Readers'.` });
    expect((await entradaCli('group', 'member', 'add', String(group.id), String(daemonSp.id))).code).toBe(0);
    const members = await json<Array<Record<string, unknown>>>('group', 'member', 'list', String(group.id));
    expect(members.map((m) => m.id).sort()).toEqual([alice.id, daemonSp.id].sort());
    const table = await entradaCli('group', 'member', 'list', 'CLI Readers');
    expect(table.out).toMatch(new RegExp(`user\\s+Alice Example\\s+${ALICE.upn}\\s+${alice.id}`));
    expect(table.out).toMatch(new RegExp(`servicePrincipal\\s+Demo Daemon\\s+${DAEMON.id}`));

    const twice = await entradaCli('group', 'member', 'add', 'CLI Readers', ALICE.upn);
    expect(twice.code).toBe(1);
    expect(twice.err).toBe("ERROR: One or more added object references already exist for the following modified properties: 'members'.");

    expect((await entradaCli('group', 'member', 'remove', 'CLI Readers', ALICE.upn)).code).toBe(0);
    expect(await json<unknown[]>('group', 'member', 'list', 'CLI Readers')).toHaveLength(1);
    expect((await entradaCli('group', 'show', 'CLI Readers')).out).toMatch(/^CLI Readers\n {2}object id/);
    expect((await entradaCli('group', 'list', '--display-name', 'CLI')).out).toMatch(/CLI Readers\s+cli-readers/);
    expect((await entradaCli('group', 'delete', 'CLI Readers')).code).toBe(0);
    expect(await entradaCli('group', 'show', 'CLI Readers')).toMatchObject({ code: 3, err: "ERROR: Group 'CLI Readers' doesn't exist" });
  });
});
describe('entrada grant …', () => {
  it('create (for all users, and for one user), list, show, update, delete: by appId and identifier URI', async () => {
    const app = await json('app', 'create', '--display-name', 'CLI Grant Client');
    const appId = String(app.appId);
    await json('sp', 'create', '--id', appId);

    const all = await json('grant', 'create', '--client', appId, '--resource', 'api://entrada-demo-api', '--scope', 'access_as_user');
    expect(all).toMatchObject({ consentType: 'AllPrincipals', principalId: null, scope: 'access_as_user' });
    const one = await json('grant', 'create', '--client', appId, '--resource', 'https://graph.microsoft.com', '--scope', 'User.Read', 'openid', '--principal', ALICE.upn);
    expect(one).toMatchObject({ consentType: 'Principal', scope: 'User.Read openid' });
    expect((await entrada.storage.directory.getPermissionGrant(String(all.id)))?.scope).toBe('access_as_user');

    const listed = await json<Array<Record<string, unknown>>>('grant', 'list', '--client', appId);
    expect(listed.map((g) => g.id).sort()).toEqual([all.id, one.id].sort());
    const table = await entradaCli('grant', 'list', '--client', appId);
    expect(table.out).toMatch(new RegExp(`${one.id}\\s+CLI Grant Client\\s+Microsoft Graph\\s+${ALICE.upn}\\s+User.Read openid`));
    expect(table.out).toMatch(/CLI Grant Client\s+Demo API\s+all users\s+access_as_user/);
    expect((await json('grant', 'show', String(one.id))).scope).toBe('User.Read openid');

    await expect(json('grant', 'update', String(one.id), '--scope', 'User.Read profile')).resolves.toMatchObject({ scope: 'User.Read profile' });
    expect((await entradaCli('grant', 'delete', String(one.id))).code).toBe(0);
    expect(await json<unknown[]>('grant', 'list', '--client', appId)).toHaveLength(1);
    expect((await entradaCli('grant', 'show', String(one.id))).code).toBe(3);

    const unknown = await entradaCli('grant', 'create', '--client', appId, '--resource', 'api://nobody', '--scope', 'x');
    expect(unknown).toMatchObject({ code: 3, err: "ERROR: No service principal for the resource 'api://nobody' in this tenant." });
    await entradaCli('app', 'delete', appId);
  });
});
