// The vocabulary of Conditional Access objects as Graph accepts them (issue 17): policy states,
// client app types, grant controls, the keywords that may stand for users, apps and locations,
// authentication context ids, named locations' CIDR ranges, and Entra's limits. Pure data and
// checks, shared by the seed file and Graph (seed/conditional-access.ts), so both refuse alike.
// Which of these Entrada evaluates is core/policy/conditional-access.ts's business.

import { isCidr } from './network-address.js';

/** Graph conditionalAccessPolicyState [D: conditionalaccesspolicy resource]. */
export const POLICY_STATES = ['enabled', 'disabled', 'enabledForReportingButNotEnforced'] as const;

/** Graph conditionalAccessClientApp [D]; only `all`, `browser` and `mobileAppsAndDesktopClients` ever match a sign-in here. */
export const CLIENT_APP_TYPES = ['all', 'browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'easSupported', 'other'] as const;

/** Graph conditionalAccessGrantControl [D]; Entrada acts on `block` and `mfa` and keeps the others. */
export const BUILT_IN_CONTROLS = [
  'block',
  'mfa',
  'compliantDevice',
  'domainJoinedDevice',
  'approvedApplication',
  'compliantApplication',
  'passwordChange',
] as const;

export const GRANT_OPERATORS = ['AND', 'OR'] as const;

export type ReferenceKind = 'user' | 'group' | 'application' | 'location';

/**
 * Words Graph accepts in place of object ids [D: conditionalaccessusers, conditionalaccessapplications,
 * conditionalaccesslocations]. Excludes take no `All`/`None` (an exclude of everything is a
 * mistake) [I]; groups have none.
 */
export const KEYWORDS: Readonly<Record<ReferenceKind, { include: readonly string[]; exclude: readonly string[] }>> = {
  user: { include: ['All', 'None', 'GuestsOrExternalUsers'], exclude: ['GuestsOrExternalUsers'] },
  group: { include: [], exclude: [] },
  application: { include: ['All', 'None', 'Office365', 'MicrosoftAdminPortals'], exclude: ['Office365', 'MicrosoftAdminPortals'] },
  location: { include: ['All', 'AllTrusted'], exclude: ['AllTrusted'] },
};

/** Entra's limits [D: concept-assignment-network "no more than 195 named locations", "2000 IP ranges"; service limits: 195 policies]. */
export const LIMITS = {
  policiesPerTenant: 195,
  namedLocationsPerTenant: 195,
  ipRangesPerLocation: 2000,
  /** Ids or keywords in one include/exclude list [I: Entra's own bound is not documented; this one bounds a stored policy]. */
  referencesPerList: 500,
  displayNameLength: 256,
} as const;

/** The keyword `ref` stands for, in Graph's spelling, when it is one (compared case-insensitively [I]). */
export function keyword(kind: ReferenceKind, side: 'include' | 'exclude', ref: string): string | undefined {
  const lower = ref.trim().toLowerCase();
  return KEYWORDS[kind][side].find((k) => k.toLowerCase() === lower);
}

/**
 * Authentication context ids are `c1` … `c99` [D: authenticationcontextclassreference "id … c1
 * through c99"]; Entrada keeps no objects for them, policies only name them.
 */
export function authContextProblem(value: string): string | undefined {
  return /^c([1-9]|[1-9][0-9])$/.test(value) ? undefined : `'${value}' is not an authentication context id: use c1 to c99`;
}

/**
 * Why `cidr` is not an IP range a named location may hold, or undefined: `address/prefix` in plain
 * notation (no brackets, no zone), the family `family` when given (iPv4CidrRange / iPv6CidrRange),
 * and a prefix longer than /8 [D: concept-assignment-network "Only CIDR masks greater than /8"].
 * Private and loopback ranges are accepted, unlike Entra's "public IP ranges": a test's clients
 * reach Entrada from 127.0.0.1 [Entrada's choice].
 */
export function cidrProblem(cidr: string, family?: 4 | 6): string | undefined {
  const example = family === 6 ? '2001:db8::/48' : '203.0.113.0/24';
  const m = /^([0-9A-Fa-f:.]+)\/(\d{1,3})$/.exec(cidr);
  if (!m || !isCidr(cidr)) return `'${cidr}' is not a CIDR range (address/prefix, e.g. ${example})`;
  const v6 = m[1].includes(':');
  if (family === 4 && v6) return `'${cidr}' is an IPv6 range in an iPv4CidrRange`;
  if (family === 6 && !v6) return `'${cidr}' is an IPv4 range in an iPv6CidrRange`;
  if (Number(m[2]) <= 8) return `'${cidr}' has a /${m[2]} mask; Entra allows only masks longer than /8`;
  return undefined;
}

/** The grant controls' own rules: `block` stands alone [I: the Entra admin center offers "Block access" or "Grant access" with controls]. */
export function grantControlsProblem(controls: readonly string[]): string | undefined {
  if (controls.includes('block') && controls.length > 1) return "'block' cannot be combined with other controls: a policy either blocks or grants with controls";
  if (new Set(controls).size !== controls.length) return 'lists a control twice';
  return undefined;
}
