// Query strings as Fastify parses them: a repeated parameter arrives as an array.

/** A query value as one string: the first one when repeated, undefined when absent. */
export function single(value: unknown): string | undefined {
  if (Array.isArray(value)) return single(value[0]);
  return typeof value === 'string' ? value : undefined;
}
