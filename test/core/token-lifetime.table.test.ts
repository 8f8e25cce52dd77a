// Token lifetimes (core/policy/token-lifetime.ts): Entra's defaults, policy definitions, which
// policy applies, and what decides each token's lifetime.

import { describe, expect, it } from 'vitest';
import type { TokenLifetimePolicy } from '../../src/core/model.js';
import {
  applicablePolicy,
  defaultAccessLifetime,
  definitionFor,
  formatTimeSpan,
  parseTimeSpan,
  readDefinition,
  tokenLifetimes,
  type LifetimeInput,
} from '../../src/core/policy/token-lifetime.js';

const def = (body: unknown) => [JSON.stringify({ TokenLifetimePolicy: body })];

describe('parseTimeSpan / formatTimeSpan', () => {
  it.each<[string, number | undefined]>([
    ['02:00:00', 7200],
    ['2:00:00', 7200],
    ['8:00:00', 28800],
    ['00:10:00', 600],
    ['00:90:00', 5400], // the docs' own example: minutes past 59
    ['23:59:59', 86399],
    ['1.00:00:00', 86400],
    [' 04:00:00 ', 14400],
    ['2h', undefined],
    ['7200', undefined],
    ['02:00', undefined],
    ['-1.00:00:00', undefined],
    ['', undefined],
  ])('%j → %j', (text, seconds) => {
    expect(parseTimeSpan(text)).toBe(seconds);
  });

  it.each<[number, string]>([
    [7200, '02:00:00'],
    [600, '00:10:00'],
    [86400, '1.00:00:00'],
    [5430, '01:30:30'],
  ])('%d → %s', (seconds, text) => {
    expect(formatTimeSpan(seconds)).toBe(text);
    expect(parseTimeSpan(text)).toBe(seconds);
  });
});

