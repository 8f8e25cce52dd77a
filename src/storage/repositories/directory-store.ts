// The directory as Graph manages it (issue 11): the reader/writer plus look-ups by object id,
// deletes with their cascades, groups and their members, owners, directory roles and the audit log,
// and serialised transactions for Graph's read-modify-write operations.

import { sql, type Kysely } from 'kysely';
import type {
  Application,
  AppRoleAssignment,
  ConditionalAccessPolicy,
  DirectoryAudit,
  DirectoryObjectType,
  DirectoryRelation,
  Group,
  Guid,
  NamedLocation,
  OAuth2PermissionGrant,
  ServicePrincipal,
  TokenLifetimePolicy,
} from '../../core/model.js';
import type { DirectoryAdmin, DirectoryAuditQuery, DirectoryStore } from '../../core/ports.js';
import type { Database } from '../schema.js';
import { DIRECTORY_CHANNEL, KyselyDirectory } from './directory.js';
import {
  applicationFromDocument,
  assignmentFromRow,
  grantFromRow,
  servicePrincipalFromRow,
} from './directory-rows.js';
import { canonicalInstant, guidKey } from './normalize.js';

export class KyselyDirectoryStore extends KyselyDirectory implements DirectoryStore {
  async getApplication(id: Guid): Promise<Application | undefined> {
    const row = await this.db.selectFrom('applications').select('document').where('id', '=', guidKey(id)).executeTakeFirst();
    return row && applicationFromDocument(row.document);
  }

  async getServicePrincipal(id: Guid): Promise<ServicePrincipal | undefined> {
    const row = await this.db.selectFrom('service_principals').selectAll().where('id', '=', guidKey(id)).executeTakeFirst();
    return row && servicePrincipalFromRow(row);
  }

  async listServicePrincipals(tenantId: Guid): Promise<ServicePrincipal[]> {
    const rows = await this.db
      .selectFrom('service_principals')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('display_name')
      .orderBy('id')
      .execute();
    return rows.map(servicePrincipalFromRow);
  }

  async listAppRoleAssignmentsBy(query: { principalId: Guid } | { resourceId: Guid }): Promise<AppRoleAssignment[]> {
    const [column, value] = 'principalId' in query ? (['principal_id', query.principalId] as const) : (['resource_id', query.resourceId] as const);
    const rows = await this.db.selectFrom('app_role_assignments').selectAll().where(column, '=', guidKey(value)).orderBy('id').execute();
    return rows.map(assignmentFromRow);
  }

  async getAppRoleAssignment(id: Guid): Promise<AppRoleAssignment | undefined> {
    const row = await this.db.selectFrom('app_role_assignments').selectAll().where('id', '=', id).executeTakeFirst();
    return row && assignmentFromRow(row);
  }

  async listTenantPermissionGrants(tenantId: Guid): Promise<OAuth2PermissionGrant[]> {
    const rows = await this.db
      .selectFrom('oauth2_permission_grants as g')
      .innerJoin('service_principals as sp', 'sp.id', 'g.client_id')
      .selectAll('g')
      .where('sp.tenant_id', '=', tenantId)
      .orderBy('g.id')
      .execute();
    return rows.map(grantFromRow);
  }

  async getPermissionGrant(id: Guid): Promise<OAuth2PermissionGrant | undefined> {
    const row = await this.db.selectFrom('oauth2_permission_grants').selectAll().where('id', '=', id).executeTakeFirst();
    return row && grantFromRow(row);
  }

  async deleteApplication(id: Guid): Promise<boolean> {
    let deleted = false;
    await this.write(async (trx) => {
      const row = await trx.selectFrom('applications').select('app_id').where('id', '=', guidKey(id)).executeTakeFirst();
      if (!row) return;
      await trx.deleteFrom('application_identifier_uris').where('app_id', '=', row.app_id).execute();
      await trx.deleteFrom('directory_relations').where('object_id', '=', guidKey(id)).execute();
      await trx.deleteFrom('applications').where('id', '=', guidKey(id)).execute();
      deleted = true;
    });
    return deleted;
  }

