// Managed identities in seed files (seed/managed-identities.ts): what the demo seeds, and every
// problem a seed can have, reported at its path.

import { describe, expect, it } from 'vitest';
import { applySeed } from '../../src/seed/apply.js';
import { derivedId } from '../../src/seed/ids.js';
import { loadDemoSeed, validateSeedData } from '../../src/seed/load.js';
import { MemoryWriter } from './memory-writer.js';

const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';
const API = 'a0000000-0000-4000-8000-000000000001';
const DAEMON = 'a0000000-0000-4000-8000-000000000002';
const RG = '/subscriptions/33333333-3333-4333-8333-333333333333/resourceGroups/rg/providers';
const UA_ID = `${RG}/Microsoft.ManagedIdentity/userAssignedIdentities/jobs-id`;
const deps = {
  hashSecret: (s: string) => `h:${s}`,
  verifySecret: (s: string, stored: string) => stored === `h:${s}`,
  hashPassword: async (p: string) => `h:${p}`,
  verifyPassword: async (p: string, stored: string) => stored === `h:${p}`,
  now: new Date('2026-01-01T00:00:00Z'),
};

// biome-ignore lint/suspicious/noExplicitAny: seeds are broken here field by field, on purpose
type Json = any;
function base(): Json {
  return {
    tenants: [
      {
        id: T1,
        displayName: 'Contoso',
        domains: ['contoso.localhost'],
        applications: [
          { appId: API, displayName: 'Orders API', identifierUris: ['api://orders'], appRoles: [{ value: 'Orders.Sync', allowedMemberTypes: ['Application'] }, { value: 'Orders.Admin', allowedMemberTypes: ['User'] }] },
          { appId: DAEMON, displayName: 'Sync Job' },
        ],
        managedIdentities: [
          { type: 'SystemAssigned', name: 'build-vm' },
          { type: 'UserAssigned', name: 'jobs-id', resourceId: UA_ID },
        ],
        appRoleAssignments: [
          { principal: 'build-vm', resource: 'api://orders', appRole: 'Orders.Sync' },
          { principal: UA_ID.toUpperCase(), resource: API, appRole: 'Orders.Sync' },
        ],
      },
      { id: T2, displayName: 'Fabrikam', domains: ['fabrikam.localhost'] },
    ],
  };
}

function problems(mutate: (seed: Json) => void): string[] {
  const seed = base();
  mutate(seed);
  const result = validateSeedData(seed);
  return result.ok ? [] : result.errors;
}

