// Graph's `users`: create, read, update (including a password reset), delete, memberOf, and /me.
// Profiles are read through the seed's own schema (seed/schema.ts UserSchema) and UPN rules
// (seed/users.ts), so the seed file and Graph accept the same users. Passwords are stored only as
// hashes and never shown, in answers or in the audit log; a new password must meet Entra's
// password policy (core/policy/password-policy.ts), which the seed file does not apply to its own
// demo and test users.

import type { Guid, User } from '../core/model.js';
import type { DirectoryStore } from '../core/ports.js';
import { isGuid } from '../core/guid.js';
import { mayManagePrivilegedUsers, PRIVILEGED_USER_MANAGERS } from '../core/policy/graph-permissions.js';
import { passwordPolicyProblem } from '../core/policy/password-policy.js';
import { UserSchema } from '../seed/schema.js';
import { userPrincipalNameDomainProblem, userPrincipalNameProblems } from '../seed/users.js';
import { actorDirectoryRoles, authorize, roleNames } from './authorize.js';
import type { GraphActor } from './context.js';
import { checkNotLastGlobalAdministrator } from './global-administrators.js';
import { toGraphDirectoryRole } from './directory-object-views.js';
import { badRequest, denied, duplicateValue, GraphError, invalidProperty, invalidValue, notFound } from './errors.js';
import { objectBody, parseWith } from './input.js';
import { mailNicknameProblem } from './mail-nickname.js';
import { toGraphGroup, type GraphObject } from './representation.js';
import type { DirectoryService } from './service.js';

const RESOURCE = 'User';

/** Graph requires these when a user is created [D: Graph user-post-users]. */
const REQUIRED = ['accountEnabled', 'displayName', 'mailNickname', 'passwordProfile', 'userPrincipalName'] as const;

/** The profile properties the seed's UserSchema reads (country, preferredLanguage, usageLocation: what optional claims read). */
const PROFILE = ['userPrincipalName', 'displayName', 'givenName', 'surname', 'mail', 'accountEnabled', 'country', 'preferredLanguage', 'usageLocation'] as const;

/** What a body may set. */
const WRITABLE = new Set<string>([...PROFILE, 'mailNickname', 'passwordProfile']);

const READ_ONLY: Record<string, string> = {
  id: 'The object id is assigned by the directory.',
  createdDateTime: 'It is read-only.',
  deletedDateTime: 'It is read-only.',
};

/** Graph properties GET returns at fixed values: a body may send them back unchanged (GET-modify-PATCH). */
const ECHOED: Record<string, unknown> = { businessPhones: [], jobTitle: null, mobilePhone: null, officeLocation: null };

/** Graph's answer to a password that breaks the policy [O: client code matching it, graph-and-clients.md §C.4 style]. */
const WEAK_PASSWORD = 'The specified password does not comply with password complexity requirements. Please provide a different password.';

/**
 * A user by object id or by userPrincipalName (Graph's /users/{id | userPrincipalName}). Graph
 * reads any other key as a userPrincipalName, so a key that is neither is Graph's 404, not a 400
 * as for the other collections (objects.ts objectId). A key with U+0000 names no user and is never
 * sent to the database (PostgreSQL refuses NUL in text with an error, a 500).
 */
export async function findUser(store: DirectoryStore, tenantId: Guid, key: string): Promise<User | undefined> {
  if (isGuid(key)) return store.getUser(tenantId, key.toLowerCase());
  return key.includes('@') && !key.includes('\u0000') ? store.findUserByUpn(tenantId, key) : undefined;
}

async function mustFind(store: DirectoryStore, actor: GraphActor, key: string): Promise<User> {
  const user = await findUser(store, actor.tenantId, key);
  if (!user) throw notFound(key);
  return user;
}

export async function getUser(service: DirectoryService, actor: GraphActor, key: string): Promise<User> {
  await authorize(actor, 'users.read', service.read);
  return mustFind(service.read, actor, key);
}

export async function listUsers(service: DirectoryService, actor: GraphActor): Promise<User[]> {
  await authorize(actor, 'users.read', service.read);
  return service.read.listUsers(actor.tenantId);
}

