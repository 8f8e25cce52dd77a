// Graph's /v1.0/users and /v1.0/me (issue 11): create, read, update, delete; the new user signs in;
// disabling and password resets take effect at once; who may write users; Graph's errors for bad
// input; the audit log shows the change and its actor, never the password.

import { beforeAll, describe, expect, it } from 'vitest';
import { cliGraphToken } from '../../src/cli/cli-token.js';
import type { DirectoryStore } from '../../src/core/ports.js';
import { DIRECTORY_ROLES } from '../../src/core/policy/graph-permissions.js';
import { findUser } from '../../src/directory/users.js';
import { derivedId } from '../../src/seed/ids.js';
import { ADMIN, ALICE, AUTOMATION, CLI_ID, DAEMON, TENANT } from '../support/demo-seed.js';
import { appGraphToken, graphCaller, graphError } from '../support/graph.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient } from '../support/token-client.js';
import { PLAIN_FORM } from '../support/wire.js';

const entrada = useEntrada();
let graph: ReturnType<typeof graphCaller>;

beforeAll(async () => {
  graph = graphCaller(entrada, await appGraphToken(entrada, AUTOMATION));
});

const signIn = (username: string, password: string, scope = 'openid') =>
  tokenClient(entrada, PLAIN_FORM).post(`/${TENANT}/oauth2/v2.0/token`, { grant_type: 'password', client_id: CLI_ID, username, password, scope });

async function userGraphToken(user: { upn: string; password: string }): Promise<string> {
  const r = await signIn(user.upn, user.password, 'https://graph.microsoft.com/User.ReadWrite.All');
  if (r.status !== 200) throw new Error(r.description);
  return String(r.json.access_token);
}

/** What `az ad user create` sends (graph-and-clients.md §A.6). */
function newUser(upn: string, password = 'Dora-Password-42', extra: Record<string, unknown> = {}) {
  return {
    userPrincipalName: upn,
    displayName: `User ${upn.split('@')[0]}`,
    passwordProfile: { password, forceChangePasswordNextSignIn: false },
    mailNickname: upn.split('@')[0],
    accountEnabled: true,
    ...extra,
  };
}

