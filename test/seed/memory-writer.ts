// A small in-memory directory (the seed's SeedDirectory) that records every upsert, for the seed tests.

import { createHash } from 'node:crypto';
import type {
  Application,
  AppRoleAssignment,
  ConditionalAccessPolicy,
  Group,
  Guid,
  NamedLocation,
  OAuth2PermissionGrant,
  ServicePrincipal,
  Tenant,
  TokenLifetimePolicy,
  User,
} from '../../src/core/model.js';
import type { SeedDirectory } from '../../src/seed/apply.js';

export class MemoryWriter implements SeedDirectory {
  readonly tenants = new Map<Guid, Tenant>();
  readonly applications = new Map<Guid, Application>();
  readonly servicePrincipals = new Map<Guid, ServicePrincipal>();
  readonly users = new Map<Guid, User>();
  readonly assignments = new Map<Guid, AppRoleAssignment>();
  readonly grants = new Map<Guid, OAuth2PermissionGrant>();
  /** Every object handed to an upsert, in call order (deep copies). */
  readonly calls: Array<{ method: string; value: unknown }> = [];

  private record<T>(method: string, value: T): T {
    const copy = structuredClone(value);
    this.calls.push({ method, value: copy });
    return copy;
  }

  async upsertTenant(tenant: Tenant) {
    this.tenants.set(tenant.id, this.record('upsertTenant', tenant));
  }
  async upsertApplication(app: Application) {
    this.applications.set(app.id, this.record('upsertApplication', app));
  }
  async upsertServicePrincipal(sp: ServicePrincipal) {
    this.servicePrincipals.set(sp.id, this.record('upsertServicePrincipal', sp));
  }
  async upsertUser(user: User) {
    this.users.set(user.id, this.record('upsertUser', user));
  }
  async upsertAppRoleAssignment(a: AppRoleAssignment) {
    this.assignments.set(a.id, this.record('upsertAppRoleAssignment', a));
  }
  async upsertPermissionGrant(g: OAuth2PermissionGrant) {
    this.grants.set(g.id, this.record('upsertPermissionGrant', g));
  }
  async listTenants() {
    return [...this.tenants.values()].map((t) => structuredClone(t));
  }
  async listApplications(tenantId: Guid) {
    return [...this.applications.values()].filter((a) => a.tenantId === tenantId).map((a) => structuredClone(a));
  }
  async listUsers(tenantId: Guid) {
    return [...this.users.values()].filter((u) => u.tenantId === tenantId).map((u) => structuredClone(u));
  }

  async findTenant(idOrDomain: string) {
    const key = idOrDomain.toLowerCase();
    const tenant = [...this.tenants.values()].find((t) => t.id === key || t.domains.some((d) => d.toLowerCase() === key));
    return tenant && structuredClone(tenant);
  }
  async getApplication(id: Guid) {
    return this.copyOf(this.applications, id);
  }
  async getServicePrincipal(id: Guid) {
    return this.copyOf(this.servicePrincipals, id);
  }
  async getUser(tenantId: Guid, id: Guid) {
    const user = this.users.get(id);
    return user?.tenantId === tenantId ? structuredClone(user) : undefined;
  }
  async getAppRoleAssignment(id: Guid) {
    return this.copyOf(this.assignments, id);
  }
  async getPermissionGrant(id: Guid) {
    return this.copyOf(this.grants, id);
  }
  private copyOf<T>(map: Map<Guid, T>, id: Guid): T | undefined {
    const value = map.get(id);
    return value === undefined ? undefined : structuredClone(value);
  }

  appByAppId(appId: Guid): Application | undefined {
    return [...this.applications.values()].find((a) => a.appId === appId);
  }
  spByAppId(tenantId: Guid, appId: Guid): ServicePrincipal | undefined {
    return [...this.servicePrincipals.values()].find((sp) => sp.tenantId === tenantId && sp.appId === appId);
  }
  userByUpn(upn: string): User | undefined {
    return [...this.users.values()].find((u) => u.userPrincipalName.toLowerCase() === upn.toLowerCase());
  }

