// A new service principal for an app in a tenant, with Graph's defaults for one created without
// a body: enabled, no assignment required, the app's name [D: Graph servicePrincipal resource].
// Consent (user and admin) and `entrada import` create them this way.

import type { Application, Guid, ServicePrincipal } from './model.js';

export function newServicePrincipal(tenantId: Guid, app: Pick<Application, 'appId' | 'displayName'>, id: Guid): ServicePrincipal {
  return {
    id,
    appId: app.appId,
    tenantId,
    displayName: app.displayName,
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    servicePrincipalType: 'Application',
    alternativeNames: [],
  };
}
