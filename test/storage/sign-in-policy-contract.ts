// The storage contract for what MFA and Conditional Access read (issue 17; migration 0014): a
// tenant's security defaults, Conditional Access policies and named locations (signInPolicy and
// the DirectoryStore's get/upsert/delete), per-user MFA and MFA registration on users, and a
// user's groups through nested membership (listTransitiveGroupIds: cycles, other tenants, order).
// directoryContract calls it, so SQLite and PostgreSQL run the same cases.

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ConditionalAccessPolicy, Group, Guid, NamedLocation } from '../../src/core/model.js';
import type { DirectoryStore } from '../../src/core/ports.js';
import type { Storage } from '../../src/storage/open.js';
import * as make from './fixtures.js';

function policy(tenantId: Guid, overrides: Partial<ConditionalAccessPolicy> = {}): ConditionalAccessPolicy {
  return {
    id: randomUUID(),
    tenantId,
    displayName: 'Require MFA for admins',
    state: 'enabled',
    conditions: {
      applications: { includeApplications: ['All'], excludeApplications: [], includeAuthenticationContextClassReferences: [] },
      users: { includeUsers: [randomUUID()], excludeUsers: [], includeGroups: [], excludeGroups: [] },
      clientAppTypes: ['all'],
      locations: null,
    },
    grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    createdDateTime: '2026-03-01T10:00:00.000Z',
    modifiedDateTime: null,
    ...overrides,
  };
}

function location(tenantId: Guid, overrides: Partial<NamedLocation> = {}): NamedLocation {
  return {
    id: randomUUID(),
    tenantId,
    displayName: 'Office',
    isTrusted: true,
    ipRanges: ['203.0.113.0/24', '2001:db8::/32'],
    createdDateTime: '2026-03-01T10:00:00.000Z',
    modifiedDateTime: null,
    ...overrides,
  };
}

function group(tenantId: Guid, displayName: string): Group {
  return {
    id: randomUUID(),
    tenantId,
    displayName,
    description: null,
    mailNickname: displayName.toLowerCase(),
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
    createdDateTime: '2026-03-01T10:00:00Z',
  };
}

