// MFA and Conditional Access decisions (core/policy/conditional-access.ts), as tables.

import { describe, expect, it } from 'vitest';
import type { ConditionalAccessPolicy, NamedLocation, TenantSignInPolicy } from '../../src/core/model.js';
import {
  capolidsChallenge,
  evaluateSignIn,
  satisfiedAuthContexts,
  signInOutcome,
  type SignInFacts,
} from '../../src/core/policy/conditional-access.js';

const T = 'tenant';
const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const ADMINS = '33333333-3333-4333-8333-333333333333';
const WEB = 'aaaaaaaa-0000-4000-8000-000000000001';
const API = 'aaaaaaaa-0000-4000-8000-000000000002';
const OFFICE: NamedLocation = { id: 'loc-office', tenantId: T, displayName: 'Office', isTrusted: true, ipRanges: ['203.0.113.0/24', '2001:db8::/32'], createdDateTime: '', modifiedDateTime: null };
const LAB: NamedLocation = { id: 'loc-lab', tenantId: T, displayName: 'Lab', isTrusted: false, ipRanges: ['198.51.100.0/24'], createdDateTime: '', modifiedDateTime: null };

function policy(id: string, p: {
  state?: ConditionalAccessPolicy['state'];
  users?: Partial<ConditionalAccessPolicy['conditions']['users']>;
  apps?: Partial<ConditionalAccessPolicy['conditions']['applications']>;
  clientAppTypes?: string[];
  locations?: ConditionalAccessPolicy['conditions']['locations'];
  controls?: string[];
  operator?: 'AND' | 'OR';
}): ConditionalAccessPolicy {
  return {
    id,
    tenantId: T,
    displayName: `Policy ${id}`,
    state: p.state ?? 'enabled',
    conditions: {
      applications: { includeApplications: ['All'], excludeApplications: [], includeAuthenticationContextClassReferences: [], ...p.apps },
      users: { includeUsers: ['All'], excludeUsers: [], includeGroups: [], excludeGroups: [], ...p.users },
      clientAppTypes: p.clientAppTypes ?? ['all'],
      locations: p.locations ?? null,
    },
    grantControls: { operator: p.operator ?? 'OR', builtInControls: p.controls ?? ['mfa'] },
    createdDateTime: '',
    modifiedDateTime: null,
  };
}

function tenant(policies: ConditionalAccessPolicy[], securityDefaultsEnabled = false): TenantSignInPolicy {
  return { securityDefaultsEnabled, conditionalAccessPolicies: policies, namedLocations: [OFFICE, LAB] };
}

const facts = (f: Partial<SignInFacts> = {}): SignInFacts => ({
  userId: ALICE,
  groupIds: [],
  user: {},
  clientAppId: WEB,
  resourceAppId: API,
  clientAppType: 'browser',
  clientAddress: '192.0.2.10',
  authContexts: [],
  mfaAsked: false,
  ...f,
});

type Expect = 'allow' | 'mfa' | 'block' | 'device';

function verdict(t: TenantSignInPolicy, f: SignInFacts): Expect {
  const r = evaluateSignIn(t, f);
  if (r.blockedBy.length) return 'block';
  if (r.deviceRequiredBy.length) return 'device';
  return r.mfa.length ? 'mfa' : 'allow';
}

