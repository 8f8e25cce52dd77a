// The tenant a token request runs in. /common, /organizations and /consumers carry no tenant;
// which grants can use them is Entra's rule [D: entra-protocol.md §1.1, §3.5].

import { idpError } from '../../core/errors/idp-error.js';
import type { Tenant } from '../../core/model.js';
import type { TokenRequest } from './context.js';

/** Grants that need the tenant in the path (client credentials have nothing else to name it). */
export function requirePathTenant(req: TokenRequest): Tenant {
  if (req.tenant) return req.tenant;
  // No tenant-identifying information in the request [D: AADSTS50059 for app-only on /common].
  throw idpError(50059, { detail: `/${req.tenantSegment} does not name a tenant; use the tenant id or domain.` });
}
