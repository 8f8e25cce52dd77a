// Checks that span several objects of a seed (schema.ts has already checked each value on its own):
// uniqueness, cross-references, and the app registration rules Entra enforces when an app is saved.
// Assignments and grants are resolved to ids here too (resolve.ts), so apply writes exactly what was
// checked.

import type { AppRoleAssignment, FederatedIdentityProvider, OAuth2PermissionGrant, Platform } from '../core/model.js';
import { PLATFORM_LABEL } from '../core/policy/client-type.js';
import { redirectUriEquals } from '../core/policy/redirect-uri.js';
import { readCertificate } from './certificate.js';
import { normalizeIdentifier, TenantDirectory, type DirectoryApp } from './directory.js';
import { directoryRoleProblem } from './directory-roles.js';
import { resolveFederation } from './federation.js';
import { ENTRADA_CLI_APP_ID } from '../core/policy/graph-permissions.js';
import { ENTRADA_PORTAL_APP_ID } from '../directory/portal-registration.js';
import { AZURE_MANAGEMENT_APP_ID, AZURE_MANAGEMENT_IDENTIFIER_URIS } from './azure-management.js';
import { MICROSOFT_GRAPH_APP_ID, MICROSOFT_GRAPH_IDENTIFIER_URI, MICROSOFT_SERVICES_TENANT_ID } from './graph.js';
import { formatPath, type SeedPath, type SeedProblem } from './problems.js';
import {
  hasQuery,
  isAbsoluteUri,
  MAX_REDIRECT_URIS,
  MAX_REDIRECT_URIS_PERSONAL,
  sameRedirectUriReasons,
} from './redirect-uri.js';
import { resolveAssignments, resolveGrants } from './resolve.js';
import { resolveGroups, type ResolvedGroup } from './groups.js';
import { checkFederatedCredentials } from './federated-credentials.js';
import { resolveSeedConditionalAccess, type SeedNamedLocation, type SeedPolicy } from './conditional-access-resolve.js';
import { resolveSeedTokenLifetimePolicies, type SeedTokenLifetimePolicy } from './token-lifetime-policies.js';
import { checkManagedIdentities } from './managed-identity-checks.js';
import { userPrincipalNameDomainProblem } from './users.js';
import type { Seed, SeedApplication, SeedTenant } from './schema.js';

interface AnalyzedTenant {
  index: number;
  directory: TenantDirectory;
  /** Groups with their members and owners (seed/groups.ts). */
  groups: ResolvedGroup[];
  appRoleAssignments: AppRoleAssignment[];
  permissionGrants: OAuth2PermissionGrant[];
  federatedIdentityProviders: FederatedIdentityProvider[];
  /** Named locations and Conditional Access policies, references resolved (seed/conditional-access-resolve.ts). */
  conditionalAccess: { namedLocations: SeedNamedLocation[]; policies: SeedPolicy[] };
  /** Token lifetime policies, apps resolved to service principals (seed/token-lifetime-policies.ts). */
  tokenLifetimePolicies: SeedTokenLifetimePolicy[];
}

interface SeedAnalysis {
  problems: SeedProblem[];
  tenants: AnalyzedTenant[];
}

/** Every cross-object problem of a parsed seed. Empty when the seed can be applied. */
export function validateSeed(seed: Seed): SeedProblem[] {
  return analyzeSeed(seed.tenants.map((tenant, index) => ({ tenant, index }))).problems;
}

/**
 * Check and resolve tenants. Takes tenants with their index in the file so that, when other tenants
 * failed the schema, the ones that passed can still be checked and reported at their real paths.
 */
export function analyzeSeed(entries: ReadonlyArray<{ tenant: SeedTenant; index: number }>): SeedAnalysis {
  const problems: SeedProblem[] = [];
  const report = (path: SeedPath, message: string) => problems.push({ path, message });
  checkGlobalUniqueness(entries, report);
  const directories = entries.map(({ tenant, index }) => ({ index, directory: new TenantDirectory(tenant) }));
  checkManagedIdentities(directories, report);
  const appsByAppId: GlobalApps = new Map();
  for (const { index, directory } of directories) {
    for (const entry of directory.apps) {
      if (entry.index !== undefined && !appsByAppId.has(entry.app.appId)) appsByAppId.set(entry.app.appId, { tenantIndex: index, entry });
    }
  }
  const tenants = directories.map(({ index, directory }) => {
    checkUsers(directory, index, report);
    directory.tenant.applications.forEach((app, appIndex) => {
      checkApplication(app, ['tenants', index, 'applications', appIndex], appsByAppId, report);
    });
    const elsewhere = (identifier: string) => {
      const other = appsByAppId.get(identifier.trim().toLowerCase());
      return other && other.tenantIndex !== index
        ? ` ('${other.entry.app.displayName}' is registered in tenants[${other.tenantIndex}]; a seed creates an app's service principal only in its own tenant)`
        : '';
    };
    const groups = resolveGroups(directory, index, report);
    return {
      index,
      directory,
      groups,
      appRoleAssignments: resolveAssignments(directory, index, elsewhere, report, groups),
      permissionGrants: resolveGrants(directory, index, elsewhere, report),
      federatedIdentityProviders: resolveFederation(directory.tenant, index, report),
      conditionalAccess: resolveSeedConditionalAccess(directory, index, report),
      tokenLifetimePolicies: resolveSeedTokenLifetimePolicies(directory, index, report),
    };
  });
  return { problems, tenants };
}

