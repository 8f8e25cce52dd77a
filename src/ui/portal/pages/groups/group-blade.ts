// One group's pages: loading the group, its type as the Azure portal names it, and the frame of
// its blades (Overview, Members, Owners).

import type { Group, Guid } from '../../../../core/model.js';
import { getGroup } from '../../../../directory/groups.js';
import type { Html } from '../../../../http/kit/html.js';
import type { PortalOptions, Viewer } from '../../portal-kit.js';
import { objectFrame, objectTitle } from '../object-frame.js';

export type GroupBlade = 'overview' | 'members' | 'owners';

export async function loadGroup(options: PortalOptions, viewer: Viewer, id: string): Promise<Group> {
  return getGroup(options.service, viewer.actor, id);
}

/** "Security" (groupTypes []) or "Microsoft 365" (groupTypes ['Unified']), the portal's "Group type". */
export function groupTypeLabel(group: Pick<Group, 'groupTypes'>): string {
  return group.groupTypes.includes('Unified') ? 'Microsoft 365' : 'Security';
}

export function groupPath(groupId: Guid, blade: GroupBlade = 'overview'): string {
  return `/portal/groups/${groupId}${blade === 'overview' ? '' : `/${blade}`}`;
}

function frameOf(group: Group, current: GroupBlade) {
  return {
    list: ['Groups', '/portal/groups'] as [string, string],
    name: group.displayName,
    navLabel: 'Group',
    current,
    tabs: [
      { key: 'overview' as const, label: 'Overview', href: groupPath(group.id) },
      { key: 'members' as const, label: 'Members', href: groupPath(group.id, 'members') },
      { key: 'owners' as const, label: 'Owners', href: groupPath(group.id, 'owners') },
    ],
  };
}

export function groupFrame(group: Group, blade: GroupBlade, body: Html): Html {
  return objectFrame(frameOf(group, blade), body);
}

export function groupTitle(group: Group, blade: GroupBlade): string {
  return objectTitle(frameOf(group, blade));
}
