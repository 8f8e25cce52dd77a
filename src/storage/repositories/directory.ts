// Tenants, app registrations, service principals, users, role assignments and permission grants.
// Readers sit on the token endpoint's hot path: each is one query answered from an index.

import { sql, type Kysely } from 'kysely';
import type {
  Application,
  AppRoleAssignment,
  Group,
  GroupMembership,
  Guid,
  OAuth2PermissionGrant,
  ServicePrincipal,
  Tenant,
  TenantSignInPolicy,
  TokenLifetimePolicy,
  User,
} from '../../core/model.js';
import type { DirectoryReader, DirectoryWriter } from '../../core/ports.js';
import type { Database } from '../schema.js';
import {
  applicationFromDocument,
  applicationToRow,
  assignmentFromRow,
  assignmentToRow,
  grantFromRow,
  grantToRow,
  servicePrincipalFromRow,
  servicePrincipalToRow,
  tenantFromRow,
  tenantToRow,
  userFromRow,
  userToRow,
} from './directory-rows.js';
import { domainKey, guidKey, identifierUriKey, upnKey } from './normalize.js';
import { signInPolicyRepository } from './sign-in-policy.js';
import { tokenLifetimePolicyRepository } from './token-lifetime-policies.js';

/**
 * The PostgreSQL channel on which directory writes announce themselves (payload: the schema
 * written), so every node drops its cached directory at once (storage/directory-changes.ts).
 */
export const DIRECTORY_CHANNEL = 'entrada_directory';

export class KyselyDirectory implements DirectoryReader, DirectoryWriter {
  /**
   * `notify`: every write also runs pg_notify on DIRECTORY_CHANNEL in its transaction (PostgreSQL;
   * delivered on commit, never for a rolled-back write). SQLite nodes watch PRAGMA data_version.
   */
  constructor(
    protected readonly db: Kysely<Database>,
    private readonly options: { notify?: boolean; inTransaction?: boolean } = {},
  ) {}

  /**
   * Runs `write` in one transaction that, on PostgreSQL, also announces the change. Inside a
   * directory transaction (directory-store.ts) it joins that one, which announces on commit.
   */
  protected async write(write: (trx: Kysely<Database>) => Promise<unknown>): Promise<void> {
    if (this.options.inTransaction) {
      await write(this.db);
      return;
    }
    return this.db.transaction().execute(async (trx) => {
      await write(trx);
      if (this.options.notify) await sql`select pg_notify(${DIRECTORY_CHANNEL}, current_schema())`.execute(trx);
    });
  }

  // ---- reader (hot path) ----

  async findTenant(idOrDomain: string): Promise<Tenant | undefined> {
    // Two indexed branches (unique id_key; tenant_domains primary key) in one round trip, rather
    // than one OR over a subquery, which PostgreSQL would answer with a scan.
    const byId = this.db.selectFrom('tenants').selectAll().where('id_key', '=', guidKey(idOrDomain));
    const byDomain = this.db
      .selectFrom('tenant_domains as d')
      .innerJoin('tenants as t', 't.id', 'd.tenant_id')
      .selectAll('t')
      .where('d.domain', '=', domainKey(idOrDomain));
    const row = await byId.unionAll(byDomain).limit(1).executeTakeFirst();
    return row && tenantFromRow(row);
  }

  async getApplicationByAppId(appId: Guid): Promise<Application | undefined> {
    const row = await this.db
      .selectFrom('applications')
      .select('document')
      .where('app_id', '=', appId)
      .executeTakeFirst();
    return row && applicationFromDocument(row.document);
  }

  async findServicePrincipalByAppId(tenantId: Guid, appId: Guid): Promise<ServicePrincipal | undefined> {
    const row = await this.db
      .selectFrom('service_principals')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('app_id', '=', appId)
      .executeTakeFirst();
    return row && servicePrincipalFromRow(row);
  }

  async listManagedIdentities(tenantId: Guid): Promise<ServicePrincipal[]> {
    const rows = await this.db
      .selectFrom('service_principals')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('service_principal_type', '=', 'ManagedIdentity')
      .orderBy('display_name')
      .orderBy('id')
      .execute();
    return rows.map(servicePrincipalFromRow);
  }

  async findResource(
    tenantId: Guid,
    identifier: string,
  ): Promise<{ app: Application; sp: ServicePrincipal } | undefined> {
    // One query: the candidate appIds (the identifier itself, and the apps listing it as an
    // identifier URI) come from an uncorrelated subquery, so both databases start from the index
    // on the URI and probe (tenant_id, app_id), rather than walk every service principal of the
    // tenant. An appId match wins over a URI match.
    // App ids are stored lower-case; a GUID written in capitals must still find its app.
    const asAppId = guidKey(identifier);
    const candidates = this.db
      .selectNoFrom((eb) => eb.cast<string>(eb.val(asAppId), 'text').as('app_id'))
      .unionAll(
        this.db
          .selectFrom('application_identifier_uris')
          .select('app_id')
          .where('uri', '=', identifierUriKey(identifier)),
      );
    const row = await this.db
      .selectFrom('applications as a')
      .innerJoin('service_principals as sp', 'sp.app_id', 'a.app_id')
      .selectAll('sp')
      .select('a.document')
      .where('sp.tenant_id', '=', tenantId)
      .where('a.app_id', 'in', candidates)
      .orderBy(sql`case when ${sql.ref('a.app_id')} = ${asAppId} then 0 else 1 end`)
      .limit(1)
      .executeTakeFirst();
    if (!row) return undefined;
    const { document, ...sp } = row;
    return { app: applicationFromDocument(document), sp: servicePrincipalFromRow(sp) };
  }

