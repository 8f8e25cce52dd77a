// The log pages' query-string reading (ui/portal/pages/logs/log-query.ts) and where a refusal's fix
// is made (sign-in-fix.ts), as tables.

import { describe, expect, it } from 'vitest';
import type { SignInLogEntry } from '../../src/core/ports.js';
import {
  auditFilterParams,
  auditMatches,
  encodeCursor,
  initiatorName,
  parseAuditFilters,
  parseCursor,
  parseSignInFilters,
  parseUtcLocal,
  AUDIT_ID,
  SIGN_IN_ID,
  signInFilterParams,
} from '../../src/ui/portal/pages/logs/log-query.js';
import { fixLink } from '../../src/ui/portal/pages/logs/sign-in-fix.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const APP = 'e7ada000-0000-4000-8000-000000000003';

describe('parseSignInFilters', () => {
  it.each([
    ['nothing: the last 24 hours', {}, { since: '2026-11-25T12:00:00.000Z' }, []],
    ['last hour', { range: '1h' }, { since: '2026-11-26T11:00:00.000Z' }, []],
    ['last 7 days', { range: '7d' }, { since: '2026-11-19T12:00:00.000Z' }, []],
    ['an unknown range is the default', { range: '1y' }, { since: '2026-11-25T12:00:00.000Z' }, []],
    ['an app, upper case', { app: APP.toUpperCase() }, { appId: APP, since: '2026-11-25T12:00:00.000Z' }, []],
    ['an app that is not a client id', { app: 'Demo Web App' }, { since: '2026-11-25T12:00:00.000Z' }, ['The application filter was not an application (client) ID; it was ignored.']],
    ['user contains, trimmed', { user: '  alice@ ' }, { userPrincipalNameContains: 'alice@', since: '2026-11-25T12:00:00.000Z' }, []],
    ['user with control characters', { user: 'al\u0000ice' }, { userPrincipalNameContains: 'alice', since: '2026-11-25T12:00:00.000Z' }, []],
    ['failures', { status: 'failure' }, { outcome: 'failure', since: '2026-11-25T12:00:00.000Z' }, []],
    ['successes', { status: 'success' }, { outcome: 'success', since: '2026-11-25T12:00:00.000Z' }, []],
    ['any status', { status: 'maybe' }, { since: '2026-11-25T12:00:00.000Z' }, []],
    ['a code', { code: '7000218' }, { errorCode: 7000218, since: '2026-11-25T12:00:00.000Z' }, []],
    ['a code as pasted', { code: 'AADSTS50011' }, { errorCode: 50011, since: '2026-11-25T12:00:00.000Z' }, []],
    ['a code that is not a number', { code: '70002l8' }, { since: '2026-11-25T12:00:00.000Z' }, ['The error code was not a number such as 7000218; it was ignored.']],
    ['a code beyond an integer column', { code: '9999999999' }, { since: '2026-11-25T12:00:00.000Z' }, ['The error code was not a number such as 7000218; it was ignored.']],
    ['custom, both ends, minutes (the end minute included)', { range: 'custom', from: '2026-11-26T10:00', to: '2026-11-26T10:30' }, { since: '2026-11-26T10:00:00.000Z', until: '2026-11-26T10:31:00.000Z' }, []],
    ['custom, seconds', { range: 'custom', to: '2026-11-26T10:30:15' }, { until: '2026-11-26T10:30:16.000Z' }, []],
    ['custom, open ended', { range: 'custom' }, {}, []],
    ['custom, bad start', { range: 'custom', from: '2026-02-30T10:00', to: '2026-11-26T10:30' }, { until: '2026-11-26T10:31:00.000Z' }, ['The start of the custom range was not a date and time; it was ignored.']],
    ['custom, backwards', { range: 'custom', from: '2026-11-26T11:00', to: '2026-11-26T10:00' }, { since: '2026-11-26T11:00:00.000Z', until: '2026-11-26T10:01:00.000Z' }, ['The custom range ends before it starts, so nothing is in it.']],
    ['from/to ignored outside custom', { range: '1h', from: 'garbage' }, { since: '2026-11-26T11:00:00.000Z' }, []],
  ])('%s', (_name, query, expected, problems) => {
    const parsed = parseSignInFilters(query as Record<string, string>, NOW);
    expect(parsed.query).toEqual(expected);
    expect(parsed.problems).toEqual(problems);
  });

  it('bounds what it keeps and takes the first of repeated parameters', () => {
    const parsed = parseSignInFilters({ user: ['x'.repeat(1000), 'second'], code: '1' }, NOW);
    expect(parsed.filters.user.length).toBe(256);
    expect(parsed.filters.code).toBe('1');
  });

  it('writes the filters back as parameters, leaving out defaults', () => {
    const { filters } = parseSignInFilters({ app: APP, status: 'failure', code: '7000218', range: '24h', from: 'x' }, NOW);
    expect(signInFilterParams(filters).toString()).toBe(`app=${APP}&status=failure&code=7000218`);
    const custom = parseSignInFilters({ range: 'custom', from: '2026-11-26T10:00', user: 'a b' }, NOW).filters;
    expect(signInFilterParams(custom).toString()).toBe('user=a+b&range=custom&from=2026-11-26T10%3A00');
  });
});

