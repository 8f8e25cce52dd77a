// The portal's decision simulator as a table: a registration, a request, and what the token
// endpoint answers (issue 14). Written from the founding problem and entra-protocol.md §2, not
// derived from the code; the last test checks the simulator and the decision never disagree.

import { describe, expect, it } from 'vitest';
import { decideClientType, GRANT_KINDS, type CredentialPresented } from '../../src/core/policy/client-type.js';
import { matchRedirectUri } from '../../src/core/policy/redirect-uri.js';
import { simulateTokenRequest, type SimulatedRegistration, type SimulatedRequest } from '../../src/core/policy/simulate-token-request.js';

const APP_ID = '11111111-2222-4333-8444-555555555555';

function registration(o: { web?: string[]; spa?: string[]; publicClient?: string[]; fallback?: boolean | null } = {}): SimulatedRegistration {
  return {
    appId: APP_ID,
    web: { redirectUris: o.web ?? [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
    spa: { redirectUris: o.spa ?? [] },
    publicClient: { redirectUris: o.publicClient ?? [] },
    isFallbackPublicClient: o.fallback ?? null,
  };
}

const BARE = registration();
const PUBLIC_FLOWS = registration({ fallback: true });
const MIXED = registration({ web: ['https://app.test/cb'], spa: ['https://spa.test/'], publicClient: ['msalapp://auth'] });

type Row = [string, SimulatedRegistration, SimulatedRequest, 'accepted' | number, string?];
const TABLE: Row[] = [
  // The founding problem: ROPC without a secret, "Allow public client flows" No → 7000218; Yes → accepted.
  ['ROPC, public flows off, no secret', BARE, { grant: 'password', credential: 'none', origin: null }, 7000218, 'Allow public client flows'],
  ['ROPC, public flows on, no secret', PUBLIC_FLOWS, { grant: 'password', credential: 'none', origin: null }, 'accepted'],
  ['ROPC, public flows on, with a secret', PUBLIC_FLOWS, { grant: 'password', credential: 'secret', origin: null }, 700025, 'Allow public client flows'],
  ['device code, public flows off', BARE, { grant: 'device_code', credential: 'none', origin: null }, 7000218],
  ['client credentials without a secret', PUBLIC_FLOWS, { grant: 'client_credentials', credential: 'none', origin: null }, 7000218, 'cannot be made public'],
  ['client credentials with an assertion', BARE, { grant: 'client_credentials', credential: 'assertion', origin: null }, 'accepted'],
  ['code for a Web URI, no secret', MIXED, { grant: 'authorization_code', redirectUri: 'https://app.test/cb', credential: 'none', origin: null }, 7000218, "register 'https://app.test/cb' under Mobile and desktop"],
  ['code for a Web URI, with a secret', MIXED, { grant: 'authorization_code', redirectUri: 'https://app.test/cb', credential: 'secret', origin: null }, 'accepted'],
  ['code for an SPA URI, from a browser', MIXED, { grant: 'authorization_code', redirectUri: 'https://spa.test/', credential: 'none', origin: 'https://spa.test' }, 'accepted'],
  ['code for an SPA URI, from a server', MIXED, { grant: 'authorization_code', redirectUri: 'https://spa.test/', credential: 'none', origin: null }, 9002327],
  ['code for an SPA URI, without PKCE', MIXED, { grant: 'authorization_code', redirectUri: 'https://spa.test/', credential: 'none', origin: 'https://spa.test', codeHasPkce: false }, 9002325],
  ['code for a Web URI, from a browser', MIXED, { grant: 'authorization_code', redirectUri: 'https://app.test/cb', credential: 'none', origin: 'https://app.test' }, 9002326],
  ['code for a native URI, no secret', MIXED, { grant: 'authorization_code', redirectUri: 'msalapp://auth', credential: 'none', origin: null }, 'accepted'],
  ['code for an unregistered URI', MIXED, { grant: 'authorization_code', redirectUri: 'https://elsewhere.test/', credential: 'secret', origin: null }, 50011],
  ['refresh issued to an SPA, from a server', MIXED, { grant: 'refresh_token', credential: 'none', origin: null, issuedClientType: 'spa' }, 9002327],
];

describe('simulateTokenRequest', () => {
  it.each(TABLE)('%s', (_name, app, request, expected, fixMentions) => {
    const v = simulateTokenRequest(app, request);
    if (expected === 'accepted') {
      expect(v.accepted).toBe(true);
      expect(v.refusal).toBeUndefined();
      return;
    }
    expect(v.accepted).toBe(false);
    expect(v.refusal?.code).toBe(expected);
    // The message is the token endpoint's own, with the app id filled in where the message has one.
    expect(v.refusal?.message).toMatch(new RegExp(`^AADSTS${expected}: `));
    if (expected === 7000218) expect(v.refusal?.error).toBe('invalid_client');
    if (fixMentions) expect(`${v.decidedBy} ${v.fix}`).toContain(fixMentions);
  });

  it('agrees with decideClientType on every grant × redirect × credential × Origin of a mixed registration', () => {
    const uris = [undefined, 'https://app.test/cb', 'https://spa.test/', 'msalapp://auth', 'https://elsewhere.test/'];
    const credentials: CredentialPresented[] = ['none', 'secret', 'assertion'];
    for (const app of [MIXED, PUBLIC_FLOWS, BARE]) {
      for (const grant of GRANT_KINDS) {
        for (const redirectUri of uris) {
          for (const credential of credentials) {
            for (const origin of [null, 'https://spa.test']) {
              const decided = decideClientType({
                grant,
                redirectUri: matchRedirectUri(app, redirectUri),
                isFallbackPublicClient: app.isFallbackPublicClient,
                credential,
                origin,
                ...(grant === 'authorization_code' ? { codeHasPkce: true } : {}),
              });
              const simulated = simulateTokenRequest(app, { grant, redirectUri, credential, origin });
              expect([simulated.rule, simulated.refusal?.code]).toEqual([decided.rule, decided.refusal?.code]);
            }
          }
        }
      }
    }
  });
});
