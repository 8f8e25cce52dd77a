// Reading Graph bodies for Conditional Access policies and named locations (issue 17): the
// read-only properties a GET returns (id, createdDateTime, modifiedDateTime, @odata.*) may come
// back unchanged and are dropped, anything else in them is refused; a PATCH is laid over the
// stored object as Graph merges it — `conditions` and `grantControls` key by key, one level down
// too (Graph's own update example patches `conditions.signInRiskLevels` alone [D:
// conditionalaccesspolicy-update]) — and the result is checked whole by the shared schema.

import { invalidProperty, invalidValue } from './errors.js';
import { objectBody } from './input.js';
import type { GraphObject } from './representation.js';

const READ_ONLY = ['id', 'createdDateTime', 'modifiedDateTime'] as const;

/** Objects merged key by key rather than replaced (and, within them, these again). */
const MERGED = new Set(['conditions', 'grantControls', 'applications', 'users', 'locations']);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `patch` laid over `base` as Graph's PATCH does for these objects (see the header). */
export function mergePatch(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  return merge(base, patch, 0);
}

function merge(base: Record<string, unknown>, patch: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    out[key] = depth < 2 && MERGED.has(key) && isObject(value) && isObject(base[key]) ? merge(base[key], value, depth + 1) : value;
  }
  return out;
}

/**
 * The body to check: for a create the body itself, for an update the stored object's Graph view
 * with the body merged onto it; read-only properties and `@odata.type` (which must be `odataType`)
 * taken out first.
 */
export function bodyToCheck(raw: unknown, resource: string, odataType: string, stored: GraphObject | undefined): Record<string, unknown> {
  const body = { ...objectBody(raw) };
  const type = body['@odata.type'];
  if (type !== undefined && type !== odataType) throw invalidValue('@odata.type', resource, `A ${resource}'s @odata.type is ${odataType}.`);
  delete body['@odata.type'];
  delete body['@odata.context'];
  for (const key of READ_ONLY) {
    if (!(key in body)) continue;
    if (stored && JSON.stringify(body[key]) === JSON.stringify(stored[key])) {
      delete body[key];
      continue;
    }
    throw invalidProperty(key, `${key} is read-only: the directory sets it.`);
  }
  if (!stored) return body;
  const base: Record<string, unknown> = { ...stored };
  for (const key of [...READ_ONLY, '@odata.type']) delete base[key];
  return merge(base, body, 0);
}
