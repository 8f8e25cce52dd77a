// What the seed file changed at a start, as directory audit entries (every change to the
// directory is audited, the seed's too): initiated by no user and by no real app, but by
// "Entrada seed file" [I: Entra has no seed; this is the nearest honest attribution].

import type { DirectoryAudit, Guid } from '../core/model.js';
import type { SeedKind, SeedObjectReport } from '../seed/merge.js';

type Activity = {
  add: string;
  update: string;
  type: DirectoryAudit['targetResources'][number]['type'];
  category: DirectoryAudit['category'];
  service?: DirectoryAudit['loggedByService'];
};

const ACTIVITY: Record<SeedKind, Activity> = {
  tenant: { add: 'Add company', update: 'Set company information', type: 'Directory', category: 'DirectoryManagement' },
  application: { add: 'Add application', update: 'Update application', type: 'Application', category: 'ApplicationManagement' },
  servicePrincipal: { add: 'Add service principal', update: 'Update service principal', type: 'ServicePrincipal', category: 'ApplicationManagement' },
  user: { add: 'Add user', update: 'Update user', type: 'User', category: 'UserManagement' },
  group: { add: 'Add group', update: 'Update group', type: 'Group', category: 'GroupManagement' },
  appRoleAssignment: { add: 'Add app role assignment to service principal', update: 'Add app role assignment to service principal', type: 'Other', category: 'ApplicationManagement' },
  oauth2PermissionGrant: { add: 'Add delegated permission grant', update: 'Add delegated permission grant', type: 'Other', category: 'ApplicationManagement' },
  namedLocation: { add: 'Add named location', update: 'Update named location', type: 'Policy', category: 'Policy', service: 'Conditional Access' },
  conditionalAccessPolicy: { add: 'Add Conditional Access policy', update: 'Update Conditional Access policy', type: 'Policy', category: 'Policy', service: 'Conditional Access' },
  tokenLifetimePolicy: { add: 'Add policy', update: 'Update policy', type: 'Policy', category: 'Policy' },
};

/** One entry per object the seed created, updated or reset in `tenantId`; none for unchanged or kept ones. */
export function seedAuditEntries(tenantId: Guid, objects: readonly SeedObjectReport[], at: Date, newId: () => string): DirectoryAudit[] {
  return objects
    .filter((o) => o.outcome === 'created' || o.outcome === 'updated' || o.outcome === 'reset')
    .map((o) => {
      const activity = ACTIVITY[o.kind];
      return {
        id: `Directory_${newId()}`,
        tenantId,
        activityDateTime: at.toISOString(),
        activityDisplayName: o.outcome === 'created' ? activity.add : activity.update,
        category: activity.category,
        correlationId: newId(),
        loggedByService: activity.service ?? 'Core Directory',
        operationType: o.outcome === 'created' ? 'Add' : 'Update',
        result: 'success',
        resultReason: '',
        initiatedBy: { user: null, app: { appId: null, displayName: 'Entrada seed file', servicePrincipalId: null, servicePrincipalName: null } },
        targetResources: [{ id: o.id, displayName: o.displayName, type: activity.type, userPrincipalName: null, groupType: null, modifiedProperties: [] }],
        additionalDetails: [{ key: 'Seed outcome', value: o.outcome }],
      };
    });
}
