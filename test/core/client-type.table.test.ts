// The client-type decision as tables (entra-protocol.md §2.2, §2.4), checked over every
// combination of grant × redirect URI platform × "Allow public client flows" × credential ×
// Origin header (× the refresh token's recorded type, × PKCE for codes).
// Table 1 says which client type applies and what decided it; table 2 says what each client
// type accepts. Both are written out by hand from the reference, not derived from the code.

import { describe, expect, it } from 'vitest';
import {
  decideClientType,
  describeDecision,
  GRANT_KINDS,
  pageReadableGrant,
  type ClientTypeInput,
  type CredentialPresented,
  type GrantKind,
  type RedirectUriMatch,
} from '../../src/core/policy/client-type.js';
import type { ClientType } from '../../src/core/model.js';

type RedirectCase = 'absent' | 'web' | 'spa' | 'publicClient' | 'unregistered';
type Fallback = true | false | null;
type Issued = ClientType | undefined;
type DecidedBy = 'grant' | 'redirect_uri' | 'fallback_setting' | 'issued_grant';
const ANY = '*' as const;

const REDIRECTS: RedirectCase[] = ['absent', 'web', 'spa', 'publicClient', 'unregistered'];
const FALLBACKS: Fallback[] = [true, false, null];
const CREDENTIALS: CredentialPresented[] = ['none', 'secret', 'assertion'];
const ORIGINS: Array<string | null> = [null, 'https://app.contoso.test'];
const ISSUED: Issued[] = [undefined, 'confidential', 'public', 'spa'];

// Table 1: [grant, redirect, fallback, issued refresh type] → [client type, decided by] | 'refused-50011'.
// First matching row wins.
type Row1 = [GrantKind | typeof ANY, RedirectCase | typeof ANY, Fallback | typeof ANY, Issued | typeof ANY, [ClientType, DecidedBy] | 'refused-50011'];
const TABLE_1: Row1[] = [
  // Rule 3: always confidential, registration ignored [D].
  ['client_credentials', ANY, ANY, ANY, ['confidential', 'grant']],
  ['on_behalf_of', ANY, ANY, ANY, ['confidential', 'grant']],
  // Authorization code: the redirect URI's platform; no registered URI → AADSTS50011.
  ['authorization_code', 'web', ANY, ANY, ['confidential', 'redirect_uri']],
  ['authorization_code', 'publicClient', ANY, ANY, ['public', 'redirect_uri']],
  ['authorization_code', 'spa', ANY, ANY, ['spa', 'redirect_uri']],
  ['authorization_code', 'absent', ANY, ANY, 'refused-50011'],
  ['authorization_code', 'unregistered', ANY, ANY, 'refused-50011'],
  // Refresh: the type the token was issued under, whatever redirect URI is named [I] — so a
  // confidential token cannot shed its secret, nor an SPA token its cross-origin rule.
  ['refresh_token', ANY, ANY, 'confidential', ['confidential', 'issued_grant']],
  ['refresh_token', ANY, ANY, 'public', ['public', 'issued_grant']],
  ['refresh_token', ANY, ANY, 'spa', ['spa', 'issued_grant']],
  // Rule 1 applies to every other grant that carries a registered redirect URI.
  [ANY, 'web', ANY, ANY, ['confidential', 'redirect_uri']],
  [ANY, 'publicClient', ANY, ANY, ['public', 'redirect_uri']],
  [ANY, 'spa', ANY, ANY, ['spa', 'redirect_uri']],
  // Rule 2: no (usable) redirect URI → "Allow public client flows"; null means No [D].
  [ANY, ANY, true, ANY, ['public', 'fallback_setting']],
  [ANY, ANY, false, ANY, ['confidential', 'fallback_setting']],
  [ANY, ANY, null, ANY, ['confidential', 'fallback_setting']],
];

