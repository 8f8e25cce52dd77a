// Route generics for Fastify (`app.get<TenantPath>(…)`): the path and query shapes routes read,
// typed where they are declared instead of cast where they are read.

/** Every `/:tenant/...` route. */
export interface TenantPath {
  Params: { tenant: string };
}

/**
 * A query string as Fastify parses it: each value a string, or an array when repeated; a route
 * reads the names it knows (kit/query.ts, `single`).
 */
export type ParsedQuery = Record<string, string | string[] | undefined>;
