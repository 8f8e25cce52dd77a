// What the "API permissions" blade shows and what "Grant admin consent" writes, computed from the
// registration's requiredResourceAccess and the consent that exists in the tenant. Pure, so the
// status rules can be table-tested.
//
// Status, as the Azure portal shows it: a delegated permission is "Granted for <tenant>" when an
// AllPrincipals oauth2PermissionGrant from the app's service principal to the resource's includes
// the scope (one user's own consent, consentType Principal, does not count); an application
// permission is granted when the app's service principal holds an appRoleAssignment of the role.
// Permissions granted but no longer configured are listed apart, as the Azure portal's "Other
// permissions granted for <tenant>" [D: Azure portal, API permissions blade].

import type { AppRoleAssignment, Application, Guid, OAuth2PermissionGrant } from '../../../../core/model.js';
import { grantScopeValues } from '../../../../core/policy/entitlements.js';

/** An API of the tenant: a service principal and the application behind it. */
export interface ResourceApi {
  spId: Guid;
  appId: Guid;
  displayName: string;
  app: Application | undefined;
}

export type PermissionType = 'Scope' | 'Role';

export interface PermissionRow {
  id: Guid;
  type: PermissionType;
  /** The permission's value (User.Read, Data.Read); null when the API exposes no permission with this id. */
  value: string | null;
  /** Its admin consent display name (scopes) or display name (roles). */
  description: string | null;
  /** Delegated: the scope's type is Admin. Application permissions always need an administrator. */
  adminConsentRequired: boolean;
  granted: boolean;
  /** Why admin consent cannot include it (unknown, disabled, a role not for applications); null when it can. */
  problem: string | null;
}

export interface ApiGroup {
  resourceAppId: Guid;
  name: string;
  /** Undefined when the API has no service principal in this tenant: nothing can be consented for it. */
  resource: ResourceApi | undefined;
  /** The configured permissions (requiredResourceAccess), in their order. */
  rows: PermissionRow[];
  /** Granted for the tenant but not configured (any longer). */
  otherGranted: Array<{ type: PermissionType; value: string }>;
  /** The AllPrincipals grant from the app to this API, if any. */
  grant: OAuth2PermissionGrant | undefined;
  /** The app's role assignments on this API. */
  assignments: AppRoleAssignment[];
}

export interface PermissionsInput {
  app: Application;
  /** The tenant's APIs (service principals with their applications). */
  resources: readonly ResourceApi[];
  /** The app's service principal in this tenant; null when it has none (then nothing is granted). */
  clientSpId: Guid | null;
  /** Delegated grants of the tenant (only the app's are used). */
  grants: readonly OAuth2PermissionGrant[];
  /** App role assignments held by the app's service principal. */
  assignments: readonly AppRoleAssignment[];
}

export function apiPermissionGroups(input: PermissionsInput): ApiGroup[] {
  const { app, resources, clientSpId } = input;
  const grants = clientSpId ? input.grants.filter((g) => g.clientId === clientSpId && g.consentType === 'AllPrincipals') : [];
  const assignments = clientSpId ? input.assignments.filter((a) => a.principalId === clientSpId) : [];
  const groups: ApiGroup[] = [];

  const groupFor = (resource: ResourceApi | undefined, resourceAppId: Guid, access: RequiredAccess): ApiGroup => {
    const grant = resource && grants.find((g) => g.resourceId === resource.spId);
    const held = resource ? assignments.filter((a) => a.resourceId === resource.spId) : [];
    const grantedScopes = new Set(grant ? grantScopeValues(grant.scope) : []);
    const rows = access.map(({ id, type }) => row(resource?.app, id, type, grantedScopes, held));
    const configuredScopes = new Set(rows.filter((r) => r.type === 'Scope' && r.value !== null).map((r) => r.value));
    const configuredRoles = new Set(rows.filter((r) => r.type === 'Role').map((r) => r.id));
    const otherGranted: ApiGroup['otherGranted'] = [
      ...[...grantedScopes].filter((v) => !configuredScopes.has(v)).map((value) => ({ type: 'Scope' as const, value })),
      ...held.filter((a) => !configuredRoles.has(a.appRoleId)).map((a) => ({ type: 'Role' as const, value: resource?.app?.appRoles.find((r) => r.id === a.appRoleId)?.value ?? a.appRoleId })),
    ];
    return { resourceAppId, name: resource?.displayName ?? `Unknown API (${resourceAppId})`, resource, rows, otherGranted, grant, assignments: held };
  };

  for (const required of app.requiredResourceAccess) {
    const resource = resources.find((r) => r.appId === required.resourceAppId);
    groups.push(groupFor(resource, required.resourceAppId, required.resourceAccess));
  }
  // APIs with consent but nothing configured any longer.
  for (const resource of resources) {
    if (groups.some((g) => g.resourceAppId === resource.appId)) continue;
    const group = groupFor(resource, resource.appId, []);
    if (group.otherGranted.length) groups.push(group);
  }
  return groups;
}