  async deleteServicePrincipal(id: Guid): Promise<boolean> {
    const key = guidKey(id);
    let deleted = false;
    await this.write(async (trx) => {
      const result = await trx.deleteFrom('service_principals').where('id', '=', key).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return;
      await trx.deleteFrom('app_role_assignments').where((eb) => eb.or([eb('principal_id', '=', key), eb('resource_id', '=', key)])).execute();
      await trx.deleteFrom('oauth2_permission_grants').where((eb) => eb.or([eb('client_id', '=', key), eb('resource_id', '=', key)])).execute();
      await deleteRelationsOf(trx, key);
      deleted = true;
    });
    return deleted;
  }

  async deleteUser(id: Guid): Promise<boolean> {
    const key = guidKey(id);
    let deleted = false;
    await this.write(async (trx) => {
      const result = await trx.deleteFrom('users').where('id', '=', key).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return;
      await trx.deleteFrom('app_role_assignments').where('principal_id', '=', key).execute();
      await trx.deleteFrom('oauth2_permission_grants').where('principal_id', '=', key).execute();
      await trx.deleteFrom('directory_role_members').where('principal_id', '=', key).execute();
      await deleteRelationsOf(trx, key);
      // Its refresh tokens and sessions are left to fail at their next use: the user lookup
      // finds no one.
      deleted = true;
    });
    return deleted;
  }

  async deleteAppRoleAssignment(id: Guid): Promise<boolean> {
    let deleted = false;
    await this.write(async (trx) => {
      const result = await trx.deleteFrom('app_role_assignments').where('id', '=', id).executeTakeFirst();
      deleted = Number(result.numDeletedRows) > 0;
    });
    return deleted;
  }

  async deletePermissionGrant(id: Guid): Promise<boolean> {
    let deleted = false;
    await this.write(async (trx) => {
      const result = await trx.deleteFrom('oauth2_permission_grants').where('id', '=', id).executeTakeFirst();
      deleted = Number(result.numDeletedRows) > 0;
    });
    return deleted;
  }

  async getGroup(id: Guid): Promise<Group | undefined> {
    const row = await this.db.selectFrom('groups').select('document').where('id', '=', guidKey(id)).executeTakeFirst();
    return row && (JSON.parse(row.document) as Group);
  }

  async listGroups(tenantId: Guid): Promise<Group[]> {
    const rows = await this.db.selectFrom('groups').select('document').where('tenant_id', '=', tenantId).orderBy('display_name').orderBy('id').execute();
    return rows.map((r) => JSON.parse(r.document) as Group);
  }

  async upsertGroup(group: Group): Promise<void> {
    const changes = { tenant_id: group.tenantId, display_name: group.displayName, document: JSON.stringify(group) };
    await this.write((trx) =>
      trx
        .insertInto('groups')
        .values({ id: guidKey(group.id), ...changes })
        .onConflict((oc) => oc.column('id').doUpdateSet(changes))
        .execute(),
    );
  }

  async deleteGroup(id: Guid): Promise<boolean> {
    const key = guidKey(id);
    let deleted = false;
    await this.write(async (trx) => {
      const result = await trx.deleteFrom('groups').where('id', '=', key).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return;
      await trx.deleteFrom('app_role_assignments').where('principal_id', '=', key).execute();
      await deleteRelationsOf(trx, key);
      deleted = true;
    });
    return deleted;
  }

  async listRelations(kind: 'member' | 'owner', objectId: Guid): Promise<DirectoryRelation[]> {
    const rows = await this.db
      .selectFrom('directory_relations')
      .selectAll()
      .where('kind', '=', kind)
      .where('object_id', '=', guidKey(objectId))
      .orderBy('related_id')
      .execute();
    return rows.map(relationFromRow);
  }

