// Applying a validated seed: upsert every object through the DirectoryWriter, ids settled
// deterministically so that applying the same seed on every start changes nothing but password
// hashes (freshly salted each time). Objects absent from the seed are left alone, never deleted.

import type {
  Application,
  Guid,
  KeyCredential,
  PasswordCredential,
  ServicePrincipal,
  Tenant,
  User,
} from '../core/model.js';
import type { DirectoryWriter } from '../core/ports.js';
import { readCertificate, toInstant } from './certificate.js';
import { mergeKeyCredentials } from './key-credentials.js';
import { federatedIdentityCredential } from './federated-credentials.js';
import { microsoftGraphApplication } from './graph.js';
import { derivedId } from './ids.js';
import { managedIdentityServicePrincipal } from './managed-identities.js';
import { formatProblem, SeedValidationError } from './problems.js';
import type { Seed, SeedApplication } from './schema.js';
import { analyzeSeed } from './validate.js';

export interface SeedDeps {
  /** Salted hash of a client secret (crypto/secret-hash.ts). */
  hashSecret: (value: string) => string;
  /** scrypt hash of a user password (crypto/password-hash.ts). */
  hashPassword: (password: string) => Promise<string>;
  /** Default start of secrets the seed gives no dates for. */
  now: Date;
}

/** What was seeded, with the demo credentials in plain text, for printing at start-up. */
export interface SeedSummary {
  tenants: TenantSeedSummary[];
}

export interface TenantSeedSummary {
  tenant: { id: Guid; displayName: string; defaultDomain: string };
  /** The tenant's own applications, in seed order (Microsoft Graph, built in, is not listed). */
  apps: AppSeedSummary[];
  users: UserSeedSummary[];
  /** Its managed identities, in seed order. */
  managedIdentities: ManagedIdentitySeedSummary[];
}

interface ManagedIdentitySeedSummary {
  type: 'SystemAssigned' | 'UserAssigned';
  name: string;
  clientId: Guid;
  objectId: Guid;
  resourceId: string;
}

interface AppSeedSummary {
  appId: Guid;
  displayName: string;
  /** Short description, e.g. 'confidential (web)', 'public client', 'SPA', 'API', 'confidential (daemon) + API'. */
  kind: string;
  /** Plain secret values from the seed (never stored; printed so demo users can sign in). */
  secrets: string[];
  /** Number of certificates registered. */
  certificates: number;
  redirectUris: { web: string[]; spa: string[]; publicClient: string[] };
  identifierUris: string[];
  isFallbackPublicClient: boolean;
  /** false when the seed says `servicePrincipal: false` (the app cannot sign in in its tenant). */
  hasServicePrincipal: boolean;
}

interface UserSeedSummary {
  upn: string;
  displayName: string;
  /** Plain password from the seed, or null for a user without one. */
  password: string | null;
  enabled: boolean;
}

/**
 * Upsert everything a seed defines, plus Microsoft Graph (its application and a service principal in
 * every seeded tenant). Throws SeedValidationError when the seed has cross-reference problems
 * (parseSeed reports those beforehand; this guards direct callers).
 */
