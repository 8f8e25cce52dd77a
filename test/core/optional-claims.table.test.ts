// Optional claims (core/tokens/optional-claims.ts; issue 18): which claim each configured name adds
// to which token, the names and properties a registration may hold, and where the claims go.

import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/core/hash.js';
import {
  loginHintFor,
  loginHintUser,
  optionalClaimProblems,
  placeClaims,
  readOptionalClaims,
  sessionId,
  tokenExtras,
  type OptionalClaim,
  type OptionalClaimFacts,
} from '../../src/core/tokens/optional-claims.js';
import { graphTokenScopes } from '../../src/core/tokens/userinfo.js';

const alice = {
  userPrincipalName: 'alice@contoso.localhost',
  mail: 'alice.example@contoso.localhost',
  givenName: 'Alice',
  surname: 'Example',
  country: 'fr',
  preferredLanguage: 'fr-FR',
};
const bare = { userPrincipalName: 'desk@contoso.localhost', mail: null, givenName: null, surname: null };
const tenant = { countryLetterCode: 'DE', preferredLanguage: 'de-DE' };

function facts(over: Partial<OptionalClaimFacts> = {}): OptionalClaimFacts {
  return {
    token: 'id',
    version: 2,
    user: alice,
    tenant,
    oidc: ['openid', 'profile'],
    clientAddress: '203.0.113.7',
    authTime: 1_700_000_000,
    sessionId: 'S-ID',
    resourceAppId: 'API-APP-ID',
    ...over,
  };
}

const claim = (name: string, additionalProperties: string[] = [], source: string | null = null): OptionalClaim => ({ name, source, essential: false, additionalProperties });

describe('tokenExtras: each configured claim, by token and version [D: optional-claims-reference.md]', () => {
  it.each<[string, OptionalClaim[], Partial<OptionalClaimFacts>, Record<string, unknown>, string?]>([
    ['nothing configured, v2: nothing', [], {}, {}],
    ['nothing configured, v1 user token: ipaddr, "always included in v1.0 tokens"', [], { version: 1 }, { ipaddr: '203.0.113.7' }],
    ['nothing configured, v1 app-only: no ipaddr [I]', [], { version: 1, token: 'access', user: undefined }, {}],
    ['acct: 0 for a member', [claim('acct')], {}, { acct: 0 }],
    ['auth_time: the sign-in, seconds', [claim('auth_time')], {}, { auth_time: 1_700_000_000 }],
    ['ctry: a two-letter country, upper case', [claim('ctry')], {}, { ctry: 'FR' }],
    ['ctry: a country that is not two letters is left out', [claim('ctry')], { user: { ...alice, country: 'France' } }, {}],
    ['ctry: no country, nothing', [claim('ctry')], { user: bare }, {}],
    ['tenant_ctry: the tenant country letter code', [claim('tenant_ctry')], {}, { tenant_ctry: 'DE' }],
    ['tenant_ctry: a tenant without one', [claim('tenant_ctry')], { tenant: {} }, {}],
    ['email: the mail address, without the email scope [D]', [claim('email')], { oidc: ['openid'] }, { email: 'alice.example@contoso.localhost' }],
    ['email: no mail, nothing', [claim('email')], { user: bare }, {}],
    ['family_name, given_name, upn on v2 with profile', [claim('family_name'), claim('given_name'), claim('upn')], {}, { family_name: 'Example', given_name: 'Alice', upn: 'alice@contoso.localhost' }],
    ['family_name, given_name, upn on v2 without profile: none [D: "Requires the profile scope"]', [claim('family_name'), claim('given_name'), claim('upn')], { oidc: ['openid'] }, {}],
    ['family_name, given_name, upn on v1: defaults already, not added again', [claim('family_name'), claim('given_name'), claim('upn')], { version: 1 }, { ipaddr: '203.0.113.7' }],
    ['upn: include_externally_authenticated_upn changes only guests (none here)', [claim('upn', ['include_externally_authenticated_upn'])], {}, { upn: 'alice@contoso.localhost' }],
    ['preferred_username: v1 only', [claim('preferred_username')], { version: 1 }, { ipaddr: '203.0.113.7', preferred_username: 'alice@contoso.localhost' }],
    ['preferred_username: v2 has it by default', [claim('preferred_username')], {}, {}],
    ['ipaddr: v2 optional', [claim('ipaddr')], {}, { ipaddr: '203.0.113.7' }],
    ['login_hint: opaque, names the user', [claim('login_hint')], {}, { login_hint: loginHintFor('alice@contoso.localhost') }],
    ['sid: the session id', [claim('sid')], {}, { sid: 'S-ID' }],
    ['xms_pl: the user preferred language, LL-CC lower case', [claim('xms_pl')], {}, { xms_pl: 'fr-fr' }],
    ['xms_tpl: the tenant language, LL', [claim('xms_tpl')], {}, { xms_tpl: 'de' }],
    ['idtyp in an ID token: nothing', [claim('idtyp')], {}, {}],
    ['idtyp in a user access token: nothing without include_user_token', [claim('idtyp')], { token: 'access' }, {}],
    ['idtyp include_user_token: user', [claim('idtyp', ['include_user_token'])], { token: 'access' }, { idtyp: 'user' }],
    ['idtyp in a v2 app-only token: app', [claim('idtyp')], { token: 'access', user: undefined }, { idtyp: 'app' }],
    ['app-only: user claims are left out, tenant ones kept [I]', [claim('acct'), claim('email'), claim('ctry'), claim('tenant_ctry'), claim('xms_tpl'), claim('sid')], { token: 'access', user: undefined }, { tenant_ctry: 'DE', xms_tpl: 'de' }],
    ['claims without data in Entrada are never emitted', ['fwd', 'vnet', 'in_corp', 'onprem_sid', 'pwd_exp', 'pwd_url', 'tenant_region_scope', 'verified_primary_email', 'verified_secondary_email', 'xms_edov', 'xms_pdl', 'ztdid', 'acrs', 'xms_cc', 'groups'].map((n) => claim(n)), {}, {}],
    ['a directory extension (source user): none, Entrada users have none', [claim('extension_ab603c56068041afb2f6832e2a17e237_skypeId', [], 'user')], {}, {}],
    ['essential changes nothing', [{ ...claim('acct'), essential: true }], {}, { acct: 0 }],
  ])('%s', (_name, configured, over, expected) => {
    const result = tokenExtras(configured, facts(over));
    expect(result.claims).toEqual(expected);
    expect(result.audience).toBeUndefined();
  });

  it.each<[string, Partial<OptionalClaimFacts>, string | undefined]>([
    ['v1 access token: the resource app id', { token: 'access', version: 1 }, 'API-APP-ID'],
    ['v1 app-only access token too', { token: 'access', version: 1, user: undefined }, 'API-APP-ID'],
    ['v2 access token: no effect (always the app id) [D]', { token: 'access', version: 2 }, undefined],
    ['ID token: no effect [D]', { token: 'id', version: 1 }, undefined],
  ])('aud use_guid, %s', (_name, over, audience) => {
    expect(tokenExtras([claim('aud', ['use_guid'])], facts(over)).audience).toBe(audience);
    expect(tokenExtras([claim('aud')], facts(over)).audience).toBeUndefined();
  });
});

