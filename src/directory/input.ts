// Reading Graph request bodies through the seed's schemas (one validation path for the seed file
// and Graph): zod's findings become Graph's 400s, naming the property.

import type { z } from 'zod';
import { formatPath, type SeedProblem } from '../seed/problems.js';
import { badRequest, type GraphError, invalidProperty, invalidValue } from './errors.js';

/** A JSON object body, or Graph's 400 for anything else. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('The request body must be a JSON object.', 'BadRequest');
  }
  return body as Record<string, unknown>;
}

/** Parse `input` with `schema`; the first problem becomes the error (Graph reports one). */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, resource: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const key = (issue as { keys: string[] }).keys[0];
    const where = issue.path.length ? ` (in ${formatPath(issue.path)})` : '';
    throw invalidProperty(key, `${resource} has no property '${key}'${where}, or Entrada does not support it.`);
  }
  throw problemError({ path: issue.path as SeedProblem['path'], message: issue.message }, resource);
}

/** A seed-validation problem as Graph's "Invalid value specified for property …" error. */
export function problemError(problem: SeedProblem, resource: string): GraphError {
  const top = problem.path.find((p) => typeof p === 'string') ?? resource;
  return invalidValue(String(top), resource, `${formatPath(problem.path)}: ${problem.message}.`);
}

/** Refuse properties that cannot be written (read-only or managed through their own operations). */
export function refuseKeys(body: Record<string, unknown>, keys: Record<string, string>): void {
  for (const [key, why] of Object.entries(keys)) {
    if (key in body) throw invalidProperty(key, why);
  }
}
