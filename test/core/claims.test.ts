// Token claim sets against entra-protocol.md §7.4 / §7.5 (the documented key sets and order).

import { describe, expect, it } from 'vitest';
import { accessTokenClaims, clientInfo, idTokenClaims, issuerV1, issuerV2 } from '../../src/core/tokens/claims.js';
import type { User } from '../../src/core/model.js';
import { accessTokenFormat } from '../../src/core/tokens/audience.js';
import { userFlowTokens } from '../../src/core/tokens/issuance.js';
import { ORIGIN } from '../support/wire.js';

const TID = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
const times = { now: 1_800_000_000, lifetime: 3600 };
const ids = { aio: 'AIO', rh: '0.RH', uti: 'UTI' };
const user: User = {
  id: 'aaaaaaaa-0000-0000-0000-00000000a11c', tenantId: TID, userPrincipalName: 'alice@entrada.localhost',
  displayName: 'Alice Example', givenName: 'Alice', surname: 'Example', mail: 'alice@entrada.localhost', accountEnabled: true, passwordHash: null,
};
const common = { origin: ORIGIN, tenantId: TID, clientAppId: 'c11e0000-0000-0000-0000-000000000001', times, ids };

describe('issuers', () => {
  it('v2 mirrors Entra on our origin; v1 keeps the trailing slash', () => {
    expect(issuerV2(ORIGIN, TID)).toBe(`${ORIGIN}/${TID}/v2.0`);
    expect(issuerV1(ORIGIN, TID)).toBe(`${ORIGIN}/${TID}/`);
  });
});

describe('app-only access tokens', () => {
  const app = { servicePrincipalId: '5b000000-0000-0000-0000-000000000001', roles: ['Data.Read'] };
  it('v2: azp/azpacr, sub = oid, no idp, no idtyp, xms_ftd when given [O: issue 13]', () => {
    const c = accessTokenClaims({ ...common, version: 2, audience: 'api-guid', clientAuth: '1', app, ids: { ...ids, ftd: 'FTD' } });
    expect(Object.keys(c)).toEqual(['aud', 'iss', 'iat', 'nbf', 'exp', 'aio', 'azp', 'azpacr', 'oid', 'rh', 'roles', 'sub', 'tid', 'uti', 'ver', 'xms_ftd']);
    expect(c.xms_ftd).toBe('FTD');
    expect(c).toMatchObject({ aud: 'api-guid', iss: `${ORIGIN}/${TID}/v2.0`, azpacr: '1', sub: app.servicePrincipalId, ver: '2.0', roles: ['Data.Read'] });
  });
  it('v1: appid/appidacr, idp = iss, idtyp app [D], no xms_ftd', () => {
    const c = accessTokenClaims({ ...common, version: 1, audience: 'api://demo', clientAuth: '2', app: { ...app, roles: [] }, ids: { ...ids, ftd: 'FTD' } });
    expect(Object.keys(c)).toEqual(['aud', 'iss', 'iat', 'nbf', 'exp', 'aio', 'appid', 'appidacr', 'idp', 'idtyp', 'oid', 'rh', 'sub', 'tid', 'uti', 'ver']);
    expect(c.idp).toBe(c.iss);
    expect(c.ver).toBe('1.0');
  });
  it('back-dates iat/nbf 5 minutes: exp − iat = 3900 for one hour [O]', () => {
    const c = accessTokenClaims({ ...common, version: 2, audience: 'x', clientAuth: '1', app });
    expect((c.exp as number) - (c.iat as number)).toBe(3900);
    expect(c.iat).toBe(c.nbf);
  });
});

