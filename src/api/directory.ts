// `entrada.directory`: creates apps, secrets, users, role assignments and consent while a test
// runs, through the same operations Microsoft Graph's endpoints run (src/directory/*.ts): the same
// validation, the same errors (GraphError), an audit entry for every change, and the token
// endpoint sees each change at once (the service's onChange empties the directory cache).
//
// The caller is the installation's administrator, as the `entrada` command line is: its app id
// (ENTRADA_CLI_APP_ID, which authorize.ts counts as a Global Administrator) and the command line's
// Graph permissions; audit entries name it IN_PROCESS_ACTOR_NAME.

import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { CLI_GRAPH_ROLES } from '../cli/cli-token.js';
import { isGuid } from '../core/guid.js';
import type { Application, Guid, OAuth2PermissionGrant } from '../core/model.js';
import { createAssignment } from '../directory/app-role-assignments.js';
import { addPassword, createApplication, deleteApplication } from '../directory/applications.js';
import { ENTRADA_CLI_APP_ID, type GraphActor } from '../directory/context.js';
import { createGrant } from '../directory/permission-grants.js';
import { toGraphApplication, toGraphAppRoleAssignment, toGraphServicePrincipal, toGraphUser, type GraphObject } from '../directory/representation.js';
import type { DirectoryService } from '../directory/service.js';
import { createServicePrincipal } from '../directory/service-principals.js';
import { createUser, deleteUser } from '../directory/users.js';
import type { ApplicationSchema } from '../seed/schema.js';
import { appInfo, type Catalogue, type EntradaApp, type EntradaUser, userInfo } from './catalogue.js';
import { type EntradaSignInPolicy, signInPolicyApi } from './sign-in-policy.js';
import { type EntradaTokenLifetimes, tokenLifetimeApi } from './token-lifetime.js';

/** How the in-process API appears in directory audit entries. */
export const IN_PROCESS_ACTOR_NAME = 'Entrada in-process API (startEntrada)';

/**
 * A new app registration in Graph's JSON shape (POST /applications): displayName, signInAudience,
 * web / spa / publicClient redirectUris, isFallbackPublicClient, identifierUris, api
 * (oauth2PermissionScopes, requestedAccessTokenVersion), appRoles, requiredResourceAccess, … ids of
 * scopes and roles are generated when left out. Secrets come from addPassword.
 */
export type NewApplication = Omit<z.input<typeof ApplicationSchema>, 'id' | 'appId' | 'passwordCredentials' | 'federatedIdentityCredentials' | 'servicePrincipal'> & {
  /** Tenant id or domain; default the first tenant. */
  tenant?: string;
  /**
   * Its service principal in the tenant (POST /servicePrincipals), made by default so the app can
   * sign in at once; `false` makes none.
   */
  servicePrincipal?: false | { accountEnabled?: boolean; appRoleAssignmentRequired?: boolean; tags?: string[] };
};

export interface NewUser {
  /** alias@domain, the domain one of the tenant's. */
  userPrincipalName: string;
  /** Must meet Entra's password policy (8+ characters, 3 of upper, lower, digit, symbol). */
  password: string;
  /** Default: the alias (the part before @). */
  displayName?: string;
  /** Default: the alias, without characters Graph does not allow in it. */
  mailNickname?: string;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  accountEnabled?: boolean;
  /** Tenant id or domain; default the first tenant. */
  tenant?: string;
}

export interface NewSecret {
  secretText: string;
  keyId: Guid;
  /** Its first three characters, as Graph shows it. */
  hint: string;
  startDateTime: string;
  endDateTime: string;
}

