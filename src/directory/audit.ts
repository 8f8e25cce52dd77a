// Directory audit entries (Graph's directoryAudit, graph-and-clients.md §E): one per change, written
// in the change's own transaction. Values are JSON text in strings, as Graph shows them; secrets and
// password hashes never appear (callers pass only the properties that may be shown).

import type { DirectoryAudit } from '../core/model.js';
import type { GraphActor } from './context.js';

type Target = DirectoryAudit['targetResources'][number];

export interface AuditChange {
  activity: string;
  category: DirectoryAudit['category'];
  /** Default 'Core Directory'; Conditional Access objects are logged by 'Conditional Access' [D]. */
  service?: DirectoryAudit['loggedByService'];
  operationType: DirectoryAudit['operationType'];
  target: { id: string; displayName: string | null; type: Target['type']; userPrincipalName?: string | null; groupType?: string | null };
  /** Property name → [old, new] (undefined: absent). Only properties that differ are kept. */
  properties?: Record<string, [unknown, unknown]>;
  /** Other objects the change touches (e.g. the member added to a group). */
  related?: Array<{ id: string; displayName: string | null; type: Target['type']; userPrincipalName?: string | null; groupType?: string | null }>;
}

/** Property names Graph shows with a capital first letter (`DisplayName`, `AppAddress`, …). */
function auditName(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function asAuditValue(value: unknown): string | null {
  if (value === undefined) return null;
  return JSON.stringify(Array.isArray(value) ? value : [value]);
}

export function auditEntry(actor: GraphActor, change: AuditChange, at: Date, id: string): DirectoryAudit {
  const modified: Target['modifiedProperties'] = [];
  const names: string[] = [];
  for (const [name, [oldValue, newValue]] of Object.entries(change.properties ?? {})) {
    if (JSON.stringify(oldValue) === JSON.stringify(newValue)) continue;
    modified.push({ displayName: auditName(name), oldValue: asAuditValue(oldValue), newValue: asAuditValue(newValue) });
    names.push(auditName(name));
  }
  if (names.length) modified.push({ displayName: 'Included Updated Properties', oldValue: null, newValue: JSON.stringify(names.join(', ')) });
  const target = (t: AuditChange['target'], props: Target['modifiedProperties']): Target => ({
    id: t.id,
    displayName: t.displayName,
    type: t.type,
    userPrincipalName: t.userPrincipalName ?? null,
    groupType: t.groupType ?? null,
    modifiedProperties: props,
  });
  return {
    id: `Directory_${id}`,
    tenantId: actor.tenantId,
    activityDateTime: at.toISOString(),
    activityDisplayName: change.activity,
    category: change.category,
    correlationId: actor.correlationId,
    loggedByService: change.service ?? 'Core Directory',
    operationType: change.operationType,
    result: 'success',
    resultReason: '',
    initiatedBy: {
      user: actor.user ? { ...actor.user, ipAddress: actor.ipAddress, userType: 'Member', homeTenantId: actor.tenantId, homeTenantName: null } : null,
      app: actor.user
        ? null
        : {
            appId: actor.app.appId,
            displayName: actor.app.displayName,
            servicePrincipalId: actor.app.servicePrincipalId,
            servicePrincipalName: actor.app.displayName,
          },
    },
    targetResources: [target(change.target, modified), ...(change.related ?? []).map((r) => target(r, []))],
    additionalDetails: actor.userAgent ? [{ key: 'User-Agent', value: actor.userAgent.slice(0, 512) }] : [],
  };
}