describe('/v1.0/users', () => {
  it('creates a user (201, no password in the answer), reads it by id, UPN and users(…), lists, patches and deletes it', async () => {
    const created = await graph.post('/v1.0/users', newUser('dora@entrada.localhost', 'Dora-Password-42', { givenName: 'Dora', surname: 'Explorer' }));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity',
      userPrincipalName: 'dora@entrada.localhost',
      displayName: 'User dora',
      givenName: 'Dora',
      surname: 'Explorer',
      accountEnabled: true,
      mailNickname: 'dora',
    });
    expect(created.body).not.toContain('Dora-Password-42');
    expect(created.body).not.toMatch(/passwordProfile|passwordHash/);
    const id = String(created.json.id);
    expect(created.headers.location).toBe(`https://localhost:8443/v1.0/users/${id}`);

    expect((await graph.get(`/v1.0/users/${id}`)).json.userPrincipalName).toBe('dora@entrada.localhost');
    expect((await graph.get('/v1.0/users/DORA@entrada.localhost')).json.id).toBe(id);
    expect((await graph.get("/v1.0/users('dora@entrada.localhost')?$select=id,displayName")).json).toEqual({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(id,displayName)/$entity',
      id,
      displayName: 'User dora',
    });
    const byUpn = await graph.get(`/v1.0/users?$filter=${encodeURIComponent("userPrincipalName eq 'dora@entrada.localhost'")}&$select=id`);
    expect(byUpn.json.value).toEqual([{ id }]);
    const starts = await graph.get(`/v1.0/users?$filter=${encodeURIComponent("startswith(displayName,'user d')")}`);
    expect((starts.json.value as Array<{ id: string }>).map((u) => u.id)).toEqual([id]);
    const all = await graph.get('/v1.0/users');
    expect((all.json.value as Array<{ userPrincipalName: string }>).map((u) => u.userPrincipalName)).toEqual(
      expect.arrayContaining(['alice@entrada.localhost', ADMIN.upn, 'dora@entrada.localhost']),
    );

    const patched = await graph.patch(`/v1.0/users/${id}`, { displayName: 'Dora Renamed', surname: null, jobTitle: null });
    expect(patched.status).toBe(204);
    expect((await graph.get(`/v1.0/users/${id}`)).json).toMatchObject({ displayName: 'Dora Renamed', surname: null, givenName: 'Dora' });

    const renamed = await graph.patch(`/v1.0/users/${id}`, { userPrincipalName: 'dora.x@entrada.localhost' });
    expect(renamed.status).toBe(204);
    expect((await graph.get('/v1.0/users/dora.x@entrada.localhost')).json.id).toBe(id);

    expect((await graph.delete(`/v1.0/users/${id}`)).status).toBe(204);
    const gone = await graph.get(`/v1.0/users/${id}`);
    expect([gone.status, graphError(gone).code]).toEqual([404, 'Request_ResourceNotFound']);
    expect((await graph.delete(`/v1.0/users/${id}`)).status).toBe(404);
  });

  it('the new user signs in with ROPC; disabling it gives AADSTS50057; a password reset changes which password works', async () => {
    const created = await graph.post('/v1.0/users', newUser('erin.ropc@entrada.localhost', 'First-Password-1'));
    const id = String(created.json.id);
    const first = await signIn('erin.ropc@entrada.localhost', 'First-Password-1');
    expect(first.status).toBe(200);

    expect((await graph.patch(`/v1.0/users/${id}`, { accountEnabled: false })).status).toBe(204);
    expect((await signIn('erin.ropc@entrada.localhost', 'First-Password-1')).code).toBe(50057);
    expect((await graph.patch(`/v1.0/users/${id}`, { accountEnabled: true })).status).toBe(204);
    expect((await signIn('erin.ropc@entrada.localhost', 'First-Password-1')).status).toBe(200);

    const withRefresh = await signIn('erin.ropc@entrada.localhost', 'First-Password-1', 'openid offline_access');
    const refresh = () =>
      tokenClient(entrada, PLAIN_FORM).post(`/${TENANT}/oauth2/v2.0/token`, { grant_type: 'refresh_token', client_id: CLI_ID, refresh_token: String(withRefresh.json.refresh_token) });
    expect((await refresh()).status).toBe(200);
    const reset = await graph.patch(`/v1.0/users/${id}`, { passwordProfile: { password: 'Second-Password-2', forceChangePasswordNextSignIn: false } });
    expect(reset.status).toBe(204);
    // A reset revokes the refresh tokens already issued, as Entra does.
    expect((await refresh()).code).toBe(50173);
    expect((await signIn('erin.ropc@entrada.localhost', 'First-Password-1')).code).toBe(50126);
    expect((await signIn('erin.ropc@entrada.localhost', 'Second-Password-2')).status).toBe(200);
  });

  it.each([
    ['a missing required property', newUser('x1@entrada.localhost', undefined, { mailNickname: undefined }), /^Invalid value specified for property 'mailNickname' of resource 'User'\..*required/],
    ['a missing passwordProfile', { ...newUser('x2@entrada.localhost'), passwordProfile: undefined }, /^Invalid value specified for property 'passwordProfile' of resource 'User'\./],
    ['a weak password (too short)', newUser('x3@entrada.localhost', 'Ab1!'), /^The specified password does not comply with password complexity requirements\. Please provide a different password\. It has 4 characters/],
    ['a weak password (2 of 4 categories)', newUser('x4@entrada.localhost', 'alllowercase123'), /^The specified password does not comply with password complexity requirements\..*2 of the 4/],
    ['a foreign domain', newUser('x5@contoso.com'), /^The domain portion of the userPrincipalName property is invalid\. You must use one of the verified domain names in your organization\. The domain 'contoso\.com'/],
    ['a malformed UPN', newUser('x 6@entrada.localhost'), /^Property userPrincipalName is invalid\./],
    ['a UPN with a character Entra refuses', newUser('x+7@entrada.localhost'), /^Property userPrincipalName is invalid\. The part before @ may use only/],
    ['a wrong type', newUser('x8@entrada.localhost', undefined, { accountEnabled: 'yes' }), /^Invalid value specified for property 'accountEnabled' of resource 'User'\./],
    ['an unknown property', newUser('x9@entrada.localhost', undefined, { favouriteColour: 'blue' }), /^Invalid property 'favouriteColour'\./],
    ['a read-only property', newUser('x10@entrada.localhost', undefined, { id: '11111111-1111-4111-8111-111111111111' }), /^Invalid property 'id'\./],
    ['a bad mailNickname', newUser('x11@entrada.localhost', undefined, { mailNickname: 'has space' }), /^Invalid value specified for property 'mailNickname' of resource 'User'\. mailNickname must not contain ' '/],
    ['a displayName over 256 characters', newUser('x12@entrada.localhost', undefined, { displayName: 'd'.repeat(257) }), /^Invalid value specified for property 'displayName' of resource 'User'\..*at most 256/],
  ])('refuses %s with Graph 400 naming the problem, and creates nothing', async (_what, body, message) => {
    const r = await graph.post('/v1.0/users', body);
    expect([r.status, graphError(r).code]).toEqual([400, 'Request_BadRequest']);
    expect(graphError(r).message).toMatch(message);
    const upn = String((body as { userPrincipalName: string }).userPrincipalName);
    const found = await graph.get(`/v1.0/users?$filter=${encodeURIComponent(`userPrincipalName eq '${upn.replace(/'/g, "''")}'`)}`);
    expect(found.json.value).toEqual([]);
  });

  it('refuses a duplicate UPN (case-insensitively) with Graph\u2019s message, on create and on rename', async () => {
    const dup = await graph.post('/v1.0/users', newUser('ALICE@entrada.localhost'));
    expect([dup.status, graphError(dup)]).toEqual([400, { code: 'Request_BadRequest', message: 'Another object with the same value for property userPrincipalName already exists.' }]);
    const other = await graph.post('/v1.0/users', newUser('fay@entrada.localhost'));
    const rename = await graph.patch(`/v1.0/users/${other.json.id}`, { userPrincipalName: 'bob@entrada.localhost' });
    expect(graphError(rename).message).toBe('Another object with the same value for property userPrincipalName already exists.');
    const weak = await graph.patch(`/v1.0/users/${other.json.id}`, { passwordProfile: { password: 'short' } });
    expect(graphError(weak).message).toMatch(/^The specified password does not comply with password complexity requirements\./);
    expect(weak.body).not.toContain('short');
  });

  it('who may write users: DAEMON (User.Read.All) 403; Alice (no role) 403 naming the role; the admin may', async () => {
    const daemon = graphCaller(entrada, await appGraphToken(entrada, DAEMON));
    expect((await daemon.get(`/v1.0/users/${ALICE.upn}`)).status).toBe(200);
    const byDaemon = await daemon.post('/v1.0/users', newUser('gus@entrada.localhost'));
    expect([byDaemon.status, graphError(byDaemon).code]).toEqual([403, 'Authorization_RequestDenied']);
    expect(graphError(byDaemon).message).toMatch(/^Insufficient privileges to complete the operation\..*User\.ReadWrite\.All/);

    const alice = graphCaller(entrada, await userGraphToken(ALICE));
    const byAlice = await alice.post('/v1.0/users', newUser('gus@entrada.localhost'));
    expect([byAlice.status, graphError(byAlice).code]).toEqual([403, 'Authorization_RequestDenied']);
    expect(graphError(byAlice).message).toContain('Global Administrator, User Administrator');

    const admin = graphCaller(entrada, await userGraphToken(ADMIN));
    const byAdmin = await admin.post('/v1.0/users', newUser('gus@entrada.localhost'));
    expect(byAdmin.status).toBe(201);
    const audits = await graph.get(`/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent("activityDisplayName eq 'Add user'")}`);
    const entry = (audits.json.value as Array<{ targetResources: Array<{ id: string }>; initiatedBy: { user: { userPrincipalName: string } | null } }>).find(
      (e) => e.targetResources[0].id === byAdmin.json.id,
    );
    expect(entry?.initiatedBy.user?.userPrincipalName).toBe(ADMIN.upn);
  });

  it('audits Add user, Update user and Reset password with the actor, never the password', async () => {
    const created = await graph.post('/v1.0/users', newUser('hal@entrada.localhost', 'Hal-Secret-Pass-9'));
    const id = String(created.json.id);
    await graph.patch(`/v1.0/users/${id}`, { displayName: 'Hal 9000', passwordProfile: { password: 'Hal-Other-Pass-8' } });
    const audits = await graph.get('/v1.0/auditLogs/directoryAudits');
    expect(audits.status).toBe(200);
    expect(audits.body).not.toContain('Hal-Secret-Pass-9');
    expect(audits.body).not.toContain('Hal-Other-Pass-8');
    type Entry = {
      activityDisplayName: string;
      category: string;
      initiatedBy: { app: { appId: string } | null };
      targetResources: Array<{ id: string; userPrincipalName: string | null; modifiedProperties: Array<{ displayName: string; newValue: string | null }> }>;
    };
    const mine = (audits.json.value as Entry[]).filter((e) => e.targetResources[0]?.id === id);
    expect(mine.map((e) => e.activityDisplayName).sort()).toEqual(['Add user', 'Reset password', 'Update user']);
    const add = mine.find((e) => e.activityDisplayName === 'Add user')!;
    expect(add).toMatchObject({ category: 'UserManagement', initiatedBy: { app: { appId: AUTOMATION.id } } });
    expect(add.targetResources[0].userPrincipalName).toBe('hal@entrada.localhost');
    expect(add.targetResources[0].modifiedProperties).toContainEqual({ displayName: 'UserPrincipalName', oldValue: null, newValue: '["hal@entrada.localhost"]' });
    const update = mine.find((e) => e.activityDisplayName === 'Update user')!;
    expect(update.targetResources[0].modifiedProperties.map((p) => p.displayName)).toEqual(['DisplayName', 'Included Updated Properties']);
  });
});