describe('managed identities in a seed', () => {
  it('the base seed is valid; ids derive from the resource id, the default one from the name', async () => {
    expect(problems(() => {})).toEqual([]);
    const loaded = validateSeedData(base());
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const writer = new MemoryWriter();
    const summary = await applySeed(loaded.seed, writer, deps);
    const vmResource = `/subscriptions/${derivedId.subscription(T1)}/resourceGroups/entrada/providers/Microsoft.Compute/virtualMachines/build-vm`;
    expect(summary.tenants[0].managedIdentities).toEqual([
      { type: 'SystemAssigned', name: 'build-vm', resourceId: vmResource, clientId: derivedId.managedIdentityClientId(T1, vmResource), objectId: derivedId.managedIdentity(T1, vmResource) },
      { type: 'UserAssigned', name: 'jobs-id', resourceId: UA_ID, clientId: derivedId.managedIdentityClientId(T1, UA_ID), objectId: derivedId.managedIdentity(T1, UA_ID) },
    ]);
    expect(summary.tenants[1].managedIdentities).toEqual([]);
    const sp = writer.servicePrincipals.get(derivedId.managedIdentity(T1, UA_ID));
    expect(sp).toEqual({
      id: derivedId.managedIdentity(T1, UA_ID),
      appId: derivedId.managedIdentityClientId(T1, UA_ID),
      tenantId: T1,
      displayName: 'jobs-id',
      accountEnabled: true,
      appRoleAssignmentRequired: false,
      servicePrincipalType: 'ManagedIdentity',
      alternativeNames: ['isExplicit=True', UA_ID],
    });
    // Assignments by name and by resource id (any case) resolve to the identities' object ids.
    const principals = [...writer.assignments.values()].map((a) => a.principalId).sort();
    expect(principals).toEqual([derivedId.managedIdentity(T1, vmResource), derivedId.managedIdentity(T1, UA_ID)].sort());
    // Applying again writes the same ids.
    const again = new MemoryWriter();
    await applySeed(loaded.seed, again, deps);
    expect([...again.servicePrincipals.keys()].sort()).toEqual([...writer.servicePrincipals.keys()].sort());
  });

  it('explicit client and object ids are kept (lower-cased); a disabled identity is written disabled', async () => {
    const seed = base();
    seed.tenants[0].managedIdentities[1] = { type: 'UserAssigned', name: 'jobs-id', clientId: 'ABCDEF00-0000-4000-8000-000000000001', id: 'ABCDEF00-0000-4000-8000-000000000002', accountEnabled: false };
    seed.tenants[0].appRoleAssignments[1].principal = 'abcdef00-0000-4000-8000-000000000001';
    const loaded = validateSeedData(seed);
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const writer = new MemoryWriter();
    await applySeed(loaded.seed, writer, deps);
    expect(writer.servicePrincipals.get('abcdef00-0000-4000-8000-000000000002')).toMatchObject({
      appId: 'abcdef00-0000-4000-8000-000000000001',
      accountEnabled: false,
      alternativeNames: ['isExplicit=True', `/subscriptions/${derivedId.subscription(T1)}/resourceGroups/entrada/providers/Microsoft.ManagedIdentity/userAssignedIdentities/jobs-id`],
    });
  });

  it.each<[string, (s: Json) => void, string[]]>([
    ['an unknown type', (s) => (s.tenants[0].managedIdentities[0].type = 'Both'), ['tenants[0].managedIdentities[0].type: must be SystemAssigned or UserAssigned']],
    ['a name with a slash', (s) => {
        s.tenants[0].managedIdentities[0].name = 'rg/vm';
        s.tenants[0].appRoleAssignments = [];
      }, ['tenants[0].managedIdentities[0].name: must be an Azure resource name: letters, digits, - _ . (starting with a letter or digit), at most 128']],
    ['a resource id that is not one', (s) => {
        s.tenants[0].managedIdentities[1].resourceId = 'jobs-id';
        s.tenants[0].appRoleAssignments = [];
      }, [expect.stringMatching(/^tenants\[0\]\.managedIdentities\[1\]\.resourceId: must be an Azure resource id: \/subscriptions\//)] as never],
    ['an unknown field', (s) => (s.tenants[0].managedIdentities[0].principalId = 'x'), [expect.stringMatching(/^tenants\[0\]\.managedIdentities\[0\]: .*principalId/)] as never],
    [
      'a user-assigned identity with a VM resource id',
      (s) => {
        s.tenants[0].managedIdentities[1].resourceId = `${RG}/Microsoft.Compute/virtualMachines/jobs-id`;
        s.tenants[0].appRoleAssignments = [];
      },
      ["tenants[0].managedIdentities[1].resourceId: a user-assigned identity's resource id has type Microsoft.ManagedIdentity/userAssignedIdentities, not Microsoft.Compute/virtualMachines; for the identity of a Microsoft.Compute/virtualMachines resource use type: SystemAssigned"],
    ],
    [
      'a system-assigned identity with a user-assigned resource id',
      (s) => (s.tenants[0].managedIdentities[0] = { type: 'SystemAssigned', name: 'build-vm', resourceId: `${RG}/Microsoft.ManagedIdentity/userAssignedIdentities/build-vm` }),
      ['tenants[0].managedIdentities[0].resourceId: a system-assigned identity is named by the resource it belongs to (e.g. Microsoft.Compute/virtualMachines/build-vm), not by a Microsoft.ManagedIdentity/userAssignedIdentities id; use type: UserAssigned for that'],
    ],
    [
      'a name that is not the resource id\'s last segment',
      (s) => (s.tenants[0].managedIdentities[1].name = 'other-id'),
      [
        "tenants[0].managedIdentities[1].name: 'other-id' must be the last segment of resourceId ('jobs-id'): Azure names the identity after its resource",
      ],
    ],
    [
      'two identities of one name in a tenant',
      (s) => s.tenants[0].managedIdentities.push({ type: 'UserAssigned', name: 'BUILD-VM' }),
      ["tenants[0].managedIdentities[2].name: 'BUILD-VM' is already the name of tenants[0].managedIdentities[0]; names are unique in a tenant, since assignments and ENTRADA_MANAGED_IDENTITY_HOST name identities by them"],
    ],
    [
      'one resource id twice, across tenants',
      (s) => (s.tenants[1].managedIdentities = [{ type: 'UserAssigned', name: 'jobs-id', resourceId: UA_ID.toLowerCase() }]),
      [
        `tenants[1].managedIdentities[0].resourceId: resource id '${UA_ID.toLowerCase()}' is already used by tenants[0].managedIdentities[1]; ids must be unique`,
      ],
    ],
    [
      "a client id that is an application's appId",
      (s) => (s.tenants[0].managedIdentities[1].clientId = DAEMON),
      [`tenants[0].managedIdentities[1].clientId: client id ${DAEMON} is already used by the appId of tenants[0].applications[1] ('Sync Job'); ids must be unique`],
    ],
    [
      "an object id that is a user's",
      (s) => {
        s.tenants[0].users = [{ userPrincipalName: 'ann@contoso.localhost', displayName: 'Ann', id: '44444444-4444-4444-8444-444444444444' }];
        s.tenants[0].managedIdentities[0].id = '44444444-4444-4444-8444-444444444444';
      },
      ['tenants[0].managedIdentities[0].id: object id 44444444-4444-4444-8444-444444444444 is already used by tenants[0].users[0]; ids must be unique'],
    ],
    [
      'an assignment naming an unknown identity',
      (s) => (s.tenants[0].appRoleAssignments[0].principal = 'build-vm2'),
      ["tenants[0].appRoleAssignments[0].principal: 'build-vm2' must be a client appId (GUID), a managed identity's name or resource id (build-vm, jobs-id), or a user's UPN (name@domain)"],
    ],
    [
      "an identity assigned a role for users only",
      (s) => (s.tenants[0].appRoleAssignments[0].appRole = 'Orders.Admin'),
      ["tenants[0].appRoleAssignments[0].appRole: app role 'Orders.Admin' of 'Orders API' (tenants[0].applications[0]) allows only User members (allowedMemberTypes), but the principal is an application"],
    ],
    [
      "another tenant's identity",
      (s) => (s.tenants[1].appRoleAssignments = [{ principal: 'jobs-id', resource: API, appRole: 'Orders.Sync' }]),
      [
        "tenants[1].appRoleAssignments[0].principal: 'jobs-id' must be a client appId (GUID), a managed identity's name or resource id, or a user's UPN (name@domain)",
        "tenants[1].appRoleAssignments[0].resource: no application with appId or identifier URI 'a0000000-0000-4000-8000-000000000001' in this tenant ('Orders API' is registered in tenants[0]; a seed creates an app's service principal only in its own tenant)",
      ],
    ],
  ])('reports %s', (_name, mutate, expected) => {
    expect(problems(mutate)).toEqual(expected);
  });
});

describe('the demo seed', () => {
  it('has a system-assigned and a user-assigned identity, each holding Data.Read on the Demo API', async () => {
    const loaded = await loadDemoSeed();
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const writer = new MemoryWriter();
    const summary = await applySeed(loaded.seed, writer, deps);
    const identities = summary.tenants[0].managedIdentities;
    expect(identities.map((m) => [m.type, m.name, m.clientId])).toEqual([
      ['SystemAssigned', 'demo-vm', 'e7ada000-0000-4000-8000-0000000000a1'],
      ['UserAssigned', 'demo-identity', 'e7ada000-0000-4000-8000-0000000000a2'],
    ]);
    const apiSp = writer.spByAppId(summary.tenants[0].tenant.id, 'e7ada000-0000-4000-8000-000000000001')!;
    const dataRead = writer.appByAppId('e7ada000-0000-4000-8000-000000000001')!.appRoles.find((r) => r.value === 'Data.Read')!;
    for (const m of identities) {
      const held = [...writer.assignments.values()].filter((a) => a.principalId === m.objectId);
      expect(held, m.name).toEqual([expect.objectContaining({ resourceId: apiSp.id, appRoleId: dataRead.id, principalType: 'ServicePrincipal' })]);
    }
  });
});
