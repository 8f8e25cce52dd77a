// The request stored at /devicecode, read back by the two flows that finish it: the device_code
// grant (token/grants) and the verification page (device/verify).

import type { Tenant } from '../../core/model.js';
import type { DeviceCodeRecord } from '../../core/ports.js';
import { parseDelegatedScope, parseV1Resource } from '../../core/policy/scope.js';
import type { TokenDeps } from './context.js';

/** The tenant a stored request runs in: its own, else the app's home tenant (before approval on /common). */
export async function homeTenantOf(clientId: string, deps: Pick<TokenDeps, 'directory'>): Promise<Tenant | undefined> {
  const app = await deps.directory.getApplicationByAppId(clientId.toLowerCase());
  return app ? deps.directory.findTenant(app.tenantId) : undefined;
}

/** The request stored at /devicecode, parsed as that endpoint parsed it. */
export function requestOf(record: DeviceCodeRecord) {
  return record.endpoint === 'v2'
    ? parseDelegatedScope(record.scope ?? undefined)
    : parseV1Resource(record.resource ?? undefined, record.scope ?? undefined);
}
