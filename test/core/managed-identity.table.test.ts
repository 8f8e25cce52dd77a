// Which managed identity a request to the managed identity endpoint means (core/policy/managed-identity.ts),
// one row per outcome.

import { describe, expect, it } from 'vitest';
import type { ServicePrincipal } from '../../src/core/model.js';
import {
  asManagedIdentity,
  checkRequestSource,
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

describe('who may ask: Host and forwarding headers (issue 9, finding 6)', () => {
  type Headers = Record<string, string | string[] | undefined>;
  it.each<[string, Headers]>([
    ['127.0.0.1 with a port (@azure/identity through AZURE_POD_IDENTITY_AUTHORITY_HOST / IDENTITY_ENDPOINT)', { host: '127.0.0.1:8444' }],
    ['localhost with a port', { host: 'localhost:8444' }],
    ['LOCALHOST in capitals', { host: 'LOCALHOST:8444' }],
    ['localhost without a port', { host: 'localhost' }],
    ['another 127/8 address', { host: '127.10.20.30:9000' }],
    ['[::1] with a port', { host: '[::1]:8444' }],
    ['[::1] without a port', { host: '[::1]' }],
    ['IPv4-mapped 127.0.0.1 in brackets', { host: '[::ffff:127.0.0.1]:8444' }],
    ["IMDS's own address, without a port (a proxy or port forward to it)", { host: '169.254.169.254' }],
    ["IMDS's own address with a port", { host: '169.254.169.254:80' }],
    ['no Host at all (HTTP/1.0)', {}],
  ])('accepts %s', (_name, headers) => {
    expect(checkRequestSource(headers)).toEqual({ ok: true });
  });

  it.each<[string, Headers, 'host' | 'forwarded', RegExp]>([
    ['another name resolving to 127.0.0.1 (DNS rebinding)', { host: 'attacker.example:9644' }, 'host', /Host header 'attacker\.example:9644' is not this machine.*DNS rebinding/],
    ['a name that merely starts with localhost', { host: 'localhost.attacker.example' }, 'host', /not this machine/],
    ['a subdomain of localhost spelt as a suffix', { host: 'attacker.example.localhost:1' }, 'host', /not this machine/],
    ['a private address', { host: '10.0.0.5:8444' }, 'host', /not this machine/],
    ['another link-local address', { host: '169.254.169.253' }, 'host', /not this machine/],
    ['0.0.0.0', { host: '0.0.0.0:8444' }, 'host', /not this machine/],
    ['an unbracketed IPv6 literal', { host: '::1' }, 'host', /not this machine/],
    ['a 6to4 address embedding 127.0.0.1 (a global IPv6 address)', { host: '[2002:7f00:1::]' }, 'host', /not this machine/],
    ['a 6to4 address embedding 127.0.0.1, with a port', { host: '[2002:7f00:1::1]:8444' }, 'host', /not this machine/],
    ['a NAT64 address embedding 127.0.0.1', { host: '[64:ff9b::7f00:1]' }, 'host', /not this machine/],
    ['an IPv4-compatible address embedding 127.0.0.1', { host: '[::7f00:1]' }, 'host', /not this machine/],
    ['a port out of range', { host: 'localhost:70000' }, 'host', /not this machine/],
    ['a non-numeric port', { host: 'localhost:http' }, 'host', /not this machine/],
    ['an empty Host', { host: '' }, 'host', /not this machine/],
    ['a very long Host, quoted only in part', { host: `${'a'.repeat(5000)}.example` }, 'host', /^The request's Host header 'a{100}' is/],
    ['X-Forwarded-For, even from a loopback host', { host: '127.0.0.1:8444', 'x-forwarded-for': '203.0.113.9' }, 'forwarded', /X-Forwarded-For header; .*relayed by a proxy/],
    ['an empty X-Forwarded-For', { host: 'localhost', 'x-forwarded-for': '' }, 'forwarded', /X-Forwarded-For/],
    ['Forwarded (RFC 7239)', { host: 'localhost', forwarded: 'for=203.0.113.9' }, 'forwarded', /a Forwarded header/],
  ])('refuses %s', (_name, headers, reason, message) => {
    const verdict = checkRequestSource(headers);
    expect(verdict).toMatchObject({ ok: false, reason });
    expect(!verdict.ok && verdict.message).toMatch(message);
  });
});
