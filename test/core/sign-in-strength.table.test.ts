// What a token of ours says about its user's sign-in (core/tokens/sign-in-strength.ts).

import { describe, expect, it } from 'vitest';
import { aioFor, amrOfToken } from '../../src/core/tokens/sign-in-strength.js';

describe('sign-in strength in tokens', () => {
  it.each<[string, string[]]>([
    ['password', ['pwd']],
    ['password and MFA', ['pwd', 'mfa']],
  ])('a v2 token (aio only) after %s', (_name, amr) => {
    const aio = aioFor('x'.repeat(48), amr);
    expect(aio).toHaveLength(48);
    expect(amrOfToken({ aio })).toEqual(amr);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['v1 amr wins over aio', { amr: ['pwd', 'mfa'], aio: 'Axxx' }, ['pwd', 'mfa']],
    ['v1 amr without MFA', { amr: ['pwd'], aio: 'Exxx' }, ['pwd']],
    ['malformed amr falls back to aio', { amr: [1], aio: 'Exxx' }, ['pwd', 'mfa']],
    ['no aio', {}, ['pwd']],
  ])('%s', (_name, claims, expected) => {
    expect(amrOfToken(claims)).toEqual(expected);
  });
});
