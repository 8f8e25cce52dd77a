import { describe, expect, it } from 'vitest';
import { IdpError } from '../../src/core/errors/idp-error.js';
import {
  grantDelegatedPermissions,
  parseClientCredentialsScope,
  parseDelegatedScope,
  parseV1Resource,
  responseScope,
  splitScope,
} from '../../src/core/policy/scope.js';

function code(f: () => unknown): number | 'ok' {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof IdpError) return Number(e.code);
    throw e;
  }
}

describe('client credentials scope (entra-protocol.md §3.4)', () => {
  const ROWS: Array<[string | undefined, number | 'ok']> = [
    ['api://demo/.default', 'ok'],
    ['https://graph.microsoft.com/.default', 'ok'],
    ['00000003-0000-0000-c000-000000000000/.default', 'ok'],
    ['api://demo/.default api://demo/.default', 'ok'],
    [undefined, 90014],
    ['', 90014],
    ['   ', 90014],
    ['api://demo/read', 1002012],
    ['openid', 1002012],
    ['api://demo/.default openid', 1002012],
    ['User.Read', 1002012],
    ['api://a/.default api://b/.default', 700022],
    ['/.default', 1002012],
  ];
  it.each(ROWS)('scope=%s → %s', (scope, expected) => {
    expect(code(() => parseClientCredentialsScope(scope))).toBe(expected);
  });
  it('keeps the identifier as written', () => {
    expect(parseClientCredentialsScope('api://Demo/.default').identifier).toBe('api://Demo');
  });
});

describe('delegated scope', () => {
  it.each([
    ['User.Read', 'https://graph.microsoft.com', 'User.Read'],
    ['api://demo/access_as_user', 'api://demo', 'access_as_user'],
    ['https://contoso.test/api/read', 'https://contoso.test/api', 'read'],
    ['11111111-2222-3333-4444-555555555555/read', '11111111-2222-3333-4444-555555555555', 'read'],
    ['api://demo/.default', 'api://demo', '.default'],
  ])('splitScope(%s)', (token, identifier, permission) => {
    expect(splitScope(token)).toEqual({ identifier, permission });
  });

  it('separates OIDC scopes from one resource', () => {
    const r = parseDelegatedScope('api://demo/access_as_user openid profile offline_access');
    expect(r.oidc).toEqual(['openid', 'profile', 'offline_access']);
    expect(r.resource).toEqual({ identifier: 'api://demo', permissions: ['access_as_user'], isDefault: false, implied: false, named: true });
  });

  it('only OIDC scopes imply Microsoft Graph with everything consented', () => {
    const r = parseDelegatedScope('openid profile offline_access');
    expect(r.resource).toMatchObject({ identifier: 'https://graph.microsoft.com', isDefault: true, implied: true });
  });

  it.each([
    [undefined, 90014],
    ['api://a/read api://b/read', 700022],
    ['User.Read api://b/read', 700022],
    ['api://a/read API://A/write', 'ok'], // same resource, other case
  ])('%s → %s', (scope, expected) => {
    expect(code(() => parseDelegatedScope(scope))).toBe(expected);
  });

  it('v1 needs resource= and keeps openid from scope', () => {
    expect(code(() => parseV1Resource(undefined, 'openid'))).toBe(900144);
    expect(parseV1Resource('https://graph.microsoft.com', 'openid email junk')).toEqual({
      resource: { identifier: 'https://graph.microsoft.com', permissions: [], isDefault: true, implied: false },
      oidc: ['openid', 'email'],
    });
  });
});