/** The groups the user is a direct member of, then the directory roles it holds (Graph's memberOf). */
export async function listMemberOf(service: DirectoryService, actor: GraphActor, key: string): Promise<GraphObject[]> {
  await authorize(actor, 'users.read', service.read);
  const user = await mustFind(service.read, actor, key);
  return memberOf(service.read, actor.tenantId, user.id);
}

/** The signed-in user of a delegated token; an app-only token has none [O: graph-and-clients.md §C.4]. */
function signedIn(actor: GraphActor): NonNullable<GraphActor['user']> {
  if (!actor.user) throw badRequest('/me request is only valid with delegated authentication flow.', 'BadRequest');
  return actor.user;
}

export async function getMe(service: DirectoryService, actor: GraphActor): Promise<User> {
  const me = signedIn(actor);
  await authorize(actor, 'me.read', service.read);
  return mustFind(service.read, actor, me.id);
}

export async function listMyMemberOf(service: DirectoryService, actor: GraphActor): Promise<GraphObject[]> {
  const me = signedIn(actor);
  await authorize(actor, 'me.read', service.read);
  return memberOf(service.read, actor.tenantId, me.id);
}

async function memberOf(store: DirectoryStore, tenantId: Guid, principalId: Guid): Promise<GraphObject[]> {
  const groups = [];
  for (const relation of await store.listRelationsOf('member', principalId)) {
    const group = await store.getGroup(relation.objectId);
    if (group?.tenantId === tenantId) groups.push(group);
  }
  groups.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
  const roles = await store.listDirectoryRoles(tenantId, principalId);
  return [...groups.map((g) => ({ '@odata.type': '#microsoft.graph.group', ...toGraphGroup(g) })), ...roles.map(toGraphDirectoryRole)];
}

// ---- reading bodies ----

