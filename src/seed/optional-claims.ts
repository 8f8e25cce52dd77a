// The `optionalClaims` of an app registration as the seed file and Microsoft Graph write it
// (Graph's optionalClaims / optionalClaim resources [D]), read into Graph's full shape so that what
// is stored and returned is the same whatever was omitted: every collection present, every claim
// with `source` (null), `essential` (false) and `additionalProperties` ([]). The rules on names and
// additional properties are core/tokens/optional-claims.ts's.

import { z } from 'zod';
import { OPTIONAL_CLAIM_LIMITS, optionalClaimProblems } from '../core/tokens/optional-claims.js';

const { perTokenType, nameLength, additionalProperties, propertyLength } = OPTIONAL_CLAIM_LIMITS;

/** `strict`: the seed's real schema; lenient skips the value rules (seed/schema.ts buildSchemas). */
export function optionalClaimsSchema(strict: boolean) {
  const object = <T extends z.core.$ZodLooseShape>(shape: T) => (strict ? z.strictObject(shape) : z.object(shape));
  const claim = object({
    name: z.string().trim().min(1, { error: 'must not be empty' }).max(nameLength, { error: `must be at most ${nameLength} characters` }),
    source: z.string().max(nameLength).nullable().default(null),
    /** Accepted and ignored, as Entra ignores it [D]. */
    essential: z.boolean().default(false),
    additionalProperties: z
      .array(z.string().max(propertyLength, { error: `must be at most ${propertyLength} characters` }))
      .max(additionalProperties, { error: `must list at most ${additionalProperties} properties` })
      .nullable()
      .default([])
      .transform((v) => v ?? []),
  }).superRefine((value, ctx) => {
    if (!strict) return;
    for (const message of optionalClaimProblems(value)) ctx.addIssue({ code: 'custom', message });
  });
  const list = z
    .array(claim)
    .max(perTokenType, { error: `must list at most ${perTokenType} claims` })
    .nullable()
    .default([])
    .transform((v) => v ?? []);
  return object({ idToken: list, accessToken: list, saml2Token: list });
}
