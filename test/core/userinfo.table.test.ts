// Graph's UserInfo answer (core/tokens/userinfo.ts; issue 13 item 12): the claims by permission.

import { describe, expect, it } from 'vitest';
import { canCallUserInfo, userInfoClaims } from '../../src/core/tokens/userinfo.js';

const alice = { displayName: 'Alice Example', givenName: 'Alice', surname: 'Example', mail: 'alice@entrada.localhost' };
const bare = { displayName: 'Service Desk', givenName: null, surname: null, mail: null };

describe('canCallUserInfo: the openid permission is required [D]', () => {
  it.each<[string[], boolean]>([
    [['openid'], true],
    [['User.Read', 'OpenID'], true],
    [['User.Read', 'profile', 'email'], false],
    [[], false],
  ])('%j → %s', (scopes, expected) => {
    expect(canCallUserInfo(scopes)).toBe(expected);
  });
});

describe('userInfoClaims', () => {
  it.each<[string, typeof alice | typeof bare, string[], Record<string, string>]>([
    ['openid only: sub', alice, ['openid'], { sub: 'S' }],
    ['profile: the name claims', alice, ['openid', 'profile'], { sub: 'S', name: 'Alice Example', family_name: 'Example', given_name: 'Alice' }],
    ['email: the mail address', alice, ['openid', 'email'], { sub: 'S', email: 'alice@entrada.localhost' }],
    ['all, in the documented order', alice, ['email', 'openid', 'profile', 'User.Read'], { sub: 'S', name: 'Alice Example', family_name: 'Example', given_name: 'Alice', email: 'alice@entrada.localhost' }],
    ['names and mail the user lacks are left out', bare, ['openid', 'profile', 'email'], { sub: 'S', name: 'Service Desk' }],
  ])('%s', (_name, user, scopes, expected) => {
    const claims = userInfoClaims(user, 'S', scopes);
    expect(claims).toEqual(expected);
    expect(Object.keys(claims)).toEqual(Object.keys(expected));
  });
});
