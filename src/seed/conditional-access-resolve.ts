// From a Conditional Access policy as written (seed/conditional-access.ts) to the one stored: the
// conditions Entrada models, and each reference turned into what Graph stores — keywords in
// Graph's spelling, object ids lower-cased, names resolved by a look-up the caller supplies.
//
// A seed file names users by UPN, apps by displayName, client id or identifier URI, and named
// locations by displayName, all resolved against the seed itself when it is validated; a group
// named by displayName is resolved when the seed is applied, against the tenant's groups in the
// database (resolveGroupNames), the seed's own groups (seed/groups.ts) written by then.

import type { z } from 'zod';
import type { ConditionalAccessPolicy, Group, Guid } from '../core/model.js';
import { isGuid } from '../core/guid.js';
import { keyword, LIMITS, type ReferenceKind } from '../core/policy/conditional-access-values.js';
import type { conditionalAccessSchemas } from './conditional-access.js';
import type { TenantDirectory } from './directory.js';
import { derivedId } from './ids.js';
import type { SeedPath } from './problems.js';

type Schemas = ReturnType<typeof conditionalAccessSchemas>;
export type PolicyInput = z.output<Schemas['PolicySchema']>;
export type NamedLocationInput = z.output<Schemas['NamedLocationSchema']>;
export type Conditions = ConditionalAccessPolicy['conditions'];
type Side = 'include' | 'exclude';

/** A reference that is no keyword and no GUID, to a name; undefined when it resolves to nothing (the resolver reports why). */
export type NameResolver = (kind: ReferenceKind, ref: string, path: SeedPath) => string | undefined;

/** The conditions Entrada keeps of a parsed policy, references as written. */
export function conditionsOf(input: PolicyInput['conditions']): Conditions {
  const { applications: a, users: u, locations: l } = input;
  return {
    applications: {
      includeApplications: [...a.includeApplications],
      excludeApplications: [...a.excludeApplications],
      includeAuthenticationContextClassReferences: [...a.includeAuthenticationContextClassReferences],
    },
    users: { includeUsers: [...u.includeUsers], excludeUsers: [...u.excludeUsers], includeGroups: [...u.includeGroups], excludeGroups: [...u.excludeGroups] },
    clientAppTypes: [...input.clientAppTypes],
    locations: l === null ? null : { includeLocations: [...l.includeLocations], excludeLocations: [...l.excludeLocations] },
  };
}

export function grantControlsOf(input: PolicyInput['grantControls']): NonNullable<ConditionalAccessPolicy['grantControls']> {
  return { operator: input.operator, builtInControls: [...input.builtInControls] };
}

/** Every list of references in conditions: its kind, side and path below `conditions`. */
interface ReferenceList {
  kind: ReferenceKind;
  side: Side;
  path: SeedPath;
  values: string[];
  set: (v: string[]) => void;
}

function lists(c: Conditions): ReferenceList[] {
  const out: ReferenceList[] = [
    { kind: 'application', side: 'include', path: ['applications', 'includeApplications'], values: c.applications.includeApplications, set: (v: string[]) => (c.applications.includeApplications = v) },
    { kind: 'application', side: 'exclude', path: ['applications', 'excludeApplications'], values: c.applications.excludeApplications, set: (v: string[]) => (c.applications.excludeApplications = v) },
    { kind: 'user', side: 'include', path: ['users', 'includeUsers'], values: c.users.includeUsers, set: (v: string[]) => (c.users.includeUsers = v) },
    { kind: 'user', side: 'exclude', path: ['users', 'excludeUsers'], values: c.users.excludeUsers, set: (v: string[]) => (c.users.excludeUsers = v) },
    { kind: 'group', side: 'include', path: ['users', 'includeGroups'], values: c.users.includeGroups, set: (v: string[]) => (c.users.includeGroups = v) },
    { kind: 'group', side: 'exclude', path: ['users', 'excludeGroups'], values: c.users.excludeGroups, set: (v: string[]) => (c.users.excludeGroups = v) },
  ];
  const l = c.locations;
  if (l) {
    out.push(
      { kind: 'location', side: 'include', path: ['locations', 'includeLocations'], values: l.includeLocations, set: (v: string[]) => (l.includeLocations = v) },
      { kind: 'location', side: 'exclude', path: ['locations', 'excludeLocations'], values: l.excludeLocations, set: (v: string[]) => (l.excludeLocations = v) },
    );
  }
  return out;
}

/**
 * A copy of `conditions` with every reference resolved: keywords in Graph's spelling, GUIDs
 * lower-cased, other values through `resolve` (dropped when it gives undefined; it reports why).
 * `kinds` limits which kinds are resolved; the others are kept as written.
 */
export function resolveReferences(conditions: Conditions, resolve: NameResolver, basePath: SeedPath, kinds?: readonly ReferenceKind[]): Conditions {
  const copy = structuredClone(conditions);
  for (const list of lists(copy)) {
    if (kinds && !kinds.includes(list.kind)) continue;
    const resolved: string[] = [];
    list.values.forEach((ref, i) => {
      const word = keyword(list.kind, list.side, ref);
      const id = word ?? (isGuid(ref.trim()) ? ref.trim().toLowerCase() : resolve(list.kind, ref.trim(), [...basePath, ...list.path, i]));
      if (id !== undefined && !resolved.includes(id)) resolved.push(id);
    });
    list.set(resolved);
  }
  return copy;
}

/** The names among a policy's references (neither keywords nor GUIDs), by kind. */
export function namedReferences(conditions: Conditions): Array<{ kind: ReferenceKind; ref: string }> {
  const out: Array<{ kind: ReferenceKind; ref: string }> = [];
  for (const list of lists(structuredClone(conditions))) {
    for (const ref of list.values) if (!keyword(list.kind, list.side, ref) && !isGuid(ref.trim())) out.push({ kind: list.kind, ref: ref.trim() });
  }
  return out;
}

