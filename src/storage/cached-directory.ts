// A read-through cache in front of the directory, for the token endpoint's hot path: a client
// credentials request reads tenant, app, service principal, resource and role assignments, and
// without this every token paid five SQL round trips (a third of the main thread under load).
//
// Entries live `ttlMs` (default 5 s), so a change written by another node (or straight into the
// database) is seen within that time — Entra itself documents replication delays of this kind
// for new registrations and credentials. Writes made through this process call invalidate().
// Results are shared between requests and must be treated as read-only.

import type { DirectoryReader } from '../core/ports.js';

export interface CachedDirectory extends DirectoryReader {
  invalidate(): void;
}

export function cachedDirectory(inner: DirectoryReader, options: { ttlMs: number; maxEntries?: number; now?: () => number }): CachedDirectory {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 50_000;
  const entries = new Map<string, { expires: number; value: Promise<unknown> }>();

  function memo<A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return (...args: A) => {
      if (options.ttlMs <= 0) return fn(...args);
      const key = `${name}\u0000${args.join('\u0000')}`;
      const t = now();
      const hit = entries.get(key);
      if (hit && hit.expires > t) return hit.value as Promise<R>;
      // Bounded: a flood of distinct unknown client ids cannot grow memory without limit.
      if (entries.size >= maxEntries) entries.clear();
      const value = fn(...args);
      entries.set(key, { expires: t + options.ttlMs, value });
      // A failed lookup is not cached: the next request asks the database again.
      value.catch(() => entries.delete(key));
      return value;
    };
  }

  // Case-insensitive lookups are keyed by their lower-case form, so `Contoso.com` hits `contoso.com`.
  const tenant = memo('tenant', (s: string) => inner.findTenant(s));
  const upn = memo('upn', (t: string, u: string) => inner.findUserByUpn(t, u));
  return {
    findTenant: (s) => tenant(s.toLowerCase()),
    getApplicationByAppId: memo('app', (id: string) => inner.getApplicationByAppId(id)),
    findServicePrincipalByAppId: memo('sp', (t: string, id: string) => inner.findServicePrincipalByAppId(t, id)),
    listManagedIdentities: memo('managedIdentities', (t: string) => inner.listManagedIdentities(t)),
    findResource: memo('resource', (t: string, id: string) => inner.findResource(t, id)),
    findUserByUpn: (t, u) => upn(t, u.toLowerCase()),
    getUser: memo('user', (t: string, id: string) => inner.getUser(t, id)),
    listAppRoleAssignments: memo('roles', (p: string, r: string) => inner.listAppRoleAssignments(p, r)),
    listPermissionGrants: memo('grants', (c: string, r: string) => inner.listPermissionGrants(c, r)),
    invalidate: () => entries.clear(),
  };
}
