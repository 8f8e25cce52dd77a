// Initial schema. Identical for SQLite and PostgreSQL: only `text` and `integer` columns.
// Migrations take `Kysely<any>` on purpose: they are frozen in time and must not follow later
// edits of schema.ts.

import { sql, type Kysely, type Migration } from 'kysely';

export const initial: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('tenants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('id_key', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('domains', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('tenant_domains')
      .addColumn('domain', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('tenant_domains_tenant').on('tenant_domains').column('tenant_id').execute();

    await db.schema
      .createTable('applications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('app_id', 'text', (c) => c.notNull().unique())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('applications_tenant').on('applications').column('tenant_id').execute();

    await db.schema
      .createTable('application_identifier_uris')
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('uri', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('application_identifier_uris_pk', ['app_id', 'uri'])
      .execute();
    // Not unique: a multi-tenant app and another tenant's app may claim the same URI; findResource
    // tells them apart by the service principal in the requesting tenant.
    await db.schema
      .createIndex('application_identifier_uris_uri')
      .on('application_identifier_uris')
      .column('uri')
      .execute();

    await db.schema
      .createTable('service_principals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('account_enabled', 'integer', (c) => c.notNull())
      .addColumn('app_role_assignment_required', 'integer', (c) => c.notNull())
      .addColumn('service_principal_type', 'text', (c) => c.notNull())
      .addUniqueConstraint('service_principals_tenant_app', ['tenant_id', 'app_id'])
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('user_principal_name', 'text', (c) => c.notNull())
      .addColumn('upn_key', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('given_name', 'text')
      .addColumn('surname', 'text')
      .addColumn('mail', 'text')
      .addColumn('account_enabled', 'integer', (c) => c.notNull())
      .addColumn('password_hash', 'text')
      .addUniqueConstraint('users_tenant_upn', ['tenant_id', 'upn_key'])
      .execute();

    await db.schema
      .createTable('app_role_assignments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('principal_id', 'text', (c) => c.notNull())
      .addColumn('principal_type', 'text', (c) => c.notNull())
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('app_role_id', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('app_role_assignments_principal_resource')
      .on('app_role_assignments')
      .columns(['principal_id', 'resource_id'])
      .execute();

    await db.schema
      .createTable('oauth2_permission_grants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('consent_type', 'text', (c) => c.notNull())
      .addColumn('principal_id', 'text')
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('oauth2_permission_grants_client_resource')
      .on('oauth2_permission_grants')
      .columns(['client_id', 'resource_id'])
      .execute();

    await db.schema
      .createTable('refresh_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('family_id', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('client_type', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('auth_time', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema.createIndex('refresh_tokens_family').on('refresh_tokens').column('family_id').execute();
    await db.schema.createIndex('refresh_tokens_expires').on('refresh_tokens').column('expires_at').execute();

    await db.schema
      .createTable('signing_keys')
      .addColumn('kid', 'text', (c) => c.primaryKey())
      .addColumn('private_key_pem', 'text', (c) => c.notNull())
      .addColumn('certificate', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .execute();
    // At most one active key. ensureActive inserts against this index with ON CONFLICT DO NOTHING,
    // which is what makes concurrent first starts agree on one key. The predicate is a literal so
    // PostgreSQL can match it to `ON CONFLICT (active) WHERE active = 1`.
    await db.schema
      .createIndex('signing_keys_one_active')
      .on('signing_keys')
      .column('active')
      .unique()
      .where(sql.ref('active'), '=', sql.lit(1))
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    for (const table of [
      'signing_keys',
      'refresh_tokens',
      'oauth2_permission_grants',
      'app_role_assignments',
      'users',
      'service_principals',
      'application_identifier_uris',
      'applications',
      'tenant_domains',
      'tenants',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
