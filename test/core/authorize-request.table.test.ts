import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Application } from '../../src/core/model.js';
import { checkAuthorizeRequest, deliverTo, pkceMatches, type RedirectTarget } from '../../src/core/policy/authorize-request.js';

function app(over: Partial<Application> = {}): Application {
  return {
    id: 'o', appId: '11111111-1111-4111-8111-111111111111', tenantId: 't', displayName: 'App', signInAudience: 'AzureADMyOrg',
    web: { redirectUris: ['https://app.test/cb'], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: true } },
    spa: { redirectUris: ['http://localhost:5173/'] }, publicClient: { redirectUris: [] }, isFallbackPublicClient: null,
    passwordCredentials: [], keyCredentials: [], identifierUris: [], appRoles: [],
    api: { oauth2PermissionScopes: [], requestedAccessTokenVersion: 2 }, requiredResourceAccess: [],
    ...over,
  };
}
const base = { client_id: '11111111-1111-4111-8111-111111111111', redirect_uri: 'https://app.test/cb', response_type: 'code', scope: 'openid', state: 'S' };
const CHALLENGE = 'A'.repeat(43);

// [case, params, endpoint, where the outcome goes, AADSTS code or the platform matched]
const ROWS: Array<[string, Record<string, string | undefined>, 'v1' | 'v2', 'ok' | 'page' | 'redirect', number | string]> = [
  ['a plain code request', {}, 'v2', 'ok', 'web'],
  ['an SPA redirect URI', { redirect_uri: 'http://localhost:5173/' }, 'v2', 'ok', 'spa'],
  ['an unregistered redirect URI', { redirect_uri: 'https://evil.test/cb' }, 'v2', 'page', 50011],
  ['a redirect URI differing in path case', { redirect_uri: 'https://app.test/CB' }, 'v2', 'page', 50011],
  ['no redirect URI, two registered', { redirect_uri: undefined }, 'v2', 'page', 900971],
  ['no response_type', { response_type: undefined }, 'v2', 'redirect', 900144],
  ['an unknown response_type', { response_type: 'code banana' }, 'v2', 'redirect', 70005],
  ['a repeated response_type', { response_type: 'code code' }, 'v2', 'redirect', 70005],
  ['tokens in a query string', { response_type: 'id_token', response_mode: 'query', nonce: 'n' }, 'v2', 'redirect', 70005],
  ['an unknown response_mode', { response_mode: 'web_message' }, 'v2', 'redirect', 90100],
  ['id_token enabled, with nonce', { response_type: 'code id_token', nonce: 'n' }, 'v2', 'ok', 'web'],
  ['id_token without nonce', { response_type: 'id_token' }, 'v2', 'redirect', 900144],
  ['token not enabled', { response_type: 'token' }, 'v2', 'redirect', 700051],
  ['an unknown prompt', { prompt: 'always' }, 'v2', 'redirect', 90100],
  ['prompt=admin_consent on v2', { prompt: 'admin_consent' }, 'v2', 'redirect', 90100],
  ['prompt=admin_consent on v1', { prompt: 'admin_consent', scope: undefined, resource: 'api://x' }, 'v1', 'ok', 'web'],
  ['S256 challenge', { code_challenge: CHALLENGE, code_challenge_method: 'S256' }, 'v2', 'ok', 'web'],
  ['a challenge too short', { code_challenge: 'abc', code_challenge_method: 'S256' }, 'v2', 'redirect', 50147],
  ['an unknown challenge method', { code_challenge: CHALLENGE, code_challenge_method: 'S1' }, 'v2', 'redirect', 50149],
  ['resource on v2', { resource: 'api://x' }, 'v2', 'redirect', 901002],
  ['no scope on v2', { scope: undefined }, 'v2', 'redirect', 90014],
  ['two resources on v2', { scope: 'api://a/x api://b/y' }, 'v2', 'redirect', 700022],
  ['no resource on v1 (Graph sign-in)', { scope: undefined }, 'v1', 'ok', 'web'],
];

describe('/authorize request validation', () => {
  it.each(ROWS)('%s', (_name, over, endpoint, where, expected) => {
    const params = Object.fromEntries(Object.entries({ ...base, ...over }).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const r = checkAuthorizeRequest(endpoint, params, app());
    if (where === 'ok') {
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.request.platform).toBe(expected);
      return;
    }
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([r.show, r.error.code]).toEqual([where, expected]);
    if (r.show === 'redirect') expect(r.target.state).toBe('S');
  });

  it('defaults response_mode by response type, and a plain challenge without method', () => {
    const code = checkAuthorizeRequest('v2', { ...base, code_challenge: CHALLENGE }, app());
    expect(code.ok && [code.request.target.responseMode, code.request.codeChallengeMethod]).toEqual(['query', 'plain']);
    const hybrid = checkAuthorizeRequest('v2', { ...base, response_type: 'code id_token', nonce: 'n' }, app());
    expect(hybrid.ok && hybrid.request.target.responseMode).toBe('fragment');
    expect(hybrid.ok && hybrid.request.scope.oidc).toContain('openid');
  });
});

describe('delivering the response', () => {
  const t = (redirectUri: string, responseMode: RedirectTarget['responseMode'], state?: string): RedirectTarget => ({ redirectUri, responseMode, state });
  it.each([
    [t('https://app.test/cb', 'query', 's'), 'https://app.test/cb?code=c&state=s'],
    [t('https://app.test/cb?tenant=x', 'query'), 'https://app.test/cb?tenant=x&code=c'],
    [t('https://app.test', 'query'), 'https://app.test/?code=c'],
    [t('https://app.test', 'fragment'), 'https://app.test/#code=c'],
    [t('msauth.com.app://auth', 'query'), 'msauth.com.app://auth?code=c'],
    [t('http://localhost:5173/', 'fragment', 'a b'), 'http://localhost:5173/#code=c&state=a+b'],
  ])('%o → %s', (target, location) => {
    expect(deliverTo(target, { code: 'c' })).toEqual({ kind: 'redirect', location });
  });
  it('form_post carries the fields and state to the redirect URI', () => {
    expect(deliverTo(t('https://app.test/cb', 'form_post', 's'), { code: 'c' })).toEqual({ kind: 'form_post', action: 'https://app.test/cb', fields: { code: 'c', state: 's' } });
  });
});

describe('PKCE (RFC 7636 §4.6)', () => {
  const sha = (s: string) => createHash('sha256').update(s).digest('base64url');
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  it.each([
    [sha(verifier), 'S256', verifier, true], // RFC 7636 appendix B
    ['E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'S256', verifier, true],
    [sha(verifier), 'S256', `${verifier}x`, false],
    [verifier, 'plain', verifier, true],
    [verifier, 'S256', verifier, false], // no downgrade: an S256 challenge never matches the verifier itself
    ['short', 'plain', 'short', false], // verifiers shorter than 43 characters are not valid
  ] as const)('%s / %s / %s → %s', (challenge, method, v, ok) => {
    expect(pkceMatches(challenge, method, v, sha)).toBe(ok);
  });
});
