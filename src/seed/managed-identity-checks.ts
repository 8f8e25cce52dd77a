// Managed identities across the whole seed (managed-identities.ts reads one identity): resource ids
// that fit their type and name, names unique in a tenant, ids unique in the seed and distinct from
// every appId. Apart from managed-identities.ts so that it may read the built TenantDirectory
// without a file cycle (directory.ts builds identities with managed-identities.ts).

import { parseResourceId, resourceIdKey, USER_ASSIGNED_RESOURCE_TYPE } from '../core/policy/managed-identity.js';
import type { TenantDirectory } from './directory.js';
import { DEFAULT_HOST_RESOURCE_TYPE } from './managed-identities.js';
import type { SeedPath } from './problems.js';

type Report = (path: SeedPath, message: string) => void;

/**
 * Rules across objects: the resource id fits the type and ends in the name; names unique in a tenant
 * (an assignment or ENTRADA_MANAGED_IDENTITY_HOST names an identity by it); resource ids, client ids
 * and object ids unique in the seed, client ids distinct from every appId.
 */
export function checkManagedIdentities(tenants: ReadonlyArray<{ index: number; directory: TenantDirectory }>, report: Report): void {
  const clientIds = new Map<string, string>();
  const objectIds = new Map<string, string>();
  const resourceIds = new Map<string, string>();
  for (const { index, directory } of tenants) {
    for (const entry of directory.apps) {
      clientIds.set(entry.app.appId, entry.index === undefined ? `the appId of '${entry.app.displayName}' (built in)` : `the appId of tenants[${index}].applications[${entry.index}] ('${entry.app.displayName}')`);
      if (entry.index === undefined) continue;
      objectIds.set(entry.app.id.toLowerCase(), `tenants[${index}].applications[${entry.index}]`);
      if (entry.spId) objectIds.set(entry.spId, `the service principal of tenants[${index}].applications[${entry.index}]`);
    }
    for (const user of directory.users) objectIds.set(user.id, `tenants[${index}].users[${user.index}]`);
  }

  for (const { index, directory } of tenants) {
    const names = new Map<string, number>();
    for (const mi of directory.managedIdentities) {
      const path = ['tenants', index, 'managedIdentities', mi.index];
      const where = `tenants[${index}].managedIdentities[${mi.index}]`;
      const parsed = parseResourceId(mi.resourceId);
      if (parsed) {
        const isUserType = parsed.resourceType.toLowerCase() === USER_ASSIGNED_RESOURCE_TYPE.toLowerCase();
        if (mi.type === 'UserAssigned' && !isUserType) {
          report([...path, 'resourceId'], `a user-assigned identity's resource id has type ${USER_ASSIGNED_RESOURCE_TYPE}, not ${parsed.resourceType}; for the identity of a ${parsed.resourceType} resource use type: SystemAssigned`);
        } else if (mi.type === 'SystemAssigned' && isUserType) {
          report([...path, 'resourceId'], `a system-assigned identity is named by the resource it belongs to (e.g. ${DEFAULT_HOST_RESOURCE_TYPE}/${mi.name}), not by a ${USER_ASSIGNED_RESOURCE_TYPE} id; use type: UserAssigned for that`);
        }
        if (parsed.name.toLowerCase() !== mi.name.toLowerCase()) {
          report([...path, 'name'], `'${mi.name}' must be the last segment of resourceId ('${parsed.name}'): Azure names the identity after its resource`);
        }
      }
      const nameKey = mi.name.toLowerCase();
      const firstName = names.get(nameKey);
      if (firstName !== undefined) {
        report([...path, 'name'], `'${mi.name}' is already the name of tenants[${index}].managedIdentities[${firstName}]; names are unique in a tenant, since assignments and ENTRADA_MANAGED_IDENTITY_HOST name identities by them`);
      } else names.set(nameKey, mi.index);

      const claim = (map: Map<string, string>, key: string, field: string, label: string) => {
        const first = map.get(key);
        if (first) report([...path, field], `${label} is already used by ${first}; ids must be unique`);
        else map.set(key, where);
      };
      claim(resourceIds, resourceIdKey(mi.resourceId), 'resourceId', `resource id '${mi.resourceId}'`);
      claim(clientIds, mi.clientId, 'clientId', `client id ${mi.clientId}`);
      claim(objectIds, mi.id, 'id', `object id ${mi.id}`);
    }
  }
}