export function signInPolicyContract(current: () => Storage): void {
  const dir = (): DirectoryStore => current().directory;

  describe('directory: sign-in policy (security defaults, Conditional Access, named locations)', () => {
    it('a tenant without any reads as security defaults off, no policies, no locations', async () => {
      const tenant = make.tenant();
      await dir().upsertTenant(tenant);
      expect(await dir().signInPolicy(tenant.id)).toEqual({ securityDefaultsEnabled: false, conditionalAccessPolicies: [], namedLocations: [] });
      expect(await dir().findTenant(tenant.id)).toEqual(tenant);
    });

    it('security defaults are a tenant property: on reads back on, off reads back absent (as stored before)', async () => {
      const tenant = make.tenant();
      await dir().upsertTenant({ ...tenant, securityDefaultsEnabled: true });
      expect(await dir().findTenant(tenant.id)).toEqual({ ...tenant, securityDefaultsEnabled: true });
      expect((await dir().signInPolicy(tenant.id.toUpperCase())).securityDefaultsEnabled).toBe(true);
      await dir().upsertTenant({ ...tenant, securityDefaultsEnabled: false });
      expect(await dir().findTenant(tenant.id)).toEqual(tenant);
      expect((await dir().signInPolicy(tenant.id)).securityDefaultsEnabled).toBe(false);
    });

    it('policies and locations: upsert, get by id in any case, list by displayName then id, only the tenant’s', async () => {
      const tenant = make.tenant();
      await dir().upsertTenant(tenant);
      const b = policy(tenant.id, { displayName: 'B block legacy', state: 'disabled', grantControls: { operator: 'OR', builtInControls: ['block'] } });
      const a = policy(tenant.id, {
        displayName: 'A require MFA',
        conditions: {
          applications: { includeApplications: [randomUUID()], excludeApplications: [], includeAuthenticationContextClassReferences: ['c1'] },
          users: { includeUsers: ['All'], excludeUsers: [randomUUID()], includeGroups: [], excludeGroups: [randomUUID()] },
          clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'],
          locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] },
        },
      });
      const office = location(tenant.id);
      const home = location(tenant.id, { displayName: 'Home', isTrusted: false, ipRanges: ['198.51.100.7/32'] });
      for (const p of [b, a]) await dir().upsertConditionalAccessPolicy(p);
      for (const l of [office, home]) await dir().upsertNamedLocation(l);
      const elsewhere = make.tenant().id;
      await dir().upsertConditionalAccessPolicy(policy(elsewhere));
      await dir().upsertNamedLocation(location(elsewhere));

      expect(await dir().getConditionalAccessPolicy(tenant.id, a.id.toUpperCase())).toEqual(a);
      expect(await dir().getConditionalAccessPolicy(elsewhere, a.id)).toBeUndefined();
      expect(await dir().getNamedLocation(tenant.id, home.id)).toEqual(home);
      expect(await dir().getNamedLocation(tenant.id, randomUUID())).toBeUndefined();
      expect(await dir().signInPolicy(tenant.id)).toEqual({ securityDefaultsEnabled: false, conditionalAccessPolicies: [a, b], namedLocations: [home, office] });

      const changed = { ...a, state: 'enabledForReportingButNotEnforced' as const, modifiedDateTime: '2026-03-02T09:00:00.000Z' };
      await dir().upsertConditionalAccessPolicy(changed);
      expect(await dir().getConditionalAccessPolicy(tenant.id, a.id)).toEqual(changed);
    });

    it('deletes a policy or a location of its tenant only; false when unknown', async () => {
      const tenant = make.tenant();
      const p = policy(tenant.id);
      const l = location(tenant.id);
      await dir().upsertConditionalAccessPolicy(p);
      await dir().upsertNamedLocation(l);
      expect(await dir().deleteConditionalAccessPolicy(make.tenant().id, p.id)).toBe(false);
      expect(await dir().deleteNamedLocation(make.tenant().id, l.id)).toBe(false);
      expect(await dir().deleteConditionalAccessPolicy(tenant.id, p.id.toUpperCase())).toBe(true);
      expect(await dir().deleteNamedLocation(tenant.id, l.id)).toBe(true);
      expect(await dir().deleteConditionalAccessPolicy(tenant.id, p.id)).toBe(false);
      expect(await dir().signInPolicy(tenant.id)).toMatchObject({ conditionalAccessPolicies: [], namedLocations: [] });
    });

    it('a write inside a transaction that fails is rolled back', async () => {
      const tenant = make.tenant();
      const p = policy(tenant.id);
      await expect(
        current().directoryAdmin.transact(async (tx) => {
          await tx.upsertConditionalAccessPolicy(p);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await dir().getConditionalAccessPolicy(tenant.id, p.id)).toBeUndefined();
    });
  });

  describe('directory: per-user MFA and MFA registration', () => {
    it('reads back as written; absent when never set, as users stored before migration 0014', async () => {
      const tenantId = make.tenant().id;
      const plain = make.user(tenantId);
      const enforced = make.user(tenantId, { userPrincipalName: 'mfa@contoso.entrada.localhost', perUserMfaState: 'enforced', mfaRegistered: false });
      for (const u of [plain, enforced]) await dir().upsertUser(u);
      expect(await dir().getUser(tenantId, plain.id)).toEqual(plain);
      expect(await dir().getUser(tenantId, enforced.id)).toEqual(enforced);
      expect(await dir().findUserByUpn(tenantId, 'MFA@contoso.entrada.localhost')).toEqual(enforced);
      const back = { ...enforced, perUserMfaState: 'disabled' as const, mfaRegistered: true };
      await dir().upsertUser(back);
      expect(await dir().getUser(tenantId, enforced.id)).toEqual(back);
    });
  });

  describe('directory: transitive group membership', () => {
    it('direct and nested groups, each once, in id order; other tenants’ groups and owners do not count', async () => {
      const tenantId = make.tenant().id;
      const user = make.user(tenantId);
      await dir().upsertUser(user);
      const [direct, parent, grandparent, unrelated] = ['Direct', 'Parent', 'Grandparent', 'Unrelated'].map((n) => group(tenantId, n));
      const foreign = group(make.tenant().id, 'Foreign');
      for (const g of [direct, parent, grandparent, unrelated, foreign]) await dir().upsertGroup(g);
      const member = (objectId: Guid, relatedId: Guid, relatedType: 'User' | 'Group' = 'Group') => dir().addRelation('member', { objectId, relatedId, relatedType });
      await member(direct.id, user.id, 'User');
      await member(parent.id, direct.id);
      await member(grandparent.id, parent.id);
      // A second path to the same group, and a group the user is in directly too.
      await member(grandparent.id, direct.id);
      await member(parent.id, user.id, 'User');
      await member(foreign.id, direct.id);
      await dir().addRelation('owner', { objectId: unrelated.id, relatedId: user.id, relatedType: 'User' });

      const expected = [direct.id, parent.id, grandparent.id].sort();
      expect(await dir().listTransitiveGroupIds(tenantId, user.id)).toEqual(expected);
      expect(await dir().listTransitiveGroupIds(tenantId, user.id.toUpperCase())).toEqual(expected);
      expect(await dir().listTransitiveGroupIds(tenantId.toUpperCase(), user.id)).toEqual(expected);
      expect(await dir().listTransitiveGroupIds(tenantId, randomUUID())).toEqual([]);
    });

    it('a cycle of groups ends: each group of the cycle once', async () => {
      const tenantId = make.tenant().id;
      const user = make.user(tenantId);
      const [a, b, c] = ['A', 'B', 'C'].map((n) => group(tenantId, n));
      for (const g of [a, b, c]) await dir().upsertGroup(g);
      await dir().addRelation('member', { objectId: a.id, relatedId: user.id, relatedType: 'User' });
      await dir().addRelation('member', { objectId: b.id, relatedId: a.id, relatedType: 'Group' });
      await dir().addRelation('member', { objectId: c.id, relatedId: b.id, relatedType: 'Group' });
      await dir().addRelation('member', { objectId: a.id, relatedId: c.id, relatedType: 'Group' });
      expect(await dir().listTransitiveGroupIds(tenantId, user.id)).toEqual([a.id, b.id, c.id].sort());
    });
  });
}
