// The API permissions blade's reads and its consent writes, all through the directory service's
// operations with the viewer as actor, so the viewer's directory roles decide (Graph's application
// permissions, for one, need a Global Administrator or Privileged Role Administrator).

import type { Application, ServicePrincipal } from '../../../../core/model.js';
import { createAssignment, deleteAssignment, listAssignments, type AssignmentSide } from '../../../../directory/app-role-assignments.js';
import { GraphError } from '../../../../directory/errors.js';
import { createGrant, deleteGrant, listGrants, updateGrant } from '../../../../directory/permission-grants.js';
import { createServicePrincipal, listServicePrincipals, type ServicePrincipalView } from '../../../../directory/service-principals.js';
import { MICROSOFT_GRAPH_APP_ID } from '../../../../seed/graph.js';
import type { PortalOptions, Viewer } from '../../portal-kit.js';
import { apiPermissionGroups, consentPlan, type ApiGroup, type ResourceApi } from './api-permissions-model.js';

export interface PermissionsState {
  /** The app's service principal in this tenant, if it has one. */
  clientSp: ServicePrincipal | undefined;
  resources: ResourceApi[];
  groups: ApiGroup[];
}

/** The tenant's service principals of applications (managed identities expose no permissions). */
export async function tenantApis(options: PortalOptions, viewer: Viewer): Promise<ResourceApi[]> {
  return apisOf(await listServicePrincipals(options.service, viewer.actor));
}

function apisOf(views: ServicePrincipalView[]): ResourceApi[] {
  return views.filter((v) => v.app !== undefined).map(({ sp, app }) => ({ spId: sp.id, appId: sp.appId, displayName: sp.displayName, app }));
}

/**
 * What "Add a permission" offers: Microsoft Graph first, then every API of the tenant that exposes
 * delegated permissions or app roles (the Azure portal's "Microsoft APIs" and "APIs my organization uses").
 */
export function requestableApis(resources: readonly ResourceApi[]): ResourceApi[] {
  const exposes = (r: ResourceApi) => (r.app?.api.oauth2PermissionScopes.length ?? 0) + (r.app?.appRoles.length ?? 0) > 0;
  const graph = resources.filter((r) => r.appId === MICROSOFT_GRAPH_APP_ID);
  const others = resources.filter((r) => r.appId !== MICROSOFT_GRAPH_APP_ID && exposes(r)).sort((a, b) => a.displayName.localeCompare(b.displayName));
  return [...graph, ...others];
}

export async function loadPermissions(options: PortalOptions, viewer: Viewer, app: Application): Promise<PermissionsState> {
  const views = await listServicePrincipals(options.service, viewer.actor);
  const resources = apisOf(views);
  const clientSp = views.find((v) => v.sp.appId === app.appId)?.sp;
  const grants = clientSp ? (await listGrants(options.service, viewer.actor)).filter((g) => g.clientId === clientSp.id) : [];
  const assignments = clientSp ? (await listAssignments(options.service, viewer.actor, clientSide(clientSp))).map((v) => v.assignment) : [];
  return { clientSp, resources, groups: apiPermissionGroups({ app, resources, clientSpId: clientSp?.id ?? null, grants, assignments }) };
}

function clientSide(sp: ServicePrincipal): AssignmentSide {
  return { side: 'servicePrincipal', key: { id: sp.id } };
}

export interface ConsentOutcome {
  /** The app had no service principal: one was created first, as the Azure portal does. */
  createdServicePrincipal: boolean;
  /** Per API, what the directory refused (the rest of the consent stands). */
  refusals: Array<{ api: string; error: GraphError }>;
}

/**
 * "Grant admin consent for <tenant>": for each configured API with a service principal here, the
 * AllPrincipals grant gets every listed delegated permission (created or updated) and the app's
 * service principal gets every listed application permission (one appRoleAssignment each).
 */
export async function grantAdminConsent(options: PortalOptions, viewer: Viewer, app: Application): Promise<ConsentOutcome> {
  let state = await loadPermissions(options, viewer, app);
  let createdServicePrincipal = false;
  if (!state.clientSp) {
    // A refusal here (the viewer may not create service principals) stops everything: nothing can be granted without it.
    await createServicePrincipal(options.service, viewer.actor, { appId: app.appId });
    createdServicePrincipal = true;
    state = await loadPermissions(options, viewer, app);
  }
  const client = state.clientSp as ServicePrincipal;
  const refusals: ConsentOutcome['refusals'] = [];
  for (const group of state.groups) {
    if (!group.resource || group.rows.length === 0) continue;
    const plan = consentPlan(group);
    try {
      if (plan.scope !== null) {
        if (group.grant) await updateGrant(options.service, viewer.actor, group.grant.id, { scope: plan.scope });
        else await createGrant(options.service, viewer.actor, { clientId: client.id, consentType: 'AllPrincipals', principalId: null, resourceId: group.resource.spId, scope: plan.scope });
      }
      for (const appRoleId of plan.roles) {
        await createAssignment(options.service, viewer.actor, clientSide(client), { principalId: client.id, resourceId: group.resource.spId, appRoleId });
      }
    } catch (err) {
      if (!(err instanceof GraphError)) throw err;
      refusals.push({ api: group.name, error: err });
    }
  }
  return { createdServicePrincipal, refusals };
}

/** "Revoke admin consent" for one API: its AllPrincipals grant and the app's role assignments on it go. */
export async function revokeAdminConsent(options: PortalOptions, viewer: Viewer, app: Application, resourceSpId: string): Promise<boolean> {
  const state = await loadPermissions(options, viewer, app);
  const group = state.groups.find((g) => g.resource?.spId === resourceSpId);
  if (!group || !state.clientSp) return false;
  if (group.grant) await deleteGrant(options.service, viewer.actor, group.grant.id);
  for (const assignment of group.assignments) await deleteAssignment(options.service, viewer.actor, clientSide(state.clientSp), assignment.id);
  return true;
}
