// Groups in seed files (issue 18; seed/groups.ts): members by UPN or group displayName, owners by
// UPN, app role assignments to a group by displayName; every bad reference reported at its path;
// applying writes the group, its members and owners, and keeps the group's creation time.

import { describe, expect, it } from 'vitest';
import { applySeed } from '../../src/seed/apply.js';
import { derivedId } from '../../src/seed/ids.js';
import { validateSeedData } from '../../src/seed/load.js';
import { fakeDeps, MemoryLedger, MemoryWriter } from './memory-writer.js';

const TENANT = '7b0c0000-0000-4000-8000-000000000001';
const API = '7b0c0000-0000-4000-8000-0000000000a1';

// biome-ignore lint/suspicious/noExplicitAny: seed JSON mutated by the cases
type Json = any;

function base(): Json {
  return {
    tenants: [
      {
        id: TENANT,
        displayName: 'Seed Groups',
        domains: ['seed-groups.localhost'],
        applications: [{ appId: API, displayName: 'Orders', identifierUris: ['api://orders'], appRoles: [{ value: 'Orders.Approve', allowedMemberTypes: ['User'] }] }],
        users: [{ userPrincipalName: 'alice@seed-groups.localhost', displayName: 'Alice' }],
        groups: [
          { displayName: 'Engineers', members: ['Platform'] },
          { displayName: 'Platform', members: ['alice@seed-groups.localhost'], owners: ['alice@seed-groups.localhost'] },
        ],
        appRoleAssignments: [{ principal: 'Platform', resource: 'api://orders', appRole: 'Orders.Approve' }],
      },
    ],
  };
}

function problems(mutate: (seed: Json) => void): string[] {
  const seed = base();
  mutate(seed);
  const result = validateSeedData(seed);
  return result.ok ? [] : result.errors;
}

describe('seed groups: validation', () => {
  it.each<[string, (s: Json) => void, string]>([
    ['an unknown member UPN', (s) => s.tenants[0].groups[1].members.push('nobody@seed-groups.localhost'), "tenants[0].groups[1].members[1]: no user 'nobody@seed-groups.localhost'"],
    ['an unknown member group', (s) => s.tenants[0].groups[0].members.push('Nobody'), "tenants[0].groups[0].members[1]: no group named 'Nobody'"],
    ['a group in itself', (s) => s.tenants[0].groups[0].members.push('engineers'), 'tenants[0].groups[0].members[1]: a group cannot be a member of itself'],
    ['an unknown owner', (s) => s.tenants[0].groups[0].owners = ['x@seed-groups.localhost'], "tenants[0].groups[0].owners[0]: no user 'x@seed-groups.localhost'"],
    ['two groups of one name', (s) => s.tenants[0].groups.push({ displayName: 'PLATFORM' }), 'tenants[0].groups[2].displayName: duplicates tenants[0].groups[1]'],
    ['a bad mailNickname', (s) => s.tenants[0].groups[0].mailNickname = 'a b', "tenants[0].groups[0].mailNickname: mailNickname must not contain ' '"],
    ['a misspelt groupMembershipClaims', (s) => s.tenants[0].applications[0].groupMembershipClaims = 'SecurityGroups', "'SecurityGroups' is not a groupMembershipClaims value"],
    ['an assignment to an unknown group', (s) => s.tenants[0].appRoleAssignments[0].principal = 'Nobody', 'tenants[0].appRoleAssignments[0].principal'],
  ])('%s', (_name, mutate, expected) => {
    expect(problems(mutate).join('\n')).toContain(expected);
  });

  it('the base seed is valid', () => {
    expect(problems(() => {})).toEqual([]);
  });
});

describe('seed groups: apply', () => {
  it('writes groups, members, owners and the group assignment; a second apply changes nothing', async () => {
    const result = validateSeedData(base());
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const writer = new MemoryWriter();
    const ledger = new MemoryLedger();
    await applySeed(result.seed, writer, fakeDeps(), { ledger });
    const engineers = derivedId.group(TENANT, 'Engineers');
    const platform = derivedId.group(TENANT, 'Platform');
    expect(writer.groups.map((g) => [g.displayName, g.id, g.securityEnabled, g.mailNickname])).toEqual([
      ['Engineers', engineers, true, 'Engineers'],
      ['Platform', platform, true, 'Platform'],
    ]);
    const alice = derivedId.user(TENANT, 'alice@seed-groups.localhost');
    expect([...writer.relations].sort()).toEqual([`member|${engineers}|${platform}`, `member|${platform}|${alice}`, `owner|${platform}|${alice}`].sort());
    const again = await applySeed(result.seed, writer, fakeDeps(new Date('2027-01-01T00:00:00Z')), { ledger });
    expect(again.tenants[0].objects.filter((o) => o.kind === 'group').map((o) => o.outcome)).toEqual(['unchanged', 'unchanged']);
  });
});
