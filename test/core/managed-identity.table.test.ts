// Which managed identity a request to the managed identity endpoint means (core/policy/managed-identity.ts),
// one row per outcome.

import { describe, expect, it } from 'vitest';
import type { ServicePrincipal } from '../../src/core/model.js';
import {
  asManagedIdentity,
  managedIdentityAlternativeNames,
  parseIdentitySelector,
  parseResourceId,
  resolveHost,
  selectManagedIdentity,
  type IdentitySelector,
  type ManagedIdentityType,
} from '../../src/core/policy/managed-identity.js';

const SUB = '/subscriptions/11111111-2222-4333-8444-555555555555/resourceGroups/rg/providers';
const mi = (name: string, type: ManagedIdentityType, n: number, resourceId?: string): ServicePrincipal => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  appId: `aaaaaaaa-0000-4000-8000-00000000000${n}`,
  tenantId: 'tttttttt',
  displayName: name,
  accountEnabled: true,
  appRoleAssignmentRequired: false,
  servicePrincipalType: 'ManagedIdentity',
  alternativeNames: managedIdentityAlternativeNames(
    type,
    resourceId ?? (type === 'UserAssigned' ? `${SUB}/Microsoft.ManagedIdentity/userAssignedIdentities/${name}` : `${SUB}/Microsoft.Compute/virtualMachines/${name}`),
  ),
});

const VM1 = mi('vm-one', 'SystemAssigned', 1);
const VM2 = mi('vm-two', 'SystemAssigned', 2, `${SUB}/Microsoft.Web/sites/vm-two`);
const UA = mi('ua-one', 'UserAssigned', 3);
const UA2 = mi('ua-two', 'UserAssigned', 4);
const APP: ServicePrincipal = { ...mi('an-app', 'UserAssigned', 5), servicePrincipalType: 'Application', alternativeNames: [] };
const ALL = [VM1, VM2, UA, UA2, APP];

describe('alternativeNames', () => {
  it.each<[string, ServicePrincipal, ReturnType<typeof asManagedIdentity>]>([
    ['user-assigned: isExplicit=True', UA, { sp: UA, type: 'UserAssigned', resourceId: `${SUB}/Microsoft.ManagedIdentity/userAssignedIdentities/ua-one` }],
    ['system-assigned: isExplicit=False', VM1, { sp: VM1, type: 'SystemAssigned', resourceId: `${SUB}/Microsoft.Compute/virtualMachines/vm-one` }],
    ["an application's service principal is none", APP, undefined],
    ['a managed identity without a resource id is none', { ...UA, alternativeNames: ['isExplicit=True'] }, undefined],
    ['Graph spells the flag in any case', { ...UA, alternativeNames: ['isexplicit=true', '/x'] }, { sp: { ...UA, alternativeNames: ['isexplicit=true', '/x'] }, type: 'UserAssigned', resourceId: '/x' }],
  ])('%s', (_name, sp, expected) => {
    expect(asManagedIdentity(sp)).toEqual(expected);
  });

  it('parses ARM resource ids, case-insensitively in the fixed segments, and refuses others', () => {
    expect(parseResourceId(`${SUB}/Microsoft.Compute/virtualMachines/vm-one/`)).toEqual({
      subscriptionId: '11111111-2222-4333-8444-555555555555',
      resourceGroup: 'rg',
      resourceType: 'Microsoft.Compute/virtualMachines',
      name: 'vm-one',
    });
    expect(parseResourceId('/SUBSCRIPTIONS/s/RESOURCEGROUPS/g/PROVIDERS/a.b/c/d')?.name).toBe('d');
    for (const bad of ['', 'vm-one', '/subscriptions/s/resourceGroups/g', `${SUB}/Microsoft.Compute/virtualMachines`, `${SUB}/a/b/c/d/e`]) {
      expect(parseResourceId(bad), bad).toBeUndefined();
    }
  });
});

describe('parseIdentitySelector', () => {
  it.each<[string, Record<string, string>, ReturnType<typeof parseIdentitySelector>]>([
    ['nothing: the host', {}, { ok: true, selector: { by: 'host' } }],
    ['client_id', { client_id: ' X ' }, { ok: true, selector: { by: 'clientId', value: 'X', parameter: 'client_id' } }],
    ['object_id', { object_id: 'o' }, { ok: true, selector: { by: 'objectId', value: 'o', parameter: 'object_id' } }],
    ["principal_id (App Service's name for it)", { principal_id: 'o' }, { ok: true, selector: { by: 'objectId', value: 'o', parameter: 'principal_id' } }],
    ['msi_res_id (IMDS)', { msi_res_id: '/r' }, { ok: true, selector: { by: 'resourceId', value: '/r', parameter: 'msi_res_id' } }],
    ['mi_res_id (App Service)', { mi_res_id: '/r' }, { ok: true, selector: { by: 'resourceId', value: '/r', parameter: 'mi_res_id' } }],
    ['other parameters do not count', { resource: 'api://x', 'api-version': '2018-02-01' }, { ok: true, selector: { by: 'host' } }],
  ])('%s', (_name, query, expected) => {
    expect(parseIdentitySelector(query)).toEqual(expected);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['two identity parameters', { client_id: 'a', mi_res_id: '/r' }, /Only one of .*client_id and mi_res_id/],
    ['an empty one', { client_id: '' }, /client_id is empty/],
  ])('refuses %s', (_name, query, message) => {
    const result = parseIdentitySelector(query);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(message);
  });
});