describe('parseUtcLocal', () => {
  it.each([
    ['2026-11-26T10:00', '2026-11-26T10:00:00.000Z'],
    ['2026-11-26 10:00:59', '2026-11-26T10:00:59.000Z'],
    ['2024-02-29T00:00', '2024-02-29T00:00:00.000Z'],
    ['2026-02-29T00:00', undefined],
    ['2026-13-01T00:00', undefined],
    ['2026-11-26T24:00', undefined],
    ['1969-12-31T23:59', undefined],
    ['2026-11-26T10:00Z', undefined],
    ['2026-11-26', undefined],
  ])('%s', (input, expected) => {
    expect(parseUtcLocal(input)?.toISOString()).toBe(expected);
  });
});

describe('paging cursors', () => {
  const id = '00000000-0000-4000-8000-000000000001';
  it.each([
    [encodeCursor({ at: '2026-11-26T10:00:01.000Z', id }), SIGN_IN_ID, { at: '2026-11-26T10:00:01.000Z', id }],
    [`2026-11-26T10:00:01.000Z~Directory_${id}`, AUDIT_ID, { at: '2026-11-26T10:00:01.000Z', id: `Directory_${id}` }],
    [`2026-11-26T10:00:01.000Z~Directory_${id}`, SIGN_IN_ID, undefined],
    [`2026-11-26T10:00:01.000Z|${id}`, SIGN_IN_ID, undefined],
    [`yesterday~${id}`, SIGN_IN_ID, undefined],
    [`2026-11-26T10:00:01.000+01:00~${id}`, SIGN_IN_ID, undefined],
    [`2026-11-26T10:00:01.000Z~${id}\u0000`, SIGN_IN_ID, undefined],
    [`2026-11-26T10:00:01.000Z~${'a'.repeat(300)}`, AUDIT_ID, undefined],
  ])('%s', (raw, pattern, expected) => {
    expect(parseCursor(raw, pattern)).toEqual(expected);
  });
});