export async function applySeed(seed: Seed, writer: DirectoryWriter, deps: SeedDeps): Promise<SeedSummary> {
  const analysis = analyzeSeed(seed.tenants.map((tenant, index) => ({ tenant, index })));
  if (analysis.problems.length) throw new SeedValidationError(analysis.problems.map(formatProblem));

  for (const { directory, federatedIdentityProviders } of analysis.tenants) {
    const tenant: Tenant = {
      id: directory.tenantId,
      displayName: directory.tenant.displayName,
      domains: [...directory.tenant.domains],
      federatedIdentityProviders,
    };
    await writer.upsertTenant(tenant);
  }
  await writer.upsertApplication(microsoftGraphApplication());

  const summaries: TenantSeedSummary[] = [];
  for (const { directory, appRoleAssignments, permissionGrants } of analysis.tenants) {
    const { tenantId, tenant } = directory;
    const existing = new Map((await writer.listApplications(tenantId)).map((app) => [app.appId.toLowerCase(), app]));

    const appSummaries: AppSeedSummary[] = [];
    for (const entry of directory.apps) {
      if (entry.index === undefined) continue; // Microsoft Graph, written above
      const seedApp = tenant.applications[entry.index];
      const app: Application = {
        ...entry.app,
        passwordCredentials: seedApp.passwordCredentials.map((cred, i) =>
          passwordCredential(tenantId, seedApp, cred, i, existing.get(entry.app.appId), deps),
        ),
        // Certificates added outside the seed (`entrada app add-cert`) are kept: rule in key-credentials.ts.
        keyCredentials: mergeKeyCredentials(
          tenantId,
          entry.app.appId,
          seedApp.keyCredentials.map((cred) => keyCredential(tenantId, seedApp, cred)),
          existing.get(entry.app.appId)?.keyCredentials,
        ),
        federatedIdentityCredentials: seedApp.federatedIdentityCredentials.map((fic) =>
          federatedIdentityCredential(tenantId, entry.app.appId, fic),
        ),
      };
      await writer.upsertApplication(app);
      appSummaries.push(summarizeApp(app, seedApp, entry.spId !== null));
    }

    for (const entry of directory.apps) {
      if (entry.spId === null) continue;
      const settings = entry.index === undefined ? undefined : tenant.applications[entry.index].servicePrincipal;
      const sp: ServicePrincipal = {
        id: entry.spId,
        appId: entry.app.appId,
        tenantId,
        displayName: entry.app.displayName,
        accountEnabled: settings ? settings.accountEnabled : true,
        appRoleAssignmentRequired: settings ? settings.appRoleAssignmentRequired : false,
        servicePrincipalType: 'Application',
        alternativeNames: [],
      };
      await writer.upsertServicePrincipal(sp);
    }

    // Managed identities: service principals with no application (seed/managed-identities.ts).
    for (const mi of directory.managedIdentities) await writer.upsertServicePrincipal(managedIdentityServicePrincipal(tenantId, mi));

    const userSummaries: UserSeedSummary[] = [];
    // Two at a time: each scrypt hash keeps a core busy ~0.3 s (crypto/password-hash.ts), and the
    // threadpool has a thread per core; nothing else runs yet at start-up.
    const hashes = await mapTwoAtATime(directory.users, ({ user }) =>
      user.password === undefined ? Promise.resolve(null) : deps.hashPassword(user.password),
    );
    for (const [i, { user, id }] of directory.users.entries()) {
      const record: User = {
        id,
        tenantId,
        userPrincipalName: user.userPrincipalName,
        displayName: user.displayName,
        givenName: user.givenName,
        surname: user.surname,
        mail: user.mail,
        accountEnabled: user.accountEnabled,
        passwordHash: hashes[i],
      };
      await writer.upsertUser(record);
      userSummaries.push({
        upn: user.userPrincipalName,
        displayName: user.displayName,
        password: user.password ?? null,
        enabled: user.accountEnabled,
      });
    }

    for (const assignment of appRoleAssignments) await writer.upsertAppRoleAssignment(assignment);
    for (const grant of permissionGrants) await writer.upsertPermissionGrant(grant);

    summaries.push({
      tenant: { id: tenantId, displayName: tenant.displayName, defaultDomain: tenant.domains[0] },
      apps: appSummaries,
      managedIdentities: directory.managedIdentities.map((mi) => ({
        type: mi.type,
        name: mi.name,
        clientId: mi.clientId,
        objectId: mi.id,
        resourceId: mi.resourceId,
      })),
      users: userSummaries,
    });
  }
  return { tenants: summaries };
}

