// Optional claims end to end in-process (issue 18): the resource's accessToken list shapes access
// tokens, the client's idToken list shapes ID tokens; the user and tenant attributes they read come
// from the seed and from Graph; a Graph token of an `openid` sign-in carries the OpenID scopes.

import { describe, expect, it } from 'vitest';
import { useEntrada } from '../support/in-process.js';
import { graphCaller } from '../support/graph.js';
import { tokenClient } from '../support/token-client.js';
import { claimsOf } from '../support/wire.js';

const TENANT = '5e1d0c1a-0000-4000-8000-00000000c1a1';
const API = '5e1d0c1a-0000-4000-8000-0000000000a1';
const PLAIN_API = '5e1d0c1a-0000-4000-8000-0000000000a2';
const V1_API = '5e1d0c1a-0000-4000-8000-0000000000a3';
const WEB = { id: '5e1d0c1a-0000-4000-8000-0000000000b1', secret: 'claims~web~secret~0000000001' };
const PLAIN_WEB = { id: '5e1d0c1a-0000-4000-8000-0000000000b2', secret: 'claims~web~secret~0000000002' };
const ALICE = { upn: 'alice@claims.localhost', password: 'Alice-claims-password-1' };
const BOB = { upn: 'bob@claims.localhost', password: 'Bob-claims-password-2' };
const ADMIN = { upn: 'admin@claims.localhost', password: 'Admin-claims-password-0' };

const scope = (value: string) => ({ value, type: 'User' });

const SEED = {
  tenants: [
    {
      id: TENANT,
      displayName: 'Claims',
      domains: ['claims.localhost'],
      countryLetterCode: 'DE',
      preferredLanguage: 'de',
      applications: [
        {
          appId: API,
          displayName: 'Claims API',
          identifierUris: ['api://claims-api'],
          api: { requestedAccessTokenVersion: 2, oauth2PermissionScopes: [scope('access_as_user')] },
          appRoles: [{ value: 'Data.Read', allowedMemberTypes: ['Application'] }],
          optionalClaims: {
            accessToken: [
              { name: 'acct' }, { name: 'auth_time' }, { name: 'ctry' }, { name: 'tenant_ctry' }, { name: 'email' },
              { name: 'family_name' }, { name: 'given_name' }, { name: 'upn' }, { name: 'ipaddr' }, { name: 'xms_pl' },
              { name: 'xms_tpl' }, { name: 'sid' }, { name: 'login_hint' }, { name: 'idtyp', additionalProperties: ['include_user_token'] },
            ],
          },
        },
        {
          appId: PLAIN_API,
          displayName: 'Plain API',
          identifierUris: ['api://plain-api'],
          api: { requestedAccessTokenVersion: 2, oauth2PermissionScopes: [scope('access_as_user')] },
        },
        {
          appId: V1_API,
          displayName: 'V1 API',
          identifierUris: ['api://v1-api'],
          api: { oauth2PermissionScopes: [scope('access_as_user')] },
          appRoles: [{ value: 'Data.Read', allowedMemberTypes: ['Application'] }],
          optionalClaims: { accessToken: [{ name: 'aud', additionalProperties: ['use_guid'] }, { name: 'preferred_username' }, { name: 'idtyp' }] },
        },
        {
          appId: WEB.id,
          displayName: 'Claims Web',
          web: { redirectUris: ['https://localhost:3000/auth/callback'] },
          passwordCredentials: [{ secretText: WEB.secret }],
          optionalClaims: { idToken: [{ name: 'ctry', essential: true }, { name: 'email' }, { name: 'auth_time' }, { name: 'sid' }, { name: 'login_hint' }, { name: 'xms_pl' }, { name: 'family_name' }] },
        },
        {
          appId: PLAIN_WEB.id,
          displayName: 'Plain Web',
          web: { redirectUris: ['https://localhost:3001/auth/callback'] },
          passwordCredentials: [{ secretText: PLAIN_WEB.secret }],
        },
      ],
      users: [
        { userPrincipalName: ALICE.upn, displayName: 'Alice Claims', givenName: 'Alice', surname: 'Claims', mail: 'alice.claims@claims.localhost', password: ALICE.password, country: 'FR', preferredLanguage: 'fr-FR', usageLocation: 'FR' },
        { userPrincipalName: BOB.upn, displayName: 'Bob Bare', password: BOB.password },
        { userPrincipalName: ADMIN.upn, displayName: 'Claims Admin', password: ADMIN.password, directoryRoles: ['Global Administrator'] },
      ],
      oauth2PermissionGrants: [
        ...[WEB.id, PLAIN_WEB.id].flatMap((client) => [
          { client, resource: API, scope: 'access_as_user' },
          { client, resource: PLAIN_API, scope: 'access_as_user' },
          { client, resource: V1_API, scope: 'access_as_user' },
          // No openid/profile/email here: the Graph token carries them because the request asked.
          { client, resource: 'https://graph.microsoft.com', scope: 'User.Read User.ReadWrite.All Application.ReadWrite.All AuditLog.Read.All Directory.Read.All' },
        ]),
      ],
      appRoleAssignments: [
        { principal: WEB.id, resource: API, appRole: 'Data.Read' },
        { principal: WEB.id, resource: V1_API, appRole: 'Data.Read' },
      ],
    },
  ],
};