  async findUserByUpn(tenantId: Guid, upn: string): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('upn_key', '=', upnKey(upn))
      .executeTakeFirst();
    return row && userFromRow(row);
  }

  async getUser(tenantId: Guid, id: Guid): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return row && userFromRow(row);
  }

  async listAppRoleAssignments(principalId: Guid, resourceSpId: Guid): Promise<AppRoleAssignment[]> {
    const rows = await this.db
      .selectFrom('app_role_assignments')
      .selectAll()
      .where('principal_id', '=', principalId)
      .where('resource_id', '=', resourceSpId)
      .orderBy('id')
      .execute();
    return rows.map(assignmentFromRow);
  }

  async listPermissionGrants(clientSpId: Guid, resourceSpId: Guid): Promise<OAuth2PermissionGrant[]> {
    const rows = await this.db
      .selectFrom('oauth2_permission_grants')
      .selectAll()
      .where('client_id', '=', clientSpId)
      .where('resource_id', '=', resourceSpId)
      .orderBy('id')
      .execute();
    return rows.map(grantFromRow);
  }

  /** Security defaults, Conditional Access policies and named locations (sign-in-policy.ts). */
  signInPolicy(tenantId: Guid): Promise<TenantSignInPolicy> {
    return this.signInPolicies().signInPolicy(tenantId);
  }

  listTransitiveGroupIds(tenantId: Guid, userId: Guid): Promise<Guid[]> {
    return this.signInPolicies().listTransitiveGroupIds(tenantId, userId);
  }

  /**
   * The user's groups for token claims (issue 18): the nested membership of listTransitiveGroupIds,
   * which of them are direct, and the groups' documents, read in slices well under SQLite's
   * parameter limit (the transitive query stops at MAX_TRANSITIVE_GROUPS).
   */
  async listGroupMemberships(tenantId: Guid, userId: Guid): Promise<GroupMembership[]> {
    const ids = await this.listTransitiveGroupIds(tenantId, userId);
    if (ids.length === 0) return [];
    const direct = await this.db
      .selectFrom('directory_relations')
      .select('object_id')
      .where('kind', '=', 'member')
      .where('related_id', '=', guidKey(userId))
      .execute();
    const directIds = new Set(direct.map((r) => r.object_id));
    const out: GroupMembership[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db.selectFrom('groups').select(['id', 'document']).where('id', 'in', ids.slice(i, i + 500)).orderBy('id').execute();
      for (const row of rows) {
        const group = JSON.parse(row.document) as Group;
        out.push({ id: group.id, displayName: group.displayName, securityEnabled: group.securityEnabled, direct: directIds.has(row.id) });
      }
    }
    return out;
  }

  /** Groups assigned to the resource (migration 0016 indexes resource_id, principal_type). */
  async listGroupAppRoleAssignments(resourceSpId: Guid): Promise<AppRoleAssignment[]> {
    const rows = await this.db
      .selectFrom('app_role_assignments')
      .selectAll()
      .where('resource_id', '=', resourceSpId)
      .where('principal_type', '=', 'Group')
      .orderBy('id')
      .execute();
    return rows.map(assignmentFromRow);
  }

  async listDirectoryRoles(tenantId: Guid, principalId: Guid): Promise<Guid[]> {
    const rows = await this.db
      .selectFrom('directory_role_members')
      .select('role_template_id')
      .where('tenant_id', '=', guidKey(tenantId))
      .where('principal_id', '=', guidKey(principalId))
      .orderBy('role_template_id')
      .execute();
    return rows.map((r) => r.role_template_id);
  }

  /** Conditional Access's tables through this handle, writes joining this store's transaction rule. */
  protected signInPolicies() {
    return signInPolicyRepository(this.db, (work) => this.write(work));
  }

  /** The tenant's token lifetime policies (issue 18; token-lifetime-policies.ts). */
  listTokenLifetimePolicies(tenantId: Guid): Promise<TokenLifetimePolicy[]> {
    return this.tokenLifetimePolicies().listTokenLifetimePolicies(tenantId);
  }

  /** The token lifetime policy table through this handle, writes joining this store's transaction rule. */
  protected tokenLifetimePolicies() {
    return tokenLifetimePolicyRepository(this.db, (work) => this.write(work));
  }

  // ---- writer (seed loader, CLI, Graph subset) ----

  async upsertTenant(tenant: Tenant): Promise<void> {
    const { id, ...changes } = tenantToRow(tenant);
    const domains = unique(tenant.domains.map(domainKey));
    await retryUniqueRace(() => this.write(async (trx) => {
      await trx
        .insertInto('tenants')
        .values({ id, ...changes })
        .onConflict((oc) => oc.column('id').doUpdateSet(changes))
        .execute();
      await trx.deleteFrom('tenant_domains').where('tenant_id', '=', id).execute();
      if (domains.length > 0) {
        // Several nodes may apply the same seed at once: on PostgreSQL both transactions delete
        // (nothing yet) and both insert, so a row this tenant already owns is not a conflict.
        await trx
          .insertInto('tenant_domains')
          .values(domains.map((domain) => ({ domain, tenant_id: id })))
          .onConflict((oc) => oc.column('domain').doNothing())
          .execute();
        // A domain another tenant has verified must still fail.
        const taken = await trx
          .selectFrom('tenant_domains')
          .select(['domain', 'tenant_id'])
          .where('domain', 'in', domains)
          .where('tenant_id', '!=', id)
          .executeTakeFirst();
        if (taken) throw new Error(`Domain '${taken.domain}' already belongs to tenant ${taken.tenant_id}.`);
      }
    }));
  }

  async upsertApplication(app: Application): Promise<void> {
    const { id, ...changes } = applicationToRow(app);
    const uris = unique(app.identifierUris.map(identifierUriKey));
    await retryUniqueRace(() => this.write(async (trx) => {
      // Forget the URIs of this app, under its new appId and under the one stored before (should an
      // update ever change it).
      await trx
        .deleteFrom('application_identifier_uris')
        .where((eb) =>
          eb.or([
            eb('app_id', '=', app.appId),
            eb('app_id', 'in', eb.selectFrom('applications').select('app_id').where('id', '=', id)),
          ]),
        )
        .execute();
      await trx
        .insertInto('applications')
        .values({ id, ...changes })
        .onConflict((oc) => oc.column('id').doUpdateSet(changes))
        .execute();
      if (uris.length > 0) {
        // Same-app rows written by a concurrent upsert of this app (another node) are not conflicts.
        await trx
          .insertInto('application_identifier_uris')
          .values(uris.map((uri) => ({ app_id: app.appId, uri })))
          .onConflict((oc) => oc.columns(['app_id', 'uri']).doNothing())
          .execute();
      }
    }));
  }

  async upsertServicePrincipal(sp: ServicePrincipal): Promise<void> {
    const { id, ...changes } = servicePrincipalToRow(sp);
    await retryUniqueRace(() =>
      this.write((trx) =>
        trx
          .insertInto('service_principals')
          .values({ id, ...changes })
          .onConflict((oc) => oc.column('id').doUpdateSet(changes))
          .execute(),
      ),
    );
  }

  async upsertUser(user: User): Promise<void> {
    const { id, ...changes } = userToRow(user);
    await retryUniqueRace(() =>
      this.write((trx) =>
        trx
          .insertInto('users')
          .values({ id, ...changes })
          .onConflict((oc) => oc.column('id').doUpdateSet(changes))
          .execute(),
      ),
    );
  }

  async upsertAppRoleAssignment(a: AppRoleAssignment): Promise<void> {
    const { id, ...changes } = assignmentToRow(a);
    await this.write((trx) =>
      trx
        .insertInto('app_role_assignments')
        .values({ id, ...changes })
        .onConflict((oc) => oc.column('id').doUpdateSet(changes))
        .execute(),
    );
  }

  async upsertPermissionGrant(g: OAuth2PermissionGrant): Promise<void> {
    const { id, ...changes } = grantToRow(g);
    await this.write((trx) =>
      trx
        .insertInto('oauth2_permission_grants')
        .values({ id, ...changes })
        .onConflict((oc) => oc.column('id').doUpdateSet(changes))
        .execute(),
    );
  }

  async listTenants(): Promise<Tenant[]> {
    const rows = await this.db.selectFrom('tenants').selectAll().orderBy('display_name').orderBy('id').execute();
    return rows.map(tenantFromRow);
  }

  async listApplications(tenantId: Guid): Promise<Application[]> {
    const rows = await this.db
      .selectFrom('applications')
      .select('document')
      .where('tenant_id', '=', tenantId)
      .orderBy('display_name')
      .orderBy('id')
      .execute();
    return rows.map((r) => applicationFromDocument(r.document));
  }

  async listUsers(tenantId: Guid): Promise<User[]> {
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('upn_key')
      .execute();
    return rows.map(userFromRow);
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * PostgreSQL's INSERT … ON CONFLICT (id) arbitrates on `id` only: when two nodes upsert the same
 * row at the same moment (both applying the seed at start-up), the second can fail on another
 * unique index (applications.app_id, service_principals (tenant_id, app_id)) before it sees the
 * first's row. Once the first has committed, the same statement takes the ON CONFLICT path, so
 * one retry settles it; a genuine conflict (another id with that appId) fails again and surfaces.
 */
async function retryUniqueRace<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if ((err as { code?: unknown }).code !== '23505') throw err;
    return run();
  }
}