describe('user access tokens', () => {
  const u = { user, subject: 'SUB', scp: ['access_as_user', 'write'], roles: [], amr: ['pwd'] };
  it('v2 matches the documented example key set [D]', () => {
    const c = accessTokenClaims({ ...common, version: 2, audience: 'api', clientAuth: '0', user: u });
    expect(Object.keys(c)).toEqual(['aud', 'iss', 'iat', 'nbf', 'exp', 'aio', 'azp', 'azpacr', 'name', 'oid', 'preferred_username', 'rh', 'scp', 'sub', 'tid', 'uti', 'ver']);
    expect(c.scp).toBe('access_as_user write');
  });
  it('client capabilities: xms_cc last, after ver; none when empty', () => {
    const c = accessTokenClaims({ ...common, version: 2, audience: 'api', clientAuth: '0', user: u, capabilities: ['cp1'] });
    expect(Object.keys(c).slice(-3)).toEqual(['uti', 'ver', 'xms_cc']);
    expect(c.xms_cc).toEqual(['cp1']);
    expect(accessTokenClaims({ ...common, version: 1, audience: 'api', clientAuth: '0', user: u, capabilities: [] })).not.toHaveProperty('xms_cc');
  });
  it('v1 has acr, amr, names, unique_name and upn [D]', () => {
    const c = accessTokenClaims({ ...common, version: 1, audience: 'https://graph.microsoft.com', clientAuth: '0', user: u });
    expect(Object.keys(c)).toEqual(['aud', 'iss', 'iat', 'nbf', 'exp', 'acr', 'aio', 'amr', 'appid', 'appidacr', 'family_name', 'given_name', 'name', 'oid', 'rh', 'scp', 'sub', 'tid', 'unique_name', 'upn', 'uti', 'ver']);
  });
});

describe('id tokens', () => {
  it('v2: aud is the client, nonce only when given, preferred_username', () => {
    const c = idTokenClaims({ ...common, version: 2, user, subject: 'SUB', amr: ['pwd'] });
    expect(Object.keys(c)).toEqual(['aud', 'iss', 'iat', 'nbf', 'exp', 'aio', 'name', 'oid', 'preferred_username', 'rh', 'sub', 'tid', 'uti', 'ver']);
    expect(c.aud).toBe(common.clientAppId);
    expect(idTokenClaims({ ...common, version: 2, user, subject: 'S', amr: [], nonce: 'n1' }).nonce).toBe('n1');
  });
  it('v1: upn and unique_name, v1 issuer', () => {
    const c = idTokenClaims({ ...common, version: 1, user, subject: 'SUB', amr: ['pwd'] });
    expect(c).toMatchObject({ iss: `${ORIGIN}/${TID}/`, upn: user.userPrincipalName, ver: '1.0' });
  });
  it('client_info is base64url {uid, utid} [M]', () => {
    expect(JSON.parse(Buffer.from(clientInfo(user.id, TID), 'base64url').toString())).toEqual({ uid: user.id, utid: TID });
  });
});

describe('access token format follows the resource [D §7.1]', () => {
  it.each<[1 | 2 | null, number, string]>([
    [null, 1, 'api://x'],
    [1, 1, 'api://x'],
    [2, 2, 'guid-of-x'],
  ])('requestedAccessTokenVersion %s → v%s, aud %s', (setting, version, audience) => {
    expect(accessTokenFormat(setting, 'guid-of-x', 'api://x')).toEqual({ version, audience });
  });
});

describe('which tokens a user flow returns [D §3.1, §6]', () => {
  it.each<['v1' | 'v2', string[], { idToken: boolean; refreshToken: boolean }]>([
    ['v2', ['openid', 'profile', 'offline_access'], { idToken: true, refreshToken: true }],
    ['v2', ['profile'], { idToken: false, refreshToken: false }],
    ['v2', ['offline_access'], { idToken: false, refreshToken: true }],
    ['v1', [], { idToken: false, refreshToken: true }],
    ['v1', ['openid'], { idToken: true, refreshToken: true }],
  ])('%s %j', (endpoint, oidc, expected) => {
    expect(userFlowTokens(endpoint, oidc)).toEqual(expected);
  });
});