// Table 2: [client type, credential, origin present] → refusal code or 'ok' [D][O].
type Row2 = [ClientType, CredentialPresented | typeof ANY, boolean | typeof ANY, number | 'ok'];
const TABLE_2: Row2[] = [
  ['confidential', ANY, true, 9002326], // Origin on a non-SPA request, checked before credentials
  ['public', ANY, true, 9002326],
  ['spa', ANY, false, 9002327], // SPA tokens only cross-origin
  ['spa', 'secret', true, 700025],
  ['spa', 'assertion', true, 700025],
  ['spa', 'none', true, 'ok'],
  ['confidential', 'none', false, 7000218],
  ['confidential', 'secret', false, 'ok'],
  ['confidential', 'assertion', false, 'ok'],
  ['public', 'none', false, 'ok'],
  ['public', 'secret', false, 700025],
  ['public', 'assertion', false, 700025],
];

const matches = <T>(pattern: T | typeof ANY, value: T) => pattern === ANY || pattern === value;

function expectedType(grant: GrantKind, redirect: RedirectCase, fallback: Fallback, issued: Issued) {
  const row = TABLE_1.find(([g, r, f, i]) => matches(g, grant) && matches(r, redirect) && matches(f, fallback) && matches(i, issued));
  if (!row) throw new Error(`table 1 has no row for ${grant}/${redirect}/${fallback}/${issued}`);
  return row[4];
}

function expectedOutcome(type: ClientType, credential: CredentialPresented, origin: boolean) {
  const row = TABLE_2.find(([t, c, o]) => t === type && matches(c, credential) && matches(o, origin));
  if (!row) throw new Error(`table 2 has no row for ${type}/${credential}/${origin}`);
  return row[3];
}

function redirectMatch(r: RedirectCase): RedirectUriMatch {
  if (r === 'absent') return { kind: 'absent' };
  if (r === 'unregistered') return { kind: 'unregistered', uri: 'https://elsewhere.test/cb' };
  return { kind: 'registered', uri: `https://${r}.test/cb`, registeredAs: `https://${r}.test/cb`, platform: r };
}

const rows: Array<[string, ClientTypeInput, ReturnType<typeof expectedType>, RedirectCase]> = [];
for (const grant of GRANT_KINDS)
  for (const redirect of REDIRECTS)
    for (const fallback of FALLBACKS)
      for (const credential of CREDENTIALS)
        for (const origin of ORIGINS)
          for (const issued of grant === 'refresh_token' ? ISSUED : [undefined]) {
            const input: ClientTypeInput = {
              grant,
              redirectUri: redirectMatch(redirect),
              isFallbackPublicClient: fallback,
              credential,
              origin,
              issuedClientType: issued,
              codeHasPkce: grant === 'authorization_code' ? true : undefined,
            };
            const name = `${grant} redirect=${redirect} fallback=${fallback} cred=${credential} origin=${origin ? 'yes' : 'no'}${issued ? ` issued=${issued}` : ''}`;
            rows.push([name, input, expectedType(grant, redirect, fallback, issued), redirect]);
          }

describe('client-type decision: every combination', () => {
  it('covers the whole space', () => {
    // 7 grants × 5 redirects × 3 settings × 3 credentials × 2 origins, refresh × 4 issued types.
    expect(rows.length).toBe(6 * 5 * 3 * 3 * 2 + 5 * 3 * 3 * 2 * 4);
  });

  it.each(rows)('%s', (_name, input, expected) => {
    const verdict = decideClientType(input);
    if (expected === 'refused-50011') {
      expect(verdict.refusal?.code).toBe(50011);
      expect(verdict.rule).toBe('redirect-uri-unregistered');
      return;
    }
    const [type, decidedBy] = expected;
    expect(verdict.clientType).toBe(type);
    expect(verdict.decidedBy.by).toBe(decidedBy);
    expect(verdict.credentialRule).toBe(type === 'confidential' ? 'required' : 'forbidden');
    const outcome = expectedOutcome(type, input.credential, input.origin !== null);
    if (outcome === 'ok') expect(verdict.refusal).toBeUndefined();
    else expect(verdict.refusal?.code).toBe(outcome);
    if (outcome === 9002326) expect(verdict.refusal).toEqual({ code: 9002326, args: { origin: input.origin } });
    expect(describeDecision(verdict.decidedBy).length).toBeGreaterThan(20);
  });
});

