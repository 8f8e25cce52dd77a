// A tenant keeps a Global Administrator: taking the role from, deleting or disabling the last
// enabled user who holds it would leave nobody to administer the tenant (nor to sign in to the
// admin portal as one) [I: Entra refuses to remove the last Global Administrator].

import { DIRECTORY_ROLES } from '../core/policy/graph-permissions.js';
import type { Guid } from '../core/model.js';
import type { DirectoryStore } from '../core/ports.js';
import { denied } from './errors.js';

const GLOBAL_ADMINISTRATOR = DIRECTORY_ROLES.globalAdministrator.id;

/** Throws Authorization_RequestDenied when `leaving` is the tenant's last enabled Global Administrator. */
export async function checkNotLastGlobalAdministrator(tx: DirectoryStore, tenantId: Guid, leaving: Guid): Promise<void> {
  if (!(await tx.listDirectoryRoles(tenantId, leaving)).includes(GLOBAL_ADMINISTRATOR)) return;
  for (const user of await tx.listUsers(tenantId)) {
    if (user.id !== leaving && user.accountEnabled && (await tx.listDirectoryRoles(tenantId, user.id)).includes(GLOBAL_ADMINISTRATOR)) return;
  }
  throw denied('This is the last enabled user who holds the Global Administrator role; give the role to another user first.');
}