describe('optionalClaimProblems: what a registration may hold', () => {
  it.each<[string, Pick<OptionalClaim, 'name' | 'source' | 'additionalProperties'>, RegExp | null]>([
    ['a documented claim', { name: 'ctry', source: null, additionalProperties: [] }, null],
    ['upn with its property', { name: 'upn', source: null, additionalProperties: ['include_externally_authenticated_upn_without_hash'] }, null],
    ['groups with its properties (the groups rules read them)', { name: 'groups', source: null, additionalProperties: ['emit_as_roles', 'sam_account_name'] }, null],
    ['a directory extension', { name: 'extension_ab603c56068041afb2f6832e2a17e237_skypeId', source: 'user', additionalProperties: [] }, null],
    ['a typo', { name: 'ctyr', source: null, additionalProperties: [] }, /'ctyr' is not an optional claim Entra defines/],
    ['another source', { name: 'ctry', source: 'group', additionalProperties: [] }, /source must be null .* or "user"/],
    ['a property the claim does not take', { name: 'ctry', source: null, additionalProperties: ['use_guid'] }, /'use_guid' is not an additional property of 'ctry'; it takes none/],
    ['aud takes use_guid', { name: 'aud', source: null, additionalProperties: ['use_guid'] }, null],
  ])('%s', (_name, value, problem) => {
    const problems = optionalClaimProblems(value);
    if (problem === null) expect(problems).toEqual([]);
    else expect(problems.join(' ')).toMatch(problem);
  });
});

