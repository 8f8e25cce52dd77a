// A read-through cache in front of the directory, for the token endpoint's hot path: a client
// credentials request reads tenant, app, service principal, resource and role assignments, and
// without this every token paid five SQL round trips (a third of the main thread under load).
//
// Entries live at most `ttlMs` (default 5 s). Writes made through this process call invalidate(),
// and so does storage.watchDirectory (directory-changes.ts) when another node or process changes
// the directory (PostgreSQL NOTIFY, SQLite PRAGMA data_version); the TTL is the backstop for a
// change written straight into the database or a notification lost.
// Results are shared between requests and must be treated as read-only.
//
// Memory is bounded by an estimate in bytes, not by entry count: keys come from request values
// (user names, resource ids), and issue 9 filled a 192 MB heap with ~2,200 cached misses keyed on
// 200 KiB user names. Because every entry lives the same TTL, the Map's insertion order is also
// expiry order: expired entries are swept from the front on every insert, and when the budget is
// full the oldest entries go first. A key longer than any real identifier is never cached.

import type { DirectoryReader } from '../core/ports.js';

interface CachedDirectory extends DirectoryReader {
  invalidate(): void;
  /** What the cache holds now: entries and their estimated size (for tests and diagnostics). */
  stats(): { entries: number; bytes: number };
}

interface CachedDirectoryOptions {
  ttlMs: number;
  /** Budget for keys plus per-entry overhead, estimated; default DIRECTORY_CACHE_DEFAULTS.maxBytes. */
  maxBytes?: number;
  /** A lookup whose key is longer than this goes to the inner reader uncached. */
  maxKeyChars?: number;
  now?: () => number;
}

const DIRECTORY_CACHE_DEFAULTS = {
  maxBytes: 32 * 1024 * 1024,
  /**
   * No identifier the directory holds comes near this: GUIDs are 36 characters, domains ≤ 253,
   * UPNs ≤ 113 [D: Entra's user name policy], identifier URIs and redirect URIs ≤ 256 [D]. The
   * request edge caps parameters well below the form limit (core/policy/parameter-limits.ts);
   * this is the second line.
   */
  maxKeyChars: 1024,
  /**
   * Estimated bytes an entry costs besides its key: the Map slot, the entry object, the promise
   * and a typical directory record it resolves to (an app or user is a few hundred bytes of
   * strings; misses resolve to undefined). An estimate, deliberately on the high side [I].
   */
  entryOverheadBytes: 1024,
};

/** Strings are UTF-16 in V8 (Latin-1 strings take half, so this over-estimates them). */
const bytesOfKey = (key: string) => key.length * 2;

interface Entry {
  expires: number;
  value: Promise<unknown>;
  bytes: number;
}

export function cachedDirectory(inner: DirectoryReader, options: CachedDirectoryOptions): CachedDirectory {
  const now = options.now ?? Date.now;
  const maxBytes = options.maxBytes ?? DIRECTORY_CACHE_DEFAULTS.maxBytes;
  const maxKeyChars = options.maxKeyChars ?? DIRECTORY_CACHE_DEFAULTS.maxKeyChars;
  const entries = new Map<string, Entry>();
  let bytes = 0;

  function remove(key: string, entry: Entry): void {
    // Only the entry that is still there: a newer one under the same key stays.
    if (entries.get(key) !== entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  }

  /** Drop expired entries from the front, then the oldest until `incoming` more bytes fit. */
  function makeRoom(t: number, incoming: number): void {
    for (const [key, entry] of entries) {
      if (entry.expires > t && bytes + incoming <= maxBytes) break;
      remove(key, entry);
    }
  }

  function memo<A extends string[], R>(name: string, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return (...args: A) => {
      if (options.ttlMs <= 0) return fn(...args);
      const key = `${name}\u0000${args.join('\u0000')}`;
      // Longer than any real identifier: a hostile value is not worth memory (issue 9).
      if (key.length > name.length + 1 + maxKeyChars) return fn(...args);
      const t = now();
      const hit = entries.get(key);
      if (hit && hit.expires > t) return hit.value as Promise<R>;
      if (hit) remove(key, hit);
      const entry: Entry = { expires: t + options.ttlMs, value: fn(...args), bytes: bytesOfKey(key) + DIRECTORY_CACHE_DEFAULTS.entryOverheadBytes };
      makeRoom(t, entry.bytes);
      if (entry.bytes > maxBytes) return entry.value as Promise<R>;
      entries.set(key, entry);
      bytes += entry.bytes;
      // A failed lookup is not cached: the next request asks the database again.
      entry.value.catch(() => remove(key, entry));
      return entry.value as Promise<R>;
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
    // Read once per user sign-in (MFA and Conditional Access, issue 17); dropped with every other
    // entry when the directory changes, so a policy saved through Graph applies to the next sign-in.
    signInPolicy: memo('signInPolicy', (t: string) => inner.signInPolicy(t)),
    listTransitiveGroupIds: memo('transitiveGroups', (t: string, u: string) => inner.listTransitiveGroupIds(t, u)),
    // Read once per token (issue 18): a policy saved through Graph applies from the next token.
    listTokenLifetimePolicies: memo('tokenLifetimePolicies', (t: string) => inner.listTokenLifetimePolicies(t)),
    // Group claims and group assignments (issue 18): read only for apps that ask, dropped with the rest on any change.
    listGroupMemberships: memo('groupMemberships', (t: string, u: string) => inner.listGroupMemberships(t, u)),
    listGroupAppRoleAssignments: memo('groupAssignments', (r: string) => inner.listGroupAppRoleAssignments(r)),
    listDirectoryRoles: memo('directoryRoles', (t: string, p: string) => inner.listDirectoryRoles(t, p)),
    invalidate: () => {
      entries.clear();
      bytes = 0;
    },
    stats: () => ({ entries: entries.size, bytes }),
  };
}