/** Drops unchanged echoes of what GET returns and refuses what cannot be written. */
function writableBody(body: Record<string, unknown>, stored: User | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '@odata.type') {
      if (value !== '#microsoft.graph.user') throw invalidValue('@odata.type', RESOURCE, "A user's @odata.type is #microsoft.graph.user.");
      continue;
    }
    if (key in ECHOED && JSON.stringify(value) === JSON.stringify(ECHOED[key])) continue;
    if (stored && key === 'id' && typeof value === 'string' && value.toLowerCase() === stored.id) continue;
    if (key in READ_ONLY) throw invalidProperty(key, READ_ONLY[key]);
    if (!WRITABLE.has(key)) {
      throw invalidProperty(key, `User has no property '${key}', or Entrada does not support it; Entrada's users have ${[...WRITABLE].join(', ')}.`);
    }
    out[key] = value;
  }
  return out;
}

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** The UPN's syntax, by the seed's rule [O: Graph's message for a malformed UPN]. */
function checkUserPrincipalName(value: unknown): string {
  if (typeof value !== 'string') throw invalidValue('userPrincipalName', RESOURCE, 'userPrincipalName must be a string, alias@domain.');
  const problems = userPrincipalNameProblems(value);
  if (problems.length) {
    throw new GraphError(400, 'Request_BadRequest', `Property userPrincipalName is invalid. ${sentence(problems[0])}`, [
      { code: 'InvalidValue', target: 'userPrincipalName', message: sentence(problems[0]) },
    ]);
  }
  return value;
}

/** The UPN against the tenant: a verified domain of it [O: Graph's message], and unique in it. */
async function checkUserPrincipalNameInTenant(tx: DirectoryStore, actor: GraphActor, upn: string, self: Guid | undefined): Promise<void> {
  const tenant = await tx.findTenant(actor.tenantId);
  const problem = userPrincipalNameDomainProblem(upn, tenant?.domains ?? []);
  if (problem) {
    throw new GraphError(
      400,
      'Request_BadRequest',
      `The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization. ${sentence(problem)}`,
      [{ code: 'InvalidValue', target: 'userPrincipalName', message: sentence(problem) }],
    );
  }
  const holder = await tx.findUserByUpn(actor.tenantId, upn);
  if (holder && holder.id !== self) throw duplicateValue('userPrincipalName');
}

function checkMailNickname(value: unknown): string {
  if (typeof value !== 'string') throw invalidValue('mailNickname', RESOURCE, 'mailNickname must be a string.');
  const problem = mailNicknameProblem(value);
  if (problem) throw invalidValue('mailNickname', RESOURCE, problem);
  return value;
}

/**
 * passwordProfile: the new password, checked against Entra's policy, and whether it must be
 * changed at the next sign-in (forceChangePasswordNextSignIn, default false [D: passwordProfile];
 * forceChangePasswordNextSignInWithMfa is kept the same way: Entrada asks for no MFA first [I]).
 * The sign-in pages then ask for a new password; ROPC gets AADSTS50055.
 */
function readPasswordProfile(value: unknown): { password: string; forceChange: boolean } {
  const shape = 'passwordProfile is { "password": "…", "forceChangePasswordNextSignIn": true|false }.';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidValue('passwordProfile', RESOURCE, shape);
  for (const [key, v] of Object.entries(value)) {
    if (key === 'password') continue;
    if (key === 'forceChangePasswordNextSignIn' || key === 'forceChangePasswordNextSignInWithMfa') {
      if (typeof v !== 'boolean' && v !== null) throw invalidValue('passwordProfile', RESOURCE, `passwordProfile.${key} must be true or false.`);
      continue;
    }
    throw invalidValue('passwordProfile', RESOURCE, `passwordProfile has no property '${key}'; ${shape}`);
  }
  const password = (value as { password?: unknown }).password;
  if (typeof password !== 'string') throw invalidValue('passwordProfile', RESOURCE, `passwordProfile.password is required (a string); ${shape}`);
  const problem = passwordPolicyProblem(password);
  if (problem) {
    throw new GraphError(400, 'Request_BadRequest', `${WEAK_PASSWORD} ${problem}`, [{ code: 'InvalidValue', target: 'passwordProfile', message: problem }]);
  }
  const flags = value as { forceChangePasswordNextSignIn?: unknown; forceChangePasswordNextSignInWithMfa?: unknown };
  return { password, forceChange: flags.forceChangePasswordNextSignIn === true || flags.forceChangePasswordNextSignInWithMfa === true };
}

/** The profile a body describes (laid over `base`), through the seed's UserSchema. */
function readProfile(body: Record<string, unknown>, base: Record<string, unknown>) {
  const input: Record<string, unknown> = { ...base };
  for (const key of PROFILE) if (key in body) input[key] = body[key];
  return parseWith(UserSchema, input, RESOURCE);
}

function profileOf(user: User): Record<string, unknown> {
  return {
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    givenName: user.givenName,
    surname: user.surname,
    mail: user.mail,
    accountEnabled: user.accountEnabled,
    country: user.country ?? null,
    preferredLanguage: user.preferredLanguage ?? null,
    usageLocation: user.usageLocation ?? null,
  };
}

/** The optional attributes a profile sets, absent when null (as storage reads them back). */
function attributesOf(profile: { country?: string | null; preferredLanguage?: string | null; usageLocation?: string | null }): Pick<User, 'country' | 'preferredLanguage' | 'usageLocation'> {
  return {
    ...(profile.country ? { country: profile.country } : {}),
    ...(profile.preferredLanguage ? { preferredLanguage: profile.preferredLanguage } : {}),
    ...(profile.usageLocation ? { usageLocation: profile.usageLocation.toUpperCase() } : {}),
  };
}

// ---- audit ----

function target(user: User) {
  return { id: user.id, displayName: user.displayName, type: 'User' as const, userPrincipalName: user.userPrincipalName };
}

/** What an audit entry shows of a user: never its password or hash. */
function auditView(user: User | undefined): Record<string, unknown> {
  if (!user) return {};
  return {
    accountEnabled: user.accountEnabled,
    displayName: user.displayName,
    givenName: user.givenName,
    surname: user.surname,
    mail: user.mail,
    mailNickname: user.mailNickname ?? null,
    userPrincipalName: user.userPrincipalName,
    country: user.country ?? null,
    preferredLanguage: user.preferredLanguage ?? null,
    usageLocation: user.usageLocation ?? null,
  };
}

function changes(before: User | undefined, after: User | undefined): Record<string, [unknown, unknown]> {
  const a = auditView(before);
  const b = auditView(after);
  const out: Record<string, [unknown, unknown]> = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) out[key] = [a[key], b[key]];
  return out;
}

