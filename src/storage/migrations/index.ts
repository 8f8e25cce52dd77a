// Migrations live in code (not read from a folder at run time) so that they ship inside the package
// and run the same under tsx, a bundle or compiled output. Names sort in the order they apply:
// add a new file with the next number and list it here.

import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { initial } from './0001-initial.js';
import { assertionJtis } from './0002-assertion-jtis.js';
import { deviceCodes } from './0003-device-codes.js';
import { authorizationCodesAndSessions } from './0004-authorization-codes-and-sessions.js';
import { tenantFederation } from './0005-tenant-federation.js';
import { signInLog } from './0007-sign-in-log.js';
import { managedIdentities } from './0006-managed-identities.js';
import { installationSecrets } from './0008-installation-secrets.js';
import { graphDirectory } from './0009-graph-directory.js';
import { servicePrincipalTags } from './0010-service-principal-tags.js';
import { signInLogInsertCost } from './0011-sign-in-log-insert-cost.js';
import { signingKeyRollover } from './0012-signing-key-rollover.js';
import { smartLockout } from './0013-smart-lockout.js';
import { conditionalAccess } from './0014-conditional-access.js';
import { signInStrength } from './0015-sign-in-strength.js';
import { groupAssignments } from './0016-group-assignments.js';
import { userAttributes } from './0017-user-attributes.js';
import { tokenLifetimePolicies } from './0018-token-lifetime-policies.js';

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-assertion-jtis': assertionJtis,
  '0003-device-codes': deviceCodes,
  '0004-authorization-codes-and-sessions': authorizationCodesAndSessions,
  '0005-tenant-federation': tenantFederation,
  '0007-sign-in-log': signInLog,
  '0006-managed-identities': managedIdentities,
  '0008-installation-secrets': installationSecrets,
  '0009-graph-directory': graphDirectory,
  '0010-service-principal-tags': servicePrincipalTags,
  '0011-sign-in-log-insert-cost': signInLogInsertCost,
  '0012-signing-key-rollover': signingKeyRollover,
  '0013-smart-lockout': smartLockout,
  '0014-conditional-access': conditionalAccess,
  '0015-sign-in-strength': signInStrength,
  '0016-group-assignments': groupAssignments,
  '0017-user-attributes': userAttributes,
  '0018-token-lifetime-policies': tokenLifetimePolicies,
};

const provider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};

/**
 * Brings the database to the latest schema. On PostgreSQL Kysely's migrator holds an advisory lock
 * while it runs, so nodes starting together apply each migration once; the others wait and then
 * find nothing left to do.
 *
 * `schema` names where Kysely keeps its own bookkeeping tables. Pass PostgreSQL's current schema:
 * otherwise Kysely looks for them in every schema of the database and may find another
 * deployment's (or test run's) tables.
 */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<void> {
  const migrator = new Migrator({ db, provider, migrationTableSchema: schema });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely looks for its bookkeeping tables by listing every schema's tables; a schema another
  // deployment drops at that moment fails the listing with 3F000 (invalid_schema_name). Nothing
  // of ours was touched: look again.
  for (let retry = 0; retry < 3 && error && (error as { code?: unknown }).code === '3F000'; retry++) {
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const what = failed ? `Database migration ${failed}` : 'Database migration';
    throw new Error(`${what} failed: ${describe(error)}`, { cause: error });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