describe('/v1.0/me and memberOf', () => {
  it('answers the signed-in user and its groups and roles; an app-only token gets Graph\u2019s 400', async () => {
    const admin = graphCaller(entrada, await userGraphToken(ADMIN));
    const me = await admin.get('/v1.0/me');
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ userPrincipalName: ADMIN.upn, displayName: 'Entrada Admin' });
    const memberOf = await admin.get('/v1.0/me/memberOf');
    expect(memberOf.json.value).toEqual([
      {
        '@odata.type': '#microsoft.graph.directoryRole',
        id: '62e90394-69f5-4237-9190-012177145e10',
        deletedDateTime: null,
        description: null,
        displayName: 'Global Administrator',
        roleTemplateId: '62e90394-69f5-4237-9190-012177145e10',
      },
    ]);

    const appOnly = await graph.get('/v1.0/me');
    expect([appOnly.status, graphError(appOnly)]).toEqual([400, { code: 'BadRequest', message: '/me request is only valid with delegated authentication flow.' }]);
    expect((await graph.get('/v1.0/me/memberOf')).status).toBe(400);

    const byId = await graph.get(`/v1.0/users/${me.json.id}/memberOf`);
    expect((byId.json.value as Array<{ displayName: string }>).map((o) => o.displayName)).toEqual(['Global Administrator']);
  });
});