// ---- privileged users ----

/**
 * Refuses a sensitive change (`what`: "reset the password of", …) to a user who holds a directory
 * role unless the caller is a Global Administrator or Privileged Authentication Administrator
 * (core/policy/graph-permissions.ts mayManagePrivilegedUsers): a User Administrator, or an app with
 * User.ReadWrite.All alone, would otherwise take over an administrator's account.
 */
async function checkPrivilegedTarget(store: DirectoryStore, actor: GraphActor, user: User, what: string): Promise<void> {
  const held = await store.listDirectoryRoles(actor.tenantId, user.id);
  if (held.length === 0) return;
  if (mayManagePrivilegedUsers(await actorDirectoryRoles(actor, store))) return;
  const caller = actor.caller.kind === 'user' ? 'the signed-in user holds' : "the app's service principal holds";
  throw denied(
    `${user.userPrincipalName} holds the directory role ${roleNames(held)}: only a ${roleNames(PRIVILEGED_USER_MANAGERS, ' or ')} may ${what} a user who holds a directory role, and ${caller} neither role.`,
  );
}

/** What a change from `stored` to `next` does that needs checkPrivilegedTarget, as a verb phrase; undefined: nothing. */
function sensitiveChange(stored: User, next: User, passwordReset: boolean): string | undefined {
  const what = [
    passwordReset ? 'reset the password of' : undefined,
    next.accountEnabled !== stored.accountEnabled ? (next.accountEnabled ? 'enable' : 'disable') : undefined,
    next.userPrincipalName !== stored.userPrincipalName ? 'change the userPrincipalName of' : undefined,
  ].filter((w) => w !== undefined);
  return what.length ? what.join(', ') : undefined;
}

// ---- writes ----

export async function createUser(service: DirectoryService, actor: GraphActor, rawBody: unknown): Promise<User> {
  await authorize(actor, 'users.write', service.read);
  const body = writableBody(objectBody(rawBody), undefined);
  for (const property of REQUIRED) {
    if (body[property] === undefined || body[property] === null) {
      throw invalidValue(property, RESOURCE, `${property} is required when creating a user (required: ${REQUIRED.join(', ')}).`);
    }
  }
  checkUserPrincipalName(body.userPrincipalName);
  const mailNickname = checkMailNickname(body.mailNickname);
  const { password, forceChange } = readPasswordProfile(body.passwordProfile);
  const profile = readProfile(body, {});
  // Hashed before the transaction: scrypt is the slow part, and directory writes are serialised.
  const passwordHash = await service.deps.hashPassword(password);
  return service.write(actor, async (tx, audit) => {
    await checkUserPrincipalNameInTenant(tx, actor, profile.userPrincipalName, undefined);
    const user: User = {
      id: service.newId(),
      tenantId: actor.tenantId,
      userPrincipalName: profile.userPrincipalName,
      displayName: profile.displayName,
      givenName: profile.givenName,
      surname: profile.surname,
      mail: profile.mail,
      accountEnabled: profile.accountEnabled,
      passwordHash,
      mailNickname,
      ...(forceChange ? { forceChangePasswordNextSignIn: true } : {}),
      ...attributesOf(profile),
    };
    await tx.upsertUser(user);
    audit({ activity: 'Add user', category: 'UserManagement', operationType: 'Add', target: target(user), properties: changes(undefined, user) });
    return user;
  });
}

/**
 * PATCH: the profile properties, mailNickname, and passwordProfile (a password reset: a new hash,
 * audited as 'Reset password'; the user's refresh tokens are revoked and browser sessions ended, as Entra does [D]).
 */
