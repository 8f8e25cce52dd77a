// MFA and Conditional Access in seed files (issue 17): securityDefaults, users' perUserMfa and
// mfaRegistered, namedLocations and conditionalAccessPolicies in Graph's shape with users, apps
// and locations named, resolved to ids; each rule's message at its path; applying writes what
// the token endpoint reads, groups named by displayName resolved against the database, and an
// unchanged seed applied again changes nothing.

import { describe, expect, it } from 'vitest';
import type { Group } from '../../src/core/model.js';
import { applySeed } from '../../src/seed/apply.js';
import { derivedId } from '../../src/seed/ids.js';
import { loadDemoSeed, validateSeedData } from '../../src/seed/load.js';
import type { Seed } from '../../src/seed/schema.js';
import { fakeDeps, MemoryLedger, MemoryWriter } from './memory-writer.js';

const T = '11111111-1111-4111-8111-111111111111';
const API = 'a0000000-0000-4000-8000-000000000001';
const WEB = 'a0000000-0000-4000-8000-000000000003';
const GROUP_ID = '9a000000-0000-4000-8000-000000000001';

// biome-ignore lint/suspicious/noExplicitAny: seeds are broken here field by field, on purpose
type Json = any;

function base(): Json {
  return {
    tenants: [
      {
        id: T,
        displayName: 'Contoso',
        domains: ['contoso.localhost'],
        applications: [
          { appId: API, displayName: 'Orders API', identifierUris: ['api://orders'] },
          { appId: WEB, displayName: 'Portal', web: { redirectUris: ['https://portal.contoso.test/signin'] } },
        ],
        users: [
          { userPrincipalName: 'ann@contoso.localhost', displayName: 'Ann', perUserMfa: 'enforced', mfaRegistered: false },
          { userPrincipalName: 'ben@contoso.localhost', displayName: 'Ben' },
        ],
        securityDefaults: false,
        namedLocations: [
          { displayName: 'Office', ipRanges: ['203.0.113.0/24', { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:db8::/48' }], isTrusted: true },
          { displayName: 'Lab', ipRanges: ['127.0.0.1/32'] },
        ],
        conditionalAccessPolicies: [
          {
            displayName: 'MFA for the Orders API',
            state: 'enabled',
            conditions: {
              users: { includeUsers: ['All'], excludeUsers: ['ben@contoso.localhost'], includeGroups: [], excludeGroups: ['Break glass'] },
              applications: { includeApplications: ['Orders API', 'api://orders/', WEB], includeAuthenticationContextClassReferences: ['c1'] },
              clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'],
              locations: { includeLocations: ['all'], excludeLocations: ['Office', 'AllTrusted'] },
            },
            grantControls: { builtInControls: ['mfa'] },
          },
          {
            displayName: 'Block the lab',
            state: 'enabledForReportingButNotEnforced',
            conditions: { users: { includeGroups: [GROUP_ID.toUpperCase()] }, applications: { includeApplications: ['None'] }, locations: { includeLocations: ['Lab'] } },
            grantControls: { operator: 'AND', builtInControls: ['block'] },
          },
        ],
      },
    ],
  };
}

function parse(data: Json): Seed {
  const result = validateSeedData(data);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.seed;
}

function problems(mutate: (seed: Json) => void): string[] {
  const seed = base();
  mutate(seed);
  const result = validateSeedData(seed);
  return result.ok ? [] : result.errors;
}

const t0 = (s: Json) => s.tenants[0];
const policy0 = (s: Json) => t0(s).conditionalAccessPolicies[0];

describe('seed: MFA and Conditional Access, validation', () => {
  it('the demo seed has a trusted location and a disabled policy, named by name, resolved to ids', async () => {
    const result = await loadDemoSeed();
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const tenant = result.seed.tenants[0];
    expect(tenant.securityDefaults).toBe(false);
    expect(tenant.conditionalAccessPolicies.map((p) => p.state)).toEqual(['disabled']);
    expect(tenant.users.every((u) => u.perUserMfa === undefined)).toBe(true);
  });

  it.each<[string, (s: Json) => void, string]>([
    ['an unknown state', (s) => (policy0(s).state = 'on'), 'tenants[0].conditionalAccessPolicies[0].state: must be one of: enabled, disabled, enabledForReportingButNotEnforced'],
    ['an unknown control', (s) => (policy0(s).grantControls.builtInControls = ['sms']), 'tenants[0].conditionalAccessPolicies[0].grantControls.builtInControls[0]: must be one of: block, mfa'],
    ['block with mfa', (s) => (policy0(s).grantControls.builtInControls = ['block', 'mfa']), "grantControls.builtInControls: 'block' cannot be combined with other controls"],
    ['an unknown client app type', (s) => (policy0(s).conditions.clientAppTypes = ['fax']), 'conditions.clientAppTypes[0]: must be one of: all, browser'],
    ['an authentication context c0', (s) => (policy0(s).conditions.applications.includeAuthenticationContextClassReferences = ['c0']), "'c0' is not an authentication context id: use c1 to c99"],
    ['All in excludeUsers', (s) => (policy0(s).conditions.users.excludeUsers = ['All']), "conditions.users.excludeUsers[0]: 'All' cannot be used in an exclude list"],
    ['an unknown UPN', (s) => (policy0(s).conditions.users.excludeUsers = ['cid@contoso.localhost']), "tenants[0].conditionalAccessPolicies[0].conditions.users.excludeUsers[0]: no user 'cid@contoso.localhost' in this tenant (ann@contoso.localhost, ben@contoso.localhost)"],
    ['an unknown app', (s) => (policy0(s).conditions.applications.includeApplications = ['Billing']), "conditions.applications.includeApplications[0]: no application with displayName, appId or identifier URI 'Billing'"],
    ['an unknown location', (s) => (policy0(s).conditions.locations.excludeLocations = ['Home']), "conditions.locations.excludeLocations[0]: no named location 'Home' in this tenant's namedLocations (Office, Lab)"],
    ['nobody included', (s) => (policy0(s).conditions.users = { excludeUsers: ['ben@contoso.localhost'] }), 'conditions.users: must include someone'],
    ['roles', (s) => (policy0(s).conditions.users.includeRoles = ['62e90394-69f5-4237-9190-012177145e10']), 'conditions.users.includeRoles: Entrada does not evaluate directory roles in policies'],
    ['two policies with one name', (s) => (t0(s).conditionalAccessPolicies[1].displayName = 'mfa for the orders api'), "tenants[0].conditionalAccessPolicies[1].displayName: 'mfa for the orders api' duplicates Conditional Access policy [0]"],
    ['two locations with one name', (s) => (t0(s).namedLocations[1].displayName = 'OFFICE'), "tenants[0].namedLocations[1].displayName: 'OFFICE' duplicates named location [0]"],
    ['a malformed range', (s) => (t0(s).namedLocations[0].ipRanges = ['203.0.113.0/33']), "tenants[0].namedLocations[0].ipRanges[0]: '203.0.113.0/33' is not a CIDR range"],
    ['a /8 range', (s) => (t0(s).namedLocations[0].ipRanges = ['10.0.0.0/8']), 'masks longer than /8'],
    ['an IPv4 range typed IPv6', (s) => (t0(s).namedLocations[0].ipRanges = [{ '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '203.0.113.0/24' }]), 'is an IPv4 range in an iPv6CidrRange'],
    ['a location without ranges', (s) => (t0(s).namedLocations[0].ipRanges = []), 'tenants[0].namedLocations[0].ipRanges: must list at least one IP range'],
    ['security defaults with an enabled policy', (s) => (t0(s).securityDefaults = true), "tenants[0].securityDefaults: security defaults cannot be on while a Conditional Access policy is enabled ('MFA for the Orders API')"],
    ['an unknown per-user MFA state', (s) => (t0(s).users[1].perUserMfa = 'sometimes'), 'tenants[0].users[1].perUserMfa: must be disabled, enabled or enforced'],
    ['a non-boolean mfaRegistered', (s) => (t0(s).users[1].mfaRegistered = 'no'), 'tenants[0].users[1].mfaRegistered'],
    ['an unknown property', (s) => (policy0(s).colour = 'red'), 'colour'],
  ])('reports %s at its path', (_what, mutate, message) => {
    const found = problems(mutate);
    expect(found.some((p) => p.includes(message)), found.join('\n')).toBe(true);
  });

  it('resolves names to ids: users by UPN, apps by name, client id or identifier URI (once each), locations by name; keywords in Graph’s spelling', () => {
    const seed = parse(base());
    expect(seed.tenants[0].conditionalAccessPolicies).toHaveLength(2);
    expect(problems(() => {})).toEqual([]);
  });
});

describe('seed: MFA and Conditional Access, applied', () => {
  const breakGlass: Group = {
    id: GROUP_ID,
    tenantId: T,
    displayName: 'Break glass',
    description: null,
    mailNickname: 'breakglass',
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
    createdDateTime: '2026-01-01T00:00:00Z',
  };

  it('writes the tenant, users, locations and policies as the token endpoint reads them', async () => {
    const writer = new MemoryWriter();
    writer.groups.push(breakGlass);
    await applySeed(parse(base()), writer, fakeDeps());
    expect(writer.tenants.get(T)).not.toHaveProperty('securityDefaultsEnabled');
    const ann = writer.userByUpn('ann@contoso.localhost');
    const ben = writer.userByUpn('ben@contoso.localhost');
    expect(ann).toMatchObject({ perUserMfaState: 'enforced', mfaRegistered: false });
    expect(ben).not.toHaveProperty('perUserMfaState');
    expect(ben).not.toHaveProperty('mfaRegistered');

    const office = derivedId.namedLocation(T, 'Office');
    const lab = derivedId.namedLocation(T, 'Lab');
    expect(writer.namedLocations.get(office)).toEqual({
      id: office,
      tenantId: T,
      displayName: 'Office',
      isTrusted: true,
      ipRanges: ['203.0.113.0/24', '2001:db8::/48'],
      createdDateTime: '2026-03-01T12:00:00.000Z',
      modifiedDateTime: null,
    });
    const mfa = writer.policies.get(derivedId.conditionalAccessPolicy(T, 'MFA for the Orders API'));
    expect(mfa).toEqual({
      id: derivedId.conditionalAccessPolicy(T, 'MFA for the Orders API'),
      tenantId: T,
      displayName: 'MFA for the Orders API',
      state: 'enabled',
      conditions: {
        applications: { includeApplications: [API, WEB], excludeApplications: [], includeAuthenticationContextClassReferences: ['c1'] },
        users: { includeUsers: ['All'], excludeUsers: [ben?.id], includeGroups: [], excludeGroups: [GROUP_ID] },
        clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'],
        locations: { includeLocations: ['All'], excludeLocations: [office, 'AllTrusted'] },
      },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
      createdDateTime: '2026-03-01T12:00:00.000Z',
      modifiedDateTime: null,
    });
    expect(writer.policies.get(derivedId.conditionalAccessPolicy(T, 'Block the lab'))?.conditions).toMatchObject({
      users: { includeGroups: [GROUP_ID] },
      applications: { includeApplications: ['None'] },
      locations: { includeLocations: [lab] },
    });
  });

  it('security defaults on are written on the tenant', async () => {
    const seed = base();
    t0(seed).securityDefaults = true;
    t0(seed).conditionalAccessPolicies = [];
    const writer = new MemoryWriter();
    await applySeed(parse(seed), writer, fakeDeps());
    expect(writer.tenants.get(T)).toMatchObject({ securityDefaultsEnabled: true });
  });

  it('fails, naming the policy, when a group named by displayName does not exist', async () => {
    const writer = new MemoryWriter();
    await expect(applySeed(parse(base()), writer, fakeDeps())).rejects.toThrow(
      "Conditional Access policy 'MFA for the Orders API': no group named 'Break glass' in the tenant (define it under the tenant's groups, create it through Graph or the portal first, or name it by object id)",
    );
  });

  it('applied again unchanged, nothing is rewritten; an edited policy is updated with a new modifiedDateTime', async () => {
    const writer = new MemoryWriter();
    writer.groups.push(breakGlass);
    const ledger = new MemoryLedger();
    const first = await applySeed(parse(base()), writer, fakeDeps(), { ledger });
    const outcomes = (summary: typeof first) =>
      summary.tenants[0].objects.filter((o) => o.kind === 'namedLocation' || o.kind === 'conditionalAccessPolicy').map((o) => `${o.kind} ${o.displayName}: ${o.outcome}`);
    expect(outcomes(first)).toEqual([
      'namedLocation Office: created',
      'namedLocation Lab: created',
      'conditionalAccessPolicy MFA for the Orders API: created',
      'conditionalAccessPolicy Block the lab: created',
    ]);
    const again = await applySeed(parse(base()), writer, fakeDeps(new Date('2026-03-02T12:00:00Z')), { ledger });
    expect(outcomes(again).every((o) => o.endsWith('unchanged'))).toBe(true);

    const edited = base();
    policy0(edited).state = 'disabled';
    const third = await applySeed(parse(edited), writer, fakeDeps(new Date('2026-03-03T12:00:00Z')), { ledger });
    expect(outcomes(third)).toContain('conditionalAccessPolicy MFA for the Orders API: updated');
    expect(writer.policies.get(derivedId.conditionalAccessPolicy(T, 'MFA for the Orders API'))).toMatchObject({
      state: 'disabled',
      createdDateTime: '2026-03-01T12:00:00.000Z',
      modifiedDateTime: '2026-03-03T12:00:00.000Z',
    });
  });
});
