// One enterprise application (a service principal of the tenant): loading it, what kind it is,
// and the frame of its blades (Overview, Properties, Users and groups, Permissions).

import type { Guid } from '../../../../core/model.js';
import { getServicePrincipal, type ServicePrincipalView } from '../../../../directory/service-principals.js';
import type { Html } from '../../../../http/kit/html.js';
import { MICROSOFT_SERVICES_TENANT_ID } from '../../../../seed/graph.js';
import type { PortalOptions, Viewer } from '../../portal-kit.js';
import { objectFrame, objectTitle } from '../object-frame.js';

export type EnterpriseBlade = 'overview' | 'properties' | 'assignments' | 'permissions';

/**
 * Who publishes the application behind a service principal, as the Azure portal's "Application
 * type" filter tells them apart: this tenant's registrations, another organisation's multi-tenant
 * apps, Microsoft's first-party apps (Microsoft Graph; Entrada's own admin portal counts as one,
 * as the Azure portal does), and managed identities.
 */
export type EnterpriseKind = 'tenant' | 'otherTenant' | 'microsoft' | 'managedIdentity';

export const KIND_LABELS: Record<EnterpriseKind, string> = {
  tenant: 'This tenant',
  otherTenant: 'Another organization (multi-tenant)',
  microsoft: 'Microsoft (first-party)',
  managedIdentity: 'Managed identity',
};

export function enterpriseKind(view: ServicePrincipalView, tenantId: Guid): EnterpriseKind {
  if (view.sp.servicePrincipalType === 'ManagedIdentity') return 'managedIdentity';
  if (view.app?.tenantId === MICROSOFT_SERVICES_TENANT_ID) return 'microsoft';
  return view.app?.tenantId === tenantId ? 'tenant' : 'otherTenant';
}

export async function loadServicePrincipal(options: PortalOptions, viewer: Viewer, id: string): Promise<ServicePrincipalView> {
  return getServicePrincipal(options.service, viewer.actor, { id });
}

export function enterprisePath(spId: Guid, blade: EnterpriseBlade = 'overview'): string {
  const tail: Record<EnterpriseBlade, string> = { overview: '', properties: '/properties', assignments: '/users-groups', permissions: '/permissions' };
  return `/portal/enterprise-apps/${spId}${tail[blade]}`;
}

function frameOf(view: ServicePrincipalView, current: EnterpriseBlade) {
  const id = view.sp.id;
  return {
    list: ['Enterprise applications', '/portal/enterprise-apps'] as [string, string],
    name: view.sp.displayName,
    navLabel: 'Enterprise application',
    current,
    tabs: [
      { key: 'overview' as const, label: 'Overview', href: enterprisePath(id) },
      { key: 'properties' as const, label: 'Properties', href: enterprisePath(id, 'properties') },
      { key: 'assignments' as const, label: 'Users and groups', href: enterprisePath(id, 'assignments') },
      { key: 'permissions' as const, label: 'Permissions', href: enterprisePath(id, 'permissions') },
    ],
  };
}

export function enterpriseFrame(view: ServicePrincipalView, blade: EnterpriseBlade, body: Html): Html {
  return objectFrame(frameOf(view, blade), body);
}

export function enterpriseTitle(view: ServicePrincipalView, blade: EnterpriseBlade): string {
  return objectTitle(frameOf(view, blade));
}
