// The AADSTS catalogue: every entry complete and consistent, docs/errors.md in step with it,
// and the message formatting that IdpError builds on.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allCodes, catalogue, isAadstsCode, lookupCode, placeholdersOf, type AadstsCode } from '../../src/core/errors/catalogue.js';
import { IdpError, formatMessage, idpError } from '../../src/core/errors/idp-error.js';
import type { OAuthError } from '../../src/core/errors/types.js';

const OAUTH_ERRORS: readonly OAuthError[] = [
  'invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type',
  'invalid_scope', 'invalid_resource', 'invalid_tenant', 'invalid_instance', 'interaction_required',
  'login_required', 'consent_required', 'access_denied', 'unsupported_response_type', 'authorization_pending',
  'authorization_declined', 'expired_token', 'bad_verification_code', 'server_error', 'temporarily_unavailable',
];

/** The codes the catalogue must carry (the token, authorize and discovery refusals Entrada implements). */
const REQUIRED = `900144 70003 700016 700038 7000215 7000222 7000218 700025 9002326 9002327 9002325 90002 900023
  50126 50034 50053 50055 50057 50076 9001023 70011 1002012 90014 700022 901002 500011 65001 70000 70008 700082
  700084 50173 9002313 900561 50059 7000112 50011 500113 900971 54005 501481 50148 50147 50149 700005 700027 700024
  700023 700021 50048 50027 50012 70021 700211 700212 700213 7002138 700229 7000114 500131 50013 500133 70016 70020
  70018 70019 90120 90119 50107 50008 90020 700054 700051 50058 50049 650057 650053 28002 28003 50194 53003 70043
  50079 50000 90055`
  .split(/\s+/)
  .filter(Boolean)
  .map(Number);

const codes = allCodes();

