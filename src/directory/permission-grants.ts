// Graph's `oauth2PermissionGrants`: delegated permission grants (consent) of a client service
// principal to a resource service principal, for every user (AllPrincipals) or one (Principal).
// Each scope value must be an enabled delegated permission of the resource, the seed's rule
// (core/policy/entitlements.ts); one grant per client, resource, consent type and user. Sign-ins
// see a change at once (65001 appears and disappears with the grant).
//
// Ids: Graph's are base64url strings; Entrada keeps GUIDs, derived from client, resource, consent
// type and user as the seed derives them (seed/ids.ts).

import { z } from 'zod';
import type { OAuth2PermissionGrant, ServicePrincipal } from '../core/model.js';
import type { DirectoryStore } from '../core/ports.js';
import { checkGrantScopes, grantScopeValues } from '../core/policy/entitlements.js';
import { GRAPH_CONSENT_ROLES, mayGrantGraphPermissions } from '../core/policy/graph-permissions.js';
import { isGuid } from '../core/guid.js';
import { MICROSOFT_GRAPH_APP_ID } from '../seed/graph.js';
import { derivedId } from '../seed/ids.js';
import { authorize, roleNames } from './authorize.js';
import type { GraphActor } from './context.js';
import { denied, GraphError, invalidProperty, invalidValue, notFound } from './errors.js';
import { objectBody, parseWith } from './input.js';
import type { DirectoryService } from './service.js';
import { applicationOf } from './service-principals.js';

const RESOURCE = 'OAuth2PermissionGrant';

const guidString = (name: string) => z.string().refine(isGuid, { message: `${name} must be a GUID` });
/** Graph's scope: space-separated values [I: length bound; Graph documents none]. */
const ScopeSchema = z.string().max(3800);

const CreateSchema = z
  .object({
    clientId: guidString('clientId'),
    consentType: z.enum(['AllPrincipals', 'Principal']),
    principalId: guidString('principalId').nullable().optional(),
    resourceId: guidString('resourceId'),
    scope: ScopeSchema,
  })
  .strict();

export async function listGrants(service: DirectoryService, actor: GraphActor): Promise<OAuth2PermissionGrant[]> {
  await authorize(actor, 'grants.read', service.read);
  return service.read.listTenantPermissionGrants(actor.tenantId);
}

async function mustFindGrant(store: DirectoryStore, actor: GraphActor, id: string): Promise<OAuth2PermissionGrant> {
  const grant = isGuid(id) ? await store.getPermissionGrant(id.toLowerCase()) : undefined;
  // A grant belongs to the tenant of its client service principal.
  const client = grant && (await store.getServicePrincipal(grant.clientId));
  if (!grant || !client || client.tenantId !== actor.tenantId) throw notFound(id);
  return grant;
}

export async function getGrant(service: DirectoryService, actor: GraphActor, id: string): Promise<OAuth2PermissionGrant> {
  await authorize(actor, 'grants.read', service.read);
  return mustFindGrant(service.read, actor, id);
}

async function servicePrincipalIn(store: DirectoryStore, actor: GraphActor, id: string): Promise<ServicePrincipal> {
  const sp = await store.getServicePrincipal(id);
  if (!sp || sp.tenantId !== actor.tenantId) throw notFound(id);
  return sp;
}

/** The scope values, each an enabled delegated permission of the resource, or Graph's 400. */
async function checkedScope(store: DirectoryStore, resource: ServicePrincipal, scope: string): Promise<string> {
  const values = grantScopeValues(scope);
  const app = await applicationOf(store, resource);
  const problems = checkGrantScopes(app?.api.oauth2PermissionScopes ?? [], values, `'${resource.displayName}'`);
  if (problems.length) throw invalidValue('scope', RESOURCE, `${problems[0].charAt(0).toUpperCase()}${problems[0].slice(1)}.`);
  return values.join(' ');
}

/**
 * A signed-in user who grants Microsoft Graph's admin-consent delegated permissions (scopes of type
 * Admin, such as Directory.ReadWrite.All) needs a Global Administrator or Privileged Role
 * Administrator role (core/policy/graph-permissions.ts mayGrantGraphPermissions); an Application
 * Administrator may grant Graph's user-consent scopes (User.Read) and any scope of other APIs.
 * App-only callers are not limited. `added`: the scope values the write adds.
 */
async function checkGraphConsent(store: DirectoryStore, actor: GraphActor, resource: ServicePrincipal, added: readonly string[]): Promise<void> {
  if (resource.appId !== MICROSOFT_GRAPH_APP_ID || actor.caller.kind !== 'user' || mayGrantGraphPermissions(actor.caller.directoryRoles)) return;
  const scopes = (await applicationOf(store, resource))?.api.oauth2PermissionScopes ?? [];
  const admin = added.filter((value) => scopes.find((s) => s.value === value)?.type === 'Admin');
  if (admin.length === 0) return;
  throw denied(
    `Granting Microsoft Graph's admin-consent permissions (${admin.join(', ')}) needs a ${roleNames(GRAPH_CONSENT_ROLES, ' or ')}, and the signed-in user holds neither role.`,
  );
}

