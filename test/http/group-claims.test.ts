// Groups and directory roles in tokens (issue 18), in-process: groupMembershipClaims of the
// resource (access tokens) and of the client (ID tokens), nested groups, the overage claim and
// Graph's getMemberObjects behind it, hasgroups for implicit-flow tokens, wids, emit_as_roles,
// app roles given to groups, and "Assignment required?" met through a group.

import { describe, expect, it } from 'vitest';
import { useEntrada } from '../support/in-process.js';
import { appGraphToken, graphCaller, graphError } from '../support/graph.js';
import { Browser, redirectParams } from '../support/sign-in.js';
import { tokenClient } from '../support/token-client.js';
import { claimsOf } from '../support/wire.js';

const TENANT = '6a0c0000-0000-4000-8000-0000000000c0';
const API = '6a0c0000-0000-4000-8000-0000000000a1';
const ROLES_API = '6a0c0000-0000-4000-8000-0000000000a2';
const PLAIN_API = '6a0c0000-0000-4000-8000-0000000000a3';
const WEB = { id: '6a0c0000-0000-4000-8000-0000000000b1', secret: 'groups~web~secret~00000000001' };
const PLAIN_WEB = { id: '6a0c0000-0000-4000-8000-0000000000b2', secret: 'groups~web~secret~00000000002' };
const MEMBERS_ONLY = { id: '6a0c0000-0000-4000-8000-0000000000b3', secret: 'groups~web~secret~00000000003' };
const DAEMON = { id: '6a0c0000-0000-4000-8000-0000000000b4', secret: 'groups~web~secret~00000000004' };
const REDIRECT = 'https://localhost:3000/auth/callback';
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const DOMAIN = 'groups.localhost';
const ALICE = { upn: `alice@${DOMAIN}`, password: 'Alice-groups-password-1' };
const BOB = { upn: `bob@${DOMAIN}`, password: 'Bob-groups-password-2' };
const ADMIN = { upn: `admin@${DOMAIN}`, password: 'Admin-groups-password-0' };
const CAROL = { upn: `carol@${DOMAIN}`, password: 'Carol-groups-password-3' };

const scope = (value: string) => ({ value, type: 'User' });
const BULK = Array.from({ length: 201 }, (_, i) => `Bulk ${String(i).padStart(3, '0')}`);

