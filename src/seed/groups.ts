// A seed tenant's groups (issue 18): ids settled from the displayName, members (users by UPN,
// groups by displayName: nested membership) and owners (users by UPN) resolved against the seed,
// every reference that does not resolve reported at its path. Applied after the users, before the
// app role assignments that may name a group, and the Conditional Access policies that may too.
//
// A group is written with its members and owners as one object under the rule of seed/merge.ts:
// when the group was changed at run time it is left alone, members included; otherwise the seed's
// members and owners are added (relations added at run time are kept: a seed never deletes).

import type { DirectoryRelation, Group, Guid } from '../core/model.js';
import { mailNicknameProblem } from '../directory/mail-nickname.js';
import type { TenantDirectory } from './directory.js';
import { derivedId } from './ids.js';
import type { SeedPath } from './problems.js';
import type { SeedGroup } from './schema.js';

type Report = (path: SeedPath, message: string) => void;

export interface ResolvedGroup {
  /** The group, createdDateTime left to apply (the stored one is kept). */
  group: Omit<Group, 'createdDateTime'>;
  members: DirectoryRelation[];
  owners: DirectoryRelation[];
}

/** The displayName with what Graph's mailNickname forbids removed (at most 64 characters). */
function defaultMailNickname(displayName: string): string {
  const cleaned = displayName.replace(/[^\x21-\x7e]|[@()\\[\]";:<>,]/g, '').slice(0, 64);
  return cleaned.length > 0 ? cleaned : 'group';
}

function groupId(tenantId: Guid, seed: SeedGroup): Guid {
  return (seed.id ?? derivedId.group(tenantId, seed.displayName)).toLowerCase();
}

/** The tenant's groups, resolved; problems reported (a group with a bad reference is still returned without it). */
export function resolveGroups(directory: TenantDirectory, tenantIndex: number, report: Report): ResolvedGroup[] {
  const { tenantId } = directory;
  const seeds = directory.tenant.groups;
  const byName = new Map<string, { id: Guid; index: number }>();
  seeds.forEach((seed, i) => {
    const key = seed.displayName.trim().toLowerCase();
    const first = byName.get(key);
    if (first) report(['tenants', tenantIndex, 'groups', i, 'displayName'], `duplicates tenants[${tenantIndex}].groups[${first.index}]: seed groups are named by displayName, which must be unique`);
    else byName.set(key, { id: groupId(tenantId, seed), index: i });
  });
  return seeds.map((seed, i) => {
    const path: SeedPath = ['tenants', tenantIndex, 'groups', i];
    const id = groupId(tenantId, seed);
    const mailNickname = seed.mailNickname ?? defaultMailNickname(seed.displayName);
    const nicknameProblem = mailNicknameProblem(mailNickname);
    if (nicknameProblem) report([...path, 'mailNickname'], nicknameProblem);
    const members: DirectoryRelation[] = [];
    seed.members.forEach((ref, j) => {
      if (ref.includes('@')) {
        const user = directory.findUser(ref);
        if (user) members.push({ objectId: id, relatedId: user.id, relatedType: 'User' });
        else report([...path, 'members', j], `no user '${ref}' in this tenant`);
        return;
      }
      const group = byName.get(ref.trim().toLowerCase());
      if (!group) report([...path, 'members', j], `no group named '${ref}' in this tenant's seed (members are users by UPN or groups by displayName)`);
      else if (group.id === id) report([...path, 'members', j], 'a group cannot be a member of itself');
      else members.push({ objectId: id, relatedId: group.id, relatedType: 'Group' });
    });
    const owners: DirectoryRelation[] = [];
    seed.owners.forEach((ref, j) => {
      const user = directory.findUser(ref);
      if (user) owners.push({ objectId: id, relatedId: user.id, relatedType: 'User' });
      else report([...path, 'owners', j], `no user '${ref}' in this tenant (owners are users, by UPN)`);
    });
    return {
      group: {
        id,
        tenantId,
        displayName: seed.displayName,
        description: seed.description,
        mailNickname,
        mailEnabled: seed.mailEnabled,
        securityEnabled: seed.securityEnabled,
        groupTypes: [...seed.groupTypes],
      },
      members,
      owners,
    };
  });
}

/** A resolved group by displayName (case-insensitively): an app role assignment's principal. */
export function findSeedGroup(groups: readonly ResolvedGroup[], displayName: string): ResolvedGroup | undefined {
  const key = displayName.trim().toLowerCase();
  return groups.find((g) => g.group.displayName.trim().toLowerCase() === key);
}