describe('client-type decision: named cases from the reference', () => {
  const base: ClientTypeInput = { grant: 'password', redirectUri: { kind: 'absent' }, isFallbackPublicClient: false, credential: 'none', origin: null };

  it('ROPC on an app with public flows off is confidential and needs a secret (the founding 7000218)', () => {
    const v = decideClientType(base);
    expect(v.refusal?.code).toBe(7000218);
    expect(v.decidedBy).toEqual({ by: 'fallback_setting', isFallbackPublicClient: false, grant: 'password' });
    expect(describeDecision(v.decidedBy)).toContain('"Allow public client flows"');
  });

  it('client credentials stay confidential when public flows are allowed [I, widely relied upon]', () => {
    const v = decideClientType({ ...base, grant: 'client_credentials', isFallbackPublicClient: true, credential: 'none' });
    expect(v.refusal?.code).toBe(7000218);
  });

  it('a public redirect URI with a secret is 700025 and names the URI', () => {
    const v = decideClientType({
      ...base,
      grant: 'authorization_code',
      redirectUri: { kind: 'registered', uri: 'http://localhost:5000', registeredAs: 'http://localhost', platform: 'publicClient' },
      credential: 'secret',
      codeHasPkce: true,
    });
    expect(v.refusal?.code).toBe(700025);
    expect(describeDecision(v.decidedBy)).toContain("'http://localhost:5000' matched 'http://localhost'");
  });

  it('cross-origin SPA code redemption without PKCE is 9002325', () => {
    const v = decideClientType({
      ...base,
      grant: 'authorization_code',
      redirectUri: { kind: 'registered', uri: 'http://localhost:5173/', registeredAs: 'http://localhost:5173/', platform: 'spa' },
      origin: 'http://localhost:5173',
      codeHasPkce: false,
    });
    expect(v.refusal?.code).toBe(9002325);
  });

  it('a SPA code redeemed without PKCE and without Origin is 9002325: PKCE is checked before the Origin rule [O]', () => {
    const v = decideClientType({
      ...base,
      grant: 'authorization_code',
      redirectUri: { kind: 'registered', uri: 'http://localhost:4200/', registeredAs: 'http://localhost:4200/', platform: 'spa' },
      origin: null,
      codeHasPkce: false,
    });
    expect(v.refusal?.code).toBe(9002325);
  });

  it('client credentials from a browser get 9002326, not 7000218 (Origin is checked first) [O]', () => {
    const v = decideClientType({ ...base, grant: 'client_credentials', origin: 'https://scalar.test', credential: 'secret' });
    expect(v.refusal).toEqual({ code: 9002326, args: { origin: 'https://scalar.test' } });
  });

  it('device code polling with public flows off is 7000218 (the first poll fails) [O]', () => {
    expect(decideClientType({ ...base, grant: 'device_code' }).refusal?.code).toBe(7000218);
    expect(decideClientType({ ...base, grant: 'device_code', isFallbackPublicClient: true }).refusal).toBeUndefined();
  });
});

// Which token answers a browser page may read (CORS), whatever the client type decided.
describe('pageReadableGrant', () => {
  it.each([
    ['authorization_code', true],
    ['refresh_token', true],
    ['password', false],
    ['client_credentials', false],
    ['urn:ietf:params:oauth:grant-type:device_code', false],
    ['urn:ietf:params:oauth:grant-type:saml2-bearer', false],
    ['Authorization_Code', false],
    [undefined, false],
  ])('%s → %s', (grantType, readable) => {
    expect(pageReadableGrant(grantType)).toBe(readable);
  });
});