const SEED = {
  tenants: [
    {
      id: TENANT,
      displayName: 'Groups',
      domains: [DOMAIN],
      applications: [
        {
          appId: API,
          displayName: 'Groups API',
          identifierUris: ['api://groups-api'],
          groupMembershipClaims: 'SecurityGroup',
          api: { requestedAccessTokenVersion: 2, oauth2PermissionScopes: [scope('access_as_user')] },
        },
        {
          appId: ROLES_API,
          displayName: 'Roles API',
          identifierUris: ['api://roles-api'],
          groupMembershipClaims: 'ApplicationGroup',
          optionalClaims: { accessToken: [{ name: 'groups', additionalProperties: ['cloud_displayname'] }] },
          api: { requestedAccessTokenVersion: 2, oauth2PermissionScopes: [scope('access_as_user')] },
          appRoles: [
            { value: 'Orders.Approve', allowedMemberTypes: ['User'] },
            { value: 'Orders.Admin', allowedMemberTypes: ['User'] },
          ],
        },
        {
          appId: PLAIN_API,
          displayName: 'Plain API',
          identifierUris: ['api://plain-api'],
          api: { requestedAccessTokenVersion: 2, oauth2PermissionScopes: [scope('access_as_user')] },
        },
        {
          appId: WEB.id,
          displayName: 'Groups Web',
          groupMembershipClaims: 'SecurityGroup, DirectoryRole',
          web: { redirectUris: [REDIRECT], implicitGrantSettings: { enableIdTokenIssuance: true, enableAccessTokenIssuance: true } },
          passwordCredentials: [{ secretText: WEB.secret }],
        },
        {
          appId: PLAIN_WEB.id,
          displayName: 'Plain Web',
          optionalClaims: { idToken: [{ name: 'groups', additionalProperties: ['emit_as_roles'] }] },
          groupMembershipClaims: 'All',
          web: { redirectUris: ['https://localhost:3001/auth/callback'] },
          passwordCredentials: [{ secretText: PLAIN_WEB.secret }],
        },
        {
          appId: MEMBERS_ONLY.id,
          displayName: 'Members Only',
          web: { redirectUris: ['https://localhost:3002/auth/callback'] },
          passwordCredentials: [{ secretText: MEMBERS_ONLY.secret }],
          servicePrincipal: { appRoleAssignmentRequired: true },
        },
        {
          appId: DAEMON.id,
          displayName: 'Groups Daemon',
          passwordCredentials: [{ secretText: DAEMON.secret }],
          requiredResourceAccess: [],
        },
      ],
      users: [
        { userPrincipalName: ALICE.upn, displayName: 'Alice Groups', password: ALICE.password },
        { userPrincipalName: BOB.upn, displayName: 'Bob Many', password: BOB.password },
        { userPrincipalName: ADMIN.upn, displayName: 'Groups Admin', password: ADMIN.password, directoryRoles: ['Global Administrator'] },
        { userPrincipalName: CAROL.upn, displayName: 'Carol None', password: CAROL.password },
      ],
      groups: [
        // Alice: directly in Platform, Readers and Marketing; in Engineers through Platform.
        { displayName: 'Engineers', members: ['Platform'] },
        { displayName: 'Platform', members: [ALICE.upn], owners: [ADMIN.upn] },
        { displayName: 'Readers', members: [ALICE.upn] },
        { displayName: 'Marketing', securityEnabled: false, mailEnabled: true, groupTypes: ['Unified'], members: [ALICE.upn] },
        ...BULK.map((displayName) => ({ displayName, members: [BOB.upn] })),
      ],
      appRoleAssignments: [
        { principal: 'Platform', resource: ROLES_API, appRole: 'Orders.Approve' },
        // Alice is in Engineers only through Platform: the role does not reach her.
        { principal: 'Engineers', resource: ROLES_API, appRole: 'Orders.Admin' },
        { principal: 'Readers', resource: MEMBERS_ONLY.id, appRole: '00000000-0000-0000-0000-000000000000' },
        { principal: DAEMON.id, resource: 'https://graph.microsoft.com', appRole: 'User.Read.All' },
      ],
      oauth2PermissionGrants: [WEB.id, PLAIN_WEB.id, MEMBERS_ONLY.id].flatMap((client) => [
        { client, resource: API, scope: 'access_as_user' },
        { client, resource: ROLES_API, scope: 'access_as_user' },
        { client, resource: PLAIN_API, scope: 'access_as_user' },
        { client, resource: 'https://graph.microsoft.com', scope: 'User.Read' },
      ]),
    },
  ],
};

const entrada = useEntrada({ seed: SEED });
const { post } = tokenClient(entrada);

async function ropc(client: { id: string; secret: string }, user: { upn: string; password: string }, scopeParam: string) {
  const r = await post(`/${TENANT}/oauth2/v2.0/token`, {
    grant_type: 'password', client_id: client.id, client_secret: client.secret, username: user.upn, password: user.password, scope: scopeParam,
  });
  return { r, access: r.status === 200 ? claimsOf(r.json.access_token) : {}, id: r.json.id_token ? claimsOf(r.json.id_token) : undefined };
}

/** The seeded groups' ids by displayName, read from the store. */
async function groupIds(): Promise<Map<string, string>> {
  return new Map((await entrada.storage.directory.listGroups(TENANT)).map((g) => [g.displayName, g.id]));
}

