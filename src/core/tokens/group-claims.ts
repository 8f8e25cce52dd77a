// The `groups`, `wids`, `hasgroups` and overage claims of user tokens, from an application's
// `groupMembershipClaims` and its `groups` optional claim [D: Entra docs access-token-claims-reference
// ("groups", "wids", "hasgroups", "Groups overage claim"), optional-claims ("Configure groups optional
// claims"), how-to-connect-fed-group-claims ("Configure the Microsoft Entra application registration
// for group attributes")]. Pure: the caller reads the user's groups and roles only when
// groupClaimNeeds says the setting asks for them.
//
// Which application's setting applies: the RESOURCE's for access tokens ("access tokens are always
// generated using the manifest of the resource, not the client" [D: optional-claims]), the client's
// for id tokens (the id token's audience is the client [D: id-token-claims-reference]).

import { isMicrosoftOrigin, MICROSOFT_GRAPH_HOST } from '../microsoft-hosts.js';
import type { Guid } from '../model.js';

/** The values of groupMembershipClaims Entra documents (`None` is the empty set). */
export type GroupClaimKind = 'SecurityGroup' | 'DirectoryRole' | 'ApplicationGroup' | 'All';

const KINDS: Record<string, GroupClaimKind> = {
  securitygroup: 'SecurityGroup',
  directoryrole: 'DirectoryRole',
  applicationgroup: 'ApplicationGroup',
  all: 'All',
};

/** What Entra puts in a JWT's groups claim before the overage claim replaces it [D]. */
export const JWT_GROUP_LIMIT = 200;
/**
 * Implicit-flow tokens (returned by /authorize in the URL): "six or more groups" give `hasgroups`
 * [D: access-token-claims-reference, hasgroups; group-claims "more than five groups"]. The
 * reference's overage section says "only 6"; Entrada follows the two that agree: at most 5.
 */
export const IMPLICIT_GROUP_LIMIT = 5;

/**
 * The kinds a groupMembershipClaims value asks for. `None`, null, empty and unknown words ask for
 * nothing; words are compared case-insensitively ("It's not case-sensitive, so `none` also works"
 * [D]), and the portal may store several, comma-separated ("SecurityGroup, ApplicationGroup") [I].
 */
export function groupClaimKinds(value: string | null | undefined): ReadonlySet<GroupClaimKind> {
  const kinds = new Set<GroupClaimKind>();
  if (typeof value !== 'string') return kinds;
  for (const word of value.split(',')) {
    const kind = KINDS[word.trim().toLowerCase()];
    if (kind) kinds.add(kind);
  }
  return kinds;
}

/** What the directory must be asked for: nothing at all for `None`, the common case. */
export function groupClaimNeeds(kinds: ReadonlySet<GroupClaimKind>): { groups: boolean; directoryRoles: boolean } {
  return {
    groups: kinds.has('SecurityGroup') || kinds.has('All') || kinds.has('ApplicationGroup'),
    // SecurityGroup emits the user's roles in `groups` too [D: group-claims, SecurityGroup "security
    // groups and Microsoft Entra roles"]; DirectoryRole and All emit `wids` [D].
    directoryRoles: kinds.has('SecurityGroup') || kinds.has('All') || kinds.has('DirectoryRole'),
  };
}

/** The `groups` optional claim's additionalProperties that change the claim [D: optional-claims]. */
export interface GroupClaimOptions {
  /** One of sam_account_name, dns_domain_and_sam_account_name, netbios_domain_and_sam_account_name: the first listed. */
  onPremisesFormat: 'sam_account_name' | 'dns_domain_and_sam_account_name' | 'netbios_domain_and_sam_account_name' | null;
  /** `cloud_displayname`: display names of cloud groups, with ApplicationGroup only. */
  cloudDisplayName: boolean;
  /** `emit_as_roles`: the values go in `roles`, replacing the user's app roles. */
  emitAsRoles: boolean;
}