export type Report = (path: SeedPath, message: string) => void;
export type GlobalApps = Map<string, { tenantIndex: number; entry: DirectoryApp }>;

function checkGlobalUniqueness(entries: ReadonlyArray<{ tenant: SeedTenant; index: number }>, report: Report) {
  const tenantIds = new Map<string, number>();
  const domains = new Map<string, string>();
  // Entrada's command line signs its own Graph tokens under this app id and counts as the
  // installation's administrator (directory/authorize.ts): no registration may take it.
  const appIds = new Map<string, string>([
    [MICROSOFT_GRAPH_APP_ID, 'Microsoft Graph'],
    [AZURE_MANAGEMENT_APP_ID, 'Azure Resource Manager (Windows Azure Service Management API)'],
    [ENTRADA_CLI_APP_ID, "Entrada's command line"],
    [ENTRADA_PORTAL_APP_ID, "Entrada's admin portal"],
  ]);
  /** Normalized identifier URI → where it was first declared (null: a built-in Microsoft API). */
  const identifierUris = new Map<string, string | null>([
    [normalizeIdentifier(MICROSOFT_GRAPH_IDENTIFIER_URI), null],
    ...AZURE_MANAGEMENT_IDENTIFIER_URIS.map((uri) => [normalizeIdentifier(uri), null] as [string, null]),
  ]);
  const objectIds = new Map<string, string>();
  const claimObjectId = (id: string | undefined, path: SeedPath) => {
    if (id === undefined) return;
    const key = id.toLowerCase();
    const first = objectIds.get(key);
    if (first) report(path, `object id ${id} is already used by ${first}; object ids must be unique`);
    else objectIds.set(key, formatPath(path));
  };

  for (const { tenant, index } of entries) {
    const base = ['tenants', index] as const;
    const tenantKey = tenant.id.toLowerCase();
    if (tenantKey === MICROSOFT_SERVICES_TENANT_ID) {
      report([...base, 'id'], `${tenant.id} is Microsoft's services tenant, home of the built-in Microsoft Graph; choose another id`);
    }
    const firstTenant = tenantIds.get(tenantKey);
    if (firstTenant !== undefined) report([...base, 'id'], `duplicates tenants[${firstTenant}].id; tenant ids must be unique`);
    else tenantIds.set(tenantKey, index);

    tenant.domains.forEach((domain, d) => {
      const key = domain.toLowerCase();
      const first = domains.get(key);
      if (first) report([...base, 'domains', d], `'${domain}' is already ${first}; a domain belongs to one tenant`);
      else domains.set(key, `tenants[${index}].domains[${tenant.domains.indexOf(domain)}] ('${tenant.displayName}')`);
    });

    tenant.applications.forEach((app, a) => {
      const path = [...base, 'applications', a] as const;
      const key = app.appId.toLowerCase();
      const first = appIds.get(key);
      if (first) {
        report(
          [...path, 'appId'],
          key === MICROSOFT_GRAPH_APP_ID
            ? `${app.appId} is Microsoft Graph's appId; Entrada registers Microsoft Graph itself`
            : key === ENTRADA_CLI_APP_ID
              ? `${app.appId} is reserved for Entrada's command line, which acts as the installation's administrator; choose another appId`
              : key === ENTRADA_PORTAL_APP_ID
                ? `${app.appId} is reserved for Entrada's admin portal, a built-in first-party app; choose another appId`
                : `duplicates ${first}; appIds are global across tenants`,
        );
      } else appIds.set(key, `${formatPath(path)}.appId ('${app.displayName}')`);
      claimObjectId(app.id, [...path, 'id']);
      if (app.servicePrincipal !== false) claimObjectId(app.servicePrincipal.id, [...path, 'servicePrincipal', 'id']);

      app.identifierUris.forEach((uri, u) => {
        const uriKey = normalizeIdentifier(uri);
        const firstUri = identifierUris.get(uriKey);
        if (firstUri === null) {
          report([...path, 'identifierUris', u], `'${uri}' is the identifier URI of a built-in Microsoft API (Microsoft Graph or Azure Resource Manager), which Entrada registers itself`);
        } else if (firstUri !== undefined) {
          report(
            [...path, 'identifierUris', u],
            `'${uri}' is already an identifier URI of ${firstUri}; identifier URIs must be unique, since a token request names its resource by one`,
          );
        } else identifierUris.set(uriKey, `${formatPath(path)} ('${app.displayName}')`);
      });
    });
    tenant.users.forEach((user, u) => {
      claimObjectId(user.id, [...base, 'users', u, 'id']);
    });
  }
}

