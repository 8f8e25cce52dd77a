// An administrator's consent for the whole tenant, from the admin consent endpoint
// (flows/admin-consent/): in one transaction, the app's service principal in the tenant (created
// if missing), an AllPrincipals oauth2PermissionGrant per API holding the delegated permissions
// (merged into an existing one), and one appRoleAssignment of the app's service principal per
// application permission — each audited under the administrator's name, as Entra's log shows
// them: 'Add service principal', 'Add/Update delegated permission grant', 'Add app role
// assignment to service principal', and 'Consent to application' with IsAdminConsent True [D:
// reference-audit-activities]. Who may do it is decided before (core/policy/admin-consent.ts).

import type { AppRoleAssignment, Application, OAuth2PermissionGrant, ServicePrincipal } from '../core/model.js';
import type { ApiConsent } from '../core/policy/admin-consent.js';
import { derivedId } from '../seed/ids.js';
import type { GraphActor } from './context.js';
import type { DirectoryService } from './service.js';
import { newServicePrincipal } from '../core/new-service-principal.js';

/** One API of the consent, with its service principal in the tenant. */
export interface ApiConsentIn extends ApiConsent {
  apiSp: ServicePrincipal;
}

export async function grantTenantConsent(service: DirectoryService, actor: GraphActor, client: Application, plan: readonly ApiConsentIn[]): Promise<ServicePrincipal> {
  return service.write(actor, async (tx, audit) => {
    let clientSp = await tx.findServicePrincipalByAppId(actor.tenantId, client.appId);
    if (!clientSp) {
      clientSp = newServicePrincipal(actor.tenantId, client, service.newId());
      await tx.upsertServicePrincipal(clientSp);
      audit({
        activity: 'Add service principal',
        category: 'ApplicationManagement',
        operationType: 'Add',
        target: { id: clientSp.id, displayName: clientSp.displayName, type: 'ServicePrincipal' },
        properties: {
          appPrincipalId: [undefined, client.appId],
          accountEnabled: [undefined, true],
          appRoleAssignmentRequired: [undefined, false],
          displayName: [undefined, client.displayName],
          servicePrincipalName: [undefined, [client.appId, ...client.identifierUris]],
        },
      });
    }
    const granted: string[] = [];
    for (const part of plan) {
      if (part.scopes.length > 0) {
        const grants = await tx.listPermissionGrants(clientSp.id, part.apiSp.id);
        const was = grants.find((g) => g.consentType === 'AllPrincipals');
        const values = new Set((was?.scope ?? '').split(' ').filter(Boolean));
        for (const s of part.scopes) values.add(s.value);
        const grant: OAuth2PermissionGrant = {
          id: was?.id ?? derivedId.permissionGrant(actor.tenantId, clientSp.id, part.apiSp.id, 'AllPrincipals', null),
          clientId: clientSp.id,
          consentType: 'AllPrincipals',
          principalId: null,
          resourceId: part.apiSp.id,
          scope: [...values].join(' '),
        };
        if (grant.scope !== was?.scope) {
          await tx.upsertPermissionGrant(grant);
          audit({
            activity: was ? 'Update delegated permission grant' : 'Add delegated permission grant',
            category: 'ApplicationManagement',
            operationType: was ? 'Update' : 'Add',
            target: { id: part.apiSp.id, displayName: part.apiSp.displayName, type: 'ServicePrincipal' },
            properties: {
              'delegatedPermissionGrant.Scope': [was?.scope, grant.scope],
              'delegatedPermissionGrant.ClientId': [was?.clientId, grant.clientId],
              'delegatedPermissionGrant.ConsentType': [was?.consentType, grant.consentType],
            },
            related: [{ id: clientSp.id, displayName: clientSp.displayName, type: 'ServicePrincipal' }],
          });
        }
        granted.push(`[Scope: ${part.scopes.map((s) => s.value).join(' ')}, ResourceId: ${part.api.appId}]`);
      }
      const held = (await tx.listAppRoleAssignments(clientSp.id, part.apiSp.id)).map((a) => a.appRoleId);
      for (const role of part.roles) {
        if (held.includes(role.id)) continue;
        const assignment: AppRoleAssignment = {
          id: derivedId.appRoleAssignment(actor.tenantId, clientSp.id, part.apiSp.id, role.id),
          principalId: clientSp.id,
          principalType: 'ServicePrincipal',
          resourceId: part.apiSp.id,
          appRoleId: role.id,
        };
        await tx.upsertAppRoleAssignment(assignment);
        audit({
          activity: 'Add app role assignment to service principal',
          category: 'ApplicationManagement',
          operationType: 'Assign',
          target: { id: clientSp.id, displayName: clientSp.displayName, type: 'ServicePrincipal' },
          properties: {
            'appRole.Id': [undefined, role.id],
            'appRole.Value': [undefined, role.value],
            'servicePrincipal.ObjectID': [undefined, part.apiSp.id],
            'servicePrincipal.DisplayName': [undefined, part.apiSp.displayName],
          },
          related: [{ id: part.apiSp.id, displayName: part.apiSp.displayName, type: 'ServicePrincipal' }],
        });
      }
      if (part.roles.length > 0) granted.push(`[Role: ${part.roles.map((r) => r.value).join(' ')}, ResourceId: ${part.api.appId}]`);
    }
    audit({
      activity: 'Consent to application',
      category: 'ApplicationManagement',
      operationType: 'Assign',
      target: { id: clientSp.id, displayName: clientSp.displayName, type: 'ServicePrincipal' },
      properties: {
        'ConsentContext.IsAdminConsent': [undefined, 'True'],
        'ConsentAction.Permissions': [undefined, granted.join(', ')],
      },
    });
    return clientSp;
  });
}