const NO_OPTIONS: GroupClaimOptions = { onPremisesFormat: null, cloudDisplayName: false, emitAsRoles: false };
const ON_PREMISES_FORMATS = ['sam_account_name', 'dns_domain_and_sam_account_name', 'netbios_domain_and_sam_account_name'] as const;

/**
 * The options of the `groups` entry of `optionalClaims[tokenType]` (an application's stored
 * optionalClaims, any shape: what does not read as documented is ignored). Property names are
 * compared case-insensitively [I].
 */
export function groupClaimOptions(optionalClaims: unknown, tokenType: 'idToken' | 'accessToken'): GroupClaimOptions {
  if (!isRecord(optionalClaims)) return NO_OPTIONS;
  const list = optionalClaims[tokenType];
  if (!Array.isArray(list)) return NO_OPTIONS;
  const entry = list.find((c) => isRecord(c) && typeof c.name === 'string' && c.name.toLowerCase() === 'groups');
  if (!isRecord(entry) || !Array.isArray(entry.additionalProperties)) return NO_OPTIONS;
  const props = entry.additionalProperties.filter((p): p is string => typeof p === 'string').map((p) => p.trim().toLowerCase());
  // "If more than one is present, the first is used and any others ignored" [D].
  const onPremisesFormat = (props.find((p) => (ON_PREMISES_FORMATS as readonly string[]).includes(p)) ?? null) as GroupClaimOptions['onPremisesFormat'];
  return { onPremisesFormat, cloudDisplayName: props.includes('cloud_displayname'), emitAsRoles: props.includes('emit_as_roles') };
}

/** One group the user belongs to, as the claim rules read it. */
export interface GroupFacts {
  id: Guid;
  displayName: string;
  securityEnabled: boolean;
  /** A direct member (false: through a nested group). */
  direct: boolean;
  /** Assigned to the application (an app role assignment of the group to its service principal). */
  assignedToApp: boolean;
}

export interface GroupClaimsInput {
  kinds: ReadonlySet<GroupClaimKind>;
  options: GroupClaimOptions;
  /** The user's groups, direct and nested, each once (empty when groupClaimNeeds said no). */
  groups: readonly GroupFacts[];
  /** Role template ids the user holds (empty when groupClaimNeeds said no). */
  directoryRoles: readonly Guid[];
  /** Returned by /authorize in the redirect (implicit or hybrid flow): the hasgroups rule. */
  implicit: boolean;
  /** Where the overage claim points: Graph's getMemberObjects for this user (groupOverageEndpoint). */
  overageEndpoint: string;
}

/** The claims to add, each absent when it has no value. */
export interface GroupClaimsResult {
  groups?: string[];
  /** emit_as_roles: replaces the token's `roles` (absent: the app roles stay). */
  roles?: string[];
  /** True when emit_as_roles is on: the token's app roles are dropped even when `roles` is absent. */
  replacesRoles: boolean;
  wids?: Guid[];
  hasgroups?: true;
  _claim_names?: { groups: 'src1' };
  _claim_sources?: { src1: { endpoint: string } };
}

/**
 * The group claims of one token. Which groups:
 *  - SecurityGroup: security-enabled groups (Microsoft 365 groups that are security-enabled count
 *    too [O: learn.microsoft.com Q&A, azure-docs#108055]) and directory roles, all as object ids [D].
 *    Entrada keys a directory role by its template id, so that is the id emitted [I].
 *  - All: every group, security or not, and directory roles [D]; plus `wids` [D].
 *  - DirectoryRole: `wids` only, no groups claim [D].
 *  - ApplicationGroup: groups assigned to the application that the user is a DIRECT member of
 *    ("nested groups are not included") [D].
 * Nested groups count for the others ("Group claims in tokens include nested groups") [D].
 */
