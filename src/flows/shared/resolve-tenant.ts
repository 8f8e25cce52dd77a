// Path segment → tenant, for every endpoint family (entra-protocol.md §1.1).

import { idpError } from '../../core/errors/idp-error.js';
import type { Tenant } from '../../core/model.js';
import type { DirectoryReader } from '../../core/ports.js';
import { classifyTenantSegment } from '../../core/policy/tenant-segment.js';
import type { TenantAlias } from './context.js';

export type ResolvedTenant = { tenant: Tenant; alias: null } | { tenant: null; alias: TenantAlias };

export async function resolveTenant(segment: string, directory: Pick<DirectoryReader, 'findTenant'>): Promise<ResolvedTenant> {
  const kind = classifyTenantSegment(segment);
  if (kind.kind === 'invalid') throw idpError(900023, { args: { tenant: segment } });
  if (kind.kind === 'alias') return { tenant: null, alias: kind.alias };
  const tenant = await directory.findTenant(kind.kind === 'guid' ? kind.id : kind.domain);
  if (!tenant) throw idpError(90002, { args: { tenant: segment } });
  return { tenant, alias: null };
}
