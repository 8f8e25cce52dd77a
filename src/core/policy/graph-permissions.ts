// Who may call which Microsoft Graph directory operation (issue 11). Pure data and one decision.
//
// Graph checks two things [D: Graph permissions reference; graph-and-clients.md §D.2, §D.3]:
// - the token's permissions: app-only tokens carry application permissions in `roles`,
//   delegated tokens carry scopes in `scp`; each operation lists those that allow it, least
//   privileged first;
// - for delegated calls, also the signed-in user's own rights: a write needs a directory role
//   that covers it (or, where Graph allows it, ownership of the object). Reads need none: member
//   users can read the directory by default.
// `…OwnedBy` application permissions allow writes to objects the calling app owns only (and
// creating apps, whose owner it then becomes).

/**
 * The application id the `entrada` command line acts as when it calls this installation's Graph
 * (src/cli/cli-token.ts mints its app-only token with the installation's signing key, as the
 * installation's administrator, like a local `kubeadm`). No registration or service principal
 * exists for it; audit entries name it ENTRADA_CLI_DISPLAY_NAME. A fixed GUID in Entrada's
 * `e7ada000-…` range, 'c11c' for "CLI".
 */
export const ENTRADA_CLI_APP_ID = 'e7ada000-c11c-4000-8000-00000000c11c';

