import { describe, expect, it } from 'vitest';
import { explainRefusal } from '../../src/core/errors/explain.js';
import { idpError, refusalError } from '../../src/core/errors/idp-error.js';
import { withAppId } from '../../src/core/errors/message-args.js';
import { decideClientType, type ClientTypeInput } from '../../src/core/policy/client-type.js';

function refusal(input: ClientTypeInput) {
  const v = decideClientType(input);
  return refusalError(withAppId(v.refusal!, 'app'), { verdict: v });
}
const base: ClientTypeInput = { grant: 'password', redirectUri: { kind: 'absent' }, isFallbackPublicClient: false, credential: 'none', origin: null };

describe('explaining refusals', () => {
  it('names "Allow public client flows" and its value for ROPC without a secret (the founding case)', () => {
    const e = explainRefusal(refusal(base));
    expect(e.why).toBe(`grant_type=password carries no redirect URI, so the app's "Allow public client flows" setting decided; it is No, so the app is a confidential client`);
    expect(e.fix).toContain('Allow public client flows → Yes');
  });

  it('names the redirect URI and its platform for a Web URI without a secret', () => {
    const e = explainRefusal(refusal({ ...base, grant: 'authorization_code', codeHasPkce: true, redirectUri: { kind: 'registered', uri: 'https://app.test/cb', registeredAs: 'https://app.test/cb', platform: 'web' } }));
    expect(e.why).toContain("registered under the Web platform");
    expect(e.fix).toContain("register 'https://app.test/cb' under Mobile and desktop applications instead of Web");
  });

  it('says client credentials cannot be public', () => {
    expect(explainRefusal(refusal({ ...base, grant: 'client_credentials', isFallbackPublicClient: true })).fix).toContain('cannot be made public');
  });

  it('tells a public client to stop sending its secret, naming the setting', () => {
    expect(explainRefusal(refusal({ ...base, isFallbackPublicClient: true, credential: 'secret' })).fix).toContain('Allow public client flows → No');
  });

  it('falls back to the catalogue fix for refusals the decision did not make', () => {
    const err = idpError(50126);
    expect(explainRefusal(err)).toEqual({ fix: err.entry.fix });
    // A wrong secret carries the (passing) verdict, but the client type is not why it failed.
    const passing = decideClientType({ ...base, grant: 'client_credentials', credential: 'secret' });
    const wrongSecret = idpError(7000215, { args: { appId: 'x' }, verdict: passing });
    expect(explainRefusal(wrongSecret)).toEqual({ fix: wrongSecret.entry.fix });
  });
});