describe('evaluateSignIn', () => {
  it.each<[string, TenantSignInPolicy, Partial<SignInFacts>, Expect]>([
    ['nothing configured', tenant([]), {}, 'allow'],
    ['per-user MFA enforced', tenant([]), { user: { perUserMfaState: 'enforced' } }, 'mfa'],
    ['per-user MFA enabled also prompts [D]', tenant([]), { user: { perUserMfaState: 'enabled' } }, 'mfa'],
    ['per-user MFA disabled', tenant([]), { user: { perUserMfaState: 'disabled' } }, 'allow'],
    ['security defaults [I: every sign-in]', tenant([], true), {}, 'mfa'],
    ['claims ask for MFA (acr)', tenant([]), { mfaAsked: true }, 'mfa'],
    ['all users, all apps, MFA', tenant([policy('p', {})]), {}, 'mfa'],
    ['disabled policy', tenant([policy('p', { state: 'disabled' })]), {}, 'allow'],
    ['report-only is not enforced', tenant([policy('p', { state: 'enabledForReportingButNotEnforced', controls: ['block'] })]), {}, 'allow'],
    ['block wins over MFA', tenant([policy('a', {}), policy('b', { controls: ['block'] })]), {}, 'block'],
    ['user included by id', tenant([policy('p', { users: { includeUsers: [ALICE.toUpperCase()] } })]), {}, 'mfa'],
    ['another user', tenant([policy('p', { users: { includeUsers: [BOB] } })]), {}, 'allow'],
    ['user excluded', tenant([policy('p', { users: { excludeUsers: [ALICE] } })]), {}, 'allow'],
    ['None', tenant([policy('p', { users: { includeUsers: ['None'] } })]), {}, 'allow'],
    ['group included (nested counted by the caller)', tenant([policy('p', { users: { includeUsers: [], includeGroups: [ADMINS] } })]), { groupIds: [ADMINS] }, 'mfa'],
    ['group included, not a member', tenant([policy('p', { users: { includeUsers: [], includeGroups: [ADMINS] } })]), {}, 'allow'],
    ['group excluded', tenant([policy('p', { users: { excludeGroups: [ADMINS] } })]), { groupIds: [ADMINS] }, 'allow'],
    ['the resource named [D]', tenant([policy('p', { apps: { includeApplications: [API] } })]), {}, 'mfa'],
    ['the client named [I]', tenant([policy('p', { apps: { includeApplications: [WEB] } })]), { resourceAppId: undefined }, 'mfa'],
    ['another app', tenant([policy('p', { apps: { includeApplications: ['other'] } })]), {}, 'allow'],
    ['app excluded', tenant([policy('p', { apps: { excludeApplications: [API] } })]), {}, 'allow'],
    ['browser only, from a browser', tenant([policy('p', { clientAppTypes: ['browser'] })]), {}, 'mfa'],
    ['browser only, from a public client', tenant([policy('p', { clientAppTypes: ['browser'] })]), { clientAppType: 'mobileAppsAndDesktopClients' }, 'allow'],
    ['public clients only', tenant([policy('p', { clientAppTypes: ['mobileAppsAndDesktopClients'] })]), { clientAppType: 'mobileAppsAndDesktopClients' }, 'mfa'],
    ['legacy clients only never match', tenant([policy('p', { clientAppTypes: ['exchangeActiveSync', 'other'] })]), {}, 'allow'],
    ['block outside trusted locations, outside', tenant([policy('p', { controls: ['block'], locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } })]), {}, 'block'],
    ['block outside trusted locations, in the office', tenant([policy('p', { controls: ['block'], locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } })]), { clientAddress: '203.0.113.7' }, 'allow'],
    ['IPv6 office range', tenant([policy('p', { controls: ['block'], locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } })]), { clientAddress: '2001:db8::5' }, 'allow'],
    ['IPv4-mapped peer address', tenant([policy('p', { locations: { includeLocations: ['loc-lab'], excludeLocations: [] } })]), { clientAddress: '::ffff:198.51.100.9' }, 'mfa'],
    ['a named location, elsewhere', tenant([policy('p', { locations: { includeLocations: ['loc-lab'], excludeLocations: [] } })]), {}, 'allow'],
    ['an unknown location id matches nothing', tenant([policy('p', { locations: { includeLocations: ['nope'], excludeLocations: [] } })]), {}, 'allow'],
    ['compliant device required', tenant([policy('p', { controls: ['compliantDevice'] })]), {}, 'device'],
    ['MFA or compliant device: MFA does [D]', tenant([policy('p', { controls: ['mfa', 'compliantDevice'] })]), {}, 'mfa'],
    ['MFA and compliant device', tenant([policy('p', { controls: ['mfa', 'compliantDevice'], operator: 'AND' })]), {}, 'device'],
    ['unknown controls are ignored', tenant([policy('p', { controls: ['approvedApplication'] })]), {}, 'allow'],
    ['auth context policy, not asked', tenant([policy('p', { apps: { includeApplications: [], includeAuthenticationContextClassReferences: ['c1'] } })]), {}, 'allow'],
    ['auth context policy, asked', tenant([policy('p', { apps: { includeApplications: [], includeAuthenticationContextClassReferences: ['c1'] } })]), { authContexts: ['c1'] }, 'mfa'],
    ['auth context policy, another asked', tenant([policy('p', { apps: { includeApplications: [], includeAuthenticationContextClassReferences: ['c1'] } })]), { authContexts: ['c2'] }, 'allow'],
  ])('%s → %s', (_name, t, f, expected) => {
    expect(verdict(t, facts(f))).toBe(expected);
  });

  it('names why MFA is required', () => {
    const r = evaluateSignIn(tenant([policy('p', {})], true), facts({ user: { perUserMfaState: 'enforced' } }));
    expect(r.mfa).toEqual([{ kind: 'perUserMfa', state: 'enforced' }, { kind: 'securityDefaults' }, { kind: 'policy', policyId: 'p', displayName: 'Policy p' }]);
  });

  it('lists report-only policies that apply', () => {
    const r = evaluateSignIn(tenant([policy('r', { state: 'enabledForReportingButNotEnforced' })]), facts());
    expect(r.reportOnly.map((p) => p.id)).toEqual(['r']);
  });
});

