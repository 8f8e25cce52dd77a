// What MFA and Conditional Access decisions read about a tenant (issue 17), and the Graph side of
// Conditional Access policies and named locations: each row holds the whole object as JSON, its
// other columns copies for look-ups. Also a user's groups through nested membership, which
// policies' includeGroups / excludeGroups match [D: Conditional Access users and groups "nested
// groups are included"].

import { sql, type Kysely } from 'kysely';
import type { ConditionalAccessPolicy, Guid, NamedLocation, TenantSignInPolicy } from '../../core/model.js';
import type { Database, PolicyDocumentsTable } from '../schema.js';
import { canonicalInstant, guidKey, toBool } from './normalize.js';

/**
 * At most this many groups are returned for one user. Entra puts at most 200 in a token before
 * its overage claim [D]; Conditional Access counts every group. The bound keeps one sign-in's cost
 * finite whatever an administrator built; far beyond any real membership [I].
 */
export const MAX_TRANSITIVE_GROUPS = 10_000;

type PolicyTable = 'conditional_access_policies' | 'named_locations';

function documentRow(o: { id: Guid; tenantId: Guid; displayName: string; createdDateTime: string; modifiedDateTime: string | null }): PolicyDocumentsTable {
  return {
    id: guidKey(o.id),
    tenant_id: guidKey(o.tenantId),
    display_name: o.displayName,
    document: JSON.stringify(o),
    created_date_time: canonicalInstant(o.createdDateTime),
    modified_date_time: o.modifiedDateTime === null ? null : canonicalInstant(o.modifiedDateTime),
  };
}

async function listDocuments<T>(db: Kysely<Database>, table: PolicyTable, tenantId: Guid): Promise<T[]> {
  const rows = await db
    .selectFrom(table)
    .select('document')
    .where('tenant_id', '=', guidKey(tenantId))
    .orderBy('display_name')
    .orderBy('id')
    .execute();
  return rows.map((r) => JSON.parse(r.document) as T);
}

async function getDocument<T>(db: Kysely<Database>, table: PolicyTable, tenantId: Guid, id: Guid): Promise<T | undefined> {
  const row = await db
    .selectFrom(table)
    .select('document')
    .where('id', '=', guidKey(id))
    .where('tenant_id', '=', guidKey(tenantId))
    .executeTakeFirst();
  return row && (JSON.parse(row.document) as T);
}

async function upsertDocument(trx: Kysely<Database>, table: PolicyTable, row: PolicyDocumentsTable): Promise<void> {
  const { tenant_id, display_name, document, created_date_time, modified_date_time } = row;
  await trx
    .insertInto(table)
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet({ tenant_id, display_name, document, created_date_time, modified_date_time }))
    .execute();
}

async function deleteDocument(trx: Kysely<Database>, table: PolicyTable, tenantId: Guid, id: Guid): Promise<boolean> {
  const result = await trx.deleteFrom(table).where('id', '=', guidKey(id)).where('tenant_id', '=', guidKey(tenantId)).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The repository functions, over a database handle (or a transaction) and a write wrapper. */
export function signInPolicyRepository(db: Kysely<Database>, write: (work: (trx: Kysely<Database>) => Promise<unknown>) => Promise<void>) {
  async function removed(table: PolicyTable, tenantId: Guid, id: Guid): Promise<boolean> {
    let done = false;
    await write(async (trx) => {
      done = await deleteDocument(trx, table, tenantId, id);
    });
    return done;
  }
  return {
    async signInPolicy(tenantId: Guid): Promise<TenantSignInPolicy> {
      const [tenant, conditionalAccessPolicies, namedLocations] = await Promise.all([
        db.selectFrom('tenants').select('security_defaults_enabled').where('id_key', '=', guidKey(tenantId)).executeTakeFirst(),
        listDocuments<ConditionalAccessPolicy>(db, 'conditional_access_policies', tenantId),
        listDocuments<NamedLocation>(db, 'named_locations', tenantId),
      ]);
      return { securityDefaultsEnabled: toBool(Number(tenant?.security_defaults_enabled ?? 0)), conditionalAccessPolicies, namedLocations };
    },

    /**
     * The user's groups in the tenant, direct and through nested groups, in id order: one recursive
     * query whose UNION drops rows already found, so a cycle of groups ends it; the LIMIT bounds it.
     */
    async listTransitiveGroupIds(tenantId: Guid, userId: Guid): Promise<Guid[]> {
      const tenant = guidKey(tenantId);
      const { rows } = await sql<{ id: string }>`
        with recursive member_of(id) as (
          select r.object_id from directory_relations r
            inner join ${sql.table('groups')} g on g.id = r.object_id
            where r.kind = 'member' and r.related_id = ${guidKey(userId)} and g.tenant_id = ${tenant}
          union
          select r.object_id from directory_relations r
            inner join member_of m on r.related_id = m.id
            inner join ${sql.table('groups')} g on g.id = r.object_id
            where r.kind = 'member' and g.tenant_id = ${tenant}
        )
        select id from member_of limit ${MAX_TRANSITIVE_GROUPS}`.execute(db);
      return rows.map((r) => r.id).sort();
    },

    getConditionalAccessPolicy: (tenantId: Guid, id: Guid) => getDocument<ConditionalAccessPolicy>(db, 'conditional_access_policies', tenantId, id),
    upsertConditionalAccessPolicy: (policy: ConditionalAccessPolicy) => write((trx) => upsertDocument(trx, 'conditional_access_policies', documentRow(policy))),
    deleteConditionalAccessPolicy: (tenantId: Guid, id: Guid) => removed('conditional_access_policies', tenantId, id),
    getNamedLocation: (tenantId: Guid, id: Guid) => getDocument<NamedLocation>(db, 'named_locations', tenantId, id),
    upsertNamedLocation: (location: NamedLocation) => write((trx) => upsertDocument(trx, 'named_locations', documentRow(location))),
    deleteNamedLocation: (tenantId: Guid, id: Guid) => removed('named_locations', tenantId, id),
  };
}