  /** Directory roles held, as `tenantId|roleTemplateId|principalId` (users[].directoryRoles). */
  readonly directoryRoles = new Set<string>();
  async setDirectoryRole(tenantId: Guid, roleTemplateId: Guid, principalId: Guid, held: boolean) {
    this.record('setDirectoryRole', { tenantId, roleTemplateId, principalId, held });
    const key = `${tenantId}|${roleTemplateId}|${principalId}`;
    if (held) this.directoryRoles.add(key);
    else this.directoryRoles.delete(key);
  }

  /** Named locations and Conditional Access policies (seed/conditional-access-apply.ts); groups set by a test. */
  readonly namedLocations = new Map<Guid, NamedLocation>();
  readonly policies = new Map<Guid, ConditionalAccessPolicy>();
  readonly groups: Group[] = [];
  async getNamedLocation(tenantId: Guid, id: Guid) {
    const l = this.namedLocations.get(id);
    return l?.tenantId === tenantId ? structuredClone(l) : undefined;
  }
  async upsertNamedLocation(location: NamedLocation) {
    this.namedLocations.set(location.id, this.record('upsertNamedLocation', location));
  }
  async getConditionalAccessPolicy(tenantId: Guid, id: Guid) {
    const p = this.policies.get(id);
    return p?.tenantId === tenantId ? structuredClone(p) : undefined;
  }
  async upsertConditionalAccessPolicy(policy: ConditionalAccessPolicy) {
    this.policies.set(policy.id, this.record('upsertConditionalAccessPolicy', policy));
  }
  /** Token lifetime policies (seed/token-lifetime-policies.ts). */
  readonly tokenLifetimePolicies = new Map<Guid, TokenLifetimePolicy>();
  async getTokenLifetimePolicy(tenantId: Guid, id: Guid) {
    const p = this.tokenLifetimePolicies.get(id);
    return p?.tenantId === tenantId ? structuredClone(p) : undefined;
  }
  async upsertTokenLifetimePolicy(policy: TokenLifetimePolicy) {
    this.tokenLifetimePolicies.set(policy.id, this.record('upsertTokenLifetimePolicy', policy));
  }
  async listGroups(tenantId: Guid) {
    return this.groups.filter((g) => g.tenantId === tenantId).map((g) => structuredClone(g));
  }
  /** Seed groups (seed/groups.ts) and their members and owners, as `kind|group|related`. */
  readonly relations = new Set<string>();
  async getGroup(id: Guid) {
    const g = this.groups.find((x) => x.id === id);
    return g && structuredClone(g);
  }
  async upsertGroup(group: Group) {
    const at = this.groups.findIndex((x) => x.id === group.id);
    const stored = this.record('upsertGroup', group);
    if (at >= 0) this.groups[at] = stored;
    else this.groups.push(stored);
  }
  async addRelation(kind: 'member' | 'owner', relation: { objectId: Guid; relatedId: Guid }) {
    const key = `${kind}|${relation.objectId}|${relation.relatedId}`;
    if (this.relations.has(key)) return false;
    this.relations.add(key);
    return true;
  }
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/** Fake hashing: deterministic, recognisable, and never containing the input. */
export const fakeHashSecret = (value: string) => `fake-secret-hash:${sha256(value)}`;
export const fakeHashPassword = async (password: string) => `fake-password-hash:${sha256(password)}`;
export const fakeDeps = (now = new Date('2026-03-01T12:00:00Z')) => ({
  hashSecret: fakeHashSecret,
  verifySecret: (value: string, stored: string) => stored === fakeHashSecret(value),
  hashPassword: fakeHashPassword,
  verifyPassword: async (password: string, stored: string) => stored === (await fakeHashPassword(password)),
  now,
});

/** The seed's ledger (storage.directoryAdmin's seededFingerprints / recordSeeded) in memory. */
export class MemoryLedger {
  readonly fingerprints = new Map<string, Map<Guid, string>>();
  async seededFingerprints(kind: string) {
    return new Map(this.fingerprints.get(kind));
  }
  async recordSeeded(kind: string, id: Guid, fingerprint: string) {
    const byId = this.fingerprints.get(kind) ?? new Map<Guid, string>();
    byId.set(id.toLowerCase(), fingerprint);
    this.fingerprints.set(kind, byId);
  }
}
