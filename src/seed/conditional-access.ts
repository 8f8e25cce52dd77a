// Conditional Access policies and named locations as a seed file and Microsoft Graph write them
// (issue 17): Graph's JSON shapes, read through one zod schema so both refuse alike
// (directory/input.ts turns its findings into Graph's 400s). What Entrada does not model may be
// sent back as Graph returns it (empty lists, nulls: a GET-modify-PATCH round trip) but not set.
//
// References: Graph names users, groups, apps and named locations by id (or a keyword such as
// `All`); a seed file, and the in-process API, may also name them by UPN, group displayName, app
// displayName / client id / identifier URI and location displayName (`names: true`), resolved
// later (seed/conditional-access-resolve.ts).

import { z } from 'zod';
import { isGuid } from '../core/guid.js';
import {
  authContextProblem,
  BUILT_IN_CONTROLS,
  CLIENT_APP_TYPES,
  cidrProblem,
  GRANT_OPERATORS,
  grantControlsProblem,
  KEYWORDS,
  keyword,
  LIMITS,
  POLICY_STATES,
  type ReferenceKind,
} from '../core/policy/conditional-access-values.js';

interface SchemaOptions {
  /** Unknown keys refused, and single values checked (the seed's lenient pass skips both). */
  strict: boolean;
  /** References may be names (seed file, in-process API), not only ids and keywords (Graph). */
  names: boolean;
}

export const IPV4_RANGE_TYPE = '#microsoft.graph.iPv4CidrRange';
export const IPV6_RANGE_TYPE = '#microsoft.graph.iPv6CidrRange';
export const IP_NAMED_LOCATION_TYPE = '#microsoft.graph.ipNamedLocation';

const oneOf = (values: readonly string[]) => `must be one of: ${values.join(', ')}`;

/** A property Entrada does not model: absent, null or an empty list only. */
function unsupported(what: string) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return;
      ctx.addIssue({ code: 'custom', message: `Entrada does not evaluate ${what}; send null or [] (or leave it out)` });
    })
    .optional();
}

