// The directory as Microsoft Graph manages it at run time (issue 11): groups with their members,
// owners of apps, service principals and groups, directory role holders (who may call Graph's write
// operations on behalf of a user), the directory audit log, and what the seed last wrote of each
// object (so a restart tells a runtime edit from a seed change: seed/merge.ts).

import type { Kysely, Migration } from 'kysely';

export const graphDirectory: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('groups')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('groups_tenant').on('groups').column('tenant_id').execute();

    // Members of groups, and owners of applications, service principals and groups: one row per
    // (kind, object, related object).
    await db.schema
      .createTable('directory_relations')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('object_id', 'text', (c) => c.notNull())
      .addColumn('related_id', 'text', (c) => c.notNull())
      .addColumn('related_type', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('directory_relations_pk', ['kind', 'object_id', 'related_id'])
      .execute();
    await db.schema.createIndex('directory_relations_related').on('directory_relations').columns(['related_id', 'kind']).execute();

    await db.schema
      .createTable('directory_role_members')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('role_template_id', 'text', (c) => c.notNull())
      .addColumn('principal_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('directory_role_members_pk', ['tenant_id', 'principal_id', 'role_template_id'])
      .execute();

    await db.schema
      .createTable('directory_audits')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('activity_date_time', 'text', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('directory_audits_tenant_time').on('directory_audits').columns(['tenant_id', 'activity_date_time', 'id']).execute();

    await db.schema
      .createTable('seeded_objects')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('seeded_objects_pk', ['kind', 'id'])
      .execute();

    await db.schema.alterTable('users').addColumn('mail_nickname', 'text').execute();
    // A password reset revokes the user's refresh tokens and ends their sessions (DirectoryStore).
    await db.schema.createIndex('refresh_tokens_user').on('refresh_tokens').column('user_id').execute();
    await db.schema.createIndex('sign_in_sessions_user').on('sign_in_sessions').column('user_id').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('sign_in_sessions_user').execute();
    await db.schema.dropIndex('refresh_tokens_user').execute();
    await db.schema.alterTable('users').dropColumn('mail_nickname').execute();
    for (const table of ['seeded_objects', 'directory_audits', 'directory_role_members', 'directory_relations', 'groups']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
