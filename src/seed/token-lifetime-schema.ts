// The seed's `tokenLifetimePolicies` entries (seed/token-lifetime-policies.ts resolves and writes
// them): a schema of its own so that seed/schema.ts needs nothing else of the seed's.

import { z } from 'zod';
import { parseTimeSpan, POLICY_LIFETIME_MAX, POLICY_LIFETIME_MIN, TOKEN_LIFETIME_LIMITS } from '../core/policy/token-lifetime.js';

/** `2h`, `90m`, `1d`, `3600s`, or a TimeSpan (`02:00:00`, `1.00:00:00`): seconds, or undefined. */
export function parseLifetime(text: string): number | undefined {
  const m = /^\s*(\d{1,6})\s*([smhd])\s*$/i.exec(text);
  if (m) return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2].toLowerCase() as 's' | 'm' | 'h' | 'd'];
  return parseTimeSpan(text);
}

const LIFETIME_ERROR = 'must be 10 minutes to one day, written 2h, 90m, 1d, 3600s or as a TimeSpan (02:00:00)';

export function tokenLifetimePolicySchema(strict: boolean) {
  const shape = {
    id: z.guid({ error: 'must be a GUID' }).optional(),
    displayName: z.string().trim().min(1, { error: 'must not be empty' }).max(TOKEN_LIFETIME_LIMITS.displayNameChars),
    description: z.string().max(TOKEN_LIFETIME_LIMITS.descriptionChars).optional(),
    accessTokenLifetime: strict
      ? z.string({ error: LIFETIME_ERROR }).refine((v) => {
          const s = parseLifetime(v);
          return s !== undefined && s >= POLICY_LIFETIME_MIN && s <= POLICY_LIFETIME_MAX;
        }, { error: LIFETIME_ERROR })
      : z.string(),
    /** Applies to every app of the tenant without a policy of its own [D]. */
    isOrganizationDefault: z.boolean().default(false),
    /** Apps (displayName, appId or identifier URI) whose service principals in this tenant get it. */
    appliesTo: z.array(z.string().trim().min(1)).default([]),
  };
  return strict ? z.strictObject(shape) : z.object(shape);
}

