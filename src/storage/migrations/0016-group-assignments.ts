// Groups in tokens (issue 18): a user token now asks which groups are assigned to the resource's
// service principal (app roles given to groups reach their members' `roles`), so those assignments
// are found by resource from an index rather than a scan of every assignment.

import type { Kysely, Migration } from 'kysely';

export const groupAssignments: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.createIndex('app_role_assignments_resource_type').on('app_role_assignments').columns(['resource_id', 'principal_type']).execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('app_role_assignments_resource_type').execute();
  },
};
