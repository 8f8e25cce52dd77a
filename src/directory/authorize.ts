// Applies core/policy/graph-permissions.ts to an actor, including the ownership check that
// `…OwnedBy` permissions and delegated owners need.

import { decideGraphPermission, DIRECTORY_ROLES, GRAPH_OPERATION_RULES, type GraphOperation } from '../core/policy/graph-permissions.js';
import type { DirectoryStore } from '../core/ports.js';
import { ENTRADA_CLI_APP_ID, type GraphActor } from './context.js';
import { denied } from './errors.js';

const ROLE_NAMES = new Map<string, string>(Object.values(DIRECTORY_ROLES).map((r) => [r.id, r.displayName]));

/**
 * Throws Authorization_RequestDenied unless the actor may run `operation`; `objectId` is the
 * object the operation touches, for owner-only rights (none for creates and lists).
 */
export async function authorize(actor: GraphActor, operation: GraphOperation, store: DirectoryStore, objectId?: string): Promise<void> {
  const decision = decideGraphPermission(operation, actor.caller);
  if (!decision.allowed) {
    if (decision.missing === 'permission') {
      const kind = actor.caller.kind === 'app' ? 'application permission (app role)' : 'delegated permission (scope)';
      throw denied(`The token has no ${kind} that allows it; one of: ${decision.needed.join(', ')}.`);
    }
    const names = decision.needed.map((id) => ROLE_NAMES.get(id) ?? id);
    throw denied(`The signed-in user holds none of the directory roles that allow it: ${names.join(', ')}.`);
  }
  if (!decision.ownedOnly || objectId === undefined) return;
  const principal = actor.caller.kind === 'app' ? actor.app.servicePrincipalId : actor.user?.id;
  const owners = await store.listRelations('owner', objectId);
  if (principal && owners.some((o) => o.relatedId === principal.toLowerCase())) return;
  const roles = (GRAPH_OPERATION_RULES[operation].userRoles ?? []).map((id) => ROLE_NAMES.get(id) ?? id);
  throw denied(
    actor.caller.kind === 'app'
      ? 'The app holds only an …OwnedBy permission and does not own this object.'
      : `The signed-in user does not own this object and holds none of the directory roles that allow it: ${roles.join(', ')}.`,
  );
}

/**
 * The directory roles the caller holds: a signed-in user's (read when its token was verified), or
 * for an app-only caller those of its service principal (roles may be given to service principals
 * too [D: ED "Assign Microsoft Entra roles to … service principals"]). The `entrada` command line
 * has no service principal: it is the installation's administrator (cli/cli-token.ts) and counts
 * as a Global Administrator.
 */
export async function actorDirectoryRoles(actor: GraphActor, store: DirectoryStore): Promise<readonly string[]> {
  if (actor.caller.kind === 'user') return actor.caller.directoryRoles;
  if (actor.app.servicePrincipalId) return store.listDirectoryRoles(actor.tenantId, actor.app.servicePrincipalId);
  return actor.app.appId === ENTRADA_CLI_APP_ID ? [DIRECTORY_ROLES.globalAdministrator.id] : [];
}

/** Role template ids as their display names, for messages: `A, B` (or `A or B` with joiner ' or '). */
export function roleNames(ids: readonly string[], joiner = ', '): string {
  return ids.map((id) => ROLE_NAMES.get(id) ?? id).join(joiner);
}

/** Whether the operation is allowed only on owned objects (then a create makes the caller an owner). */
export function ownedOnly(actor: GraphActor, operation: GraphOperation): boolean {
  const decision = decideGraphPermission(operation, actor.caller);
  return decision.allowed && decision.ownedOnly;
}
