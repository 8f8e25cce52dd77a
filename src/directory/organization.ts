// Graph's `organization` (the tenant) and `domains` (its verified domains), read-only.
// [D: Graph organization and domain resources] Entrada's tenant domains are all verified and
// managed, except those a federated identity provider of the tenant covers (seed
// federatedIdentityProviders[].domains), which are federated [I]. The first domain is both the
// default and the initial one [I: Entra's initial domain is <name>.onmicrosoft.com; Entrada's tenants
// have none].

import type { Tenant } from '../core/model.js';
import { authorize } from './authorize.js';
import type { GraphActor } from './context.js';
import { notFound } from './errors.js';
import type { GraphObject } from './representation.js';
import type { DirectoryService } from './service.js';

async function tenantOf(service: DirectoryService, actor: GraphActor): Promise<Tenant> {
  const tenant = await service.read.findTenant(actor.tenantId);
  if (!tenant) throw notFound(actor.tenantId);
  return tenant;
}

function federated(tenant: Tenant, domain: string): boolean {
  return tenant.federatedIdentityProviders.some((p) => p.domains.some((d) => d.toLowerCase() === domain.toLowerCase()));
}

export function toGraphOrganization(tenant: Tenant): GraphObject {
  return {
    id: tenant.id,
    deletedDateTime: null,
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: tenant.countryLetterCode ?? null,
    createdDateTime: null,
    defaultUsageLocation: null,
    displayName: tenant.displayName,
    marketingNotificationEmails: [],
    onPremisesLastSyncDateTime: null,
    onPremisesSyncEnabled: null,
    postalCode: null,
    preferredLanguage: tenant.preferredLanguage ?? null,
    securityComplianceNotificationMails: [],
    securityComplianceNotificationPhones: [],
    state: null,
    street: null,
    technicalNotificationMails: [],
    tenantType: 'AAD',
    directorySizeQuota: null,
    privacyProfile: null,
    assignedPlans: [],
    provisionedPlans: [],
    verifiedDomains: tenant.domains.map((name, i) => ({
      capabilities: 'Email, OfficeCommunicationsOnlineService',
      isDefault: i === 0,
      isInitial: i === 0,
      name,
      type: federated(tenant, name) ? 'Federated' : 'Managed',
    })),
  };
}

export function toGraphDomain(tenant: Tenant, name: string): GraphObject {
  const index = tenant.domains.findIndex((d) => d.toLowerCase() === name.toLowerCase());
  return {
    authenticationType: federated(tenant, name) ? 'Federated' : 'Managed',
    availabilityStatus: null,
    id: tenant.domains[index] ?? name,
    isAdminManaged: true,
    isDefault: index === 0,
    isInitial: index === 0,
    isRoot: true,
    isVerified: true,
    passwordNotificationWindowInDays: null,
    passwordValidityPeriodInDays: null,
    supportedServices: [],
    state: null,
  };
}

export async function getOrganization(service: DirectoryService, actor: GraphActor, id?: string): Promise<Tenant> {
  await authorize(actor, 'organization.read', service.read);
  const tenant = await tenantOf(service, actor);
  if (id !== undefined && id.toLowerCase() !== tenant.id) throw notFound(id);
  return tenant;
}

export async function listDomains(service: DirectoryService, actor: GraphActor): Promise<GraphObject[]> {
  await authorize(actor, 'domains.read', service.read);
  const tenant = await tenantOf(service, actor);
  return tenant.domains.map((d) => toGraphDomain(tenant, d));
}

export async function getDomain(service: DirectoryService, actor: GraphActor, name: string): Promise<GraphObject> {
  await authorize(actor, 'domains.read', service.read);
  const tenant = await tenantOf(service, actor);
  if (!tenant.domains.some((d) => d.toLowerCase() === name.toLowerCase())) throw notFound(name);
  return toGraphDomain(tenant, name);
}