describe('selectManagedIdentity', () => {
  const host: IdentitySelector = { by: 'host' };
  const by = (b: 'clientId' | 'objectId' | 'resourceId', value: string, parameter = 'client_id'): IdentitySelector => ({ by: b, value, parameter });

  it.each<[string, ServicePrincipal[], IdentitySelector, string | undefined, ServicePrincipal, RegExp]>([
    ['no identity named, the only system-assigned one', [VM1, UA], host, undefined, VM1, /system-assigned identity of 'vm-one', the host/],
    ['no identity named, the configured host by name (any case)', ALL, host, 'VM-TWO', VM2, /'vm-two'/],
    ['the configured host by client id', ALL, host, VM2.appId.toUpperCase(), VM2, /'vm-two'/],
    ['the configured host by object id', ALL, host, VM2.id, VM2, /'vm-two'/],
    ['the configured host by resource id, another case', ALL, host, `${SUB}/microsoft.web/SITES/vm-two`, VM2, /'vm-two'/],
    ['a user-assigned identity by client id, any case', ALL, by('clientId', UA.appId.toUpperCase()), 'vm-one', UA, /client_id names the user-assigned identity 'ua-one'/],
    ['a user-assigned identity by object id', ALL, by('objectId', UA2.id, 'object_id'), 'vm-one', UA2, /object_id/],
    ['a user-assigned identity by resource id, other case, trailing slash', ALL, by('resourceId', `${SUB}/microsoft.managedidentity/userassignedidentities/UA-ONE/`, 'msi_res_id'), 'vm-one', UA, /msi_res_id/],
    ["the host's own system-assigned identity by client id", ALL, by('clientId', VM1.appId), 'vm-one', VM1, /system-assigned identity 'vm-one'/],
    ['a user-assigned identity when the tenant has no system-assigned one', [UA], by('clientId', UA.appId), undefined, UA, /ua-one/],
  ])('%s', (_name, identities, selector, hostRef, expected, decidedBy) => {
    const result = selectManagedIdentity({ identities, selector, host: hostRef });
    expect(result.ok && result.identity.sp).toEqual(expected);
    expect(result.ok && result.decidedBy).toMatch(decidedBy);
  });

  it.each<[string, ServicePrincipal[], IdentitySelector, string | undefined, RegExp]>([
    ['no identity named and no system-assigned one', [UA], host, undefined, /^Identity not found: .*has no system-assigned managed identity.*pass client_id.*'ua-one'/],
    ['no identity named, several system-assigned ones and no host chosen', ALL, host, undefined, /several \('vm-one', 'vm-two'\).*ENTRADA_MANAGED_IDENTITY_HOST/],
    ['no identity named and a configured host that does not exist', ALL, host, 'vm-three', /the host 'vm-three' \(ENTRADA_MANAGED_IDENTITY_HOST\) is not a system-assigned identity/],
    ['a configured host that is user-assigned', ALL, host, 'ua-one', /the host 'ua-one'/],
    ['an unknown client id', ALL, by('clientId', 'bbbbbbbb-0000-4000-8000-000000000009'), 'vm-one', /^Identity not found: no managed identity of this tenant has client_id 'bbbbbbbb-.*user-assigned 'ua-one' client_id aaaaaaaa-0000-4000-8000-000000000003/],
    ["an application's client id", ALL, by('clientId', APP.appId), 'vm-one', /^Identity not found: no managed identity/],
    ['an unknown resource id', ALL, by('resourceId', `${SUB}/Microsoft.ManagedIdentity/userAssignedIdentities/nope`, 'mi_res_id'), 'vm-one', /has mi_res_id/],
    ["another host's system-assigned identity", ALL, by('clientId', VM2.appId), 'vm-one', /system-assigned identity of 'vm-two'.*acts as 'vm-one'.*ENTRADA_MANAGED_IDENTITY_HOST=vm-two/],
    ['a tenant without managed identities', [APP], by('clientId', UA.appId), undefined, /It has none/],
  ])('refuses %s', (_name, identities, selector, hostRef, message) => {
    const result = selectManagedIdentity({ identities, selector, host: hostRef });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(message);
  });

  it('resolveHost: the only system-assigned identity, or none, or the configured one', () => {
    const systems = [VM1, VM2].map((sp) => asManagedIdentity(sp)!);
    expect(resolveHost(systems.slice(0, 1), undefined)).toMatchObject({ ok: true, identity: { sp: VM1 } });
    expect(resolveHost([], undefined)).toMatchObject({ ok: false, why: expect.stringMatching(/no system-assigned/) });
    expect(resolveHost(systems, 'vm-two')).toMatchObject({ ok: true, identity: { sp: VM2 } });
  });
});
