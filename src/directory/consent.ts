// A user's consent on the sign-in pages (flows/shared/consent.ts) is a directory change like any
// other: the grant and its 'Consent to application' audit entry are written in one transaction.
// A multi-tenant app's first consent in a tenant also adds its service principal there, audited
// as 'Add service principal' by the consenting user (provisionServicePrincipal).

import type { DirectoryAudit, OAuth2PermissionGrant, ServicePrincipal, User } from '../core/model.js';
import type { DirectoryAdmin } from '../core/ports.js';
import { auditEntry } from './audit.js';
import type { GraphActor } from './context.js';

export async function recordConsent(admin: DirectoryAdmin, grant: OAuth2PermissionGrant, at: Date, newId: () => string): Promise<void> {
  await admin.transact(async (tx) => {
    await tx.upsertPermissionGrant(grant);
    const client = await tx.getServicePrincipal(grant.clientId);
    const resource = await tx.getServicePrincipal(grant.resourceId);
    if (!client) return;
    const user = grant.principalId ? await tx.getUser(client.tenantId, grant.principalId) : undefined;
    const entry: DirectoryAudit = {
      id: `Directory_${newId()}`,
      tenantId: client.tenantId,
      activityDateTime: at.toISOString(),
      activityDisplayName: 'Consent to application',
      category: 'ApplicationManagement',
      correlationId: newId(),
      loggedByService: 'Core Directory',
      operationType: 'Assign',
      result: 'success',
      resultReason: '',
      initiatedBy: {
        user: user
          ? { id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName, ipAddress: null, userType: 'Member', homeTenantId: client.tenantId, homeTenantName: null }
          : null,
        app: null,
      },
      targetResources: [
        {
          id: client.id,
          displayName: client.displayName,
          type: 'ServicePrincipal',
          userPrincipalName: null,
          groupType: null,
          modifiedProperties: [
            { displayName: 'ConsentContext.IsAdminConsent', oldValue: null, newValue: JSON.stringify(String(grant.consentType === 'AllPrincipals')) },
            { displayName: 'ConsentAction.Permissions', oldValue: null, newValue: JSON.stringify(`[Scope: ${grant.scope}, ResourceId: ${resource?.appId ?? grant.resourceId}]`) },
          ],
        },
      ],
      additionalDetails: [],
    };
    await tx.appendAudit(entry);
  });
}

/**
 * Stores `sp` (a multi-tenant app's service principal in the consenting user's tenant) unless the
 * tenant already has one for the app, in which case that one is answered and nothing is written.
 * Audited as 'Add service principal', initiated by the user [I: Entra's log shows the consent's
 * user as initiator of the service principal's creation].
 */
export async function provisionServicePrincipal(admin: DirectoryAdmin, sp: ServicePrincipal, by: User, at: Date, newId: () => string): Promise<ServicePrincipal> {
  return admin.transact(async (tx) => {
    const existing = await tx.findServicePrincipalByAppId(sp.tenantId, sp.appId);
    if (existing) return existing;
    await tx.upsertServicePrincipal(sp);
    const app = await tx.getApplicationByAppId(sp.appId);
    const actor: GraphActor = {
      tenantId: sp.tenantId,
      caller: { kind: 'user', scopes: [], directoryRoles: [] },
      app: { appId: sp.appId, displayName: sp.displayName, servicePrincipalId: sp.id },
      user: { id: by.id, userPrincipalName: by.userPrincipalName, displayName: by.displayName },
      ipAddress: null,
      correlationId: newId(),
      userAgent: null,
    };
    const entry = auditEntry(
      actor,
      {
        activity: 'Add service principal',
        category: 'ApplicationManagement',
        operationType: 'Add',
        target: { id: sp.id, displayName: sp.displayName, type: 'ServicePrincipal' },
        properties: {
          appPrincipalId: [undefined, sp.appId],
          accountEnabled: [undefined, sp.accountEnabled],
          appRoleAssignmentRequired: [undefined, sp.appRoleAssignmentRequired],
          displayName: [undefined, sp.displayName],
          servicePrincipalName: [undefined, app ? [sp.appId, ...app.identifierUris] : [sp.appId]],
        },
      },
      at,
      newId(),
    );
    await tx.appendAudit(entry);
    return sp;
  });
}
