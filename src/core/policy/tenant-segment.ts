// What the first path segment names [D/O: entra-protocol.md §1.1]: a tenant GUID, a domain,
// one of the multi-tenant aliases, or nothing valid (AADSTS900023).

import { isGuid } from '../guid.js';

type TenantSegment =
  | { kind: 'alias'; alias: 'common' | 'organizations' | 'consumers' }
  | { kind: 'guid'; id: string }
  | { kind: 'domain'; domain: string }
  | { kind: 'invalid' };

// RFC 1035 §2.3.1 labels (letters, digits, hyphens; 1–63 chars), at least two labels, ≤ 253 chars.
const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export function classifyTenantSegment(segment: string): TenantSegment {
  const lower = segment.toLowerCase();
  if (lower === 'common' || lower === 'organizations' || lower === 'consumers') return { kind: 'alias', alias: lower };
  if (isGuid(segment)) return { kind: 'guid', id: lower };
  if (DNS_NAME.test(segment)) return { kind: 'domain', domain: lower };
  return { kind: 'invalid' };
}

/**
 * The password grant on a multi-tenant alias [D: entra-protocol.md §1.1, §3.5]: /common and
 * /consumers are refused (AADSTS9001023); /organizations takes the tenant from the user name.
 */
export function passwordGrantOnAlias(alias: 'common' | 'organizations' | 'consumers'): 'refuse' | 'tenant-from-username' {
  return alias === 'organizations' ? 'tenant-from-username' : 'refuse';
}