function passwordCredential(
  tenantId: Guid,
  seedApp: SeedApplication,
  cred: SeedApplication['passwordCredentials'][number],
  index: number,
  existing: Application | undefined,
  deps: SeedDeps,
): PasswordCredential {
  const keyId = (cred.keyId ?? derivedId.passwordCredential(tenantId, seedApp.appId, index)).toLowerCase();
  const previous = existing?.passwordCredentials.find((c) => c.keyId.toLowerCase() === keyId);
  let startDateTime: string;
  let endDateTime: string;
  if (!cred.startDateTime && !cred.endDateTime && previous) {
    // Dates the seed leaves open were fixed when the secret was first seeded; keep them, as Entra
    // keeps a secret's dates once it is added.
    startDateTime = previous.startDateTime;
    endDateTime = previous.endDateTime;
  } else {
    const end = cred.endDateTime ? new Date(cred.endDateTime) : undefined;
    // An end date already past with no start describes an expired secret: start it two years before.
    const start = cred.startDateTime
      ? new Date(cred.startDateTime)
      : end && end <= deps.now
        ? addYears(end, -2)
        : deps.now;
    startDateTime = toInstant(start);
    endDateTime = toInstant(end ?? addYears(start, 2)); // Graph addPassword's default lifetime
  }
  return {
    keyId,
    displayName: cred.displayName,
    hint: cred.secretText.slice(0, 3),
    secretHash: deps.hashSecret(cred.secretText),
    startDateTime,
    endDateTime,
  };
}

function keyCredential(
  tenantId: Guid,
  seedApp: SeedApplication,
  cred: SeedApplication['keyCredentials'][number],
): KeyCredential {
  const result = readCertificate(cred.key);
  if (!result.ok) throw new SeedValidationError([`keyCredentials of ${seedApp.appId}: ${result.message}`]);
  const { cert } = result;
  return {
    keyId: (cred.keyId ?? derivedId.keyCredential(tenantId, seedApp.appId, cert.thumbprintSha256)).toLowerCase(),
    displayName: cred.displayName,
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
    key: cert.der,
    thumbprintSha1: cert.thumbprintSha1,
    thumbprintSha256: cert.thumbprintSha256,
    startDateTime: cred.startDateTime ? toInstant(new Date(cred.startDateTime)) : cert.notBefore,
    endDateTime: cred.endDateTime ? toInstant(new Date(cred.endDateTime)) : cert.notAfter,
  };
}

function addYears(date: Date, years: number): Date {
  const out = new Date(date.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
}

/** A short human description of how the app signs in, from its platforms and credentials. */
export function describeAppKind(app: Application): string {
  const parts: string[] = [];
  const hasCredential =
    app.passwordCredentials.length > 0 || app.keyCredentials.length > 0 || (app.federatedIdentityCredentials ?? []).length > 0;
  if (app.web.redirectUris.length > 0) parts.push('confidential (web)');
  else if (hasCredential) parts.push('confidential (daemon)');
  if (app.spa.redirectUris.length > 0) parts.push('SPA');
  if (app.isFallbackPublicClient || app.publicClient.redirectUris.length > 0) parts.push('public client');
  if (app.identifierUris.length > 0 || app.api.oauth2PermissionScopes.length > 0 || app.appRoles.length > 0) {
    parts.push('API');
  }
  return parts.length ? parts.join(' + ') : 'no platform configured';
}

function summarizeApp(app: Application, seedApp: SeedApplication, hasServicePrincipal: boolean): AppSeedSummary {
  return {
    appId: app.appId,
    displayName: app.displayName,
    kind: describeAppKind(app),
    secrets: seedApp.passwordCredentials.map((c) => c.secretText),
    certificates: app.keyCredentials.length,
    redirectUris: {
      web: [...app.web.redirectUris],
      spa: [...app.spa.redirectUris],
      publicClient: [...app.publicClient.redirectUris],
    },
    identifierUris: [...app.identifierUris],
    isFallbackPublicClient: app.isFallbackPublicClient === true,
    hasServicePrincipal,
  };
}

/** `fn` over `items`, at most two calls in flight, results in order. */
async function mapTwoAtATime<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all([lane(), lane()]);
  return results;
}