export const DIRECTORY_ROLES = {
  globalAdministrator: { id: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator' },
  applicationAdministrator: { id: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', displayName: 'Application Administrator' },
  cloudApplicationAdministrator: { id: '158c047a-c907-4556-b7ef-446551a6b5f7', displayName: 'Cloud Application Administrator' },
  applicationDeveloper: { id: 'cf1c38e5-3621-4004-a7cb-879624dced7c', displayName: 'Application Developer' },
  userAdministrator: { id: 'fe930be7-5e62-47db-91af-98c3a49a38b1', displayName: 'User Administrator' },
  groupsAdministrator: { id: 'fdd7a751-b60b-444a-984c-02652fe8fa1c', displayName: 'Groups Administrator' },
  privilegedRoleAdministrator: { id: 'e8611ab8-c189-46e8-94e1-60213ab1f814', displayName: 'Privileged Role Administrator' },
  privilegedAuthenticationAdministrator: { id: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', displayName: 'Privileged Authentication Administrator' },
  globalReader: { id: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', displayName: 'Global Reader' },
  directoryReaders: { id: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b', displayName: 'Directory Readers' },
  reportsReader: { id: '4a5d8f65-41da-4de4-8968-e035b65339cf', displayName: 'Reports Reader' },
  securityReader: { id: '5d6b6bb7-de71-4623-b4af-96380a352509', displayName: 'Security Reader' },
  // Conditional Access and MFA (issue 17) [D: ED permissions-reference].
  conditionalAccessAdministrator: { id: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', displayName: 'Conditional Access Administrator' },
  securityAdministrator: { id: '194ae4cb-b126-40b2-bd5b-6091b380977d', displayName: 'Security Administrator' },
  authenticationAdministrator: { id: 'c4e39bd9-1100-46d3-8c65-fb160da0071f', displayName: 'Authentication Administrator' },
  authenticationPolicyAdministrator: { id: '0526716b-113d-4c15-b2c8-68e3c22b9f80', displayName: 'Authentication Policy Administrator' },
} as const;

/** A directory role by template id or display name (case-insensitive), as a seed may name it. */
export function findDirectoryRole(ref: string): { id: string; displayName: string } | undefined {
  const key = ref.trim().toLowerCase();
  return Object.values(DIRECTORY_ROLES).find((r) => r.id === key || r.displayName.toLowerCase() === key);
}

export type GraphOperation =
  | 'applications.read'
  | 'applications.create'
  | 'applications.write'
  | 'servicePrincipals.read'
  | 'servicePrincipals.create'
  | 'servicePrincipals.write'
  | 'appRoleAssignments.write'
  | 'grants.read'
  | 'grants.write'
  | 'users.read'
  | 'me.read'
  | 'users.write'
  | 'users.manage'
  | 'groups.read'
  | 'groups.create'
  | 'groups.write'
  | 'groupMembers.write'
  | 'directoryRoles.write'
  | 'organization.read'
  | 'domains.read'
  | 'directoryObjects.read'
  | 'directoryAudits.read'
  | 'signIns.read'
  | 'conditionalAccess.read'
  | 'conditionalAccess.write'
  | 'perUserMfa.read'
  | 'perUserMfa.write'
  | 'users.revokeSessions'
  | 'me.revokeSessions'
  | 'tokenLifetimePolicies.read'
  | 'tokenLifetimePolicies.write'
  | 'tokenLifetimePolicies.assign';

interface Rule {
  /** Application permissions (roles) that allow it; `…OwnedBy` ones only for owned objects. */
  application: readonly string[];
  /** Delegated permissions (scopes) that allow it. */
  delegated: readonly string[];
  /** Further permission sets all required too (Graph's "X and Y" rows), any one of each. */
  alsoRequired?: ReadonlyArray<readonly string[]>;
  /** Directory roles a signed-in user needs (none listed: any member user). */
  userRoles?: readonly string[];
  /** Owners of the object may do it with a delegated token without a role. */
  ownersMay?: boolean;
}

const R = DIRECTORY_ROLES;
const APP_ADMINS = [R.globalAdministrator.id, R.applicationAdministrator.id, R.cloudApplicationAdministrator.id];
const USER_ADMINS = [R.globalAdministrator.id, R.userAdministrator.id];
/** Who may make sensitive changes to a user that holds a directory role (see mayManagePrivilegedUsers). */
export const PRIVILEGED_USER_MANAGERS: readonly string[] = [R.globalAdministrator.id, R.privilegedAuthenticationAdministrator.id];
/** Who may grant Microsoft Graph's application permissions, and its admin-consent delegated ones (see mayGrantGraphPermissions). */
export const GRAPH_CONSENT_ROLES: readonly string[] = [R.globalAdministrator.id, R.privilegedRoleAdministrator.id];
/** Who may give and take away directory roles (see 'directoryRoles.write'). */
export const ROLE_MANAGERS: readonly string[] = [R.globalAdministrator.id, R.privilegedRoleAdministrator.id];
const GROUP_ADMINS = [R.globalAdministrator.id, R.userAdministrator.id, R.groupsAdministrator.id];
const READ_DIRECTORY = ['Directory.Read.All', 'Directory.ReadWrite.All'];
/** Who may read audit and sign-in logs with a delegated token [D: Entra "Roles to access audit logs"]. */
const AUDIT_READERS = [R.globalAdministrator.id, R.globalReader.id, R.reportsReader.id, R.securityReader.id];
/** Who may change Conditional Access policies, named locations and security defaults [D: Graph conditionalaccessroot-post-policies, identitysecuritydefaultsenforcementpolicy-update]. */
const CONDITIONAL_ACCESS_ADMINS = [R.globalAdministrator.id, R.conditionalAccessAdministrator.id, R.securityAdministrator.id];
/** Who may read them [D: conditionalaccessroot-list-policies: Security Reader, Global Reader and the admins]. */
const CONDITIONAL_ACCESS_READERS = [...CONDITIONAL_ACCESS_ADMINS, R.globalReader.id, R.securityReader.id];
/** Who manage per-user MFA [D: ED permissions-reference, "Manage MFA settings in the legacy MFA management portal"]. */
const MFA_ADMINS = [R.globalAdministrator.id, R.authenticationAdministrator.id, R.authenticationPolicyAdministrator.id];
/** Who may revoke another user's sessions [I: User Administrator and the authentication admins; Entra also lets Helpdesk Administrators, a role Entrada does not model]. */
const SESSION_REVOKERS = [...USER_ADMINS, R.authenticationAdministrator.id, R.privilegedAuthenticationAdministrator.id];
const REVOKE_SESSIONS = ['User.RevokeSessions.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'];

export const GRAPH_OPERATION_RULES: Readonly<Record<GraphOperation, Rule>> = {
  'applications.read': {
    application: ['Application.Read.All', 'Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All', ...READ_DIRECTORY],
    delegated: ['Application.Read.All', 'Application.ReadWrite.All', ...READ_DIRECTORY, 'Directory.AccessAsUser.All'],
  },
  'applications.create': {
    application: ['Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All'],
    delegated: ['Application.ReadWrite.All', 'Directory.AccessAsUser.All'],
    userRoles: [...APP_ADMINS, R.applicationDeveloper.id],
  },
  'applications.write': {
    application: ['Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All'],
    delegated: ['Application.ReadWrite.All', 'Directory.AccessAsUser.All'],
    userRoles: APP_ADMINS,
    ownersMay: true,
  },
  'servicePrincipals.read': {
    application: ['Application.Read.All', 'Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All', ...READ_DIRECTORY],
    delegated: ['Application.Read.All', 'Application.ReadWrite.All', ...READ_DIRECTORY, 'Directory.AccessAsUser.All'],
  },
  'servicePrincipals.create': {
    application: ['Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All', 'Directory.ReadWrite.All'],
    delegated: ['Application.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
    userRoles: [...APP_ADMINS, R.applicationDeveloper.id],
  },
  'servicePrincipals.write': {
    application: ['Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All', 'Directory.ReadWrite.All'],
    delegated: ['Application.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
    userRoles: APP_ADMINS,
    ownersMay: true,
  },
  'appRoleAssignments.write': {
    application: ['AppRoleAssignment.ReadWrite.All'],
    delegated: ['AppRoleAssignment.ReadWrite.All', 'Directory.AccessAsUser.All'],
    // "AppRoleAssignment.ReadWrite.All and Application.Read.All" (§D.2) [D; O
    // microsoft-graph-docs#12833: without Application.Read.All the POST is refused with 403].
    alsoRequired: [['Application.Read.All', 'Application.ReadWrite.All', ...READ_DIRECTORY, 'Directory.AccessAsUser.All']],
    userRoles: [...APP_ADMINS, R.privilegedRoleAdministrator.id],
  },
  'grants.read': {
    application: ['DelegatedPermissionGrant.ReadWrite.All', ...READ_DIRECTORY],
    delegated: ['DelegatedPermissionGrant.ReadWrite.All', ...READ_DIRECTORY, 'Directory.AccessAsUser.All'],
  },
  'grants.write': {
    application: ['DelegatedPermissionGrant.ReadWrite.All', 'Directory.ReadWrite.All'],
    delegated: ['DelegatedPermissionGrant.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
    userRoles: [...APP_ADMINS, R.privilegedRoleAdministrator.id],
  },
  'users.read': {
    application: ['User.Read.All', 'User.ReadWrite.All', ...READ_DIRECTORY],
    delegated: ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', ...READ_DIRECTORY, 'Directory.AccessAsUser.All'],
  },
  // GET /me, /me/memberOf: delegated only (app-only tokens are refused before this), least
  // privileged User.Read [D: Graph user-get, user-list-memberof permission tables; §D.2].
  'me.read': {
    application: [],
    delegated: ['User.Read', 'User.ReadWrite', 'User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', ...READ_DIRECTORY, 'Directory.AccessAsUser.All'],
  },
  'users.write': {
    application: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
    delegated: ['User.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
    userRoles: USER_ADMINS,
  },
  // Deleting a user and resetting its password: Directory.ReadWrite.All does not allow them [D: Graph
  // permissions reference, Directory.ReadWrite.All: "does not allow … to delete users or reset user
  // passwords"; user-delete, user-update passwordProfile]; a Privileged Authentication Administrator
  // may reset passwords and delete users [D: ED permissions-reference].
  'users.manage': {
    application: ['User.ReadWrite.All'],
    delegated: ['User.ReadWrite.All', 'Directory.AccessAsUser.All'],
    userRoles: [...USER_ADMINS, R.privilegedAuthenticationAdministrator.id],
  },
  'groups.read': {
    application: ['Group.Read.All', 'Group.ReadWrite.All', ...READ_DIRECTORY],
    delegated: ['Group.Read.All', 'Group.ReadWrite.All', ...READ_DIRECTORY, 'Directory.AccessAsUser.All'],
  },
  'groups.create': {
    application: ['Group.Create', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
    delegated: ['Group.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
    userRoles: GROUP_ADMINS,
  },
  'groups.write': {
    application: ['Group.ReadWrite.All', 'Directory.ReadWrite.All'],
    delegated: ['Group.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
    userRoles: GROUP_ADMINS,
    ownersMay: true,
  },
  'groupMembers.write': {
    application: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
    delegated: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
    userRoles: GROUP_ADMINS,
    ownersMay: true,
  },
  // Adding or removing a member of a directory role: RoleManagement.ReadWrite.Directory [D: Graph
  // directoryrole-post-members, directoryrole-delete-member permission tables], and for a
  // signed-in user a Global Administrator or Privileged Role Administrator [D: ED
  // permissions-reference, Privileged Role Administrator "can manage role assignments"].
  'directoryRoles.write': {
    application: ['RoleManagement.ReadWrite.Directory'],
    delegated: ['RoleManagement.ReadWrite.Directory', 'Directory.AccessAsUser.All'],
    userRoles: ROLE_MANAGERS,
  },
  'organization.read': {
    application: READ_DIRECTORY,
    delegated: ['User.Read', ...READ_DIRECTORY],
  },
  'domains.read': {
    application: ['Domain.Read.All', ...READ_DIRECTORY],
    delegated: ['Domain.Read.All', ...READ_DIRECTORY, 'Directory.AccessAsUser.All'],
  },
  'directoryObjects.read': {
    application: READ_DIRECTORY,
    delegated: [...READ_DIRECTORY, 'Directory.AccessAsUser.All'],
  },
  'directoryAudits.read': {
    application: ['AuditLog.Read.All'],
    delegated: ['AuditLog.Read.All'],
    alsoRequired: [READ_DIRECTORY],
    userRoles: AUDIT_READERS,
  },
  'signIns.read': {
    application: ['AuditLog.Read.All'],
    delegated: ['AuditLog.Read.All'],
    userRoles: AUDIT_READERS,
  },
  // Conditional Access policies, named locations, security defaults (issue 17): Policy.Read.All to
  // read, Policy.ReadWrite.ConditionalAccess to write [D: Graph conditionalaccessroot-list-policies,
  // -post-policies, namedlocation, identitysecuritydefaultsenforcementpolicy permission tables];
  // early versions of those tables listed Directory.AccessAsUser.All for delegated calls [D], which
  // is what the admin portal holds.
  'conditionalAccess.read': {
    application: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
    delegated: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess', 'Directory.AccessAsUser.All'],
    userRoles: CONDITIONAL_ACCESS_READERS,
  },
  'conditionalAccess.write': {
    application: ['Policy.ReadWrite.ConditionalAccess'],
    delegated: ['Policy.ReadWrite.ConditionalAccess', 'Directory.AccessAsUser.All'],
    userRoles: CONDITIONAL_ACCESS_ADMINS,
  },
  // Per-user MFA (Graph beta users/{id}/authentication/requirements) [D: authentication-get
  // (Policy.Read.All; Global Reader, Authentication Policy Administrator), authentication-update
  // (Policy.ReadWrite.AuthenticationMethod)]; Directory.AccessAsUser.All for the portal [I].
  'perUserMfa.read': {
    application: ['Policy.Read.All', 'Policy.ReadWrite.AuthenticationMethod'],
    delegated: ['Policy.Read.All', 'Policy.ReadWrite.AuthenticationMethod', 'Directory.AccessAsUser.All'],
    userRoles: [...MFA_ADMINS, R.globalReader.id],
  },
  'perUserMfa.write': {
    application: ['Policy.ReadWrite.AuthenticationMethod'],
    delegated: ['Policy.ReadWrite.AuthenticationMethod', 'Directory.AccessAsUser.All'],
    userRoles: MFA_ADMINS,
  },
  // POST /users/{id}/revokeSignInSessions [D: Graph user-revokesigninsessions: User.RevokeSessions.All
  // (User.ReadWrite.All, Directory.ReadWrite.All); earlier tables add Directory.AccessAsUser.All].
  'users.revokeSessions': {
    application: REVOKE_SESSIONS,
    delegated: [...REVOKE_SESSIONS, 'Directory.AccessAsUser.All'],
    userRoles: SESSION_REVOKERS,
  },
  // POST /me/revokeSignInSessions: a user ending its own sessions needs no role [I].
  'me.revokeSessions': {
    application: [],
    delegated: [...REVOKE_SESSIONS, 'Directory.AccessAsUser.All'],
  },
  // Token lifetime policies (issue 18) [D: Graph tokenlifetimepolicy-list/-get (Policy.Read.All,
  // Policy.Read.ApplicationConfiguration, Policy.ReadWrite.ApplicationConfiguration), -post, -update,
  // -delete (Policy.ReadWrite.ApplicationConfiguration)]; the roles that may manage apps' policies are
  // the application administrators [I: Graph's pages name no role], Global Reader may read them [I].
  'tokenLifetimePolicies.read': {
    application: ['Policy.Read.All', 'Policy.Read.ApplicationConfiguration', 'Policy.ReadWrite.ApplicationConfiguration'],
    delegated: ['Policy.Read.All', 'Policy.Read.ApplicationConfiguration', 'Policy.ReadWrite.ApplicationConfiguration', 'Directory.AccessAsUser.All'],
    userRoles: [...APP_ADMINS, R.globalReader.id],
  },
  'tokenLifetimePolicies.write': {
    application: ['Policy.ReadWrite.ApplicationConfiguration'],
    delegated: ['Policy.ReadWrite.ApplicationConfiguration', 'Directory.AccessAsUser.All'],
    userRoles: APP_ADMINS,
  },
  // Assigning one to an app or service principal (…/tokenLifetimePolicies/$ref, and listing them):
  // "Policy.Read.All and Application.ReadWrite.All", or with Policy.ReadWrite.ApplicationConfiguration,
  // or Application.ReadWrite.OwnedBy for an app's own objects [D: application-post-tokenlifetimepolicies,
  // serviceprincipal-post-tokenlifetimepolicies].
  'tokenLifetimePolicies.assign': {
    application: ['Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All'],
    delegated: ['Application.ReadWrite.All', 'Directory.AccessAsUser.All'],
    alsoRequired: [['Policy.Read.All', 'Policy.ReadWrite.ApplicationConfiguration', 'Directory.AccessAsUser.All']],
    userRoles: APP_ADMINS,
  },
};

/**
 * Whether a caller holding `callerRoles` may reset the password of, disable, enable, rename (UPN)
 * or delete a user who holds any directory role: a Global Administrator or Privileged
 * Authentication Administrator only [D: ED "Who can reset passwords", "Who can perform sensitive
 * actions" (permissions-reference): a User Administrator or an app with User.ReadWrite.All cannot
 * do it to an administrator]. Otherwise a lesser admin takes over a Global Administrator's account.
 */
export function mayManagePrivilegedUsers(callerRoles: readonly string[]): boolean {
  return PRIVILEGED_USER_MANAGERS.some((r) => callerRoles.includes(r));
}

/**
 * Whether a signed-in user holding `callerRoles` may give out Microsoft Graph's application
 * permissions (app role assignments to Graph's service principal) or admin-consent delegated
 * permissions of it: a Global Administrator or Privileged Role Administrator only [D: ED
 * permissions-reference, Application Administrator: "cannot … consent to application permissions
 * for Microsoft Graph"; §D.3]. App-only callers with AppRoleAssignment.ReadWrite.All (or
 * DelegatedPermissionGrant.ReadWrite.All) are not limited by this: that is how automation grants them.
 */
export function mayGrantGraphPermissions(callerRoles: readonly string[]): boolean {
  return GRAPH_CONSENT_ROLES.some((r) => callerRoles.includes(r));
}

/** The caller as Graph sees it: from a verified token, plus the user's directory roles. */
export type GraphCaller =
  | { kind: 'app'; roles: readonly string[] }
  | { kind: 'user'; scopes: readonly string[]; directoryRoles: readonly string[] };

export type GraphPermissionDecision =
  | { allowed: true; ownedOnly: boolean }
  | { allowed: false; missing: 'permission' | 'role'; needed: readonly string[] };

/**
 * Whether `caller` may run `operation`. `ownedOnly` (app-only `…OwnedBy`, or a delegated owner
 * without a role) means: only on objects the caller owns; the service checks ownership.
 */
export function decideGraphPermission(operation: GraphOperation, caller: GraphCaller): GraphPermissionDecision {
  const rule = GRAPH_OPERATION_RULES[operation];
  const held = caller.kind === 'app' ? caller.roles : caller.scopes;
  const allowedBy = caller.kind === 'app' ? rule.application : rule.delegated;
  const granted = allowedBy.filter((p) => held.includes(p));
  if (granted.length === 0) return { allowed: false, missing: 'permission', needed: allowedBy };
  for (const set of rule.alsoRequired ?? []) {
    if (!set.some((p) => held.includes(p))) return { allowed: false, missing: 'permission', needed: set };
  }
  if (caller.kind === 'app') {
    return { allowed: true, ownedOnly: granted.every((p) => p.endsWith('.OwnedBy')) };
  }
  if (!rule.userRoles || rule.userRoles.some((r) => caller.directoryRoles.includes(r))) return { allowed: true, ownedOnly: false };
  if (rule.ownersMay) return { allowed: true, ownedOnly: true };
  return { allowed: false, missing: 'role', needed: rule.userRoles };
}