  async listRelationsOf(kind: 'member' | 'owner', relatedId: Guid): Promise<DirectoryRelation[]> {
    const rows = await this.db
      .selectFrom('directory_relations')
      .selectAll()
      .where('related_id', '=', guidKey(relatedId))
      .where('kind', '=', kind)
      .orderBy('object_id')
      .execute();
    return rows.map(relationFromRow);
  }

  async addRelation(kind: 'member' | 'owner', relation: DirectoryRelation): Promise<boolean> {
    let added = false;
    await this.write(async (trx) => {
      const result = await trx
        .insertInto('directory_relations')
        .values({ kind, object_id: guidKey(relation.objectId), related_id: guidKey(relation.relatedId), related_type: relation.relatedType })
        .onConflict((oc) => oc.columns(['kind', 'object_id', 'related_id']).doNothing())
        .executeTakeFirst();
      added = Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    });
    return added;
  }

  async removeRelation(kind: 'member' | 'owner', objectId: Guid, relatedId: Guid): Promise<boolean> {
    let removed = false;
    await this.write(async (trx) => {
      const result = await trx
        .deleteFrom('directory_relations')
        .where('kind', '=', kind)
        .where('object_id', '=', guidKey(objectId))
        .where('related_id', '=', guidKey(relatedId))
        .executeTakeFirst();
      removed = Number(result.numDeletedRows) > 0;
    });
    return removed;
  }

  // listDirectoryRoles is the reader's (directory.ts): tokens read it for `wids` (issue 18).

  async setDirectoryRole(tenantId: Guid, roleTemplateId: Guid, principalId: Guid, held: boolean): Promise<void> {
    const row = { tenant_id: guidKey(tenantId), role_template_id: guidKey(roleTemplateId), principal_id: guidKey(principalId) };
    await this.write(async (trx) => {
      if (held) {
        await trx
          .insertInto('directory_role_members')
          .values(row)
          .onConflict((oc) => oc.columns(['tenant_id', 'principal_id', 'role_template_id']).doNothing())
          .execute();
      } else {
        await trx
          .deleteFrom('directory_role_members')
          .where('tenant_id', '=', row.tenant_id)
          .where('principal_id', '=', row.principal_id)
          .where('role_template_id', '=', row.role_template_id)
          .execute();
      }
    });
  }

  async revokeUserRefreshTokens(userId: Guid, at: string): Promise<number> {
    let revoked = 0;
    await this.write(async (trx) => {
      const result = await trx
        .updateTable('refresh_tokens')
        .set({ revoked_at: canonicalInstant(at) })
        .where('user_id', '=', guidKey(userId))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      revoked = Number(result.numUpdatedRows);
    });
    return revoked;
  }

  async endUserSessions(userId: Guid): Promise<number> {
    let ended = 0;
    await this.write(async (trx) => {
      const result = await trx.deleteFrom('sign_in_sessions').where('user_id', '=', guidKey(userId)).executeTakeFirst();
      ended = Number(result.numDeletedRows);
    });
    return ended;
  }

  getConditionalAccessPolicy(tenantId: Guid, id: Guid): Promise<ConditionalAccessPolicy | undefined> {
    return this.signInPolicies().getConditionalAccessPolicy(tenantId, id);
  }

  upsertConditionalAccessPolicy(policy: ConditionalAccessPolicy): Promise<void> {
    return this.signInPolicies().upsertConditionalAccessPolicy(policy);
  }

  deleteConditionalAccessPolicy(tenantId: Guid, id: Guid): Promise<boolean> {
    return this.signInPolicies().deleteConditionalAccessPolicy(tenantId, id);
  }

  getNamedLocation(tenantId: Guid, id: Guid): Promise<NamedLocation | undefined> {
    return this.signInPolicies().getNamedLocation(tenantId, id);
  }

  upsertNamedLocation(location: NamedLocation): Promise<void> {
    return this.signInPolicies().upsertNamedLocation(location);
  }