describe('privileged users: only a Global Administrator or Privileged Authentication Administrator may take over an administrator', () => {
  const ADMIN_ID = derivedId.user(TENANT, ADMIN.upn);
  const ALICE_ID = derivedId.user(TENANT, ALICE.upn);
  const UA = { upn: 'ursula.useradmin@entrada.localhost', password: 'Ursula-Password-77' };
  let uaId: string;
  let ua: ReturnType<typeof graphCaller>;

  beforeAll(async () => {
    const created = await graph.post('/v1.0/users', newUser(UA.upn, UA.password));
    expect(created.status, created.body).toBe(201);
    uaId = String(created.json.id);
    await entrada.storage.directory.setDirectoryRole(TENANT, DIRECTORY_ROLES.userAdministrator.id, uaId, true);
    ua = graphCaller(entrada, await userGraphToken(UA));
  });

  const reset = (password: string) => ({ passwordProfile: { password, forceChangePasswordNextSignIn: false } });

  it('a User Administrator cannot reset the password of, disable, rename or delete a Global Administrator (403 saying why); it may manage Alice', async () => {
    const attempts: Array<['PATCH' | 'DELETE', unknown, RegExp]> = [
      ['PATCH', reset('Taken-Over-Pass-1'), /may reset the password of a user who holds a directory role/],
      ['PATCH', { accountEnabled: false }, /may disable a user/],
      ['PATCH', { userPrincipalName: 'not.admin@entrada.localhost' }, /may change the userPrincipalName of a user/],
      ['DELETE', undefined, /may delete a user/],
    ];
    for (const [method, body, why] of attempts) {
      const r = await ua.call(method, `/v1.0/users/${ADMIN_ID}`, body);
      expect([r.status, graphError(r).code], `${method} ${JSON.stringify(body)}`).toEqual([403, 'Authorization_RequestDenied']);
      expect(graphError(r).message).toMatch(/^Insufficient privileges to complete the operation\. admin@entrada\.localhost holds the directory role Global Administrator: only a Global Administrator or Privileged Authentication Administrator /);
      expect(graphError(r).message).toMatch(why);
    }
    // The admin is untouched: its password still works, and it is enabled and named as before.
    expect((await signIn(ADMIN.upn, ADMIN.password)).status).toBe(200);
    expect((await graph.get(`/v1.0/users/${ADMIN_ID}`)).json).toMatchObject({ userPrincipalName: ADMIN.upn, accountEnabled: true });

    // Alice holds no role: the User Administrator resets her password (to the same one: other tests sign her in).
    expect((await ua.patch(`/v1.0/users/${ALICE_ID}`, reset(ALICE.password))).status).toBe(204);
    const plain = String((await graph.post('/v1.0/users', newUser('plain.victim@entrada.localhost'))).json.id);
    expect((await ua.patch(`/v1.0/users/${plain}`, { accountEnabled: false })).status).toBe(204);
    expect((await ua.delete(`/v1.0/users/${plain}`)).status).toBe(204);
  });

  it('an app with User.ReadWrite.All (Demo Automation) cannot either, unless its service principal holds Privileged Authentication Administrator', async () => {
    const byApp = await graph.patch(`/v1.0/users/${ADMIN.upn}`, reset('Taken-Over-Pass-2'));
    expect([byApp.status, graphError(byApp).code]).toEqual([403, 'Authorization_RequestDenied']);
    expect(graphError(byApp).message).toContain("the app's service principal holds neither role");
    expect((await graph.delete(`/v1.0/users/${ADMIN_ID}`)).status).toBe(403);
    // The User Administrator holds a role too: the same protection.
    expect((await graph.patch(`/v1.0/users/${uaId}`, { accountEnabled: false })).status).toBe(403);
    expect((await graph.patch(`/v1.0/users/${ALICE_ID}`, reset(ALICE.password))).status).toBe(204);
    expect((await signIn(ADMIN.upn, ADMIN.password)).status).toBe(200);

    const automationSp = String((await graph.get(`/v1.0/servicePrincipals(appId='${AUTOMATION.id}')`)).json.id);
    const role = DIRECTORY_ROLES.privilegedAuthenticationAdministrator.id;
    await entrada.storage.directory.setDirectoryRole(TENANT, role, automationSp, true);
    try {
      expect((await graph.patch(`/v1.0/users/${ADMIN_ID}`, reset(ADMIN.password))).status).toBe(204);
    } finally {
      await entrada.storage.directory.setDirectoryRole(TENANT, role, automationSp, false);
    }
  });

  it('a Global Administrator (delegated) may reset the password of a user who holds a role; so may the entrada command line (the installation administrator)', async () => {
    const admin = graphCaller(entrada, await userGraphToken(ADMIN));
    expect((await admin.patch(`/v1.0/users/${uaId}`, reset(UA.password))).status).toBe(204);
    const cli = graphCaller(entrada, await cliGraphToken({ keys: await entrada.storage.signingKeys.list(), tenantId: TENANT, origin: 'https://localhost:8443', now: new Date() }));
    expect((await cli.patch(`/v1.0/users/${ADMIN_ID}`, reset(ADMIN.password))).status).toBe(204);
    expect((await signIn(ADMIN.upn, ADMIN.password)).status).toBe(200);
  });

  it('the last enabled Global Administrator cannot be disabled or deleted (403 saying why); it still can be renamed', async () => {
    const cli = graphCaller(entrada, await cliGraphToken({ keys: await entrada.storage.signingKeys.list(), tenantId: TENANT, origin: 'https://localhost:8443', now: new Date() }));
    for (const [method, body] of [['PATCH', { accountEnabled: false }], ['DELETE', undefined]] as const) {
      const r = await cli.call(method, `/v1.0/users/${ADMIN_ID}`, body);
      expect(r.status).toBe(403);
      expect(graphError(r).message).toContain('last enabled user who holds the Global Administrator role');
    }
    expect((await cli.patch(`/v1.0/users/${ADMIN_ID}`, { surname: 'Admin' })).status).toBe(204);
    expect((await signIn(ADMIN.upn, ADMIN.password)).status).toBe(200);
  });

  it('Directory.ReadWrite.All alone cannot delete users or reset passwords (Graph: it does not allow that); it may update a profile', async () => {
    const app = await graph.post('/v1.0/applications', { displayName: 'Directory Writer' });
    const secret = String((await graph.post(`/v1.0/applications/${app.json.id}/addPassword`, {})).json.secretText);
    const sp = String((await graph.post('/v1.0/servicePrincipals', { appId: app.json.appId })).json.id);
    const graphSp = String((await graph.get("/v1.0/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')")).json.id);
    const directoryReadWriteAll = '19dbc75e-c2e2-444c-a770-ec69d8559fc7';
    const assigned = await graph.post(`/v1.0/servicePrincipals/${graphSp}/appRoleAssignedTo`, { principalId: sp, resourceId: graphSp, appRoleId: directoryReadWriteAll });
    expect(assigned.status, assigned.body).toBe(201);
    const writer = graphCaller(entrada, await appGraphToken(entrada, { id: String(app.json.appId), secret }));

    const target = String((await graph.post('/v1.0/users', newUser('dirwrite.target@entrada.localhost'))).json.id);
    expect((await writer.patch(`/v1.0/users/${target}`, { displayName: 'Renamed By Directory Writer' })).status).toBe(204);
    for (const r of [await writer.patch(`/v1.0/users/${target}`, reset('Other-Password-3')), await writer.delete(`/v1.0/users/${target}`)]) {
      expect([r.status, graphError(r).code]).toEqual([403, 'Authorization_RequestDenied']);
      expect(graphError(r).message).toMatch(/one of: User\.ReadWrite\.All\.$/);
    }
  });
});

