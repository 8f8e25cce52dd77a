// The seed's token lifetime policies (issue 18; seed/token-lifetime-policies.ts): the lifetime's
// spellings and range, apps resolved to their service principals, and what a bad entry says.

import { describe, expect, it } from 'vitest';
import { applySeed } from '../../src/seed/apply.js';
import { derivedId } from '../../src/seed/ids.js';
import { validateSeedData } from '../../src/seed/load.js';
import { parseLifetime } from '../../src/seed/token-lifetime-schema.js';
import { fakeDeps, MemoryWriter } from './memory-writer.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const API = '22222222-2222-4222-8222-222222222222';
const seed = (tokenLifetimePolicies: object[]) => ({
  tenants: [{
    id: TENANT,
    displayName: 'Contoso',
    domains: ['contoso.localhost'],
    applications: [
      { appId: API, displayName: 'Orders API', identifierUris: ['api://orders'] },
      { appId: '33333333-3333-4333-8333-333333333333', displayName: 'No SP', servicePrincipal: false },
    ],
    tokenLifetimePolicies,
  }],
});

describe('parseLifetime', () => {
  it.each<[string, number | undefined]>([
    ['2h', 7200],
    ['90m', 5400],
    ['1d', 86400],
    ['600s', 600],
    ['02:00:00', 7200],
    ['1.00:00:00', 86400],
    ['two hours', undefined],
    ['2x', undefined],
  ])('%j → %j', (text, seconds) => expect(parseLifetime(text)).toBe(seconds));
});

describe('seed: tokenLifetimePolicies', () => {
  it("writes Graph's definition, assigned to the named apps' service principals", async () => {
    const r = validateSeedData(seed([
      { displayName: 'Orders two hours', accessTokenLifetime: '2h', appliesTo: ['api://orders'] },
      { displayName: 'Default', accessTokenLifetime: '01:30:00', isOrganizationDefault: true },
    ]));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    const writer = new MemoryWriter();
    await applySeed(r.seed, writer, fakeDeps());
    const policies = [...writer.tokenLifetimePolicies.values()];
    expect(policies).toEqual([
      expect.objectContaining({
        tenantId: TENANT,
        displayName: 'Orders two hours',
        definition: ['{"TokenLifetimePolicy":{"Version":1,"AccessTokenLifetime":"02:00:00"}}'],
        isOrganizationDefault: false,
        appliesTo: [derivedId.servicePrincipal(TENANT, API)],
      }),
      expect.objectContaining({ displayName: 'Default', definition: ['{"TokenLifetimePolicy":{"Version":1,"AccessTokenLifetime":"01:30:00"}}'], isOrganizationDefault: true, appliesTo: [] }),
    ]);
  });

  it.each<[string, object[], string]>([
    ['9 minutes', [{ displayName: 'x', accessTokenLifetime: '9m' }], 'tenants[0].tokenLifetimePolicies[0].accessTokenLifetime: must be 10 minutes to one day'],
    ['two days', [{ displayName: 'x', accessTokenLifetime: '2d' }], 'tenants[0].tokenLifetimePolicies[0].accessTokenLifetime: must be 10 minutes to one day'],
    ['an unknown app', [{ displayName: 'x', accessTokenLifetime: '2h', appliesTo: ['Nope'] }], "tenants[0].tokenLifetimePolicies[0].appliesTo[0]: no application with displayName, appId or identifier URI 'Nope'"],
    ['an app without a service principal', [{ displayName: 'x', accessTokenLifetime: '2h', appliesTo: ['No SP'] }], "tenants[0].tokenLifetimePolicies[0].appliesTo[0]: 'No SP' has no service principal"],
    ['two policies on one app', [{ displayName: 'a', accessTokenLifetime: '2h', appliesTo: ['Orders API'] }, { displayName: 'b', accessTokenLifetime: '3h', appliesTo: ['api://orders'] }], "tenants[0].tokenLifetimePolicies[1].appliesTo[0]: 'Orders API' already has the token lifetime policy 'a'"],
    ['two organization defaults', [{ displayName: 'a', accessTokenLifetime: '2h', isOrganizationDefault: true }, { displayName: 'b', accessTokenLifetime: '3h', isOrganizationDefault: true }], "tenants[0].tokenLifetimePolicies[1].isOrganizationDefault: 'a' is already the organization default"],
    ['a repeated name', [{ displayName: 'a', accessTokenLifetime: '2h' }, { displayName: 'A', accessTokenLifetime: '3h' }], "tenants[0].tokenLifetimePolicies[1].displayName: another token lifetime policy is named 'A'"],
    ['an unknown property', [{ displayName: 'a', accessTokenLifetime: '2h', idTokenLifetime: '1h' }], 'tenants[0].tokenLifetimePolicies[0]'],
  ])('refuses %s', (_name, policies, message) => {
    const r = validateSeedData(seed(policies));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.some((e) => e.startsWith(message)), r.errors.join('\n')).toBe(true);
  });
});