  deleteNamedLocation(tenantId: Guid, id: Guid): Promise<boolean> {
    return this.signInPolicies().deleteNamedLocation(tenantId, id);
  }

  getTokenLifetimePolicy(tenantId: Guid, id: Guid): Promise<TokenLifetimePolicy | undefined> {
    return this.tokenLifetimePolicies().getTokenLifetimePolicy(tenantId, id);
  }

  upsertTokenLifetimePolicy(policy: TokenLifetimePolicy): Promise<void> {
    return this.tokenLifetimePolicies().upsertTokenLifetimePolicy(policy);
  }

  deleteTokenLifetimePolicy(tenantId: Guid, id: Guid): Promise<boolean> {
    return this.tokenLifetimePolicies().deleteTokenLifetimePolicy(tenantId, id);
  }

  async appendAudit(entry: DirectoryAudit): Promise<void> {
    await this.write((trx) =>
      trx
        .insertInto('directory_audits')
        .values({
          id: entry.id,
          tenant_id: guidKey(entry.tenantId),
          activity_date_time: canonicalInstant(entry.activityDateTime),
          document: JSON.stringify(entry),
        })
        .execute(),
    );
  }
}

async function deleteRelationsOf(trx: Kysely<Database>, id: string): Promise<void> {
  await trx.deleteFrom('directory_relations').where((eb) => eb.or([eb('object_id', '=', id), eb('related_id', '=', id)])).execute();
}

function relationFromRow(r: { object_id: string; related_id: string; related_type: string }): DirectoryRelation {
  return { objectId: r.object_id, relatedId: r.related_id, relatedType: r.related_type as DirectoryObjectType };
}

/**
 * Graph's side of the directory. `postgres`: transactions take an advisory lock for this schema
 * first, so directory writes from every node run one at a time (they are rare; the token path
 * only reads), and announce themselves on DIRECTORY_CHANNEL when they commit.
 */
export function directoryAdmin(db: Kysely<Database>, options: { postgres: boolean }): DirectoryAdmin {
  return {
    read: new KyselyDirectoryStore(db, { notify: options.postgres }),
    transact: (work) =>
      db.transaction().execute(async (trx) => {
        if (options.postgres) {
          await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.entrada_directory_writes'))`.execute(trx);
        }
        const result = await work(new KyselyDirectoryStore(trx, { inTransaction: true }));
        if (options.postgres) await sql`select pg_notify(${DIRECTORY_CHANNEL}, current_schema())`.execute(trx);
        return result;
      }),
    async listAudits(query: DirectoryAuditQuery): Promise<DirectoryAudit[]> {
      let q = db.selectFrom('directory_audits').select('document').where('tenant_id', '=', guidKey(query.tenantId));
      const before = query.before;
      if (before) {
        const at = canonicalInstant(before.activityDateTime);
        q = q.where((eb) =>
          eb.or([eb('activity_date_time', '<', at), eb.and([eb('activity_date_time', '=', at), eb('id', '<', before.id)])]),
        );
      }
      const rows = await q.orderBy('activity_date_time', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
      return rows.map((r) => JSON.parse(r.document) as DirectoryAudit);
    },
    async deleteAuditsBefore(before: string): Promise<number> {
      const result = await db.deleteFrom('directory_audits').where('activity_date_time', '<', canonicalInstant(before)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async seededFingerprints(kind: string): Promise<Map<Guid, string>> {
      const rows = await db.selectFrom('seeded_objects').select(['id', 'fingerprint']).where('kind', '=', kind).execute();
      return new Map(rows.map((r) => [r.id, r.fingerprint]));
    },
    async recordSeeded(kind: string, id: Guid, fingerprint: string): Promise<void> {
      await db
        .insertInto('seeded_objects')
        .values({ kind, id: guidKey(id), fingerprint })
        .onConflict((oc) => oc.columns(['kind', 'id']).doUpdateSet({ fingerprint }))
        .execute();
    },
  };
}
