// Managed identities in a seed file (entra-protocol.md §6.3): a tenant's `managedIdentities`, each
// a service principal of type ManagedIdentity with Graph's alternativeNames
// (core/policy/managed-identity.ts). demo.yaml documents the shape:
//
//   managedIdentities:
//     - type: SystemAssigned          # belongs to one Azure resource (a VM, an App Service app, …)
//       name: demo-vm                 # that resource's name; also the identity's displayName
//       resourceId: /subscriptions/…/providers/Microsoft.Compute/virtualMachines/demo-vm   # optional
//     - type: UserAssigned            # an Azure resource of its own, attachable to any resource
//       name: demo-identity
//       resourceId: /subscriptions/…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/demo-identity  # optional
//       clientId: …                   # optional (appId); id: … optional (object id = principal id)
//
// Omitted ids are derived from the resource id (seed/ids.ts); an omitted resource id is built from
// the name in resource group `entrada` of a subscription derived from the tenant [I].

import { z } from 'zod';
import type { Guid, ServicePrincipal } from '../core/model.js';
import {
  managedIdentityAlternativeNames,
  parseResourceId,
  resourceIdKey,
  USER_ASSIGNED_RESOURCE_TYPE,
  type ManagedIdentityType,
} from '../core/policy/managed-identity.js';
import { derivedId } from './ids.js';

/** The ARM type a system-assigned identity's resource gets when the seed gives no resource id [I]. */
export const DEFAULT_HOST_RESOURCE_TYPE = 'Microsoft.Compute/virtualMachines';
const DEFAULT_RESOURCE_GROUP = 'entrada';

/** Azure resource names: letters, digits, `-`, `_`, `.`; starting with a letter or digit [I: the common subset]. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const RESOURCE_ID_MESSAGE =
  'must be an Azure resource id: /subscriptions/{subscription id}/resourceGroups/{group}/providers/{namespace}/{type}/{name}';

export function managedIdentitySchema(strict: boolean) {
  const shape = {
    type: z.enum(['SystemAssigned', 'UserAssigned'], { error: 'must be SystemAssigned or UserAssigned' }),
    /** The Azure resource's name (system-assigned) or the identity's (user-assigned); its displayName. */
    name: strict
      ? z.string().regex(NAME, { error: 'must be an Azure resource name: letters, digits, - _ . (starting with a letter or digit), at most 128' })
      : z.string().min(1),
    /** Default: built from the name (see DEFAULT_HOST_RESOURCE_TYPE, DEFAULT_RESOURCE_GROUP). */
    resourceId: (strict
      ? z.string().refine((v) => parseResourceId(v) !== undefined, { error: RESOURCE_ID_MESSAGE })
      : z.string()
    ).optional(),
    /** The client id (appId). Default: derived from the resource id. */
    clientId: z.guid({ error: 'must be a GUID' }).optional(),
    /** The object id (principal id). Default: derived from the resource id. */
    id: z.guid({ error: 'must be a GUID' }).optional(),
    /** false: the identity gets no tokens (AADSTS7000112). */
    accountEnabled: z.boolean().default(true),
  };
  return strict ? z.strictObject(shape) : z.object(shape);
}

type SeedManagedIdentity = z.output<ReturnType<typeof managedIdentitySchema>>;

/** A seeded managed identity with its ids settled. */
export interface DirectoryManagedIdentity {
  index: number;
  type: ManagedIdentityType;
  name: string;
  resourceId: string;
  /** Client id (the service principal's appId), lower-case. */
  clientId: Guid;
  /** Object id (the service principal's id), lower-case. */
  id: Guid;
  accountEnabled: boolean;
}

export function buildManagedIdentities(tenantId: Guid, seeded: readonly SeedManagedIdentity[]): DirectoryManagedIdentity[] {
  return seeded.map((mi, index) => {
    const resourceId = mi.resourceId?.trim().replace(/\/$/, '') ?? defaultResourceId(tenantId, mi.type, mi.name);
    return {
      index,
      type: mi.type,
      name: mi.name,
      resourceId,
      clientId: (mi.clientId ?? derivedId.managedIdentityClientId(tenantId, resourceId)).toLowerCase(),
      id: (mi.id ?? derivedId.managedIdentity(tenantId, resourceId)).toLowerCase(),
      accountEnabled: mi.accountEnabled,
    };
  });
}

function defaultResourceId(tenantId: Guid, type: ManagedIdentityType, name: string): string {
  const resourceType = type === 'UserAssigned' ? USER_ASSIGNED_RESOURCE_TYPE : DEFAULT_HOST_RESOURCE_TYPE;
  return `/subscriptions/${derivedId.subscription(tenantId)}/resourceGroups/${DEFAULT_RESOURCE_GROUP}/providers/${resourceType}/${name}`;
}

/** An app role assignment's principal naming a managed identity: its client id, name or resource id. */
export function findManagedIdentity(identities: readonly DirectoryManagedIdentity[], ref: string): DirectoryManagedIdentity | undefined {
  const key = ref.trim().toLowerCase();
  return (
    identities.find((m) => m.clientId === key) ??
    identities.find((m) => m.name.toLowerCase() === key) ??
    (ref.trim().startsWith('/') ? identities.find((m) => resourceIdKey(m.resourceId) === resourceIdKey(ref)) : undefined)
  );
}

export function managedIdentityServicePrincipal(tenantId: Guid, mi: DirectoryManagedIdentity): ServicePrincipal {
  return {
    id: mi.id,
    appId: mi.clientId,
    tenantId,
    displayName: mi.name,
    accountEnabled: mi.accountEnabled,
    appRoleAssignmentRequired: false,
    servicePrincipalType: 'ManagedIdentity',
    alternativeNames: managedIdentityAlternativeNames(mi.type, mi.resourceId),
  };
}