describe('groupMembershipClaims in access and ID tokens', () => {
  it('SecurityGroup: the 3 security groups, the nested one included, not the Microsoft 365 group', async () => {
    const ids = await groupIds();
    const { r, access, id } = await ropc(WEB, ALICE, 'api://groups-api/access_as_user openid profile');
    expect(r.status, r.description).toBe(200);
    const expected = ['Engineers', 'Platform', 'Readers'].map((n) => ids.get(n)).sort();
    expect([...(access.groups as string[])].sort()).toEqual(expected);
    // The ID token follows the client's setting (SecurityGroup, DirectoryRole): the same groups, no roles held.
    expect([...((id?.groups ?? []) as string[])].sort()).toEqual(expected);
    expect(id).not.toHaveProperty('wids');
    // Placed alphabetically: after aio/azp…, before name.
    const keys = Object.keys(access);
    expect(keys.indexOf('groups')).toBeLessThan(keys.indexOf('name'));
  });

  it('a resource without groupMembershipClaims: no groups in its access token, whatever the client', async () => {
    const { access, id } = await ropc(WEB, ALICE, 'api://plain-api/access_as_user openid');
    expect(access).not.toHaveProperty('groups');
    expect(id).toHaveProperty('groups');
  });

  it('over 200 groups: the overage claim pointing at getMemberObjects, and that call answers all 201', async () => {
    const { r, access } = await ropc(WEB, BOB, 'api://groups-api/access_as_user');
    expect(r.status, r.description).toBe(200);
    expect(access).not.toHaveProperty('groups');
    const endpoint = `https://localhost:8443/v1.0/users/${String(access.oid)}/getMemberObjects`;
    expect(access._claim_names).toEqual({ groups: 'src1' });
    expect(access._claim_sources).toEqual({ src1: { endpoint } });
    expect(Object.keys(access).slice(5, 7)).toEqual(['_claim_names', '_claim_sources']);

    const graphToken = await ropc(WEB, BOB, 'User.Read');
    const graph = graphCaller(entrada, String(graphToken.r.json.access_token));
    const answer = await graph.post(new URL(endpoint).pathname, { securityEnabledOnly: false });
    expect(answer.status, answer.body).toBe(200);
    expect(answer.json['@odata.context']).toBe('https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)');
    expect(answer.json.value).toHaveLength(201);
    const me = await graph.post('/v1.0/me/getMemberGroups', { securityEnabledOnly: true });
    expect(me.json.value).toHaveLength(201);
  });

  it('wids for a Global Administrator when the client asks for DirectoryRole; the role id in groups with SecurityGroup', async () => {
    const { id, access } = await ropc(WEB, ADMIN, 'api://groups-api/access_as_user openid');
    expect(id?.wids).toEqual([GLOBAL_ADMIN]);
    expect(access.groups).toEqual([GLOBAL_ADMIN]);
    expect(access).not.toHaveProperty('wids');
    const keys = Object.keys(id ?? {});
    expect(keys.indexOf('wids')).toBe(keys.indexOf('ver') + 1);
  });

  it('a user in no group and no role: no group claim at all', async () => {
    const { access, id } = await ropc(WEB, CAROL, 'api://groups-api/access_as_user openid');
    for (const name of ['groups', 'wids', '_claim_names', 'hasgroups']) {
      expect(access).not.toHaveProperty(name);
      expect(id).not.toHaveProperty(name);
    }
  });

  it('emit_as_roles on the client’s ID token: every group in roles', async () => {
    const ids = await groupIds();
    const { id } = await ropc(PLAIN_WEB, ALICE, 'api://plain-api/access_as_user openid');
    expect([...((id?.roles ?? []) as string[])].sort()).toEqual(['Engineers', 'Marketing', 'Platform', 'Readers'].map((n) => ids.get(n)).sort());
    expect(id).not.toHaveProperty('groups');
  });
});

