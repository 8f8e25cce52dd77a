import { describe, expect, it } from 'vitest';
import { refusalLines } from '../../src/cli/refusal-line.js';
import { idpError } from '../../src/core/errors/idp-error.js';
import { decideClientType } from '../../src/core/policy/client-type.js';

describe('the refusal line entrada start prints', () => {
  it('says what decided and the fix, and never echoes request values other than grant and client', () => {
    const v = decideClientType({ grant: 'password', redirectUri: { kind: 'absent' }, isFallbackPublicClient: null, credential: 'none', origin: null });
    const text = refusalLines({ error: idpError(7000218, { reason: v }), traceId: 'T', correlationId: 'C', grantType: 'password', clientId: 'APP' });
    expect(text.split('\n')).toEqual([
      "refused AADSTS7000218 (grant_type=password, client APP): The request body must contain the following parameter: 'client_assertion' or 'client_secret'.  [trace T]",
      `  why: grant_type=password carries no redirect URI, so the app's "Allow public client flows" setting decided; it is No, so the app is a confidential client`,
      '  fix: send client_secret or client_assertion, or set Authentication → Advanced settings → Allow public client flows → Yes if this app cannot keep a secret',
    ]);
  });
});
