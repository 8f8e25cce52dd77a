// The admin portal's own app registration (issue 14): a first-party app, like the Azure portal,
// whose application object lives in the first-party services tenant and which has a service
// principal in every tenant, so any tenant's administrator signs in to it with authorization
// code + PKCE at /organizations.
//
// It is a public client (Mobile & desktop platform): the portal redeems its code server-side, in
// the same process, with the PKCE verifier only, so there is no secret to keep or rotate across
// the nodes of a cluster. Its redirect URIs are `<origin>/portal/auth` for every origin the server
// answers on; each node adds its own when it starts listening (a node with another port or host
// name adds to the list, never replaces it). Redirect URIs match exactly (core/policy/
// redirect-uri.ts), so a Host Entrada was not configured for gets AADSTS50011, as in Entra.

import type { Application, DirectoryAudit, Guid, ServicePrincipal } from '../core/model.js';
import type { DirectoryAdmin } from '../core/ports.js';
import { MICROSOFT_SERVICES_TENANT_ID } from '../seed/graph.js';
import { derivedId } from '../seed/ids.js';

/** The portal's client id: a fixed GUID in Entrada's `e7ada000-…` range ('9047': "portal"). */
export const ENTRADA_PORTAL_APP_ID: Guid = 'e7ada000-9047-4000-8000-000000009047';
export const ENTRADA_PORTAL_DISPLAY_NAME = 'Entrada admin portal';
/** Where the authorization code comes back. */
export const PORTAL_CALLBACK_PATH = '/portal/auth';
/** At most this many redirect URIs are kept (Entra allows 256 per app); the newest win. */
const MAX_REDIRECT_URIS = 64;

function portalApplication(redirectUris: string[]): Application {
  return {
    id: derivedId.application(MICROSOFT_SERVICES_TENANT_ID, ENTRADA_PORTAL_APP_ID),
    appId: ENTRADA_PORTAL_APP_ID,
    tenantId: MICROSOFT_SERVICES_TENANT_ID,
    displayName: ENTRADA_PORTAL_DISPLAY_NAME,
    signInAudience: 'AzureADMultipleOrgs',
    web: { redirectUris: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
    spa: { redirectUris: [] },
    publicClient: { redirectUris },
    isFallbackPublicClient: false,
    passwordCredentials: [],
    keyCredentials: [],
    identifierUris: [],
    appRoles: [],
    api: { oauth2PermissionScopes: [], requestedAccessTokenVersion: 2 },
    requiredResourceAccess: [],
  };
}

/** `<origin>/portal/auth` for each origin, in order, without duplicates. */
export function portalRedirectUris(origins: readonly string[]): string[] {
  return [...new Set(origins.map((o) => `${o.replace(/\/+$/, '')}${PORTAL_CALLBACK_PATH}`))];
}

/**
 * Makes sure the portal's application carries `redirectUris` and has a service principal in each of
 * `tenantIds`; writes (and audits, per tenant) only what is missing.
 */
export async function ensurePortalRegistration(
  admin: DirectoryAdmin,
  input: { tenantIds: readonly Guid[]; redirectUris: readonly string[]; now: Date; newId: () => string },
): Promise<void> {
  await admin.transact(async (tx) => {
    const stored = await tx.getApplicationByAppId(ENTRADA_PORTAL_APP_ID);
    const before = stored?.publicClient.redirectUris ?? [];
    const wanted = [...before.filter((u) => !input.redirectUris.includes(u)), ...input.redirectUris].slice(-MAX_REDIRECT_URIS);
    const appChanged = !stored || wanted.length !== before.length || wanted.some((u, i) => u !== before[i]);
    if (appChanged) await tx.upsertApplication(portalApplication(wanted));
    for (const tenantId of input.tenantIds) {
      const audits: DirectoryAudit[] = [];
      if (appChanged) audits.push(audit(tenantId, stored ? 'Update application' : 'Add application', 'Application', stored?.id ?? portalApplication([]).id, input));
      if (!(await tx.findServicePrincipalByAppId(tenantId, ENTRADA_PORTAL_APP_ID))) {
        const sp: ServicePrincipal = {
          id: derivedId.servicePrincipal(tenantId, ENTRADA_PORTAL_APP_ID),
          appId: ENTRADA_PORTAL_APP_ID,
          tenantId,
          displayName: ENTRADA_PORTAL_DISPLAY_NAME,
          accountEnabled: true,
          appRoleAssignmentRequired: false,
          servicePrincipalType: 'Application',
          alternativeNames: [],
        };
        await tx.upsertServicePrincipal(sp);
        audits.push(audit(tenantId, 'Add service principal', 'ServicePrincipal', sp.id, input));
      }
      for (const entry of audits) await tx.appendAudit(entry);
    }
  });
}

function audit(
  tenantId: Guid,
  activity: string,
  type: 'Application' | 'ServicePrincipal',
  id: Guid,
  input: { now: Date; newId: () => string; redirectUris: readonly string[] },
): DirectoryAudit {
  return {
    id: `Directory_${input.newId()}`,
    tenantId,
    activityDateTime: input.now.toISOString(),
    activityDisplayName: activity,
    category: 'ApplicationManagement',
    correlationId: input.newId(),
    loggedByService: 'Core Directory',
    operationType: activity.startsWith('Add') ? 'Add' : 'Update',
    result: 'success',
    resultReason: '',
    // [I] No user or app of the tenant made it: Entrada itself, when a node started listening.
    initiatedBy: { user: null, app: { appId: null, displayName: 'Entrada start-up', servicePrincipalId: null, servicePrincipalName: null } },
    targetResources: [
      {
        id,
        displayName: ENTRADA_PORTAL_DISPLAY_NAME,
        type,
        userPrincipalName: null,
        groupType: null,
        modifiedProperties: type === 'Application' ? [{ displayName: 'PublicClient.RedirectUris', oldValue: null, newValue: JSON.stringify(input.redirectUris) }] : [],
      },
    ],
    additionalDetails: [],
  };
}