describe('consent', () => {
  const defined = ['access_as_user', 'write'];
  const request = (permissions: string[], isDefault = false) => ({ identifier: 'api://demo', permissions, isDefault, implied: false });
  it.each([
    [request(['access_as_user']), ['access_as_user'], { ok: true, granted: ['access_as_user'] }],
    [request(['ACCESS_AS_USER']), ['access_as_user'], { ok: true, granted: ['access_as_user'] }],
    [request(['write']), ['access_as_user'], { ok: false, code: 65001 }],
    [request(['nope']), ['access_as_user'], { ok: false, code: 70011, scope: 'nope' }],
    [request([], true), ['access_as_user', 'write'], { ok: true, granted: ['access_as_user', 'write'] }],
    [request([], true), [], { ok: false, code: 65001 }],
  ])('%j with consent %j', (req, consented, expected) => {
    expect(grantDelegatedPermissions({ request: req, defined, consented })).toEqual(expected);
  });

  it('an implied Graph sign-in with no consent still signs in', () => {
    expect(grantDelegatedPermissions({ request: { identifier: 'https://graph.microsoft.com', permissions: [], isDefault: true, implied: true }, defined: ['User.Read'], consented: [] })).toEqual({ ok: true, granted: [] });
  });

  it('echoes Graph scopes unprefixed, others qualified, never offline_access [D][O]', () => {
    const graph = { identifier: 'https://graph.microsoft.com', permissions: [], isDefault: true, implied: true };
    expect(responseScope(graph, ['User.Read', 'openid', 'offline_access'], ['openid', 'profile', 'offline_access'], { endpoint: 'v2', isGraph: true })).toBe('User.Read openid profile');
    expect(responseScope(request(['access_as_user']), ['access_as_user'], ['openid', 'offline_access'], { endpoint: 'v2', isGraph: false })).toBe('api://demo/access_as_user openid');
  });

  it.each<[string, string, string[], string]>([
    // [O] issue 13: the real Entra's answer.
    ['https://graph.microsoft.com/.default openid profile offline_access', 'https://graph.microsoft.com', ['User.Read', 'email', 'openid', 'profile', 'offline_access'], 'email openid profile https://graph.microsoft.com/User.Read https://graph.microsoft.com/.default'],
    // The consent's order does not move the OIDC scopes [I].
    ['https://graph.microsoft.com/.default openid profile offline_access', 'https://graph.microsoft.com', ['User.Read', 'openid', 'profile', 'email', 'offline_access'], 'email openid profile https://graph.microsoft.com/User.Read https://graph.microsoft.com/.default'],
    // Bare permissions: as before (Graph unprefixed, then the OIDC scopes asked).
    ['User.Read openid profile offline_access', 'https://graph.microsoft.com', ['User.Read'], 'User.Read openid profile'],
    ['openid profile', 'https://graph.microsoft.com', ['User.Read', 'email', 'openid'], 'User.Read email openid profile'],
    // [I] The same rule for any resource the client named.
    ['HTTPS://GRAPH.MICROSOFT.COM/User.Read openid', 'https://graph.microsoft.com', ['User.Read'], 'openid HTTPS://GRAPH.MICROSOFT.COM/User.Read'],
    ['api://demo/.default openid profile offline_access', 'api://demo', ['access_as_user', 'write'], 'openid profile api://demo/access_as_user api://demo/write api://demo/.default'],
    ['api://demo/.default', 'api://demo', ['access_as_user'], 'api://demo/access_as_user api://demo/.default'],
    ['api://demo/access_as_user offline_access', 'api://demo', ['access_as_user'], 'api://demo/access_as_user'],
    ['00000003-0000-0000-c000-000000000000/.default openid', 'https://graph.microsoft.com', ['User.Read'], 'openid 00000003-0000-0000-c000-000000000000/User.Read 00000003-0000-0000-c000-000000000000/.default'],
  ])('v2 %s → %j', (scope, resource, granted, echoed) => {
    const asked = parseDelegatedScope(scope);
    const isGraph = resource === 'https://graph.microsoft.com';
    expect(responseScope(asked.resource, granted, asked.oidc, { endpoint: 'v2', isGraph })).toBe(echoed);
  });

  it('v1 echoes bare permission values [O §6.2]', () => {
    expect(responseScope(request([]), ['access_as_user', 'write'], ['openid'], { endpoint: 'v1', isGraph: false })).toBe('access_as_user write');
  });
});
