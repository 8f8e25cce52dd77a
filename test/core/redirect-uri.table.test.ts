import { describe, expect, it } from 'vitest';
import { redirectUriEquals } from '../../src/core/policy/redirect-uri.js';

// [registered, requested, match?] — Entra's reply URL rules (entra-protocol.md §2.2).
const ROWS: Array<[string, string, boolean]> = [
  ['https://app.test/cb', 'https://app.test/cb', true],
  ['https://app.test/cb', 'https://app.test/CB', false], // path is case-sensitive
  ['https://app.test/cb', 'https://APP.test/cb', true], // host is not
  ['https://app.test/cb', 'https://app.test/cb/', false],
  ['https://app.test', 'https://app.test/', true], // no path registered ↔ lone slash
  ['https://app.test/', 'https://app.test', true],
  ['https://app.test:8443/cb', 'https://app.test:9443/cb', false], // ports matter off loopback
  ['http://localhost', 'http://localhost:53127', true], // loopback: any port
  ['http://localhost:3000/cb', 'http://localhost:4000/cb', true],
  ['http://127.0.0.1/cb', 'http://127.0.0.1:61000/cb', true],
  ['http://[::1]/cb', 'http://[::1]:61000/cb', true],
  ['https://localhost:3000/cb', 'https://localhost:4000/cb', false], // the loopback rule is for http
  ['http://localhost/cb', 'http://localhost:61000/other', false],
  ['https://app.test/cb?x=1', 'https://app.test/cb?x=1', true],
  ['https://app.test/cb?x=1', 'https://app.test/cb?x=2', false],
  ['msal00000000-0000-0000-0000-000000000000://auth', 'msal00000000-0000-0000-0000-000000000000://auth', true],
  ['https://app.test/cb', 'not a uri', false],
];

describe('redirect URI matching', () => {
  it.each(ROWS)('%s vs %s → %s', (registered, requested, expected) => {
    expect(redirectUriEquals(registered, requested)).toBe(expected);
  });
});
