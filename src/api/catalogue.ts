// What a test needs to know about the directory it runs against: tenants with their authorities,
// apps with client ids, plaintext secrets and redirect URIs, users with their passwords. Built at
// start from the seed's summary (the plaintext values the banner prints) and the stored objects;
// kept up to date by the in-process directory (directory.ts) for what it creates and deletes.

import type { Application, Guid, ServicePrincipal, Tenant, User } from '../core/model.js';
import type { DirectoryReader } from '../core/ports.js';
import type { SeedSummary } from '../seed/apply.js';

export interface EntradaTenant {
  /** The tenant id (the `tid` claim). */
  id: Guid;
  /** The default (first) verified domain, e.g. `entrada.localhost`. */
  domain: string;
  domains: readonly string[];
  displayName: string;
  /** `https://localhost:<port>/<tenant id>`: MSAL's `authority`. */
  authority: string;
}

export interface EntradaApp {
  /** The client id. */
  appId: Guid;
  /** The application object's id (Graph's `/applications/{id}`). */
  objectId: Guid;
  displayName: string;
  tenantId: Guid;
  /** A client secret in plain text: the seed's first, or the first added through `directory.addPassword`. */
  clientSecret: string | undefined;
  redirectUris: { web: readonly string[]; spa: readonly string[]; publicClient: readonly string[] };
  identifierUris: readonly string[];
  /** Its delegated permissions as a client requests them: `api://entrada-demo-api/access_as_user`. */
  scopes: readonly string[];
  /** `<identifier URI or appId>/.default`: what a client-credentials request for this API asks for. */
  defaultScope: string;
  /** The values of its app roles (the `roles` claim), e.g. `Data.Read`. */
  appRoles: readonly string[];
  /** "Allow public client flows" (isFallbackPublicClient). */
  publicClient: boolean;
  /** Its service principal in its tenant; null when it has none (it can then neither sign in nor be a resource). */
  servicePrincipalId: Guid | null;
}

export interface EntradaUser {
  /** The object id (the `oid` claim). */
  id: Guid;
  userPrincipalName: string;
  displayName: string;
  /** The plain password from the seed (or given to `directory.createUser`); null when it has none. */
  password: string | null;
  tenantId: Guid;
  accountEnabled: boolean;
}

export function tenantInfo(tenant: Tenant, url: string): EntradaTenant {
  return { id: tenant.id, domain: tenant.domains[0], domains: [...tenant.domains], displayName: tenant.displayName, authority: `${url}/${tenant.id}` };
}

export function appInfo(app: Application, sp: ServicePrincipal | undefined, clientSecret: string | undefined): EntradaApp {
  const resource = app.identifierUris[0] ?? app.appId;
  return {
    appId: app.appId,
    objectId: app.id,
    displayName: app.displayName,
    tenantId: app.tenantId,
    clientSecret,
    redirectUris: { web: [...app.web.redirectUris], spa: [...app.spa.redirectUris], publicClient: [...app.publicClient.redirectUris] },
    identifierUris: [...app.identifierUris],
    scopes: app.api.oauth2PermissionScopes.filter((s) => s.isEnabled).map((s) => `${resource}/${s.value}`),
    defaultScope: `${resource}/.default`,
    appRoles: app.appRoles.filter((r) => r.isEnabled).map((r) => r.value),
    publicClient: app.isFallbackPublicClient === true,
    servicePrincipalId: sp?.id ?? null,
  };
}

export function userInfo(user: User, password: string | null): EntradaUser {
  return {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    password,
    tenantId: user.tenantId,
    accountEnabled: user.accountEnabled,
  };
}

/** The tenants, apps and users a test can look up; the lists are in seed order, then creation order. */
export class Catalogue {
  readonly tenants: EntradaTenant[] = [];
  readonly apps: EntradaApp[] = [];
  readonly users: EntradaUser[] = [];

  /** Reads what the seed made (skipping objects deleted at run time and kept deleted by a merge). */
  static async fromSeed(seed: SeedSummary, store: DirectoryReader, url: string): Promise<Catalogue> {
    const catalogue = new Catalogue();
    for (const t of seed.tenants) {
      const tenant = await store.findTenant(t.tenant.id);
      if (!tenant) continue;
      catalogue.tenants.push(tenantInfo(tenant, url));
      for (const a of t.apps) {
        const app = await store.getApplicationByAppId(a.appId);
        if (app) catalogue.apps.push(appInfo(app, await store.findServicePrincipalByAppId(tenant.id, app.appId), a.secrets[0]));
      }
      for (const u of t.users) {
        const user = await store.findUserByUpn(tenant.id, u.upn);
        if (user) catalogue.users.push(userInfo(user, u.password));
      }
    }
    return catalogue;
  }

  /** A tenant by id or domain (case-insensitive); the first tenant when none is named. */
  tenant(idOrDomain?: string): EntradaTenant {
    if (idOrDomain === undefined) return this.tenants[0] ?? fail('The seed defines no tenant.');
    const key = idOrDomain.toLowerCase();
    return (
      this.tenants.find((t) => t.id === key || t.domains.some((d) => d.toLowerCase() === key)) ??
      fail(`No tenant '${idOrDomain}': known tenants are ${this.tenants.map((t) => `${t.id} (${t.domains.join(', ')})`).join('; ')}.`)
    );
  }

  /** An app by client id or display name (case-insensitive). */
  app(nameOrAppId: string): EntradaApp {
    return pick(this.apps, nameOrAppId, 'app', (a) => [a.appId, a.displayName], (a) => `'${a.displayName}' (${a.appId})`);
  }

  /** A user by userPrincipalName, object id or display name (case-insensitive). */
  user(upnOrName: string): EntradaUser {
    return pick(this.users, upnOrName, 'user', (u) => [u.userPrincipalName, u.id, u.displayName], (u) => u.userPrincipalName);
  }

  /** Replaces the entry with the same id, or adds it. */
  putApp(app: EntradaApp): void {
    put(this.apps, app, (a) => a.appId === app.appId);
  }

  putUser(user: EntradaUser): void {
    put(this.users, user, (u) => u.id === user.id);
  }

  removeApp(appId: Guid): void {
    remove(this.apps, (a) => a.appId === appId);
  }

  removeUser(id: Guid): void {
    remove(this.users, (u) => u.id === id);
  }
}

/** The one entry one of whose keys equals `key` (case-insensitively); a clear error for none or several. */
function pick<T>(list: readonly T[], key: string, what: string, keys: (item: T) => string[], show: (item: T) => string): T {
  const wanted = key.toLowerCase();
  const found = list.filter((item) => keys(item).some((k) => k.toLowerCase() === wanted));
  if (found.length === 1) return found[0];
  if (found.length > 1) throw new Error(`${found.length} ${what}s match '${key}': ${found.map(show).join(', ')}; name one by its id.`);
  throw new Error(`No ${what} '${key}'. Known ${what}s: ${list.map(show).join(', ') || 'none'}.`);
}

function put<T>(list: T[], item: T, same: (existing: T) => boolean): void {
  const at = list.findIndex(same);
  if (at >= 0) list[at] = item;
  else list.push(item);
}

function remove<T>(list: T[], match: (item: T) => boolean): void {
  const at = list.findIndex(match);
  if (at >= 0) list.splice(at, 1);
}

function fail(message: string): never {
  throw new Error(message);
}
