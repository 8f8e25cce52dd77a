// Resolving a tenant's app role assignments and delegated permission grants, which name principals
// and resources by appId, identifier URI or UPN, to the service principal, user and role ids the
// directory stores; every reference that does not resolve is reported at its path.

import type { AppRoleAssignment, Guid, OAuth2PermissionGrant } from '../core/model.js';
import { checkAppRoleAssignment, checkGrantScopes, grantScopeValues } from '../core/policy/entitlements.js';
import { describeApp, type DirectoryApp, type DirectoryUser, type TenantDirectory } from './directory.js';
import { MICROSOFT_GRAPH_DISPLAY_NAME } from './graph.js';
import { derivedId, isGuid } from './ids.js';
import type { SeedPath } from './problems.js';
import { findSeedGroup, type ResolvedGroup } from './groups.js';

type Report = (path: SeedPath, message: string) => void;
/** A hint for an appId or identifier URI that names an app of another tenant ('' when none). */
type Elsewhere = (identifier: string) => string;

function resolveResource(
  directory: TenantDirectory,
  identifier: string,
  path: SeedPath,
  elsewhere: Elsewhere,
  report: Report,
): (DirectoryApp & { spId: Guid }) | undefined {
  const entry = directory.findResource(identifier);
  if (!entry) {
    report(path, `no application with appId or identifier URI '${identifier}' in this tenant${elsewhere(identifier)}`);
    return undefined;
  }
  if (entry.spId === null) {
    report(path, `${describeApp(entry, path[1] as number)} has servicePrincipal: false, so it cannot be a resource in this tenant`);
    return undefined;
  }
  return entry as DirectoryApp & { spId: Guid };
}

function resolveClient(
  directory: TenantDirectory,
  appId: string,
  path: SeedPath,
  elsewhere: Elsewhere,
  report: Report,
): (DirectoryApp & { spId: Guid }) | undefined {
  if (!isGuid(appId)) {
    const names = directory.managedIdentities.map((m) => m.name);
    report(path, `'${appId}' must be a client appId (GUID), a managed identity's name or resource id${names.length ? ` (${names.join(', ')})` : ''}, or a user's UPN (name@domain)`);
    return undefined;
  }
  const entry = directory.findAppByAppId(appId);
  if (!entry) {
    report(path, `no application with appId ${appId} in this tenant${elsewhere(appId)}`);
    return undefined;
  }
  if (entry.index === undefined) {
    report(path, `${MICROSOFT_GRAPH_DISPLAY_NAME} can be a resource, not a client`);
    return undefined;
  }
  if (entry.spId === null) {
    report(path, `${describeApp(entry, path[1] as number)} has servicePrincipal: false, so it has no service principal here to be granted anything`);
    return undefined;
  }
  return entry as DirectoryApp & { spId: Guid };
}

function resolveUser(directory: TenantDirectory, upn: string, path: SeedPath, report: Report): DirectoryUser | undefined {
  const user = directory.findUser(upn);
  if (!user) {
    const known = directory.users.map((u) => u.user.userPrincipalName);
    report(path, `no user '${upn}' in this tenant${known.length ? ` (users: ${known.join(', ')})` : ' (it has no users)'}`);
  }
  return user;
}