describe('app roles given to groups', () => {
  it('reach direct members, not members of a nested group; ApplicationGroup + cloud_displayname names the assigned group', async () => {
    const { r, access } = await ropc(WEB, ALICE, 'api://roles-api/access_as_user');
    expect(r.status, r.description).toBe(200);
    expect(access.roles).toEqual(['Orders.Approve']);
    expect(access.groups).toEqual(['Platform']);
  });

  it('"Assignment required?" is met by a group assignment; a user outside the group gets AADSTS50105', async () => {
    const ok = await ropc(MEMBERS_ONLY, ALICE, 'api://plain-api/access_as_user');
    expect(ok.r.status, ok.r.description).toBe(200);
    const refused = await ropc(MEMBERS_ONLY, BOB, 'api://plain-api/access_as_user');
    expect(refused.r.status).toBe(400);
    expect(refused.r.code).toBe(50105);
  });
});

describe('implicit-flow tokens', () => {
  const authorize = (browser: Browser, extra: Record<string, string>) =>
    browser.get(`/${TENANT}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: WEB.id, redirect_uri: REDIRECT, scope: 'openid api://groups-api/access_as_user', nonce: 'n', state: 's', ...extra }).toString()}`);

  async function implicitTokens(user: { upn: string; password: string }) {
    const browser = new Browser(entrada.app);
    const page = await authorize(browser, { response_type: 'id_token token' });
    const done = await browser.submit(page, { username: user.upn, password: user.password, action: 'signin' });
    expect(done.statusCode, done.body.slice(0, 500)).toBe(302);
    const p = redirectParams(String(done.headers.location));
    return { id: claimsOf(p.get('id_token')), access: claimsOf(p.get('access_token')) };
  }

  it('over 5 groups: hasgroups instead of groups, in both tokens', async () => {
    const { id, access } = await implicitTokens(BOB);
    expect(id.hasgroups).toBe(true);
    expect(access.hasgroups).toBe(true);
    expect(id).not.toHaveProperty('groups');
    expect(id).not.toHaveProperty('_claim_names');
  });

  it('3 groups: listed', async () => {
    const { id } = await implicitTokens(ALICE);
    expect(id.groups).toHaveLength(3);
    expect(id).not.toHaveProperty('hasgroups');
  });
});

describe('Graph getMemberObjects and getMemberGroups', () => {
  it('app-only with User.Read.All: any user; roles only when securityEnabledOnly is false', async () => {
    const graph = graphCaller(entrada, await appGraphToken(entrada, DAEMON, TENANT));
    const all = await graph.post(`/v1.0/users/${ADMIN.upn}/getMemberObjects`, { securityEnabledOnly: false });
    expect(all.status, all.body).toBe(200);
    expect(all.json.value).toEqual([GLOBAL_ADMIN]);
    const security = await graph.post(`/v1.0/users/${ADMIN.upn}/getMemberObjects`, { securityEnabledOnly: true });
    expect(security.json.value).toEqual([]);
    const alice = await graph.post(`/v1.0/users/${ALICE.upn}/getMemberGroups`, { securityEnabledOnly: true });
    expect(alice.json.value).toHaveLength(3);
  });

  it('/me with an app-only token, another user with User.Read, a bad body: Graph’s errors', async () => {
    const app = graphCaller(entrada, await appGraphToken(entrada, DAEMON, TENANT));
    const me = await app.post('/v1.0/me/getMemberObjects', { securityEnabledOnly: true });
    expect(me.status).toBe(400);
    const userToken = String((await ropc(WEB, ALICE, 'User.Read')).r.json.access_token);
    const user = graphCaller(entrada, userToken);
    const other = await user.post(`/v1.0/users/${BOB.upn}/getMemberObjects`, { securityEnabledOnly: true });
    expect(other.status).toBe(403);
    expect(graphError(other).code).toBe('Authorization_RequestDenied');
    const bad = await user.post('/v1.0/me/getMemberObjects', { securityEnabledOnly: 'yes' });
    expect(bad.status).toBe(400);
    const unknown = await app.post('/v1.0/users/nobody@groups.localhost/getMemberObjects', { securityEnabledOnly: true });
    expect(unknown.status).toBe(404);
    const anonymous = await graphCaller(entrada, undefined).post('/v1.0/me/getMemberObjects', {});
    expect(anonymous.status).toBe(401);
  });
});
