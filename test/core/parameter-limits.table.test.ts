// core/policy/parameter-limits.ts: each parameter's cap and character rule (issue 9, findings 1–2),
// as a table of values at, over and around the limits, and the code each refusal carries.

import { describe, expect, it } from 'vitest';
import { checkParameterLimits, parameterProblem, PARAMETER_LIMITS } from '../../src/core/policy/parameter-limits.js';

const x = (n: number) => 'x'.repeat(n);

describe('parameterProblem', () => {
  it.each<[string, string, number | undefined, string?]>([
    // name, value, expected AADSTS code (undefined = accepted), expected OAuth error
    ['username', `${x(64)}@${x(38)}.localhost`, undefined],
    ['username', x(256), undefined],
    ['username', x(257), 9002313, 'invalid_request'],
    ['username', 'alice\u0000@contoso.com', 9002313],
    ['username', 'alice\t@contoso.com', 9002313],
    ['password', x(256), undefined],
    ['password', x(257), 50126, 'invalid_grant'],
    ['password', 'tab\tand\nnewline are fine in a password', undefined],
    ['password', 'but not \u0000', 9002313],
    ['client_id', '00000000-0000-0000-0000-000000000000', undefined],
    ['client_id', x(257), 9002313],
    ['scope', 'openid profile offline_access api://x/.default', undefined],
    ['scope', x(4096), undefined],
    ['scope', x(4097), 70011, 'invalid_scope'],
    ['scope', 'openid\u0007', 70011],
    ['resource', x(1025), 9002313],
    ['redirect_uri', `https://app.example/${x(400)}`, undefined],
    ['redirect_uri', `https://app.example/${x(500)}`, 9002313],
    ['state', 'any\tthing goes in state, even\ncontrols', undefined],
    ['state', x(4097), 9002313],
    ['code', x(4097), 9002313, 'invalid_grant'],
    ['refresh_token', x(8193), 9002313, 'invalid_grant'],
    ['device_code', x(1025), 9002313, 'invalid_grant'],
    ['code_verifier', x(128), undefined],
    ['code_verifier', x(129), 9002313],
    ['code_challenge', x(129), 50147],
    ['otc', 'ABCD-EFGH', undefined],
    ['otc', x(65), 9002313],
    // Not listed: only NUL is refused; the form's 256 KiB limit applies.
    ['client_assertion', x(200_000), undefined],
    ['x-client-SKU', 'MSAL.Node', undefined],
    ['x-client-SKU', 'a\u0000', 9002313],
  ])('%s (%#) → %s', (name, value, code, oauthError) => {
    const problem = parameterProblem(name, value);
    expect(problem?.code).toBe(code);
    if (oauthError) expect(problem?.oauthError).toBe(oauthError);
  });

  it('never quotes an over-long value in the message or detail', () => {
    const value = x(50_000);
    for (const name of Object.keys(PARAMETER_LIMITS)) {
      const problem = parameterProblem(name, value);
      expect(problem, name).toBeDefined();
      expect(problem!.message.length + (problem!.detail?.length ?? 0), name).toBeLessThan(1000);
    }
  });

  it('every limit is at least what a real value of its kind needs', () => {
    // UPN ≤ 113 [D], registered redirect URI ≤ 256 [D], PKCE verifier ≤ 128 (RFC 7636), Entra password ≤ 256 [D].
    expect(PARAMETER_LIMITS.username.maxChars).toBeGreaterThanOrEqual(113);
    expect(PARAMETER_LIMITS.redirect_uri.maxChars).toBeGreaterThanOrEqual(256);
    expect(PARAMETER_LIMITS.code_verifier.maxChars).toBe(128);
    expect(PARAMETER_LIMITS.password.maxChars).toBe(256);
  });
});

describe('checkParameterLimits', () => {
  it('returns the first problem, or undefined', () => {
    expect(checkParameterLimits({ client_id: 'a', scope: 'openid' })).toBeUndefined();
    expect(checkParameterLimits({ client_id: 'a', username: x(300) })?.detail).toContain("'username'");
  });

  it('checks only the names given', () => {
    const params = { client_id: 'a', state: x(5000) };
    expect(checkParameterLimits(params, ['client_id', 'redirect_uri'])).toBeUndefined();
    expect(checkParameterLimits(params)?.code).toBe(9002313);
  });
});