describe('audit filters', () => {
  const entry = (over: Partial<{ category: string; activityDisplayName: string }> = {}, user: string | null = 'admin@entrada.localhost') => ({
    category: 'ApplicationManagement',
    activityDisplayName: 'Update application',
    initiatedBy: user
      ? { user: { userPrincipalName: user, displayName: 'Entrada Admin' }, app: null }
      : { user: null, app: { displayName: 'Entrada in-process API (startEntrada)', appId: 'e7ada000-0000-4000-8000-0000000000ff' } },
    ...over,
  });

  it.each([
    ['no filters', {}, entry(), true],
    ['category matches', { category: 'ApplicationManagement' }, entry(), true],
    ['category differs', { category: 'UserManagement' }, entry(), false],
    ['an unknown category is no filter', { category: 'Nonsense' }, entry(), true],
    ['activity contains, any case', { activity: 'update APP' }, entry(), true],
    ['activity differs', { activity: 'Delete' }, entry(), false],
    ['initiated by the UPN', { initiatedBy: 'ADMIN@' }, entry(), true],
    ['initiated by the display name', { initiatedBy: 'entrada admin' }, entry(), true],
    ['initiated by an app', { initiatedBy: 'in-process' }, entry({}, null), true],
    ['initiated by someone else', { initiatedBy: 'alice' }, entry(), false],
  ])('%s', (_name, query, e, expected) => {
    expect(auditMatches(parseAuditFilters(query as Record<string, string>), e)).toBe(expected);
  });

  it('writes its filters back as parameters', () => {
    expect(auditFilterParams(parseAuditFilters({ category: 'UserManagement', activity: ' Add ', initiatedBy: '' })).toString()).toBe('category=UserManagement&activity=Add');
  });

  it('names the initiator: the user principal name, else the app', () => {
    expect(initiatorName(entry().initiatedBy)).toBe('admin@entrada.localhost');
    expect(initiatorName(entry({}, null).initiatedBy)).toBe('Entrada in-process API (startEntrada)');
    expect(initiatorName({ user: null, app: null })).toBe('—');
  });
});

describe('fixLink: where a refusal is fixed', () => {
  const failed = (errorCode: number, decision: SignInLogEntry['decision']) => ({ outcome: 'failure' as const, errorCode, decision });
  it.each([
    ['ROPC decided by the setting', failed(7000218, { decidedBy: { by: 'fallback_setting', isFallbackPublicClient: false, grant: 'password' }, rule: 'confidential-without-credential' }), { blade: 'authentication', text: "Change 'Allow public client flows' on the Authentication page" }],
    ['a secret sent by a public ROPC client', failed(700025, { decidedBy: { by: 'fallback_setting', isFallbackPublicClient: true, grant: 'password' } }), { blade: 'authentication', text: "Change 'Allow public client flows' on the Authentication page" }],
    [
      'decided by a Web redirect URI',
      failed(7000218, { decidedBy: { by: 'redirect_uri', uri: 'https://localhost:3000/cb', registeredAs: 'https://localhost:3000/cb', platform: 'web' } }),
      { blade: 'authentication', text: "Change the platform of the redirect URI 'https://localhost:3000/cb' (now under Web) on the Authentication page" },
    ],
    [
      'an SPA URI redeemed without Origin',
      failed(9002327, { decidedBy: { by: 'redirect_uri', uri: 'https://localhost:5173/', registeredAs: 'https://localhost:5173/', platform: 'spa' } }),
      { blade: 'authentication', text: "Change the platform of the redirect URI 'https://localhost:5173/' (now under Single-page application) on the Authentication page" },
    ],
    ['an unregistered redirect URI', failed(50011, { redirectUri: 'https://evil.example/cb' }), { blade: 'authentication', text: "Add the redirect URI 'https://evil.example/cb' on the Authentication page" }],
    ['an unregistered redirect URI, not kept', failed(50011, null), { blade: 'authentication', text: 'Add the redirect URI on the Authentication page' }],
    ['client credentials without a secret', failed(7000218, { decidedBy: { by: 'grant', grant: 'client_credentials' } }), { blade: 'credentials', text: 'Add a client secret or certificate on the Certificates & secrets page' }],
    ['a refresh keeps its client type', failed(7000218, { decidedBy: { by: 'issued_grant', clientType: 'confidential' } }), undefined],
    ['a decision code without a trace', failed(9002326, null), { blade: 'authentication', text: 'Review the platforms and redirect URIs on the Authentication page' }],
    ['a wrong password', failed(50126, null), undefined],
    ['a success', { outcome: 'success' as const, errorCode: null, decision: null }, undefined],
  ])('%s', (_name, entry, expected) => {
    expect(fixLink(entry as Pick<SignInLogEntry, 'outcome' | 'errorCode' | 'decision'>)).toEqual(expected);
  });
});
