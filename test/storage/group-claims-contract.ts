// The storage contract for groups in tokens (issue 18; migration 0016): a user's groups with
// whether each membership is direct (listGroupMemberships), the groups assigned to a resource
// (listGroupAppRoleAssignments) and directory roles on the reader (listDirectoryRoles).
// directoryContract calls it, so SQLite and PostgreSQL run the same cases.

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Group, Guid } from '../../src/core/model.js';
import type { Storage } from '../../src/storage/open.js';
import * as make from './fixtures.js';

function group(tenantId: Guid, displayName: string, securityEnabled = true): Group {
  return {
    id: randomUUID(),
    tenantId,
    displayName,
    description: null,
    mailNickname: displayName.toLowerCase(),
    mailEnabled: !securityEnabled,
    securityEnabled,
    groupTypes: securityEnabled ? [] : ['Unified'],
    createdDateTime: '2026-03-01T10:00:00Z',
  };
}

export function groupClaimsContract(current: () => Storage): void {
  const dir = () => current().directory;

  describe('groups in tokens', () => {
    it('listGroupMemberships: direct and nested groups, each once, with their kind', async () => {
      const tenantId = make.tenant().id;
      const user = make.user(tenantId);
      const direct = group(tenantId, 'Direct');
      const parent = group(tenantId, 'Parent');
      const m365 = group(tenantId, 'Team', false);
      for (const g of [direct, parent, m365]) await dir().upsertGroup(g);
      await dir().addRelation('member', { objectId: direct.id, relatedId: user.id, relatedType: 'User' });
      await dir().addRelation('member', { objectId: m365.id, relatedId: user.id, relatedType: 'User' });
      await dir().addRelation('member', { objectId: parent.id, relatedId: direct.id, relatedType: 'Group' });
      const got = await dir().listGroupMemberships(tenantId, user.id);
      expect(got).toEqual(
        [
          { id: direct.id, displayName: 'Direct', securityEnabled: true, direct: true },
          { id: parent.id, displayName: 'Parent', securityEnabled: true, direct: false },
          { id: m365.id, displayName: 'Team', securityEnabled: false, direct: true },
        ].sort((a, b) => (a.id < b.id ? -1 : 1)),
      );
      expect(await dir().listGroupMemberships(tenantId, randomUUID())).toEqual([]);
    });

    it('listGroupMemberships reads past one slice of ids (600 groups)', async () => {
      const tenantId = make.tenant().id;
      const user = make.user(tenantId);
      for (let i = 0; i < 600; i++) {
        const g = group(tenantId, `G${i}`);
        await dir().upsertGroup(g);
        await dir().addRelation('member', { objectId: g.id, relatedId: user.id, relatedType: 'User' });
      }
      const got = await dir().listGroupMemberships(tenantId, user.id);
      expect(got).toHaveLength(600);
      expect(got.every((g) => g.direct)).toBe(true);
    });

    it('listGroupAppRoleAssignments: only the assignments of groups to that resource', async () => {
      const resource = randomUUID();
      const toGroup = make.assignment(randomUUID(), resource, { principalType: 'Group' });
      await dir().upsertAppRoleAssignment(toGroup);
      await dir().upsertAppRoleAssignment(make.assignment(randomUUID(), resource, { principalType: 'User' }));
      await dir().upsertAppRoleAssignment(make.assignment(randomUUID(), randomUUID(), { principalType: 'Group' }));
      expect(await dir().listGroupAppRoleAssignments(resource)).toEqual([toGroup]);
    });

    it('listDirectoryRoles on the reader: the template ids held', async () => {
      const tenantId = make.tenant().id;
      const userId = randomUUID();
      await dir().setDirectoryRole(tenantId, '62e90394-69f5-4237-9190-012177145e10', userId, true);
      expect(await dir().listDirectoryRoles(tenantId, userId)).toEqual(['62e90394-69f5-4237-9190-012177145e10']);
    });
  });
}