export function conditionalAccessSchemas(options: SchemaOptions) {
  const { strict, names } = options;
  const object = <T extends z.core.$ZodLooseShape>(shape: T) => (strict ? z.strictObject(shape) : z.object(shape));
  const nonEmpty = () => z.string().trim().min(1, { error: 'must not be empty' });

  const reference = (kind: ReferenceKind, side: 'include' | 'exclude') =>
    z.string().superRefine((value, ctx) => {
      const problem = strict ? referenceProblem(kind, side, value, names) : undefined;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
  const references = (kind: ReferenceKind, side: 'include' | 'exclude') =>
    z
      .array(reference(kind, side))
      .max(LIMITS.referencesPerList, { error: `must list at most ${LIMITS.referencesPerList} entries` })
      .default([]);

  const authContexts = z
    .array(
      z.string().superRefine((value, ctx) => {
        const problem = strict ? authContextProblem(value) : undefined;
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    )
    .max(99)
    .default([]);

  const ApplicationsSchema = object({
    includeApplications: references('application', 'include'),
    excludeApplications: references('application', 'exclude'),
    includeAuthenticationContextClassReferences: authContexts,
    includeUserActions: unsupported('user actions (includeUserActions)'),
    applicationFilter: unsupported('application filters'),
  });

  const UsersSchema = object({
    includeUsers: references('user', 'include'),
    excludeUsers: references('user', 'exclude'),
    includeGroups: references('group', 'include'),
    excludeGroups: references('group', 'exclude'),
    includeRoles: unsupported('directory roles in policies (includeRoles)'),
    excludeRoles: unsupported('directory roles in policies (excludeRoles)'),
    includeGuestsOrExternalUsers: unsupported('guest or external user types'),
    excludeGuestsOrExternalUsers: unsupported('guest or external user types'),
  });

  const LocationsSchema = object({
    includeLocations: references('location', 'include'),
    excludeLocations: references('location', 'exclude'),
  });

  const ConditionsSchema = object({
    applications: ApplicationsSchema,
    users: UsersSchema,
    clientAppTypes: z
      .array(z.enum(CLIENT_APP_TYPES, { error: oneOf(CLIENT_APP_TYPES) }))
      .min(1, { error: `must list at least one client app type (${CLIENT_APP_TYPES.join(', ')}); all for any` })
      .max(CLIENT_APP_TYPES.length, { error: `must list each client app type at most once` })
      .default(['all']),
    locations: LocationsSchema.nullable().default(null),
    userRiskLevels: unsupported('user risk'),
    signInRiskLevels: unsupported('sign-in risk'),
    servicePrincipalRiskLevels: unsupported('service principal risk'),
    insiderRiskLevels: unsupported('insider risk'),
    platforms: unsupported('device platforms'),
    devices: unsupported('device filters'),
    clientApplications: unsupported('workload identities (clientApplications)'),
    authenticationFlows: unsupported('authentication flows'),
  }).superRefine((c, ctx) => {
    if (c.users.includeUsers.length === 0 && c.users.includeGroups.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['users'], message: 'must include someone: includeUsers (user ids, All, None or GuestsOrExternalUsers) or includeGroups' });
    }
    if (c.applications.includeApplications.length === 0 && c.applications.includeAuthenticationContextClassReferences.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['applications'],
        message: 'must target something: includeApplications (app ids, All, None) or includeAuthenticationContextClassReferences (c1 to c99)',
      });
    }
  });

  const GrantControlsSchema = object({
    operator: z.enum(GRANT_OPERATORS, { error: oneOf(GRANT_OPERATORS) }).default('OR'),
    builtInControls: z
      .array(z.enum(BUILT_IN_CONTROLS, { error: oneOf(BUILT_IN_CONTROLS) }))
      .min(1, { error: `must list at least one control (${BUILT_IN_CONTROLS.join(', ')})` })
      .max(BUILT_IN_CONTROLS.length, { error: 'must list each control at most once' })
      .superRefine((controls, ctx) => {
        const problem = grantControlsProblem(controls);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    customAuthenticationFactors: unsupported('custom authentication factors'),
    termsOfUse: unsupported('terms of use'),
    authenticationStrength: unsupported('authentication strengths'),
    'authenticationStrength@odata.context': z.string().optional(),
  });

  /** A policy's writable part (what POST sends; PATCH's result once merged onto the stored policy). */
  const PolicySchema = object({
    displayName: nonEmpty().max(LIMITS.displayNameLength, { error: `must be at most ${LIMITS.displayNameLength} characters` }),
    state: z.enum(POLICY_STATES, { error: oneOf(POLICY_STATES) }),
    conditions: ConditionsSchema,
    grantControls: GrantControlsSchema,
    templateId: unsupported('policy templates (templateId)'),
    sessionControls: unsupported('session controls'),
  });

  const IpRangeSchema = z.union(
    [
      z.string(),
      object({
        '@odata.type': z.enum([IPV4_RANGE_TYPE, IPV6_RANGE_TYPE], { error: oneOf([IPV4_RANGE_TYPE, IPV6_RANGE_TYPE]) }).optional(),
        cidrAddress: z.string(),
      }),
    ],
    { error: `must be a CIDR range: '203.0.113.0/24', or { "@odata.type": "${IPV4_RANGE_TYPE}", "cidrAddress": "203.0.113.0/24" }` },
  );

  const NamedLocationSchema = object({
    '@odata.type': z.literal(IP_NAMED_LOCATION_TYPE, { error: `must be ${IP_NAMED_LOCATION_TYPE}: Entrada models IP named locations only, not countries` }).optional(),
    displayName: nonEmpty().max(LIMITS.displayNameLength, { error: `must be at most ${LIMITS.displayNameLength} characters` }),
    isTrusted: z.boolean().default(false),
    ipRanges: z
      .array(IpRangeSchema)
      .min(1, { error: 'must list at least one IP range' })
      .max(LIMITS.ipRangesPerLocation, { error: `must list at most ${LIMITS.ipRangesPerLocation} IP ranges (Entra's limit)` })
      .superRefine((ranges, ctx) => {
        if (!strict) return;
        ranges.forEach((range, i) => {
          const [cidr, family] = typeof range === 'string' ? [range, undefined] : [range.cidrAddress, range['@odata.type'] === IPV6_RANGE_TYPE ? 6 : range['@odata.type'] === IPV4_RANGE_TYPE ? 4 : undefined];
          const problem = cidrProblem(cidr, family as 4 | 6 | undefined);
          if (problem) ctx.addIssue({ code: 'custom', path: [i], message: problem });
        });
      })
      .transform((ranges) => ranges.map((r) => (typeof r === 'string' ? r : r.cidrAddress))),
  });

  return { PolicySchema, NamedLocationSchema };
}

const KIND_NAMES: Record<ReferenceKind, string> = {
  user: 'user object id',
  group: 'group object id',
  application: 'application (client) id',
  location: 'named location id',
};

/** Why `value` cannot stand in an include or exclude list of `kind`, or undefined. */
export function referenceProblem(kind: ReferenceKind, side: 'include' | 'exclude', value: string, names: boolean): string | undefined {
  if (keyword(kind, side, value) || isGuid(value)) return undefined;
  const words = KEYWORDS[kind][side];
  const wordsText = words.length ? ` or one of ${words.join(', ')}` : '';
  const other = side === 'include' ? 'exclude' : 'include';
  if (keyword(kind, other, value)) return `'${value}' cannot be used in an ${side} list; use a ${KIND_NAMES[kind]}${wordsText}`;
  // A name is resolved to an id before anything is stored; longer than any name is a mistake.
  if (names) return value.trim() === '' ? 'must not be empty' : value.length > 1024 ? 'is longer than any name (1024 characters at most)' : undefined;
  return `'${value.slice(0, 100)}' is not a ${KIND_NAMES[kind]} (GUID)${wordsText}`;
}