type RequiredAccess = ReadonlyArray<{ id: Guid; type: PermissionType }>;

function row(api: Application | undefined, id: Guid, type: PermissionType, grantedScopes: Set<string>, held: readonly AppRoleAssignment[]): PermissionRow {
  if (type === 'Scope') {
    const scope = api?.api.oauth2PermissionScopes.find((s) => s.id === id);
    return {
      id,
      type,
      value: scope?.value ?? null,
      description: scope?.adminConsentDisplayName ?? null,
      adminConsentRequired: scope?.type === 'Admin',
      granted: scope !== undefined && grantedScopes.has(scope.value),
      problem: !scope ? 'The API exposes no delegated permission with this id.' : scope.isEnabled ? null : 'The API has disabled this permission.',
    };
  }
  const role = api?.appRoles.find((r) => r.id === id);
  return {
    id,
    type,
    value: role?.value ?? null,
    description: role?.displayName ?? null,
    adminConsentRequired: true,
    granted: held.some((a) => a.appRoleId === id),
    problem: !role
      ? 'The API exposes no application permission with this id.'
      : !role.isEnabled
        ? 'The API has disabled this permission.'
        : role.allowedMemberTypes.includes('Application')
          ? null
          : 'This app role is for users and groups, not applications.',
  };
}

/** What "Grant admin consent" writes for one API. */
export interface ConsentPlan {
  /** The grant's new scope (space-separated), or null when the delegated grant needs no change. */
  scope: string | null;
  /** App role ids to assign to the app's service principal. */
  roles: Guid[];
}

/**
 * Every configured, grantable permission of the API: delegated ones added to the AllPrincipals grant
 * (what it holds already is kept [I: the Azure portal's consent adds; revoking is separate], except
 * values the API no longer exposes enabled, which Graph would refuse in a grant's scope), application
 * ones assigned when not held yet.
 */
export function consentPlan(group: ApiGroup): ConsentPlan {
  const enabledScopes = new Set((group.resource?.app?.api.oauth2PermissionScopes ?? []).filter((s) => s.isEnabled).map((s) => s.value));
  const had = group.grant ? grantScopeValues(group.grant.scope) : [];
  const wanted = group.rows.filter((r) => r.type === 'Scope' && r.problem === null && r.value !== null).map((r) => r.value as string);
  const next = [...new Set([...had.filter((v) => enabledScopes.has(v)), ...wanted])];
  return {
    scope: wanted.some((v) => !had.includes(v)) ? next.join(' ') : null,
    roles: group.rows.filter((r) => r.type === 'Role' && r.problem === null && !r.granted).map((r) => r.id),
  };
}

/** Whether anything of the API is granted for the tenant (then "Revoke admin consent" applies). */
export function hasConsent(group: ApiGroup): boolean {
  return group.grant !== undefined || group.assignments.length > 0;
}