export function groupClaims(input: GroupClaimsInput): GroupClaimsResult {
  const { kinds, options } = input;
  const out: GroupClaimsResult = { replacesRoles: false };
  if (kinds.size === 0) return out;
  if ((kinds.has('DirectoryRole') || kinds.has('All')) && input.directoryRoles.length > 0) out.wids = [...input.directoryRoles];

  if (!groupClaimNeeds(kinds).groups) return out;
  const values = groupValues(input);
  if (options.emitAsRoles) out.replacesRoles = true;
  const limit = input.implicit ? IMPLICIT_GROUP_LIMIT : JWT_GROUP_LIMIT;
  if (values.length > limit) {
    if (input.implicit) out.hasgroups = true;
    else {
      // [I] With emit_as_roles the overage claim still names `groups`: Entra documents no other form.
      out._claim_names = { groups: 'src1' };
      out._claim_sources = { src1: { endpoint: input.overageEndpoint } };
    }
    return out;
  }
  if (values.length === 0) return out;
  if (options.emitAsRoles) out.roles = values;
  else out.groups = values;
  return out;
}

/** The claim's values, in the order read (groups, then roles), each once. */
function groupValues(input: GroupClaimsInput): string[] {
  const { kinds, options } = input;
  const all = kinds.has('All');
  const security = kinds.has('SecurityGroup');
  const assigned = kinds.has('ApplicationGroup');
  const values = new Set<string>();
  for (const g of input.groups) {
    const byKind = all || (security && g.securityEnabled);
    const byAssignment = assigned && g.assignedToApp && g.direct;
    if (!byKind && !byAssignment) continue;
    const value = groupValue(g, byAssignment, options, assigned);
    if (value !== undefined) values.add(value);
  }
  // Roles have no on-premises name: left out when one is asked for [I].
  if ((all || security) && options.onPremisesFormat === null) for (const role of input.directoryRoles) values.add(role);
  return [...values];
}

/**
 * A group's value: its object id by default [D]. An on-premises format (sAMAccountName, …) is
 * available only on groups synchronised from Active Directory, and a group without it "won't be
 * included in the claims" [D]; Entrada's groups are all cloud groups. `cloud_displayname` emits a
 * cloud group's display name, "only when groupMembershipClaims is set to ApplicationGroup", and
 * only for the groups assigned to the application [D: group-claims note on cloud-group names].
 */
function groupValue(g: GroupFacts, byAssignment: boolean, options: GroupClaimOptions, applicationGroup: boolean): string | undefined {
  if (options.cloudDisplayName && applicationGroup && byAssignment) return g.displayName;
  if (options.onPremisesFormat !== null) return undefined;
  return g.id;
}

/**
 * Where the overage claim sends the app: Microsoft Graph's getMemberObjects for the user [D:
 * access-token-claims-reference, groups:src1 and hasgroups]. On Microsoft's hosts (hosts mode) the
 * Graph URL itself; otherwise Entrada's own origin, which serves the same route. [I] Entra's JWTs
 * have carried an Azure AD Graph URL (graph.windows.net) here; the documented Microsoft Graph form
 * is what Entrada can answer.
 */
export function groupOverageEndpoint(origin: string, userId: Guid): string {
  return `${isMicrosoftOrigin(origin) ? `https://${MICROSOFT_GRAPH_HOST}` : origin}/v1.0/users/${userId}/getMemberObjects`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Why a groupMembershipClaims value is not one Entra accepts (empty: it is): None, SecurityGroup,
 * DirectoryRole, ApplicationGroup or All, any case, several separated by commas [D][I].
 */
export function groupMembershipClaimsProblems(value: string): string[] {
  const words = value.split(',').map((w) => w.trim());
  const bad = words.filter((w) => w.toLowerCase() !== 'none' && !(w.toLowerCase() in KINDS));
  return bad.length === 0 ? [] : [`'${bad[0]}' is not a groupMembershipClaims value: use None, SecurityGroup, DirectoryRole, ApplicationGroup or All (several separated by commas)`];
}