function checkUsers(directory: TenantDirectory, tenantIndex: number, report: Report) {
  const { tenant } = directory;
  const seen = new Map<string, number>();
  tenant.users.forEach((user, u) => {
    const path = ['tenants', tenantIndex, 'users', u, 'userPrincipalName'];
    const upn = user.userPrincipalName;
    const key = upn.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      report(path, `'${upn}' duplicates tenants[${tenantIndex}].users[${first}]; UPNs are unique in a tenant (compared case-insensitively)`);
    } else seen.set(key, u);
    // The same rule as Graph's /users (seed/users.ts).
    const domainProblem = key.lastIndexOf('@') > 0 ? userPrincipalNameDomainProblem(upn, tenant.domains) : undefined;
    if (domainProblem) report(path, domainProblem);
    (user.directoryRoles ?? []).forEach((ref, r) => {
      const problem = directoryRoleProblem(ref);
      if (problem) report(['tenants', tenantIndex, 'users', u, 'directoryRoles', r], problem);
    });
  });
}

/** The rules Entra enforces when one app registration is saved (seed and Graph alike). */
export function checkApplication(
  app: SeedApplication,
  path: SeedPath,
  appsByAppId: GlobalApps,
  report: Report,
) {
  checkRedirectUris(app, path, report);

  const personal =
    app.signInAudience === 'AzureADandPersonalMicrosoftAccount' || app.signInAudience === 'PersonalMicrosoftAccount';
  if (personal && app.api.requestedAccessTokenVersion !== 2) {
    report(
      [...path, 'api', 'requestedAccessTokenVersion'],
      `must be 2 when signInAudience is ${app.signInAudience}: Entra issues only v2 access tokens to apps that allow personal Microsoft accounts`,
    );
  }

  checkUnique(app.appRoles, (r) => r.value, [...path, 'appRoles'], 'value', 'app role value', report);
  checkUnique(app.appRoles, (r) => r.id?.toLowerCase(), [...path, 'appRoles'], 'id', 'app role id', report);
  const scopes = app.api.oauth2PermissionScopes;
  checkUnique(scopes, (s) => s.value, [...path, 'api', 'oauth2PermissionScopes'], 'value', 'permission scope value', report);
  checkUnique(scopes, (s) => s.id?.toLowerCase(), [...path, 'api', 'oauth2PermissionScopes'], 'id', 'permission scope id', report);

  app.passwordCredentials.forEach((cred, c) => {
    if (cred.startDateTime && cred.endDateTime && Date.parse(cred.endDateTime) <= Date.parse(cred.startDateTime)) {
      report([...path, 'passwordCredentials', c, 'endDateTime'], 'must be after startDateTime');
    }
  });
  checkUnique(app.passwordCredentials, (c) => c.keyId?.toLowerCase(), [...path, 'passwordCredentials'], 'keyId', 'keyId', report);
  checkUnique(
    app.passwordCredentials,
    (c) => c.secretText,
    [...path, 'passwordCredentials'],
    'secretText',
    'secret (the same value twice)',
    report,
  );
  app.keyCredentials.forEach((cred, c) => {
    if (cred.startDateTime && cred.endDateTime && Date.parse(cred.endDateTime) <= Date.parse(cred.startDateTime)) {
      report([...path, 'keyCredentials', c, 'endDateTime'], 'must be after startDateTime');
    }
  });
  checkUnique(app.keyCredentials, (c) => c.keyId?.toLowerCase(), [...path, 'keyCredentials'], 'keyId', 'keyId', report);
  checkUnique(
    app.keyCredentials,
    (c) => {
      const result = readCertificate(c.key);
      return result.ok ? result.cert.thumbprintSha256 : undefined;
    },
    [...path, 'keyCredentials'],
    'key',
    'certificate',
    report,
  );

  checkFederatedCredentials(app.federatedIdentityCredentials, path, report);

  app.requiredResourceAccess.forEach((rra, r) => {
    // Only resources defined in this seed are judged: Microsoft Graph is modelled in part only, and
    // other Microsoft APIs not at all.
    const resource = appsByAppId.get(rra.resourceAppId.toLowerCase())?.entry.app;
    if (!resource) return;
    rra.resourceAccess.forEach((access, a) => {
      const ids: Array<{ id: string }> = access.type === 'Scope' ? resource.api.oauth2PermissionScopes : resource.appRoles;
      if (!ids.some((p) => p.id === access.id.toLowerCase())) {
        report(
          [...path, 'requiredResourceAccess', r, 'resourceAccess', a, 'id'],
          `${access.id} is not ${access.type === 'Scope' ? 'a delegated permission (Scope)' : 'an app role (Role)'} of '${resource.displayName}'`,
        );
      }
    });
  });
}

