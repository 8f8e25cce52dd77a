// federatedIdentityCredentials of a seeded application (workload identity federation,
// entra-protocol.md §4.3), in Graph's shape: the schema of one credential (schema.ts), the rules
// across an app's credentials (validate.ts), and the stored form (apply.ts).

import { z } from 'zod';
import type { FederatedIdentityCredential, Guid } from '../core/model.js';
import {
  DEFAULT_FIC_AUDIENCE,
  federatedCredentialProblems,
  MAX_FICS_PER_APP,
} from '../core/policy/federated-credential.js';
import { nameUuid } from './ids.js';
import { formatPath, type SeedPath } from './problems.js';

/**
 * One credential. `strict` enforces Graph's rules on each value (core/policy/federated-credential.ts)
 * and refuses unknown keys; the lenient variant checks types only (see schema.ts buildSchemas).
 */
export function federatedIdentityCredentialSchema(strict: boolean) {
  const object = <T extends z.core.$ZodLooseShape>(shape: T) => (strict ? z.strictObject(shape) : z.object(shape));
  const schema = object({
    /** Graph's id of the credential. Default: derived from the appId and name. */
    id: z.guid({ error: 'must be a GUID, e.g. 8eaef023-2b34-4da1-9baa-8bc8c9d6a490' }).optional(),
    /** 3–120 characters [A-Za-z0-9_-], starting with a letter or digit; unique in the app. */
    name: z.string(),
    /** The external token's `iss`, exactly (e.g. https://token.actions.githubusercontent.com). */
    issuer: z.string(),
    /** The external token's `sub`, exactly and case-sensitively (e.g. repo:org/repo:ref:refs/heads/main). */
    subject: z.string(),
    /** Exactly one; the token's `aud` must be it. */
    audiences: z.array(z.string()).default([DEFAULT_FIC_AUDIENCE]),
    description: z.string().nullable().default(null),
  });
  if (!strict) return schema;
  return schema.superRefine((fic, ctx) => {
    for (const p of federatedCredentialProblems(fic)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
  });
}

type SeedFic = z.output<ReturnType<typeof federatedIdentityCredentialSchema>>;

/**
 * The rules across one app's credentials [D]: at most 20, names unique (compared
 * case-insensitively [I]), and one credential per issuer + subject.
 */
export function checkFederatedCredentials(
  fics: readonly SeedFic[],
  path: SeedPath,
  report: (path: SeedPath, message: string) => void,
): void {
  const base = [...path, 'federatedIdentityCredentials'];
  if (fics.length > MAX_FICS_PER_APP) {
    report(base, `the app has ${fics.length} federated identity credentials; Entra allows at most ${MAX_FICS_PER_APP}`);
  }
  const names = new Map<string, number>();
  const pairs = new Map<string, number>();
  fics.forEach((fic, i) => {
    const nameKey = fic.name.toLowerCase();
    const firstName = names.get(nameKey);
    if (firstName !== undefined) report([...base, i, 'name'], `duplicate name '${fic.name}': same as ${formatPath([...base, firstName])}`);
    else names.set(nameKey, i);
    const pairKey = JSON.stringify([fic.issuer, fic.subject]);
    const firstPair = pairs.get(pairKey);
    if (firstPair !== undefined) {
      report(
        [...base, i, 'subject'],
        `issuer and subject are the same as ${formatPath([...base, firstPair])}; an app may have one federated credential per issuer and subject`,
      );
    } else pairs.set(pairKey, i);
  });
}

/** The stored credential; the id, unless given, is derived from the tenant, appId and name. */
export function federatedIdentityCredential(tenantId: Guid, appId: Guid, fic: SeedFic): FederatedIdentityCredential {
  return {
    id: (fic.id ?? nameUuid(tenantId, `federatedIdentityCredential:${appId.toLowerCase()}:${fic.name.toLowerCase()}`)).toLowerCase(),
    name: fic.name,
    issuer: fic.issuer,
    subject: fic.subject,
    audiences: [...fic.audiences],
    description: fic.description,
  };
}