describe('no enumeration, and hostile keys', () => {
  it('an app without the permission gets 403 for an existing and an unknown user alike', async () => {
    const daemon = graphCaller(entrada, await appGraphToken(entrada, DAEMON));
    const existing = derivedId.user(TENANT, ALICE.upn);
    for (const id of [existing, '0f0f0f0f-0000-4000-8000-00000000dead', 'nobody@entrada.localhost']) {
      for (const r of [await daemon.delete(`/v1.0/users/${id}`), await daemon.patch(`/v1.0/users/${id}`, { displayName: 'x' }), await daemon.patch(`/v1.0/users/${id}`, { passwordProfile: { password: 'Whatever-Pass-9' } })]) {
        expect([r.status, graphError(r).code], id).toEqual([403, 'Authorization_RequestDenied']);
      }
    }
    expect((await graph.get(`/v1.0/users/${existing}`)).status).toBe(200);
  });

  it('a key with NUL names no user and never reaches the database', async () => {
    const refusing = {
      getUser: () => Promise.reject(new Error('invalid byte sequence for encoding "UTF8": 0x00')),
      findUserByUpn: () => Promise.reject(new Error('invalid byte sequence for encoding "UTF8": 0x00')),
    } as unknown as DirectoryStore;
    expect(await findUser(refusing, TENANT, 'a\u0000@entrada.localhost')).toBeUndefined();
    expect(await findUser(refusing, TENANT, 'not-a-upn')).toBeUndefined();
    for (const url of ['/v1.0/users/a%00@x', "/v1.0/users('a%00@x')", '/v1.0/users/a%00@x/memberOf', '/v1.0/users/a%00@x/appRoleAssignments']) {
      const r = await graph.get(url);
      // 404 from the lookup; Graph's URL guard may refuse %00 first with a 400. Never a 500.
      expect([400, 404], `${url}: ${r.body}`).toContain(r.status);
    }
    // A key that is neither an object id nor a userPrincipalName: Graph reads it as a UPN, 404.
    const plain = await graph.get('/v1.0/users/not-a-guid');
    expect([plain.status, graphError(plain).code]).toEqual([404, 'Request_ResourceNotFound']);
  });
});
