// How the Conditional Access page words a policy and a named location: who and what it targets,
// on which networks, and its grant, with names where the directory knows them (ids otherwise).

import type { ConditionalAccessPolicy, NamedLocation } from '../../../../core/model.js';

/** Display names by id, for users, groups, apps (by app id) and named locations. */
export interface Names {
  users: ReadonlyMap<string, string>;
  groups: ReadonlyMap<string, string>;
  apps: ReadonlyMap<string, string>;
  locations: ReadonlyMap<string, string>;
}

const KEYWORDS: Record<string, string> = {
  All: 'all',
  None: 'none',
  GuestsOrExternalUsers: 'guests and external users',
  Office365: 'Office 365',
  MicrosoftAdminPortals: 'Microsoft admin portals',
  AllTrusted: 'all trusted locations',
};

function named(ids: readonly string[], names: ReadonlyMap<string, string>, kind: string): string {
  return ids.map((id) => KEYWORDS[id] ?? names.get(id) ?? `${kind} ${id}`).join(', ');
}

export function usersText(p: ConditionalAccessPolicy, names: Names): string {
  const u = p.conditions.users;
  const include = [named(u.includeUsers, names.users, 'user'), u.includeGroups.length ? `groups: ${named(u.includeGroups, names.groups, 'group')}` : ''].filter(Boolean).join('; ');
  const exclude = [named(u.excludeUsers, names.users, 'user'), u.excludeGroups.length ? `groups: ${named(u.excludeGroups, names.groups, 'group')}` : ''].filter(Boolean).join('; ');
  return `${include || 'nobody'}${exclude ? `, except ${exclude}` : ''}`;
}

export function targetText(p: ConditionalAccessPolicy, names: Names): string {
  const a = p.conditions.applications;
  if (a.includeAuthenticationContextClassReferences.length) return `authentication contexts ${a.includeAuthenticationContextClassReferences.join(', ')}`;
  const apps = `apps: ${named(a.includeApplications, names.apps, 'app')}`;
  return a.excludeApplications.length ? `${apps}, except ${named(a.excludeApplications, names.apps, 'app')}` : apps;
}

export function conditionsText(p: ConditionalAccessPolicy, names: Names): string {
  const clients = p.conditions.clientAppTypes.includes('all') ? 'any client app' : `client apps: ${p.conditions.clientAppTypes.join(', ')}`;
  const l = p.conditions.locations;
  if (!l) return clients;
  const include = l.includeLocations.length ? named(l.includeLocations, names.locations, 'location') : 'any location';
  return `${clients}; locations: ${include}${l.excludeLocations.length ? `, except ${named(l.excludeLocations, names.locations, 'location')}` : ''}`;
}

export function grantText(p: ConditionalAccessPolicy): string {
  const controls = p.grantControls?.builtInControls ?? [];
  if (controls.includes('block')) return 'Block access';
  const words = controls.map((c) => (c === 'mfa' ? 'require MFA' : `require ${c}`));
  return words.length ? words.join(p.grantControls?.operator === 'AND' ? ' and ' : ' or ') : 'none';
}

export const STATE_LABELS: Record<ConditionalAccessPolicy['state'], string> = {
  enabled: 'On',
  enabledForReportingButNotEnforced: 'Report-only',
  disabled: 'Off',
};

export function locationRanges(l: NamedLocation): string {
  const shown = l.ipRanges.slice(0, 5).join(', ');
  return l.ipRanges.length > 5 ? `${shown} and ${l.ipRanges.length - 5} more` : shown;
}