/** A named location as the seed resolves it: ids settled, no timestamps yet. */
export type SeedNamedLocation = { id: Guid; displayName: string; isTrusted: boolean; ipRanges: string[] };
/** A policy as the seed resolves it (groups may still be names: resolveGroupNames). */
export type SeedPolicy = Omit<ConditionalAccessPolicy, 'tenantId' | 'createdDateTime' | 'modifiedDateTime'>;

type Report = (path: SeedPath, message: string) => void;

/** A seed tenant's named locations and policies, references resolved against the seed; problems reported. */
export function resolveSeedConditionalAccess(directory: TenantDirectory, tenantIndex: number, report: Report): { namedLocations: SeedNamedLocation[]; policies: SeedPolicy[] } {
  const { tenant, tenantId } = directory;
  const base = ['tenants', tenantIndex];
  const namedLocations = tenant.namedLocations.map((l) => ({
    id: (l.id ?? derivedId.namedLocation(tenantId, l.displayName)).toLowerCase(),
    displayName: l.displayName,
    isTrusted: l.isTrusted,
    ipRanges: [...l.ipRanges],
  }));
  checkUniqueNames(namedLocations, [...base, 'namedLocations'], 'named location', report);
  checkCount(namedLocations.length, LIMITS.namedLocationsPerTenant, [...base, 'namedLocations'], 'named locations', report);

  const resolve: NameResolver = (kind, ref, path) => {
    if (kind === 'group') return ref; // resolved when applied (resolveGroupNames)
    if (kind === 'user') {
      const user = directory.findUser(ref);
      if (!user) report(path, ref.includes('@') ? `no user '${ref}' in this tenant${known(directory.users.map((u) => u.user.userPrincipalName))}` : `'${ref}' must be a user's UPN, object id, or All, None, GuestsOrExternalUsers`);
      return user?.id;
    }
    if (kind === 'application') {
      const app = directory.findResource(ref) ?? directory.apps.find((a) => a.app.displayName.toLowerCase() === ref.toLowerCase());
      if (!app) report(path, `no application with displayName, appId or identifier URI '${ref}' in this tenant${known(directory.apps.map((a) => a.app.displayName))}`);
      return app?.app.appId;
    }
    const location = namedLocations.find((l) => l.displayName.toLowerCase() === ref.toLowerCase());
    if (!location) report(path, `no named location '${ref}' in this tenant's namedLocations${known(namedLocations.map((l) => l.displayName))}`);
    return location?.id;
  };

  const policies = tenant.conditionalAccessPolicies.map((p, i): SeedPolicy => ({
    id: (p.id ?? derivedId.conditionalAccessPolicy(tenantId, p.displayName)).toLowerCase(),
    displayName: p.displayName,
    state: p.state,
    conditions: resolveReferences(conditionsOf(p.conditions), resolve, [...base, 'conditionalAccessPolicies', i, 'conditions']),
    grantControls: grantControlsOf(p.grantControls),
  }));
  checkUniqueNames(policies, [...base, 'conditionalAccessPolicies'], 'Conditional Access policy', report);
  checkCount(policies.length, LIMITS.policiesPerTenant, [...base, 'conditionalAccessPolicies'], 'Conditional Access policies', report);
  if (tenant.securityDefaults) {
    const enabled = policies.findIndex((p) => p.state === 'enabled');
    if (enabled >= 0) report([...base, 'securityDefaults'], securityDefaultsConflict(policies[enabled].displayName));
  }
  return { namedLocations, policies };
}

/** Entra's rule: security defaults and enabled Conditional Access policies exclude each other [D: security-defaults]. */
export function securityDefaultsConflict(policyName: string): string {
  return `security defaults cannot be on while a Conditional Access policy is enabled ('${policyName}'); turn one off (Entra: "you must first disable security defaults before enabling a Conditional Access policy")`;
}

/**
 * A policy's group references that are names, resolved against the tenant's groups by displayName
 * (compared case-insensitively). Throws, naming the policy, when a name matches no group or
 * several.
 */
export function resolveGroupNames<P extends { displayName: string; conditions: Conditions }>(policy: P, groups: readonly Group[]): P {
  const problems: string[] = [];
  const conditions = resolveReferences(
    policy.conditions,
    (_kind, ref) => {
      const matches = groups.filter((g) => g.displayName.toLowerCase() === ref.toLowerCase());
      if (matches.length === 1) return matches[0].id.toLowerCase();
      problems.push(
        matches.length
          ? `several groups are named '${ref}'; name the group by its object id`
          : `no group named '${ref}' in the tenant (define it under the tenant's groups, create it through Graph or the portal first, or name it by object id)`,
      );
      return undefined;
    },
    [],
    ['group'],
  );
  if (problems.length) throw new Error(`Conditional Access policy '${policy.displayName}': ${problems.join('; ')}`);
  return { ...policy, conditions };
}

function known(names: readonly string[]): string {
  return names.length ? ` (${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''})` : '';
}

function checkUniqueNames(items: ReadonlyArray<{ displayName: string }>, path: SeedPath, what: string, report: Report): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const key = item.displayName.trim().toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) report([...path, i, 'displayName'], `'${item.displayName}' duplicates ${what} [${first}]; the seed names each by its displayName`);
    else seen.set(key, i);
  });
}

function checkCount(count: number, max: number, path: SeedPath, what: string, report: Report): void {
  if (count > max) report(path, `lists ${count} ${what}; Entra allows at most ${max} per tenant`);
}
