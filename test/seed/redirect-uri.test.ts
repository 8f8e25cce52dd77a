import { describe, expect, it } from 'vitest';
import { redirectUriEquals } from '../../src/core/policy/redirect-uri.js';
import { parseSeed } from '../../src/seed/load.js';
import { isLoopbackHostname, sameRedirectUriReasons } from '../../src/seed/redirect-uri.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const APP = 'a0000000-0000-4000-8000-000000000003';

type Uris = { web?: string[]; spa?: string[]; publicClient?: string[] };

/** The errors for a one-app seed registering the given redirect URIs (a work/school app: queries allowed). */
function errorsFor(uris: Uris): string[] {
  const seed = {
    tenants: [
      {
        id: TENANT,
        displayName: 'Contoso',
        domains: ['contoso.localhost'],
        applications: [
          {
            appId: APP,
            displayName: 'Portal',
            signInAudience: 'AzureADMyOrg',
            web: { redirectUris: uris.web ?? [] },
            spa: { redirectUris: uris.spa ?? [] },
            publicClient: { redirectUris: uris.publicClient ?? [] },
          },
        ],
      },
    ],
  };
  const result = parseSeed(JSON.stringify(seed), 'seed.json');
  return result.ok ? [] : result.errors;
}

const AT = 'tenants[0].applications[0]';
const ARBITRARY =
  '. A redirect URI must belong to one platform: Entra decides public, confidential or SPA from the platform of the ' +
  'matching URI and picks one arbitrarily when two platforms have it, so token requests would succeed or fail ' +
  'unpredictably. Keep it under Single-page application or Web, not both';

describe('one redirect URI under two platforms: the seed agrees with sign-in (redirectUriEquals)', () => {
  // [web URI, spa URI] that sign-in tells apart, though WHATWG URL normalises them to the same thing.
  const distinct: Array<[string, string]> = [
    ['https://localhost:8080/cb', 'https://localhost:9090/cb'], // the port is ignored only for http loopback
    ['https://app.test:443/cb', 'https://app.test/cb'], // compared as written: ':443' is not elided
    ['https://app.test/a/../cb', 'https://app.test/cb'], // dot segments are not resolved
    ['https://app.test/CB', 'https://app.test/cb'], // the path is case-sensitive
    ['https://app.test/cb?a=1', 'https://app.test/cb'],
    ['https://app.test:8443/cb', 'https://app.test/cb'],
  ];
  it.each(distinct)('accepts %s (Web) and %s (SPA)', (web, spa) => {
    expect(redirectUriEquals(web, spa)).toBe(false);
    expect(errorsFor({ web: [web], spa: [spa] })).toEqual([]);
  });

  // [web URI, spa URI, why] that sign-in treats as one URI.
  const same: Array<[string, string, string]> = [
    ['http://localhost:3000/cb', 'http://localhost:4000/cb', 'ignores the port of loopback redirect URIs'],
    ['http://127.0.0.1/cb', 'http://127.0.0.1:61000/cb', 'ignores the port of loopback redirect URIs'],
    ['http://[::1]:5000/cb', 'http://[::1]/cb', 'ignores the port of loopback redirect URIs'],
    ['https://App.test/cb', 'https://app.test/cb', 'compares the scheme and host case-insensitively'],
    ['HTTPS://app.test/cb', 'https://app.test/cb', 'compares the scheme and host case-insensitively'],
    ['https://app.test', 'https://app.test/', "treats a URI registered without a path as the same URI with a lone '/'"],
    ['http://LOCALHOST:3000', 'http://localhost/',
      "compares the scheme and host case-insensitively, ignores the port of loopback redirect URIs and treats a URI registered without a path as the same URI with a lone '/'"],
  ];
  it.each(same)('rejects %s (Web) with %s (SPA)', (web, spa, why) => {
    expect(redirectUriEquals(web, spa)).toBe(true);
    expect(errorsFor({ web: [web], spa: [spa] })).toEqual([
      `${AT}.spa.redirectUris[0]: '${spa}' matches '${web}' (web.redirectUris[0], Web) because Entra ${why}${ARBITRARY}`,
    ]);
  });

  it('rejects the identical URI under two platforms', () => {
    expect(errorsFor({ web: ['https://app.test/cb'], spa: ['https://app.test/cb'] })).toEqual([
      `${AT}.spa.redirectUris[0]: 'https://app.test/cb' is also registered under Web (web.redirectUris[0])${ARBITRARY}`,
    ]);
  });

  it('compares every pair, not only the first URI of a kind', () => {
    const errors = errorsFor({
      web: ['https://app.test/one', 'http://localhost:3000/cb'],
      spa: ['https://app.test/two'],
      publicClient: ['myapp://auth', 'http://localhost:9999/cb'],
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^tenants\[0\]\.applications\[0\]\.publicClient\.redirectUris\[1\]: 'http:\/\/localhost:9999\/cb' matches 'http:\/\/localhost:3000\/cb' \(web\.redirectUris\[1\], Web\)/,
    );
    expect(errors[0]).toContain('Keep it under Mobile and desktop applications or Web, not both');
  });

  it('within one platform reports only exact repeats', () => {
    expect(errorsFor({ web: ['http://localhost:3000/cb', 'http://localhost:4000/cb', 'https://App.test', 'https://app.test/'] })).toEqual([]);
    expect(errorsFor({ spa: ['http://localhost:3000/cb', 'http://localhost:4000/cb', 'http://localhost:4000/cb'] })).toEqual([
      `${AT}.spa.redirectUris[2]: 'http://localhost:4000/cb' is listed twice (also spa.redirectUris[1])`,
    ]);
  });
});

describe('isLoopbackHostname (core loopback rule, asked of redirectUriEquals)', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['127.0.0.1', true],
    ['[::1]', true],
    ['', false],
    ['localhost.test', false],
    ['127.0.0.2', false],
    ['[::2]', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHostname(host)).toBe(expected);
  });

  it('refuses URIs that are not printable ASCII (they go into Location and CSP headers as written)', () => {
    const problem = 'must be printable ASCII without spaces: write an international host in its xn-- (punycode) form and percent-encode other characters';
    expect(errorsFor({ web: ['https://例え.example/cb', 'https://app.test/€'] })).toEqual([`${AT}.web.redirectUris[0]: ${problem}`, `${AT}.web.redirectUris[1]: ${problem}`]);
    expect(errorsFor({ web: ['https://xn--r8jz45g.example/cb', 'https://app.test/%E2%82%AC'] })).toEqual([]);
  });

  it('keeps http limited to loopback hosts', () => {
    expect(errorsFor({ web: ['http://127.1/cb', 'http://[0:0:0:0:0:0:0:1]/cb'] })).toEqual([]);
    expect(errorsFor({ web: ['http://app.test/cb'] })).toEqual([
      `${AT}.web.redirectUris[0]: http:// is only allowed for localhost, 127.0.0.1 and [::1]; use https://`,
    ]);
  });
});

describe('sameRedirectUriReasons', () => {
  it('names nothing for URIs that are not scheme://host…', () => {
    expect(sameRedirectUriReasons('urn:ietf:wg:oauth:2.0:oob', 'urn:ietf:wg:oauth:2.0:oob')).toEqual([]);
  });
});