function checkRedirectUris(app: SeedApplication, path: SeedPath, report: Report) {
  const platforms = ['web', 'spa', 'publicClient'] as const;
  // Every URI so far, compared pairwise with the runtime's own matcher (core's redirectUriEquals), so
  // the seed refuses exactly the registrations sign-in would treat as one URI. An app has at most a
  // few hundred URIs, so O(n²) is fine.
  const earlier: Array<{ platform: Platform; index: number; uri: string }> = [];
  let total = 0;
  const workOrSchoolOnly = app.signInAudience === 'AzureADMyOrg' || app.signInAudience === 'AzureADMultipleOrgs';
  for (const platform of platforms) {
    app[platform].redirectUris.forEach((uri, i) => {
      total++;
      const uriPath = [...path, platform, 'redirectUris', i];
      if (!workOrSchoolOnly && hasQuery(uri)) {
        report(uriPath, `query strings are allowed only in redirect URIs of work/school-only apps, and signInAudience is ${app.signInAudience}`);
      }
      if (!isAbsoluteUri(uri)) return; // reported by the schema
      // Within one platform a URI that matches another changes nothing at sign-in; only an exact
      // repeat is worth a word. Across platforms any match makes the client type a coin toss.
      const first = earlier.find((e) => e.platform !== platform && redirectUriEquals(e.uri, uri));
      const repeat = first ? undefined : earlier.find((e) => e.platform === platform && e.uri === uri);
      earlier.push({ platform, index: i, uri });
      if (repeat) report(uriPath, `'${uri}' is listed twice (also ${repeat.platform}.redirectUris[${repeat.index}])`);
      if (!first) return;
      const where = `${first.platform}.redirectUris[${first.index}]`;
      const reasons = sameRedirectUriReasons(first.uri, uri);
      const same =
        first.uri === uri
          ? `'${uri}' is also registered under ${PLATFORM_LABEL[first.platform]} (${where})`
          : `'${uri}' matches '${first.uri}' (${where}, ${PLATFORM_LABEL[first.platform]})` +
            (reasons.length ? ` because Entra ${joinAnd(reasons)}` : '');
      report(
        uriPath,
        `${same}. A redirect URI must belong to one platform: Entra decides public, confidential or SPA ` +
          `from the platform of the matching URI and picks one arbitrarily when two platforms have it, ` +
          `so token requests would succeed or fail unpredictably. Keep it under ${PLATFORM_LABEL[platform]} or ${PLATFORM_LABEL[first.platform]}, not both`,
      );
    });
  }
  const limit = workOrSchoolOnly ? MAX_REDIRECT_URIS : MAX_REDIRECT_URIS_PERSONAL;
  if (total > limit) {
    report([...path, 'web', 'redirectUris'], `the app has ${total} redirect URIs across platforms; Entra allows at most ${limit}${workOrSchoolOnly ? '' : ' for apps that allow personal accounts'}`);
  }
}

/** 'a', 'a and b', 'a, b and c'. */
function joinAnd(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function checkUnique<T>(
  items: readonly T[],
  keyOf: (item: T) => string | undefined,
  path: SeedPath,
  field: string,
  what: string,
  report: Report,
) {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    if (key === undefined) return;
    const first = seen.get(key);
    if (first !== undefined) report([...path, i, field], `duplicate ${what}: same as ${formatPath([...path, first])}`);
    else seen.set(key, i);
  });
}