describe('signInOutcome', () => {
  const mfaPolicy = tenant([policy('p1', {})]);
  it.each<[string, TenantSignInPolicy, Partial<SignInFacts>, string[], boolean, object]>([
    ['allowed', tenant([]), {}, ['pwd'], true, { ok: true }],
    ['MFA done', mfaPolicy, {}, ['pwd', 'mfa'], true, { ok: true }],
    ['MFA needed: 50076 with the policy ids [O]', mfaPolicy, {}, ['pwd'], true, { ok: false, code: 50076, claims: capolidsChallenge(['p1']) }],
    ['no method registered: 50079', mfaPolicy, {}, ['pwd'], false, { ok: false, code: 50079 }],
    ['per-user MFA: no claims challenge [I]', tenant([]), { user: { perUserMfaState: 'enforced' } }, ['pwd'], true, { ok: false, code: 50076, claims: undefined }],
    ['blocked: 53003 even after MFA', tenant([policy('b', { controls: ['block'] })]), {}, ['pwd', 'mfa'], true, { ok: false, code: 53003, claims: capolidsChallenge(['b']) }],
    ['device: 50097', tenant([policy('d', { controls: ['domainJoinedDevice'] })]), {}, ['pwd', 'mfa'], true, { ok: false, code: 50097 }],
  ])('%s', (_name, t, f, amr, registered, expected) => {
    expect(signInOutcome(evaluateSignIn(t, facts(f)), { amr, mfaRegistered: registered })).toMatchObject(expected);
  });

  it('the claims challenge is the capolids shape Entra sends [O]', () => {
    expect(capolidsChallenge(['a', 'b'])).toBe('{"access_token":{"capolids":{"essential":true,"values":["a","b"]}}}');
  });
});

describe('satisfiedAuthContexts', () => {
  const c1 = policy('c1p', { apps: { includeApplications: [], includeAuthenticationContextClassReferences: ['c1'] } });
  it.each<[string, TenantSignInPolicy, string[], string[], string[]]>([
    ['nothing asked', tenant([c1]), [], ['pwd', 'mfa'], []],
    ['asked, MFA done', tenant([c1]), ['c1'], ['pwd', 'mfa'], ['c1']],
    ['asked, no MFA', tenant([c1]), ['c1'], ['pwd'], []],
    ['asked, no policy targets it [I]', tenant([]), ['c2'], ['pwd'], ['c2']],
    ['one satisfied of two', tenant([c1]), ['c1', 'c2'], ['pwd'], ['c2']],
  ])('%s', (_name, t, asked, amr, expected) => {
    expect(satisfiedAuthContexts(t, facts({ authContexts: asked }), amr)).toEqual(expected);
  });
});