const entrada = useEntrada({ seed: SEED });
const { post } = tokenClient(entrada);

async function ropc(client: { id: string; secret: string }, user: { upn: string; password: string }, scopeParam: string) {
  const r = await post(`/${TENANT}/oauth2/v2.0/token`, {
    grant_type: 'password', client_id: client.id, client_secret: client.secret, username: user.upn, password: user.password, scope: scopeParam,
  });
  expect(r.status, r.description).toBe(200);
  return { access: claimsOf(r.json.access_token), id: r.json.id_token ? claimsOf(r.json.id_token) : undefined, raw: r.json };
}

describe('access tokens follow the resource app’s optionalClaims', () => {
  it('a configured API gets every claim it asked for, in alphabetical place', async () => {
    const { access } = await ropc(WEB, ALICE, 'api://claims-api/access_as_user openid profile');
    expect(access).toMatchObject({
      acct: 0, ctry: 'FR', tenant_ctry: 'DE', email: 'alice.claims@claims.localhost', family_name: 'Claims', given_name: 'Alice',
      upn: ALICE.upn, ipaddr: '127.0.0.1', xms_pl: 'fr-fr', xms_tpl: 'de', idtyp: 'user',
    });
    expect(typeof access.auth_time).toBe('number');
    expect(access.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(String(access.login_hint)).toMatch(/^O\./);
    const keys = Object.keys(access).slice(5);
    expect(keys).toEqual([...keys].sort());
  });

  it('the same sign-in for an API without optional claims: none of them', async () => {
    const { access } = await ropc(WEB, ALICE, 'api://plain-api/access_as_user openid profile');
    for (const name of ['acct', 'auth_time', 'ctry', 'tenant_ctry', 'email', 'family_name', 'given_name', 'upn', 'ipaddr', 'xms_pl', 'xms_tpl', 'sid', 'login_hint', 'idtyp']) {
      expect(access, name).not.toHaveProperty(name);
    }
  });

  it('the client’s configuration does not matter for access tokens', async () => {
    const { access } = await ropc(PLAIN_WEB, ALICE, 'api://claims-api/access_as_user openid profile');
    expect(access).toMatchObject({ ctry: 'FR', acct: 0 });
  });

  it('a user without the attributes: those claims are left out', async () => {
    const { access } = await ropc(WEB, BOB, 'api://claims-api/access_as_user openid profile');
    expect(access).toMatchObject({ acct: 0, tenant_ctry: 'DE', upn: BOB.upn });
    for (const name of ['ctry', 'email', 'family_name', 'given_name', 'xms_pl']) expect(access, name).not.toHaveProperty(name);
  });

  it('v1: aud use_guid gives the app id, preferred_username is added, ipaddr is a default', async () => {
    const r = await post(`/${TENANT}/oauth2/token`, {
      grant_type: 'password', client_id: WEB.id, client_secret: WEB.secret, username: ALICE.upn, password: ALICE.password, resource: 'api://v1-api',
    });
    expect(r.status, r.description).toBe(200);
    expect(r.json.resource).toBe('api://v1-api');
    expect(claimsOf(r.json.access_token)).toMatchObject({ aud: V1_API, preferred_username: ALICE.upn, ipaddr: '127.0.0.1', ver: '1.0' });
    expect(claimsOf(r.json.access_token)).not.toHaveProperty('idtyp');
  });

  it('app-only: v2 idtyp "app" when the API asks for idtyp; v1 aud use_guid', async () => {
    const v2 = await post(`/${TENANT}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: WEB.id, client_secret: WEB.secret, scope: 'api://claims-api/.default' });
    expect(v2.status, v2.description).toBe(200);
    expect(claimsOf(v2.json.access_token)).toMatchObject({ idtyp: 'app', tenant_ctry: 'DE', xms_tpl: 'de' });
    expect(claimsOf(v2.json.access_token)).not.toHaveProperty('acct');
    const v1 = await post(`/${TENANT}/oauth2/token`, { grant_type: 'client_credentials', client_id: WEB.id, client_secret: WEB.secret, resource: 'api://v1-api' });
    expect(v1.status, v1.description).toBe(200);
    expect(claimsOf(v1.json.access_token)).toMatchObject({ aud: V1_API, idtyp: 'app' });
  });
});

describe('ID tokens follow the client app’s optionalClaims', () => {
  it('configured client: its claims; email without the email scope', async () => {
    const { id } = await ropc(WEB, ALICE, 'api://plain-api/access_as_user openid profile');
    expect(id).toMatchObject({ ctry: 'FR', email: 'alice.claims@claims.localhost', xms_pl: 'fr-fr', family_name: 'Claims' });
    expect(typeof id?.auth_time).toBe('number');
    expect(id?.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(id).not.toHaveProperty('acct');
  });

  it('family_name needs the profile scope on v2', async () => {
    const { id } = await ropc(WEB, ALICE, 'api://plain-api/access_as_user openid');
    expect(id).toMatchObject({ ctry: 'FR' });
    expect(id).not.toHaveProperty('family_name');
  });

  it('a client without optional claims: none, whatever the resource', async () => {
    const { id } = await ropc(PLAIN_WEB, ALICE, 'api://claims-api/access_as_user openid profile');
    for (const name of ['ctry', 'email', 'auth_time', 'sid', 'login_hint', 'xms_pl', 'family_name']) expect(id, name).not.toHaveProperty(name);
  });

  it('the refresh token’s ID tokens keep the sid', async () => {
    const first = await ropc(WEB, ALICE, 'api://plain-api/access_as_user openid profile offline_access');
    const r = await post(`/${TENANT}/oauth2/v2.0/token`, {
      grant_type: 'refresh_token', client_id: WEB.id, client_secret: WEB.secret, refresh_token: String(first.raw.refresh_token), scope: 'api://plain-api/access_as_user openid profile',
    });
    expect(r.status, r.description).toBe(200);
    expect(claimsOf(r.json.id_token).sid).toBe(first.id?.sid);
    expect(claimsOf(r.json.id_token).auth_time).toBe(first.id?.auth_time);
  });
});

describe('Graph tokens carry the OpenID scopes asked; userinfo and /me', () => {
  it('scp has openid profile email although the grant lists only User.Read; userinfo answers', async () => {
    const { access, id } = await ropc(PLAIN_WEB, ALICE, 'User.Read openid profile email offline_access');
    expect(String(access.scp).split(' ').sort()).toEqual(['User.Read', 'email', 'openid', 'profile'].sort());
    const res = await entrada.app.inject({ method: 'GET', url: '/oidc/userinfo', headers: { host: 'localhost:8443', authorization: `Bearer ${String((await ropc(PLAIN_WEB, ALICE, 'User.Read openid profile email')).raw.access_token)}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ sub: id?.sub, name: 'Alice Claims', family_name: 'Claims', given_name: 'Alice', email: 'alice.claims@claims.localhost' });
  });

  it('without openid in the request, no openid in scp: userinfo refuses', async () => {
    const { raw } = await ropc(PLAIN_WEB, ALICE, 'User.Read');
    expect(String(claimsOf(raw.access_token).scp).split(' ')).not.toContain('openid');
    const res = await entrada.app.inject({ method: 'GET', url: '/oidc/userinfo', headers: { host: 'localhost:8443', authorization: `Bearer ${String(raw.access_token)}` } });
    expect(res.statusCode).toBe(403);
  });

  it('GET /me returns the attributes (preferredLanguage by default, country and usageLocation too)', async () => {
    const { raw } = await ropc(PLAIN_WEB, ALICE, 'User.Read openid');
    const me = await graphCaller(entrada, String(raw.access_token)).get('/v1.0/me');
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ userPrincipalName: ALICE.upn, preferredLanguage: 'fr-FR', country: 'FR', usageLocation: 'FR', givenName: 'Alice', surname: 'Claims', mail: 'alice.claims@claims.localhost' });
    const selected = await graphCaller(entrada, String(raw.access_token)).get('/v1.0/me?$select=country,usageLocation');
    expect(selected.json).toMatchObject({ country: 'FR', usageLocation: 'FR' });
  });

  it('Graph POST and PATCH /users set them (and the tokens follow); bad values are Graph 400s; changes are audited', async () => {
    const { raw } = await ropc(PLAIN_WEB, ADMIN, 'https://graph.microsoft.com/User.ReadWrite.All https://graph.microsoft.com/AuditLog.Read.All https://graph.microsoft.com/Directory.Read.All');
    const graph = graphCaller(entrada, String(raw.access_token));
    const created = await graph.post('/v1.0/users', {
      accountEnabled: true, displayName: 'Carol Claims', mailNickname: 'carol', userPrincipalName: 'carol@claims.localhost',
      passwordProfile: { password: 'Carol-claims-password-3', forceChangePasswordNextSignIn: false },
      country: 'IT', preferredLanguage: 'it-IT', usageLocation: 'IT',
    });
    expect(created.status, created.body).toBe(201);
    expect(created.json).toMatchObject({ country: 'IT', preferredLanguage: 'it-IT', usageLocation: 'IT' });
    const carol = { upn: 'carol@claims.localhost', password: 'Carol-claims-password-3' };
    expect((await ropc(WEB, carol, 'api://claims-api/access_as_user openid profile')).access).toMatchObject({ ctry: 'IT', xms_pl: 'it-it' });

    expect((await graph.patch(`/v1.0/users/${carol.upn}`, { country: 'ES', preferredLanguage: null })).status).toBe(204);
    const after = await graph.get(`/v1.0/users/${carol.upn}?$select=country,preferredLanguage,usageLocation`);
    expect(after.json).toMatchObject({ country: 'ES', preferredLanguage: null, usageLocation: 'IT' });
    const access = (await ropc(WEB, carol, 'api://claims-api/access_as_user openid profile')).access;
    expect(access).toMatchObject({ ctry: 'ES' });
    expect(access).not.toHaveProperty('xms_pl');

    for (const body of [{ usageLocation: 'Italy' }, { preferredLanguage: 'not a language' }, { country: 'x'.repeat(129) }]) {
      const refused = await graph.patch(`/v1.0/users/${carol.upn}`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    const audits = await graph.get(`/v1.0/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Update user'`);
    const entries = (audits.json.value ?? []) as Array<{ targetResources: Array<{ userPrincipalName: string; modifiedProperties: Array<{ displayName: string; oldValue: string; newValue: string }> }> }>;
    const modified = entries.filter((e) => e.targetResources[0]?.userPrincipalName === carol.upn).flatMap((e) => e.targetResources[0].modifiedProperties);
    expect(modified).toContainEqual({ displayName: 'Country', oldValue: '["IT"]', newValue: '["ES"]' });
    expect(modified).toContainEqual({ displayName: 'PreferredLanguage', oldValue: '["it-IT"]', newValue: '[null]' });
  });

  it('Graph PATCH /applications sets optionalClaims, read back in Graph’s full shape; a typo is refused', async () => {
    const { raw } = await ropc(PLAIN_WEB, ADMIN, 'https://graph.microsoft.com/Application.ReadWrite.All');
    const graph = graphCaller(entrada, String(raw.access_token));
    const url = `/v1.0/applications(appId='${PLAIN_API}')`;
    const set = await graph.patch(url, { optionalClaims: { accessToken: [{ name: 'ctry' }] } });
    expect(set.status, set.body).toBe(204);
    expect((await graph.get(url)).json.optionalClaims).toEqual({
      idToken: [], accessToken: [{ name: 'ctry', source: null, essential: false, additionalProperties: [] }], saml2Token: [],
    });
    expect((await ropc(WEB, ALICE, 'api://plain-api/access_as_user openid')).access).toMatchObject({ ctry: 'FR' });
    const typo = await graph.patch(url, { optionalClaims: { accessToken: [{ name: 'ctyr' }] } });
    expect(typo.status).toBe(400);
    expect(typo.body).toContain('ctyr');
    const badProperty = await graph.patch(url, { optionalClaims: { idToken: [{ name: 'upn', additionalProperties: ['use_guid'] }] } });
    expect(badProperty.status).toBe(400);
    expect((await graph.patch(url, { optionalClaims: null })).status).toBe(204);
    expect((await ropc(WEB, ALICE, 'api://plain-api/access_as_user openid')).access).not.toHaveProperty('ctry');
  });
});
