// Who may use the admin portal (issue 14), and with which delegated permissions it acts.
//
// The portal is a first-party app, like the Azure portal: pre-authorised for Microsoft Graph, it
// acts with the signed-in user's own rights, so every change is allowed or refused by the user's
// directory roles through the same rules Graph applies (graph-permissions.ts). Signing in needs
// an administrative directory role [Entrada's choice: the Entra admin center admits any member by
// default; Entrada's portal shows secrets' metadata, sign-in logs and every registration, so it
// admits administrators only]. Directory Readers is a role for apps and guests, not an admin role.

import { DIRECTORY_ROLES } from './graph-permissions.js';

/**
 * The delegated permissions the portal's actor carries: `Directory.AccessAsUser.All` (act as the
 * user in the directory, what the Azure portal holds) and the audit/sign-in log reads, which that
 * permission does not include [D: Graph permissions reference].
 */
export const PORTAL_SCOPES: readonly string[] = ['Directory.AccessAsUser.All', 'Directory.Read.All', 'AuditLog.Read.All'];

/** The directory roles that admit a user to the portal (every administrative role Entrada knows). */
export const PORTAL_ROLES: readonly string[] = Object.values(DIRECTORY_ROLES)
  .filter((r) => r.id !== DIRECTORY_ROLES.directoryReaders.id)
  .map((r) => r.id);

export type PortalAccess = { allowed: true; roles: string[] } | { allowed: false; needed: readonly string[] };

/** Whether a user holding `heldRoles` (role template ids) may sign in to the portal. */
export function portalAccess(heldRoles: readonly string[]): PortalAccess {
  const held = heldRoles.map((r) => r.toLowerCase()).filter((r) => PORTAL_ROLES.includes(r));
  return held.length ? { allowed: true, roles: held } : { allowed: false, needed: PORTAL_ROLES };
}