describe('readOptionalClaims: the stored value, leniently', () => {
  it.each<[string, unknown, Record<string, number>]>([
    ['absent', undefined, { idToken: 0, accessToken: 0, saml2Token: 0 }],
    ['null', null, { idToken: 0, accessToken: 0, saml2Token: 0 }],
    ['not an object', ['x'], { idToken: 0, accessToken: 0, saml2Token: 0 }],
    ['entries without a string name are skipped', { idToken: [{ name: 'acct' }, { name: 3 }, null, 'x'], accessToken: 'nope' }, { idToken: 1, accessToken: 0, saml2Token: 0 }],
  ])('%s', (_name, value, counts) => {
    const read = readOptionalClaims(value);
    expect({ idToken: read.idToken.length, accessToken: read.accessToken.length, saml2Token: read.saml2Token.length }).toEqual(counts);
  });

  it('fills Graph defaults: source null, essential false, no additional properties', () => {
    expect(readOptionalClaims({ idToken: [{ name: 'acct' }] }).idToken).toEqual([{ name: 'acct', source: null, essential: false, additionalProperties: [] }]);
  });
});

describe('placeClaims: after aud/iss/iat/nbf/exp, alphabetically, never duplicating', () => {
  const base = { aud: 'a', iss: 'i', iat: 1, nbf: 1, exp: 2, aio: 'x', name: 'n', oid: 'o', tid: 't', ver: '2.0' };
  it.each<[string, Record<string, unknown>, string[]]>([
    ['nothing', {}, ['aud', 'iss', 'iat', 'nbf', 'exp', 'aio', 'name', 'oid', 'tid', 'ver']],
    ['acct before aio, ctry and email between aio and name', { email: 'e', acct: 0, ctry: 'FR' }, ['aud', 'iss', 'iat', 'nbf', 'exp', 'acct', 'aio', 'ctry', 'email', 'name', 'oid', 'tid', 'ver']],
    ['xms_pl last', { xms_pl: 'en-us', sid: 's' }, ['aud', 'iss', 'iat', 'nbf', 'exp', 'aio', 'name', 'oid', 'sid', 'tid', 'ver', 'xms_pl']],
    ['a claim already there keeps its value', { name: 'other', auth_time: 5 }, ['aud', 'iss', 'iat', 'nbf', 'exp', 'aio', 'auth_time', 'name', 'oid', 'tid', 'ver']],
  ])('%s', (_name, extra, keys) => {
    const out = placeClaims(base, extra);
    expect(Object.keys(out)).toEqual(keys);
    expect(out.name).toBe('n');
  });
});

describe('login_hint and sid', () => {
  it.each<[string, string, string]>([
    ['a claim Entrada issued reads back as the user name', loginHintFor('alice@contoso.localhost'), 'alice@contoso.localhost'],
    ['a UPN stays a UPN', 'alice@contoso.localhost', 'alice@contoso.localhost'],
    ['an opaque value of someone else stays as it came', 'O.CiQ3ZmEzYmY2Ny1m', 'O.CiQ3ZmEzYmY2Ny1m'],
    ['not JSON', `O.${Buffer.from('nope').toString('base64url')}`, `O.${Buffer.from('nope').toString('base64url')}`],
    ['JSON without upn', `O.${Buffer.from('{"x":1}').toString('base64url')}`, `O.${Buffer.from('{"x":1}').toString('base64url')}`],
  ])('%s', (_name, hint, user) => {
    expect(loginHintUser(hint)).toBe(user);
  });

  it('sid is GUID-shaped, the same for one sign-in, different for another', () => {
    const one = sessionId('T', 'U', '2026-01-01T00:00:00.000Z', sha256);
    expect(one).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sessionId('t', 'u', '2026-01-01T00:00:00.000Z', sha256)).toBe(one);
    expect(sessionId('T', 'U', '2026-01-01T00:00:01.000Z', sha256)).not.toBe(one);
  });
});

describe('graphTokenScopes: Graph tokens carry the OpenID scopes asked [O]', () => {
  it.each<[string[], string[], string[]]>([
    // The order of captured Graph tokens: "openid profile User.Read email" [O].
    [['User.Read'], ['openid', 'profile', 'email', 'offline_access'], ['openid', 'profile', 'User.Read', 'email']],
    [['User.Read', 'Mail.Read'], ['email', 'openid'], ['openid', 'User.Read', 'Mail.Read', 'email']],
    [['User.Read', 'openid', 'profile'], ['openid', 'profile'], ['User.Read', 'openid', 'profile']],
    [['User.Read'], [], ['User.Read']],
    [[], ['openid'], ['openid']],
  ])('%j + %j → %j', (granted, oidc, expected) => {
    expect(graphTokenScopes(granted, oidc)).toEqual(expected);
  });
});
