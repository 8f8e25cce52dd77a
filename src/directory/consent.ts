// A user's consent on the sign-in pages (flows/shared/consent.ts) is a directory change like any
// other: the grant and its 'Consent to application' audit entry are written in one transaction.

import type { DirectoryAudit, OAuth2PermissionGrant } from '../core/model.js';
import type { DirectoryAdmin } from '../core/ports.js';

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
