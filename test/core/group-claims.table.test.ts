// groups / wids / hasgroups / overage claims (core/tokens/group-claims.ts), as tables.

import { describe, expect, it } from 'vitest';
import {
  groupClaimKinds,
  groupClaimNeeds,
  groupClaimOptions,
  groupClaims,
  groupMembershipClaimsProblems,
  groupOverageEndpoint,
  type GroupClaimOptions,
  type GroupFacts,
} from '../../src/core/tokens/group-claims.js';

const ENDPOINT = 'https://localhost:8443/v1.0/users/u1/getMemberObjects';
const NONE: GroupClaimOptions = { onPremisesFormat: null, cloudDisplayName: false, emitAsRoles: false };
const ADMIN = '62e90394-69f5-4237-9190-012177145e10';

const g = (id: string, over: Partial<GroupFacts> = {}): GroupFacts => ({
  id,
  displayName: `Group ${id}`,
  securityEnabled: true,
  direct: true,
  assignedToApp: false,
  ...over,
});
const sec = g('sec');
const nested = g('nested', { direct: false });
const m365 = g('m365', { securityEnabled: false });
const assigned = g('assigned', { assignedToApp: true });
const assignedNested = g('assigned-nested', { assignedToApp: true, direct: false });
const USER_GROUPS = [sec, nested, m365, assigned, assignedNested];

function claims(setting: string | null, over: { options?: Partial<GroupClaimOptions>; groups?: GroupFacts[]; roles?: string[]; implicit?: boolean } = {}) {
  return groupClaims({
    kinds: groupClaimKinds(setting),
    options: { ...NONE, ...over.options },
    groups: over.groups ?? USER_GROUPS,
    directoryRoles: over.roles ?? [ADMIN],
    implicit: over.implicit ?? false,
    overageEndpoint: ENDPOINT,
  });
}

describe('groupClaimKinds: groupMembershipClaims as Entra reads it [D]', () => {
  it.each<[string | null | undefined, string[]]>([
    [null, []],
    [undefined, []],
    ['None', []],
    ['none', []],
    ['', []],
    ['SecurityGroup', ['SecurityGroup']],
    ['securitygroup', ['SecurityGroup']],
    ['All', ['All']],
    ['DirectoryRole', ['DirectoryRole']],
    ['ApplicationGroup', ['ApplicationGroup']],
    ['SecurityGroup, ApplicationGroup', ['SecurityGroup', 'ApplicationGroup']],
    ['Nonsense', []],
  ])('%j → %j', (value, expected) => {
    expect([...groupClaimKinds(value)]).toEqual(expected);
  });
});

describe('groupClaimNeeds: None reads nothing', () => {
  it.each<[string | null, { groups: boolean; directoryRoles: boolean }]>([
    [null, { groups: false, directoryRoles: false }],
    ['SecurityGroup', { groups: true, directoryRoles: true }],
    ['All', { groups: true, directoryRoles: true }],
    ['DirectoryRole', { groups: false, directoryRoles: true }],
    ['ApplicationGroup', { groups: true, directoryRoles: false }],
  ])('%j → %j', (value, expected) => {
    expect(groupClaimNeeds(groupClaimKinds(value))).toEqual(expected);
  });
});

describe('groupClaims: which groups and roles [D]', () => {
  it.each<[string, string | null, Record<string, unknown>]>([
    ['None: nothing', 'None', {}],
    ['SecurityGroup: security groups (nested too) and roles', 'SecurityGroup', { groups: ['sec', 'nested', 'assigned', 'assigned-nested', ADMIN] }],
    ['All: every group and roles, and wids', 'All', { groups: ['sec', 'nested', 'm365', 'assigned', 'assigned-nested', ADMIN], wids: [ADMIN] }],
    ['DirectoryRole: wids only', 'DirectoryRole', { wids: [ADMIN] }],
    ['ApplicationGroup: assigned groups the user is a direct member of', 'ApplicationGroup', { groups: ['assigned'] }],
    ['SecurityGroup + DirectoryRole', 'SecurityGroup,DirectoryRole', { groups: ['sec', 'nested', 'assigned', 'assigned-nested', ADMIN], wids: [ADMIN] }],
  ])('%s', (_name, setting, expected) => {
    const { replacesRoles, ...rest } = claims(setting);
    expect(replacesRoles).toBe(false);
    expect(rest).toEqual(expected);
  });

  it('no groups and no roles: no claim at all', () => {
    expect(claims('All', { groups: [], roles: [] })).toEqual({ replacesRoles: false });
  });
});