export function resolveAssignments(
  directory: TenantDirectory,
  tenantIndex: number,
  elsewhere: Elsewhere,
  report: Report,
  /** The tenant's seed groups (seed/groups.ts): a principal that is no GUID, UPN or managed identity names one. */
  groups: readonly ResolvedGroup[] = [],
): AppRoleAssignment[] {
  const out: AppRoleAssignment[] = [];
  const seen = new Map<string, number>();
  directory.tenant.appRoleAssignments.forEach((assignment, i) => {
    const path = ['tenants', tenantIndex, 'appRoleAssignments', i];
    const isUser = assignment.principal.includes('@');
    // A managed identity is named by its client id, name or resource id (seed/managed-identities.ts).
    const identity = isUser ? undefined : directory.findManagedIdentity(assignment.principal);
    // A group by displayName: its direct members get the role (core/policy/assignment.ts).
    const group = isUser || identity || isGuid(assignment.principal) ? undefined : findSeedGroup(groups, assignment.principal);
    const isGroup = group !== undefined;
    const principal = isUser
      ? resolveUser(directory, assignment.principal, [...path, 'principal'], report)
      : identity
        ? { spId: identity.id }
        : group
          ? { spId: group.group.id }
          : resolveClient(directory, assignment.principal, [...path, 'principal'], elsewhere, report);
    const resource = resolveResource(directory, assignment.resource, [...path, 'resource'], elsewhere, report);
    if (!resource) return;

    const check = checkAppRoleAssignment({
      roles: resource.app.appRoles,
      wanted: assignment.appRole,
      byValue: true,
      assignee: isUser ? 'User' : isGroup ? 'Group' : 'ServicePrincipal',
      resourceName: describeApp(resource, tenantIndex),
    });
    if (!check.ok) {
      report([...path, 'appRole'], check.message);
      return;
    }
    if (!principal) return;
    const principalId = 'spId' in principal ? principal.spId : principal.id;
    const key = `${principalId}|${resource.spId}|${check.roleId}`;
    const first = seen.get(key);
    if (first !== undefined) {
      report(path, `duplicates tenants[${tenantIndex}].appRoleAssignments[${first}]`);
      return;
    }
    seen.set(key, i);
    out.push({
      id: derivedId.appRoleAssignment(directory.tenantId, principalId, resource.spId, check.roleId),
      principalId,
      principalType: isUser ? 'User' : isGroup ? 'Group' : 'ServicePrincipal',
      resourceId: resource.spId,
      appRoleId: check.roleId,
    });
  });
  return out;
}

export function resolveGrants(
  directory: TenantDirectory,
  tenantIndex: number,
  elsewhere: Elsewhere,
  report: Report,
): OAuth2PermissionGrant[] {
  const out: OAuth2PermissionGrant[] = [];
  const seen = new Map<string, number>();
  directory.tenant.oauth2PermissionGrants.forEach((grant, i) => {
    const path = ['tenants', tenantIndex, 'oauth2PermissionGrants', i];
    const client = resolveClient(directory, grant.client, [...path, 'client'], elsewhere, report);
    const resource = resolveResource(directory, grant.resource, [...path, 'resource'], elsewhere, report);

    let user: DirectoryUser | undefined;
    let principalOk = true;
    if (grant.consentType === 'Principal') {
      if (grant.principal === undefined) {
        report([...path, 'principal'], `is required when consentType is Principal: the UPN of the user who consented`);
        principalOk = false;
      } else {
        user = resolveUser(directory, grant.principal, [...path, 'principal'], report);
        principalOk = user !== undefined;
      }
    } else if (grant.principal !== undefined) {
      report(
        [...path, 'principal'],
        `must be omitted when consentType is AllPrincipals (consent for every user); use consentType: Principal for one user's consent`,
      );
      principalOk = false;
    }

    if (!resource) return;
    const values = grantScopeValues(grant.scope);
    const scopeProblems = checkGrantScopes(resource.app.api.oauth2PermissionScopes, values, describeApp(resource, tenantIndex));
    for (const message of scopeProblems) report([...path, 'scope'], message);
    const scopesOk = scopeProblems.length === 0;
    if (!client || !principalOk || !scopesOk) return;
    const principalId = user ? user.id : null;
    const key = `${client.spId}|${resource.spId}|${grant.consentType}|${principalId ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined) {
      report(
        path,
        `duplicates tenants[${tenantIndex}].oauth2PermissionGrants[${first}] (same client, resource and consent); Entra keeps one grant per combination: merge their scopes`,
      );
      return;
    }
    seen.set(key, i);
    out.push({
      id: derivedId.permissionGrant(directory.tenantId, client.spId, resource.spId, grant.consentType, principalId),
      clientId: client.spId,
      consentType: grant.consentType,
      principalId,
      resourceId: resource.spId,
      scope: values.join(' '),
    });
  });
  return out;
}
