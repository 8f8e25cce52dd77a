// Directory model <-> table rows. The only place that knows both shapes.

import type {
  Application,
  AppRoleAssignment,
  OAuth2PermissionGrant,
  PerUserMfaState,
  ServicePrincipal,
  SmartLockoutSettings,
  Tenant,
  User,
} from '../../core/model.js';
import type {
  AppRoleAssignmentsTable,
  ApplicationsTable,
  OAuth2PermissionGrantsTable,
  ServicePrincipalsTable,
  TenantsTable,
  UsersTable,
} from '../schema.js';
import { guidKey, toBool, toInt, upnKey } from './normalize.js';

export function tenantToRow(t: Tenant): TenantsTable {
  return {
    id: t.id,
    id_key: guidKey(t.id),
    display_name: t.displayName,
    domains: JSON.stringify(t.domains),
    federated_identity_providers: JSON.stringify(t.federatedIdentityProviders),
    security_defaults_enabled: toInt(t.securityDefaultsEnabled === true),
    smart_lockout: t.smartLockout ? JSON.stringify(t.smartLockout) : null,
    country_letter_code: t.countryLetterCode ?? null,
    preferred_language: t.preferredLanguage ?? null,
  };
}

export function tenantFromRow(r: TenantsTable): Tenant {
  return {
    id: r.id,
    displayName: r.display_name,
    domains: JSON.parse(r.domains) as string[],
    federatedIdentityProviders: JSON.parse(r.federated_identity_providers) as Tenant['federatedIdentityProviders'],
    // Present only when on, so a tenant stored before reads back as it was written (seed/merge.ts).
    ...(toBool(r.security_defaults_enabled ?? 0) ? { securityDefaultsEnabled: true } : {}),
    // Absent when null (Entra's defaults; migration 0013), for the same reason.
    ...(r.smart_lockout ? { smartLockout: JSON.parse(r.smart_lockout) as SmartLockoutSettings } : {}),
    // Absent when null (migration 0017), for the same reason.
    ...(r.country_letter_code ? { countryLetterCode: r.country_letter_code } : {}),
    ...(r.preferred_language ? { preferredLanguage: r.preferred_language } : {}),
  };
}

export function applicationToRow(a: Application): ApplicationsTable {
  return {
    id: a.id,
    app_id: a.appId,
    tenant_id: a.tenantId,
    display_name: a.displayName,
    document: JSON.stringify(a),
  };
}

export function applicationFromDocument(document: string): Application {
  return JSON.parse(document) as Application;
}

export function servicePrincipalToRow(sp: ServicePrincipal): ServicePrincipalsTable {
  return {
    id: sp.id,
    app_id: sp.appId,
    tenant_id: sp.tenantId,
    display_name: sp.displayName,
    account_enabled: toInt(sp.accountEnabled),
    app_role_assignment_required: toInt(sp.appRoleAssignmentRequired),
    service_principal_type: sp.servicePrincipalType,
    alternative_names: JSON.stringify(sp.alternativeNames),
    tags: JSON.stringify(sp.tags ?? []),
  };
}

export function servicePrincipalFromRow(r: ServicePrincipalsTable): ServicePrincipal {
  return {
    id: r.id,
    appId: r.app_id,
    tenantId: r.tenant_id,
    displayName: r.display_name,
    accountEnabled: toBool(r.account_enabled),
    appRoleAssignmentRequired: toBool(r.app_role_assignment_required),
    servicePrincipalType: r.service_principal_type,
    alternativeNames: JSON.parse(r.alternative_names) as string[],
    // Absent when empty, so a service principal without tags reads back as it was written.
    ...tagsOf(r.tags),
  };
}

function tagsOf(column: string | undefined): { tags?: string[] } {
  const tags = column ? (JSON.parse(column) as string[]) : [];
  return tags.length ? { tags } : {};
}

export function userToRow(u: User): UsersTable {
  return {
    id: u.id,
    tenant_id: u.tenantId,
    user_principal_name: u.userPrincipalName,
    upn_key: upnKey(u.userPrincipalName),
    display_name: u.displayName,
    given_name: u.givenName,
    surname: u.surname,
    mail: u.mail,
    account_enabled: toInt(u.accountEnabled),
    password_hash: u.passwordHash,
    mail_nickname: u.mailNickname ?? null,
    per_user_mfa_state: u.perUserMfaState ?? null,
    mfa_registered: u.mfaRegistered === undefined ? null : toInt(u.mfaRegistered),
    force_change_password: toInt(u.forceChangePasswordNextSignIn === true),
    country: u.country ?? null,
    preferred_language: u.preferredLanguage ?? null,
    usage_location: u.usageLocation ?? null,
  };
}

export function userFromRow(r: UsersTable): User {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    userPrincipalName: r.user_principal_name,
    displayName: r.display_name,
    givenName: r.given_name,
    surname: r.surname,
    mail: r.mail,
    accountEnabled: toBool(r.account_enabled),
    passwordHash: r.password_hash,
    // Absent rather than null for users stored without one (seeded users), as the model allows.
    ...(r.mail_nickname !== null ? { mailNickname: r.mail_nickname } : {}),
    // Absent unless set (migration 0014), as the model allows: users stored before read back unchanged.
    ...(r.per_user_mfa_state ? { perUserMfaState: r.per_user_mfa_state as PerUserMfaState } : {}),
    ...(r.mfa_registered !== null && r.mfa_registered !== undefined ? { mfaRegistered: toBool(r.mfa_registered) } : {}),
    // Present only when set (migration 0013), so users stored before read back unchanged.
    ...(toBool(r.force_change_password ?? 0) ? { forceChangePasswordNextSignIn: true } : {}),
    // Absent unless set (migration 0017), so users stored before read back unchanged.
    ...(r.country ? { country: r.country } : {}),
    ...(r.preferred_language ? { preferredLanguage: r.preferred_language } : {}),
    ...(r.usage_location ? { usageLocation: r.usage_location } : {}),
  };
}

export function assignmentToRow(a: AppRoleAssignment): AppRoleAssignmentsTable {
  return {
    id: a.id,
    principal_id: a.principalId,
    principal_type: a.principalType,
    resource_id: a.resourceId,
    app_role_id: a.appRoleId,
  };
}

export function assignmentFromRow(r: AppRoleAssignmentsTable): AppRoleAssignment {
  return {
    id: r.id,
    principalId: r.principal_id,
    principalType: r.principal_type,
    resourceId: r.resource_id,
    appRoleId: r.app_role_id,
  };
}

export function grantToRow(g: OAuth2PermissionGrant): OAuth2PermissionGrantsTable {
  return {
    id: g.id,
    client_id: g.clientId,
    consent_type: g.consentType,
    principal_id: g.principalId,
    resource_id: g.resourceId,
    scope: g.scope,
  };
}

export function grantFromRow(r: OAuth2PermissionGrantsTable): OAuth2PermissionGrant {
  return {
    id: r.id,
    clientId: r.client_id,
    consentType: r.consent_type,
    principalId: r.principal_id,
    resourceId: r.resource_id,
    scope: r.scope,
  };
}