describe('groupClaims: overage [D]', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => g(`g${String(i).padStart(3, '0')}`));
  it.each<[string, number, boolean, Record<string, unknown>]>([
    ['JWT, 200 groups: all listed', 200, false, { groups: many(200).map((x) => x.id) }],
    ['JWT, 201 groups: the overage claim', 201, false, { _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: ENDPOINT } } }],
    ['implicit, 5 groups: listed', 5, true, { groups: many(5).map((x) => x.id) }],
    ['implicit, 6 groups: hasgroups', 6, true, { hasgroups: true }],
  ])('%s', (_name, n, implicit, expected) => {
    const { replacesRoles: _r, ...rest } = claims('SecurityGroup', { groups: many(n), roles: [], implicit });
    expect(rest).toEqual(expected);
  });

  it('roles count towards the limit under SecurityGroup; wids are not limited', () => {
    const result = claims('All', { groups: many(200), roles: [ADMIN] });
    expect(result.groups).toBeUndefined();
    expect(result._claim_names).toEqual({ groups: 'src1' });
    expect(result.wids).toEqual([ADMIN]);
  });
});

describe('groupClaims: the groups optional claim additionalProperties [D]', () => {
  it.each<[string, string, Partial<GroupClaimOptions>, Record<string, unknown>]>([
    ['sam_account_name: cloud groups have none, so they are left out', 'SecurityGroup', { onPremisesFormat: 'sam_account_name' }, { replacesRoles: false }],
    ['cloud_displayname with ApplicationGroup: display names', 'ApplicationGroup', { cloudDisplayName: true }, { groups: ['Group assigned'], replacesRoles: false }],
    ['cloud_displayname without ApplicationGroup: ids', 'SecurityGroup', { cloudDisplayName: true }, { groups: ['sec', 'nested', 'assigned', 'assigned-nested', ADMIN], replacesRoles: false }],
    ['sam + cloud_displayname with ApplicationGroup: names of cloud groups', 'ApplicationGroup', { onPremisesFormat: 'sam_account_name', cloudDisplayName: true }, { groups: ['Group assigned'], replacesRoles: false }],
    ['emit_as_roles: the values in roles', 'ApplicationGroup', { emitAsRoles: true }, { roles: ['assigned'], replacesRoles: true }],
    ['emit_as_roles with no group: app roles still dropped', 'ApplicationGroup', { emitAsRoles: true }, { replacesRoles: true }],
  ])('%s', (name, setting, options, expected) => {
    const groups = name.includes('no group') ? [sec] : USER_GROUPS;
    expect(claims(setting, { options, groups })).toEqual(expected);
  });
});

describe('groupClaimOptions: reading optionalClaims', () => {
  it.each<[string, unknown, 'idToken' | 'accessToken', GroupClaimOptions]>([
    ['absent', undefined, 'idToken', NONE],
    ['not an object', 'x', 'idToken', NONE],
    ['other token type only', { accessToken: [{ name: 'groups', additionalProperties: ['emit_as_roles'] }] }, 'idToken', NONE],
    [
      'the first on-premises format wins',
      { idToken: [{ name: 'groups', additionalProperties: ['netbios_domain_and_sam_account_name', 'sam_account_name', 'emit_as_roles'] }] },
      'idToken',
      { onPremisesFormat: 'netbios_domain_and_sam_account_name', cloudDisplayName: false, emitAsRoles: true },
    ],
    ['cloud_displayname', { accessToken: [{ name: 'Groups', additionalProperties: ['cloud_displayname', 7] }] }, 'accessToken', { onPremisesFormat: null, cloudDisplayName: true, emitAsRoles: false }],
    ['no additionalProperties', { idToken: [{ name: 'groups' }] }, 'idToken', NONE],
  ])('%s', (_name, optionalClaims, type, expected) => {
    expect(groupClaimOptions(optionalClaims, type)).toEqual(expected);
  });
});

describe('groupOverageEndpoint', () => {
  it.each<[string, string]>([
    ['https://localhost:8443', 'https://localhost:8443/v1.0/users/u1/getMemberObjects'],
    ['https://login.microsoftonline.com', 'https://graph.microsoft.com/v1.0/users/u1/getMemberObjects'],
  ])('%s', (origin, expected) => {
    expect(groupOverageEndpoint(origin, 'u1')).toBe(expected);
  });
});

describe('groupMembershipClaimsProblems: what a registration may hold', () => {
  it.each<[string, boolean]>([
    ['None', true],
    ['none', true],
    ['SecurityGroup', true],
    ['All', true],
    ['SecurityGroup, ApplicationGroup', true],
    ['SecurityGroups', false],
    ['All,Everything', false],
  ])('%j → valid %s', (value, valid) => {
    expect(groupMembershipClaimsProblems(value).length === 0).toBe(valid);
  });
});
