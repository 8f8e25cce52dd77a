// Deterministic ids for objects a seed file leaves unnamed, so that applying the same seed on every
// start upserts the same rows instead of piling up new ones.
//
// Name-based UUIDs (RFC 4122 §4.3, version 5): SHA-1 over the namespace UUID's 16 bytes followed by
// the name, truncated to 128 bits, with the version and variant bits set.

import { createHash } from 'node:crypto';
import type { Guid } from '../core/model.js';

import { isGuid } from '../core/guid.js';

export { isGuid };

/** RFC 4122 §4.3 name-based UUID (version 5) of `name` within `namespace` (a GUID). */
export function nameUuid(namespace: Guid, name: string): Guid {
  if (!isGuid(namespace)) throw new TypeError(`nameUuid: namespace '${namespace}' is not a GUID`);
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The kinds of object a seed derives ids for. The natural key of each is documented beside it; all
 * are namespaced by the tenant the object lives in, so two tenants never share a derived id.
 */
export const derivedId = {
  /** Application object id; key: appId. */
  application: (tenantId: Guid, appId: Guid) => nameUuid(tenantId, `application:${appId.toLowerCase()}`),
  /** Service principal id; key: appId. */
  servicePrincipal: (tenantId: Guid, appId: Guid) =>
    nameUuid(tenantId, `servicePrincipal:${appId.toLowerCase()}`),
  /** User object id; key: userPrincipalName, lower-cased (UPNs match case-insensitively). */
  user: (tenantId: Guid, upn: string) => nameUuid(tenantId, `user:${upn.toLowerCase()}`),
  /** Group object id; key: its displayName, lower-cased (unique in a seed tenant). */
  group: (tenantId: Guid, displayName: string) => nameUuid(tenantId, `group:${displayName.trim().toLowerCase()}`),
  /** App role id; key: appId + role value. */
  appRole: (tenantId: Guid, appId: Guid, value: string) =>
    nameUuid(tenantId, `appRole:${appId.toLowerCase()}:${value}`),
  /** Delegated permission id; key: appId + scope value. */
  permissionScope: (tenantId: Guid, appId: Guid, value: string) =>
    nameUuid(tenantId, `oauth2PermissionScope:${appId.toLowerCase()}:${value}`),
  /**
   * Secret keyId; key: appId + position in passwordCredentials. Never derived from the secret value,
   * which would publish a guessable hash of it.
   */
  passwordCredential: (tenantId: Guid, appId: Guid, index: number) =>
    nameUuid(tenantId, `passwordCredential:${appId.toLowerCase()}:${index}`),
  /** Certificate keyId; key: appId + SHA-256 thumbprint of the certificate. */
  keyCredential: (tenantId: Guid, appId: Guid, thumbprintSha256: string) =>
    nameUuid(tenantId, `keyCredential:${appId.toLowerCase()}:${thumbprintSha256}`),
  /** Key: principal, resource service principal and role. */
  appRoleAssignment: (tenantId: Guid, principalId: Guid, resourceSpId: Guid, appRoleId: Guid) =>
    nameUuid(tenantId, `appRoleAssignment:${principalId}:${resourceSpId}:${appRoleId}`.toLowerCase()),
  /** Managed identity object id (principal id); key: its resource id, lower-cased (ARM ids match case-insensitively). */
  managedIdentity: (tenantId: Guid, resourceId: string) => nameUuid(tenantId, `managedIdentity:${resourceId.toLowerCase()}`),
  /** Managed identity client id (appId); key: its resource id, lower-cased. */
  managedIdentityClientId: (tenantId: Guid, resourceId: string) =>
    nameUuid(tenantId, `managedIdentityClientId:${resourceId.toLowerCase()}`),
  /** The Azure subscription of managed identities whose seed gives no resource id; key: the tenant. */
  subscription: (tenantId: Guid) => nameUuid(tenantId, 'subscription'),
  /** Named location id; key: its displayName, lower-cased (unique in a seed tenant). */
  namedLocation: (tenantId: Guid, displayName: string) => nameUuid(tenantId, `namedLocation:${displayName.trim().toLowerCase()}`),
  /** Conditional Access policy id; key: its displayName, lower-cased (unique in a seed tenant). */
  conditionalAccessPolicy: (tenantId: Guid, displayName: string) => nameUuid(tenantId, `conditionalAccessPolicy:${displayName.trim().toLowerCase()}`),
  /** Key: client and resource service principals, consent type and (for Principal) the user. */
  permissionGrant: (
    tenantId: Guid,
    clientSpId: Guid,
    resourceSpId: Guid,
    consentType: 'AllPrincipals' | 'Principal',
    principalId: Guid | null,
  ) =>
    nameUuid(
      tenantId,
      `oauth2PermissionGrant:${clientSpId}:${resourceSpId}:${consentType}:${principalId ?? ''}`.toLowerCase(),
    ),
};