export interface EntradaDirectory extends EntradaSignInPolicy, EntradaTokenLifetimes {
  /** POST /applications, then POST /servicePrincipals {appId} (unless `servicePrincipal: false`). */
  createApplication(input: NewApplication): Promise<EntradaApp & { application: GraphObject; servicePrincipal: GraphObject | null }>;
  /** POST /applications/{id}/addPassword: a new client secret, usable at once. */
  addPassword(app: string, options?: { displayName?: string | null; startDateTime?: string; endDateTime?: string }): Promise<NewSecret>;
  /** DELETE /applications/{id} (its service principal goes too). */
  deleteApplication(app: string): Promise<void>;
  /** POST /users. */
  createUser(input: NewUser): Promise<EntradaUser & { graph: GraphObject }>;
  /** DELETE /users/{id}. */
  deleteUser(user: string): Promise<void>;
  /**
   * POST /servicePrincipals/{resource}/appRoleAssignedTo: gives `principal` (an app's name or
   * client id, or a user's UPN) the app role `appRole` (its value or id) of `resource` (an app's
   * name, client id or identifier URI, e.g. `https://graph.microsoft.com`).
   */
  assignAppRole(input: { principal: string; resource: string; appRole: string; tenant?: string }): Promise<GraphObject>;
  /**
   * POST /oauth2PermissionGrants: consent for `client` to call `resource` with delegated `scope`
   * values (e.g. `access_as_user`), for every user (admin consent) or, with `user`, for that one.
   */
  grantConsent(input: { client: string; resource: string; scope: string | readonly string[]; user?: string; tenant?: string }): Promise<GraphObject>;
  /** The Graph directory service itself and the actor it is called as, for operations not wrapped here. */
  readonly service: DirectoryService;
  actor(tenant?: string): GraphActor;
}