describe('catalogue entries', () => {
  it('has the codes Entrada sends', () => {
    expect(REQUIRED.filter((c) => !isAadstsCode(c))).toEqual([]);
  });

  it.each(codes.map((c) => [c, catalogue[c]] as const))('AADSTS%i is complete', (_code, entry) => {
    expect(entry.name).toMatch(/^[A-Z][A-Za-z0-9_]+$/);
    expect(entry.message.trim()).not.toBe('');
    expect(entry.message).not.toMatch(/^AADSTS/); // the prefix is added by IdpError
    expect(entry.explanation.trim().length).toBeGreaterThan(40);
    expect(entry.causes.length).toBeGreaterThanOrEqual(1);
    for (const cause of entry.causes) expect(cause.trim()).not.toBe('');
    expect(entry.fix.trim().length).toBeGreaterThan(10);
    expect(OAUTH_ERRORS).toContain(entry.error);
    expect(entry.source.length).toBeGreaterThanOrEqual(1);
    expect(new Set(entry.source).size).toBe(entry.source.length);
    for (const s of entry.source) expect(['D', 'O', 'I']).toContain(s);
    if (entry.suberror !== undefined) expect(entry.suberror).toMatch(/^[a-z_]+$/);
  });

  it.each(codes.map((c) => [c, catalogue[c]] as const))('AADSTS%i has a valid status (401 iff invalid_client)', (_code, entry) => {
    expect(entry.status === 401).toBe(entry.error === 'invalid_client');
    // temporarily_unavailable is throttling: 429 with Retry-After (entra-protocol.md §5.2, AADSTS90055).
    const expected =
      entry.error === 'invalid_client' ? 401 : entry.error === 'server_error' ? 500 : entry.error === 'temporarily_unavailable' ? 429 : 400;
    expect(entry.status).toBe(expected);
  });

  it.each(codes.map((c) => [c, catalogue[c]] as const))('AADSTS%i has well-formed placeholders', (_code, entry) => {
    // Only {word} slots; no stray braces that formatMessage would leave behind.
    const withoutSlots = entry.message.replace(/\{\w+\}/g, '');
    expect(withoutSlots).not.toMatch(/[{}]/);
  });

  it('uses Entra’s wording for the messages clients match on', () => {
    expect(catalogue[900144].message).toBe("The request body must contain the following parameter: '{name}'.");
    expect(catalogue[70003].message).toBe("The app requested an unsupported grant type '{grantType}'.");
    expect(catalogue[700038].message).toBe('{clientId} is not a valid application identifier.');
    expect(catalogue[7000218].message).toBe("The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    expect(catalogue[700016].message).toMatch(/^Application with identifier '\{appId\}' was not found in the directory '\{tenant\}'\. /);
    expect(catalogue[9002326].message).toMatch(/ Request origin: '\{origin\}'\.$/);
    expect(catalogue[50034].message).toBe(
      'The user account {identifier} does not exist in the {tenant} directory. To sign into this application, the account must be added to the directory.',
    );
    expect(catalogue[500011].message).toMatch(/^The resource principal named \{resource\} was not found in the tenant named \{tenant\}\. /);
  });

  it('carries the wire details the protocol reference fixes', () => {
    expect(catalogue[700016]).toMatchObject({ error: 'unauthorized_client', status: 400 });
    expect(catalogue[70003]).toMatchObject({ error: 'unsupported_grant_type', status: 400 });
    expect(catalogue[90002]).toMatchObject({ error: 'invalid_request', status: 400 });
    expect(catalogue[70016]).toMatchObject({ error: 'authorization_pending', status: 400 });
    expect(catalogue[70020]).toMatchObject({ error: 'expired_token', status: 400 });
    expect(catalogue[50049]).toMatchObject({ error: 'invalid_instance', status: 400 });
    expect(catalogue[500011]).toMatchObject({ error: 'invalid_resource', status: 400 });
    expect(catalogue[65001].suberror).toBe('consent_required');
    // Issue 13: 700038 is unauthorized_client; 70003 and 700038 bodies carry no error_uri; 700084
    // is suberror bad_token and "cannot be extended" [O].
    expect(catalogue[700038]).toMatchObject({ error: 'unauthorized_client', status: 400, errorUri: false });
    expect(catalogue[70003].errorUri).toBe(false);
    expect(codes.filter((c) => catalogue[c].errorUri === false)).toEqual([70003, 700038]);
    expect(catalogue[700084].suberror).toBe('bad_token');
    expect(catalogue[700084].message).toContain(', which cannot be extended. ');
    expect(catalogue[50076].suberror).toBe('basic_action');
    for (const c of [7000218, 700025, 7000215, 7000222] as const) expect(catalogue[c].status).toBe(401);
  });

  it('lists the placeholders of each message', () => {
    expect(placeholdersOf(catalogue[7000215].message)).toEqual(['appId']);
    expect(placeholdersOf(catalogue[500011].message)).toEqual(['resource', 'tenant']);
    expect(placeholdersOf(catalogue[900561].message)).toEqual(['verbs', 'method']);
    expect(placeholdersOf(catalogue[7000218].message)).toEqual([]);
    expect(placeholdersOf('{a} {b} {a}')).toEqual(['a', 'b']);
  });

  it('explains the per-request client-type decision on the client-type errors', () => {
    for (const code of [7000218, 700025, 9002325, 9002326, 9002327] as const) {
      const text = `${catalogue[code].explanation} ${catalogue[code].fix}`;
      expect(text).toContain('redirect_uri');
      expect(text).toContain('Web');
      expect(text).toContain('Mobile and desktop applications');
      expect(text).toContain('Single-page application');
      expect(text).toContain('Allow public client flows');
      expect(text).toMatch(/Client credentials and on-behalf-of/);
      expect(text).toContain('App registrations → <app> → Authentication');
    }
    expect(catalogue[9002325].explanation).toContain('PKCE');
  });

  it('explains the malformed-request cases Entrada maps to 9002313', () => {
    const text = catalogue[9002313].explanation;
    for (const word of ['x-www-form-urlencoded', 'more than once', 'UTF-8', 'longer than']) expect(text).toContain(word);
  });
});

describe('isAadstsCode / lookupCode', () => {
  it('accepts catalogue codes only', () => {
    expect(isAadstsCode(7000218)).toBe(true);
    expect(isAadstsCode(50000)).toBe(true);
    expect(isAadstsCode(1)).toBe(false);
    expect(isAadstsCode(7000218.5)).toBe(false);
    expect(isAadstsCode(Number.NaN)).toBe(false);
    expect(isAadstsCode(-7000218)).toBe(false);
  });

  it('does not find inherited properties', () => {
    expect(isAadstsCode('constructor' as unknown as number)).toBe(false);
    expect(lookupCode(0)).toBeUndefined();
    expect(lookupCode(700025)?.error).toBe('invalid_client');
  });

  it('lists codes in ascending order, once each', () => {
    expect([...codes].sort((a, b) => a - b)).toEqual(codes);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBe(Object.keys(catalogue).length);
  });
});

import { renderErrorsDoc } from '../../scripts/errors-doc.js';

describe('docs/errors.md', () => {
  const docs = readFileSync(fileURLToPath(new URL('../../docs/errors.md', import.meta.url)), 'utf8');
  const headings = [...docs.matchAll(/^## AADSTS(\d+)\s*$/gm)].map((m) => Number(m[1]));

  it('is what `npm run docs:errors` generates from the catalogue', () => {
    expect(docs).toBe(renderErrorsDoc());
  });

  it('has one section per catalogue code, and no other code sections', () => {
    expect(new Set(headings).size).toBe(headings.length);
    const missing = codes.filter((c) => !headings.includes(c));
    const extra = headings.filter((c) => !isAadstsCode(c));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('states each code’s OAuth error, status and message', () => {
    const sections = docs.split(/^(?=## AADSTS\d+\s*$)/m).slice(1);
    for (const section of sections) {
      const code = Number(/^## AADSTS(\d+)/.exec(section)![1]) as AadstsCode;
      const entry = catalogue[code];
      const escapedMessage = entry.message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      expect(section, `AADSTS${code}`).toContain(`\`${entry.error}\``);
      expect(section, `AADSTS${code}`).toContain(`HTTP ${entry.status}`);
      expect(section, `AADSTS${code}`).toContain(escapedMessage);
      expect(section, `AADSTS${code}`).toContain('**How to fix it.**');
    }
  });
});

describe('formatMessage', () => {
  it('fills every slot', () => {
    expect(formatMessage("Tenant '{tenant}' not found.", { tenant: 'contoso' })).toBe("Tenant 'contoso' not found.");
    expect(formatMessage('{a} and {a}', { a: 'x' })).toBe('x and x');
  });

  it('leaves a slot without a value visible', () => {
    expect(formatMessage("for app '{appId}' in {tenant}", { tenant: 't' })).toBe("for app '{appId}' in t");
  });

  it('inserts values literally (no re-expansion, no $ patterns)', () => {
    expect(formatMessage('[{a}]', { a: '{b}', b: 'no' })).toBe('[{b}]');
    expect(formatMessage('[{a}]', { a: "$&$1$'" })).toBe("[$&$1$']");
  });

  it('ignores unused args and leaves text without slots alone', () => {
    expect(formatMessage(catalogue[7000218].message, { appId: 'x' })).toBe(catalogue[7000218].message);
  });
});

describe('IdpError', () => {
  it('prefixes the message with the code', () => {
    const err = new IdpError(7000215, { args: { appId: 'x' } });
    expect(err.message.startsWith('AADSTS7000215: ')).toBe(true);
    expect(err.message).toContain("for a secret added to app 'x'.");
    expect(err.description).toBe(err.message.slice('AADSTS7000215: '.length));
    expect(err.entry.status).toBe(401);
    expect(err.entry.error).toBe('invalid_client');
    expect(err).toBeInstanceOf(Error);
  });

  it('takes the suberror from the entry unless overridden', () => {
    expect(idpError(65001, { args: { appId: 'a', appName: 'n' } }).suberror).toBe('consent_required');
    expect(idpError(65001, { args: { appId: 'a', appName: 'n' }, suberror: 'bad_token' }).suberror).toBe('bad_token');
    expect(idpError(7000218).suberror).toBeUndefined();
  });

  it('keeps operator detail out of the message', () => {
    const err = idpError(9002313, { detail: "Parameter 'scope' appears more than once." });
    expect(err.message).toBe('AADSTS9002313: Invalid request. Request is malformed or invalid.');
    expect(err.detail).toContain('more than once');
  });
});
