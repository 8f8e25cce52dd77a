// Reading the directory audit log (auditLogs/directoryAudits): the same authorisation as Graph's
// route (http/graph/directory-audits-route.ts) — AuditLog.Read.All plus a directory read
// permission, and for a signed-in user one of the audit reader roles — then the tenant's entries,
// newest first, one bounded page at a time.

import type { DirectoryAudit } from '../core/model.js';
import type { DirectoryAuditQuery } from '../core/ports.js';
import { authorize } from './authorize.js';
import type { GraphActor } from './context.js';
import type { DirectoryService } from './service.js';

export async function listDirectoryAudits(service: DirectoryService, actor: GraphActor, query: Omit<DirectoryAuditQuery, 'tenantId'>): Promise<DirectoryAudit[]> {
  await authorize(actor, 'directoryAudits.read', service.read);
  // A tenant's log is its own, as in Graph: the actor's tenant is the only one read.
  return service.deps.admin.listAudits({ ...query, tenantId: actor.tenantId });
}