export function inProcessDirectory(service: DirectoryService, catalogue: Catalogue): EntradaDirectory {
  const actor = (tenant?: string): GraphActor => ({
    tenantId: catalogue.tenant(tenant).id,
    caller: { kind: 'app', roles: [...CLI_GRAPH_ROLES] },
    app: { appId: ENTRADA_CLI_APP_ID, displayName: IN_PROCESS_ACTOR_NAME, servicePrincipalId: null },
    user: null,
    ipAddress: null,
    correlationId: randomUUID(),
    userAgent: null,
  });
  const store = service.read;

  /** An application by catalogue name or client id, or any stored one by client id. */
  async function findApp(key: string): Promise<Application> {
    const known = tryPick(() => catalogue.app(key));
    const app = await store.getApplicationByAppId(known?.appId ?? (isGuid(key) ? key.toLowerCase() : ''));
    if (app) return app;
    if (known) throw new Error(`The application '${known.displayName}' (${known.appId}) no longer exists.`);
    catalogue.app(key); // throws, naming the apps it knows
    throw new Error(`No application '${key}'.`);
  }

  /** A resource's service principal (by app name, client id or identifier URI) and its application. */
  async function findResource(key: string, tenantId: Guid) {
    const known = tryPick(() => catalogue.app(key));
    const found = await store.findResource(tenantId, known?.appId ?? key);
    if (!found) throw new Error(`No API '${key}' with a service principal in tenant ${tenantId} (name it by display name, client id or identifier URI).`);
    return found;
  }

  /** The object id of a principal: a user (by UPN or id) or an app's service principal. */
  async function findPrincipal(key: string, tenantId: Guid): Promise<Guid> {
    const user = key.includes('@') ? await store.findUserByUpn(tenantId, key) : isGuid(key) ? await store.getUser(tenantId, key.toLowerCase()) : undefined;
    if (user) return user.id;
    if (key.includes('@')) throw new Error(`No user '${key}' in tenant ${tenantId}.`);
    const app = await findApp(key);
    const sp = await store.findServicePrincipalByAppId(tenantId, app.appId);
    if (!sp) throw new Error(`'${app.displayName}' (${app.appId}) has no service principal in tenant ${tenantId}.`);
    return sp.id;
  }

  async function findUserId(key: string, tenant?: string): Promise<{ id: Guid; tenantId: Guid }> {
    const known = tryPick(() => catalogue.user(key));
    if (known) return { id: known.id, tenantId: known.tenantId };
    const tenantId = catalogue.tenant(tenant).id;
    const user = key.includes('@') ? await store.findUserByUpn(tenantId, key) : isGuid(key) ? await store.getUser(tenantId, key.toLowerCase()) : undefined;
    if (user) return { id: user.id, tenantId };
    catalogue.user(key); // throws, naming the users it knows
    throw new Error(`No user '${key}'.`);
  }

  return {
    // Conditional Access, security defaults, per-user MFA, sessions (api/sign-in-policy.ts).
    ...signInPolicyApi(service, catalogue, actor),
    // Token lifetime policies (api/token-lifetime.ts).
    ...tokenLifetimeApi(service, catalogue, actor),
    service,
    actor,

    async createApplication(input) {
      const { tenant, servicePrincipal, ...body } = input;
      const who = actor(tenant);
      const app = await createApplication(service, who, body);
      const sp = servicePrincipal === false ? undefined : (await createServicePrincipal(service, who, { appId: app.appId, ...servicePrincipal })).sp;
      const info = appInfo(app, sp, undefined);
      catalogue.putApp(info);
      const home = await store.findTenant(app.tenantId);
      return { ...info, application: toGraphApplication(app, home), servicePrincipal: sp ? toGraphServicePrincipal(sp, app) : null };
    },

    async addPassword(key, options = {}) {
      const app = await findApp(key);
      const credential = await addPassword(service, actor(app.tenantId), { id: app.id }, { passwordCredential: options });
      const known = tryPick(() => catalogue.app(app.appId));
      if (known && known.clientSecret === undefined) catalogue.putApp({ ...known, clientSecret: credential.secretText });
      const { secretText, keyId, hint, startDateTime, endDateTime } = credential;
      return { secretText, keyId, hint, startDateTime, endDateTime };
    },

    async deleteApplication(key) {
      const app = await findApp(key);
      await deleteApplication(service, actor(app.tenantId), { id: app.id });
      catalogue.removeApp(app.appId);
    },

    async createUser(input) {
      const { tenant, password, userPrincipalName, ...profile } = input;
      const alias = userPrincipalName.split('@')[0];
      const user = await createUser(service, actor(tenant), {
        accountEnabled: true,
        displayName: alias,
        mailNickname: alias.replace(/[^\x21-\x7e]|[@()\\[\]";:<>,]/g, '').slice(0, 64) || 'user',
        ...profile,
        userPrincipalName,
        passwordProfile: { password, forceChangePasswordNextSignIn: false },
      });
      const info = userInfo(user, password);
      catalogue.putUser(info);
      return { ...info, graph: toGraphUser(user) };
    },

    async deleteUser(key) {
      const { id, tenantId } = await findUserId(key);
      await deleteUser(service, actor(tenantId), id);
      catalogue.removeUser(id);
    },

    async assignAppRole({ principal, resource, appRole, tenant }) {
      const who = actor(tenant);
      const target = await findResource(resource, who.tenantId);
      const role = target.app.appRoles.find((r) => r.value === appRole || r.id === appRole.toLowerCase());
      if (!role) {
        throw new Error(`'${target.app.displayName}' has no app role '${appRole}'; its app roles: ${target.app.appRoles.map((r) => r.value).join(', ') || 'none'}.`);
      }
      const principalId = await findPrincipal(principal, who.tenantId);
      const created = await createAssignment(service, who, { side: 'appRoleAssignedTo', key: { id: target.sp.id } }, { principalId, resourceId: target.sp.id, appRoleId: role.id });
      return toGraphAppRoleAssignment(created.assignment, created);
    },

    async grantConsent({ client, resource, scope, user, tenant }) {
      const who = actor(tenant);
      const target = await findResource(resource, who.tenantId);
      const clientSp = await findPrincipal(client, who.tenantId);
      const principalId = user === undefined ? null : (await findUserId(user, tenant)).id;
      const grant: OAuth2PermissionGrant = await createGrant(service, who, {
        clientId: clientSp,
        consentType: principalId ? 'Principal' : 'AllPrincipals',
        principalId,
        resourceId: target.sp.id,
        scope: typeof scope === 'string' ? scope : scope.join(' '),
      });
      return { ...grant };
    },
  };
}

function tryPick<T>(find: () => T): T | undefined {
  try {
    return find();
  } catch {
    return undefined;
  }
}