/** The audit entry's target (the resource) and properties; `was`/`is`: the grant before and after. */
function auditChange(grant: OAuth2PermissionGrant, resource: ServicePrincipal | undefined, client: ServicePrincipal | undefined, was: OAuth2PermissionGrant | undefined, is: OAuth2PermissionGrant | undefined) {
  return {
    category: 'ApplicationManagement' as const,
    target: { id: grant.resourceId, displayName: resource?.displayName ?? null, type: 'ServicePrincipal' as const },
    properties: {
      'delegatedPermissionGrant.Scope': [was?.scope, is?.scope] as [unknown, unknown],
      'delegatedPermissionGrant.ClientId': [was?.clientId, is?.clientId] as [unknown, unknown],
      'delegatedPermissionGrant.ConsentType': [was?.consentType, is?.consentType] as [unknown, unknown],
      'delegatedPermissionGrant.PrincipalId': [was?.principalId ?? undefined, is?.principalId ?? undefined] as [unknown, unknown],
    },
    related: [{ id: grant.clientId, displayName: client?.displayName ?? null, type: 'ServicePrincipal' as const }],
  };
}

export async function createGrant(service: DirectoryService, actor: GraphActor, rawBody: unknown): Promise<OAuth2PermissionGrant> {
  await authorize(actor, 'grants.write', service.read);
  const body = parseWith(CreateSchema, objectBody(rawBody), RESOURCE);
  const principalId = body.principalId ? body.principalId.toLowerCase() : null;
  if (body.consentType === 'Principal' && !principalId) {
    throw invalidValue('principalId', RESOURCE, 'principalId is required when consentType is Principal: the id of the user the grant is for.');
  }
  if (body.consentType === 'AllPrincipals' && principalId) {
    throw invalidValue('principalId', RESOURCE, 'principalId must be null when consentType is AllPrincipals (consent for every user); use consentType Principal for one user.');
  }
  return service.write(actor, async (tx, audit) => {
    const client = await servicePrincipalIn(tx, actor, body.clientId.toLowerCase());
    const resource = await servicePrincipalIn(tx, actor, body.resourceId.toLowerCase());
    if (principalId && !(await tx.getUser(actor.tenantId, principalId))) throw notFound(principalId);
    const scope = await checkedScope(tx, resource, body.scope);
    await checkGraphConsent(tx, actor, resource, grantScopeValues(scope));
    const existing = (await tx.listPermissionGrants(client.id, resource.id)).find((g) => g.consentType === body.consentType && g.principalId === principalId);
    if (existing) {
      // [O: hashicorp/terraform-provider-azuread#690] one grant per client, resource and consent.
      throw new GraphError(409, 'Request_MultipleObjectsWithSameKeyValue', `Permission entry already exists. Grant ${existing.id} has the same clientId, resourceId, consentType and principalId: PATCH its scope instead.`);
    }
    const grant: OAuth2PermissionGrant = {
      id: derivedId.permissionGrant(actor.tenantId, client.id, resource.id, body.consentType, principalId),
      clientId: client.id,
      consentType: body.consentType,
      principalId,
      resourceId: resource.id,
      scope,
    };
    await tx.upsertPermissionGrant(grant);
    audit({ activity: 'Add delegated permission grant', operationType: 'Add', ...auditChange(grant, resource, client, undefined, grant) });
    return grant;
  });
}

/** PATCH: only `scope` changes; the other properties may be repeated unchanged. */
export async function updateGrant(service: DirectoryService, actor: GraphActor, id: string, rawBody: unknown): Promise<void> {
  await authorize(actor, 'grants.write', service.read);
  const body = objectBody(rawBody);
  await service.write(actor, async (tx, audit) => {
    const stored = await mustFindGrant(tx, actor, id);
    for (const [key, value] of Object.entries(body)) {
      if (key === 'scope') continue;
      if (['id', 'clientId', 'consentType', 'principalId', 'resourceId'].includes(key)) {
        const same = typeof value === 'string' ? value.toLowerCase() === String(stored[key as keyof OAuth2PermissionGrant]).toLowerCase() : value === stored[key as keyof OAuth2PermissionGrant];
        if (same) continue;
        throw invalidValue(key, RESOURCE, `${key} cannot be changed; delete the grant and create another.`);
      }
      throw invalidProperty(key, `${RESOURCE} has no property '${key}' that PATCH can change; only scope.`);
    }
    if (body.scope === undefined) return;
    const raw = parseWith(z.object({ scope: ScopeSchema }), { scope: body.scope }, RESOURCE).scope;
    const resource = await servicePrincipalIn(tx, actor, stored.resourceId);
    const scope = await checkedScope(tx, resource, raw);
    if (scope === stored.scope) return;
    const had = new Set(grantScopeValues(stored.scope));
    await checkGraphConsent(tx, actor, resource, grantScopeValues(scope).filter((v) => !had.has(v)));
    await tx.upsertPermissionGrant({ ...stored, scope });
    // [I] Graph's audit names for a changed grant follow its add/remove pair.
    audit({ activity: 'Update delegated permission grant', operationType: 'Update', ...auditChange(stored, resource, await tx.getServicePrincipal(stored.clientId), stored, { ...stored, scope }) });
  });
}

export async function deleteGrant(service: DirectoryService, actor: GraphActor, id: string): Promise<void> {
  await authorize(actor, 'grants.write', service.read);
  await service.write(actor, async (tx, audit) => {
    const grant = await mustFindGrant(tx, actor, id);
    await tx.deletePermissionGrant(grant.id);
    audit({
      activity: 'Remove delegated permission grant',
      operationType: 'Delete',
      ...auditChange(grant, await tx.getServicePrincipal(grant.resourceId), await tx.getServicePrincipal(grant.clientId), grant, undefined),
    });
  });
}