describe('readDefinition', () => {
  it.each<[string, unknown[], number | undefined]>([
    ['Graph docs example, 8 h', ['{"TokenLifetimePolicy":{"Version":1,"AccessTokenLifetime":"8:00:00"}}'], 28800],
    ['2 h', def({ Version: 1, AccessTokenLifetime: '02:00:00' }), 7200],
    ['the minimum, 10 minutes', def({ Version: 1, AccessTokenLifetime: '00:10:00' }), 600],
    ['the maximum, one day', def({ Version: 1, AccessTokenLifetime: '1.00:00:00' }), 86400],
    ['no AccessTokenLifetime (refresh properties only, no longer honoured)', def({ Version: 1, MaxInactiveTime: '30.00:00:00', MaxAgeSingleFactor: 'until-revoked' }), undefined],
    ['definitionFor', definitionFor(7200), 7200],
  ])('%s → %j', (_name, definition, seconds) => {
    expect(readDefinition(definition)).toEqual({ ok: true, accessTokenLifetime: seconds });
  });

  it.each<[string, unknown[], RegExp]>([
    ['9 minutes', def({ Version: 1, AccessTokenLifetime: '00:09:00' }), /outside Entra's range/],
    ['one day and a second', def({ Version: 1, AccessTokenLifetime: '1.00:00:01' }), /outside Entra's range/],
    ['not a TimeSpan', def({ Version: 1, AccessTokenLifetime: '2h' }), /not a TimeSpan/],
    ['a number', def({ Version: 1, AccessTokenLifetime: 7200 }), /not a TimeSpan/],
    ['Version 2', def({ Version: 2, AccessTokenLifetime: '02:00:00' }), /Version must be 1/],
    ['no Version', def({ AccessTokenLifetime: '02:00:00' }), /Version must be 1/],
    ['an unknown property', def({ Version: 1, IdTokenLifetime: '02:00:00' }), /no property 'IdTokenLifetime'/],
    ['not JSON', ['{TokenLifetimePolicy'], /not valid JSON/],
    ['another policy type', ['{"HomeRealmDiscoveryPolicy":{"Version":1}}'], /must be/],
    ['two strings', [...definitionFor(7200), ...definitionFor(3600)], /exactly one/],
    ['none', [], /exactly one/],
    ['not a string', [{ TokenLifetimePolicy: { Version: 1 } }], /exactly one/],
    ['too long', [`{"TokenLifetimePolicy":{"Version":1,"MaxInactiveTime":"${'x'.repeat(5000)}"}}`], /longer than/],
  ])('%s → refused', (_name, definition, why) => {
    const reading = readDefinition(definition);
    expect(reading.ok).toBe(false);
    expect(reading.ok ? '' : reading.why).toMatch(why);
  });
});

describe('applicablePolicy: service principal, then organization default, then application [D]', () => {
  const policy = (id: string, appliesTo: string[], isOrganizationDefault = false): TokenLifetimePolicy => ({
    id,
    tenantId: 't',
    displayName: id,
    description: null,
    definition: definitionFor(7200),
    isOrganizationDefault,
    appliesTo,
  });
  const onSp = policy('on-sp', ['sp-1']);
  const onApp = policy('on-app', ['app-1']);
  const org = policy('org', [], true);
  const target = { servicePrincipalId: 'sp-1', applicationId: 'app-1' };

  it.each<[string, TokenLifetimePolicy[], string | undefined, string | undefined]>([
    ['none', [], undefined, undefined],
    ['the service principal', [onSp], 'on-sp', 'servicePrincipal'],
    ['the application', [onApp], 'on-app', 'application'],
    ['the organization default', [org], 'org', 'organizationDefault'],
    ['service principal over organization default', [org, onSp], 'on-sp', 'servicePrincipal'],
    ['organization default over application [D: both versions of the page]', [onApp, org], 'org', 'organizationDefault'],
    ['service principal over application', [onApp, onSp], 'on-sp', 'servicePrincipal'],
    ['a policy on another object does not apply', [policy('other', ['sp-2', 'app-2'])], undefined, undefined],
  ])('%s', (_name, policies, id, source) => {
    const applied = applicablePolicy(policies, target);
    expect(applied?.policy.id).toBe(id);
    expect(applied?.source).toBe(source);
  });

  it("a multi-tenant app's application policy comes from its home tenant; the organization default from the issuing tenant", () => {
    expect(applicablePolicy([], target, [onApp])?.policy.id).toBe('on-app');
    expect(applicablePolicy([org], target, [onApp])?.policy.id).toBe('org');
    // The home tenant's organization default does not reach another tenant.
    expect(applicablePolicy([], target, [org])).toBeUndefined();
  });
});

describe('tokenLifetimes', () => {
  const base: LifetimeInput = { subject: 'user', cae: false, draw: 0.5 };
  it.each<[string, Partial<LifetimeInput>, number, number, string]>([
    ['a user, no policy: 60–90 min drawn (draw 0)', { draw: 0 }, 3600, 3600, 'default'],
    ['a user, no policy: draw 0.5', { draw: 0.5 }, 4500, 3600, 'default'],
    ['a user, no policy: draw just under 1', { draw: 0.999999 }, 5400, 3600, 'default'],
    ['an app, no policy: one hour whatever the draw', { subject: 'app', draw: 0.9 }, 3600, 3600, 'default'],
    ['CAE (cp1): a day', { cae: true }, 86400, 3600, 'cae'],
    ['CAE beats the resource policy [D: CTL not honoured in CAE sessions]', { cae: true, resourcePolicy: 7200 }, 86400, 3600, 'cae'],
    ["the resource's policy", { resourcePolicy: 7200 }, 7200, 3600, 'policy'],
    ["the resource's policy for an app", { subject: 'app', resourcePolicy: 600 }, 600, 3600, 'policy'],
    ["the client's policy sets the ID token only", { clientPolicy: 14400 }, 4500, 14400, 'default'],
    ['ENTRADA_ACCESS_TOKEN_LIFETIME replaces the default', { configured: 900 }, 900, 3600, 'configured'],
    ['… for apps too', { subject: 'app', configured: 900 }, 900, 3600, 'configured'],
    ['… but not a policy', { configured: 900, resourcePolicy: 7200 }, 7200, 3600, 'policy'],
    ['… nor CAE', { configured: 900, cae: true }, 86400, 3600, 'cae'],
  ])('%s', (_name, input, access, id, source) => {
    expect(tokenLifetimes({ ...base, ...input })).toEqual({ accessToken: access, idToken: id, accessSource: source });
  });

  it('the user default covers 60 to 90 minutes inclusive, whole seconds', () => {
    const seen = new Set<number>();
    for (let i = 0; i <= 1000; i++) seen.add(defaultAccessLifetime('user', i / 1000));
    expect(Math.min(...seen)).toBe(3600);
    expect(Math.max(...seen)).toBe(5400);
    for (const s of seen) expect(Number.isInteger(s)).toBe(true);
    expect(defaultAccessLifetime('user', 1)).toBe(5400); // out-of-range draws clamp
    expect(defaultAccessLifetime('user', -1)).toBe(3600);
  });
});