export async function updateUser(service: DirectoryService, actor: GraphActor, key: string, rawBody: unknown): Promise<void> {
  // Authorized before the user is looked up, so a caller without the permission learns nothing of
  // which users exist: a password reset is users.manage (Directory.ReadWrite.All does not allow
  // it), any other property users.write.
  const raw = objectBody(rawBody);
  const reset = 'passwordProfile' in raw;
  if (!reset || Object.keys(raw).length > 1) await authorize(actor, 'users.write', service.read);
  if (reset) await authorize(actor, 'users.manage', service.read);
  const before = await mustFind(service.read, actor, key);
  const body = writableBody(raw, before);
  if (Object.keys(body).length === 0) return;
  if ('userPrincipalName' in body) checkUserPrincipalName(body.userPrincipalName);
  const mailNickname = 'mailNickname' in body ? checkMailNickname(body.mailNickname) : undefined;
  const reading = 'passwordProfile' in body ? readPasswordProfile(body.passwordProfile) : undefined;
  const password = reading?.password;
  // Refused before the (slow) hash; checked again in the transaction with every change known.
  if (password !== undefined) await checkPrivilegedTarget(service.read, actor, before, 'reset the password of');
  const passwordHash = password === undefined ? undefined : await service.deps.hashPassword(password);
  await service.write(actor, async (tx, audit) => {
    const stored = await mustFind(tx, actor, before.id);
    const profile = readProfile(body, profileOf(stored));
    const { country: _c, preferredLanguage: _p, usageLocation: _u, ...unchanged } = stored;
    const next: User = {
      ...unchanged,
      ...attributesOf(profile),
      userPrincipalName: profile.userPrincipalName,
      displayName: profile.displayName,
      givenName: profile.givenName,
      surname: profile.surname,
      mail: profile.mail,
      accountEnabled: profile.accountEnabled,
      mailNickname: mailNickname ?? stored.mailNickname ?? null,
      passwordHash: passwordHash ?? stored.passwordHash,
    };
    // A reset sets the must-change flag as its passwordProfile says (absent: false [D]).
    if (reading) {
      delete next.forceChangePasswordNextSignIn;
      if (reading.forceChange) next.forceChangePasswordNextSignIn = true;
    }
    const sensitive = sensitiveChange(stored, next, passwordHash !== undefined);
    if (sensitive) await checkPrivilegedTarget(tx, actor, stored, sensitive);
    if (stored.accountEnabled && !next.accountEnabled) await checkNotLastGlobalAdministrator(tx, actor.tenantId, stored.id);
    if (next.userPrincipalName !== stored.userPrincipalName) await checkUserPrincipalNameInTenant(tx, actor, next.userPrincipalName, stored.id);
    const changed = changes(stored, next);
    const profileChanged = Object.values(changed).some(([a, b]) => JSON.stringify(a) !== JSON.stringify(b));
    if (!profileChanged && passwordHash === undefined) return;
    await tx.upsertUser(next);
    if (profileChanged) audit({ activity: 'Update user', category: 'UserManagement', operationType: 'Update', target: target(next), properties: changed });
    if (passwordHash !== undefined) {
      await tx.revokeUserRefreshTokens(next.id, service.now().toISOString());
      await tx.endUserSessions(next.id);
      audit({ activity: 'Reset password', category: 'UserManagement', operationType: 'Update', target: target(next) });
    }
  });
}

/**
 * DELETE: the user, with its assignments, consents, memberships, ownerships and roles (storage
 * cascades). users.manage (Directory.ReadWrite.All does not allow it), checked before the lookup.
 */
export async function deleteUser(service: DirectoryService, actor: GraphActor, key: string): Promise<void> {
  await authorize(actor, 'users.manage', service.read);
  await service.write(actor, async (tx, audit) => {
    const user = await mustFind(tx, actor, key);
    await checkPrivilegedTarget(tx, actor, user, 'delete');
    await checkNotLastGlobalAdministrator(tx, actor.tenantId, user.id);
    await tx.deleteUser(user.id);
    audit({ activity: 'Delete user', category: 'UserManagement', operationType: 'Delete', target: target(user), properties: changes(user, undefined) });
  });
}
