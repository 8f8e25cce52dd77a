// Applying a validated seed: every object it defines is written through the directory, ids settled
// deterministically, unless the rule of seed/merge.ts leaves it alone (changed or deleted at run
// time since the seed last wrote it). Objects absent from the seed are left alone, never deleted.

import { findDirectoryRole } from '../core/policy/graph-permissions.js';
import type {
  Application,
  AppRoleAssignment,
  Group,
  Guid,
  KeyCredential,
  OAuth2PermissionGrant,
  PasswordCredential,
  ServicePrincipal,
  Tenant,
  User,
} from '../core/model.js';
import type { DirectoryStore } from '../core/ports.js';
import { readCertificate, toInstant } from './certificate.js';
import type { TenantDirectory } from './directory.js';
import { applyDirectoryRoles } from './directory-roles.js';
import type { ResolvedGroup } from './groups.js';
import { keyCredentialOf, mergeKeyCredentials } from './key-credentials.js';
import { federatedIdentityCredential } from './federated-credentials.js';
import { azureManagementApplication } from './azure-management.js';
import { writeConditionalAccess } from './conditional-access-apply.js';
import { writeTokenLifetimePolicies } from './token-lifetime-policies.js';
import { microsoftGraphApplication } from './graph.js';
import { derivedId } from './ids.js';
import { managedIdentityServicePrincipal } from './managed-identities.js';
import { SeedMerge, type SeedAction, type SeedKind, type SeedLedger, type SeedMode, type SeedObjectReport } from './merge.js';
import { formatProblem, SeedValidationError } from './problems.js';
import type { Seed, SeedApplication } from './schema.js';
import { analyzeSeed } from './validate.js';

export interface SeedDeps {
  /** Salted hash of a client secret (crypto/secret-hash.ts). */
  hashSecret: (value: string) => string;
  /** Whether a stored client secret hash is of `value` (crypto/secret-hash.ts); a match is kept, not rehashed. */
  verifySecret: (value: string, stored: string) => boolean;
  /** scrypt hash of a user password (crypto/password-hash.ts). */
  hashPassword: (password: string) => Promise<string>;
  /** Whether a stored password hash is of `password` (crypto/password-hash.ts); a match is kept, not rehashed. */
  verifyPassword: (password: string, stored: string) => Promise<boolean>;
  /** Default start of secrets the seed gives no dates for. */
  now: Date;
}

/** What the seed reads and writes: the upserts, and each object by id (to compare and read back). */
export type SeedDirectory = Pick<
  DirectoryStore,
  | 'upsertTenant'
  | 'upsertApplication'
  | 'upsertServicePrincipal'
  | 'upsertUser'
  | 'upsertAppRoleAssignment'
  | 'upsertPermissionGrant'
  | 'findTenant'
  | 'getApplication'
  | 'getServicePrincipal'
  | 'getUser'
  | 'getAppRoleAssignment'
  | 'getPermissionGrant'
  | 'setDirectoryRole'
  | 'getNamedLocation'
  | 'upsertNamedLocation'
  | 'getConditionalAccessPolicy'
  | 'upsertConditionalAccessPolicy'
  | 'getTokenLifetimePolicy'
  | 'upsertTokenLifetimePolicy'
  | 'listGroups'
  | 'getGroup'
  | 'upsertGroup'
  | 'addRelation'
>;

export interface ApplySeedOptions {
  /** `merge` (default) or `reset`: seed/merge.ts. */
  mode?: SeedMode;
  /**
   * The fingerprints of what the seed wrote before (storage.directoryAdmin). Without it nothing
   * counts as seeded before, so every object the seed defines is written, and nothing is recorded.
   */
  ledger?: SeedLedger;
  /**
   * Runs the writes as one directory transaction (DirectoryAdmin.transact): nodes starting together
   * seed one after the other (seed/merge.ts). The ledger is read before it and written after it.
   */
  transact?: <T>(work: (directory: SeedDirectory) => Promise<T>) => Promise<T>;
}

/** What was seeded, with the demo credentials in plain text, for printing at start-up. */
export interface SeedSummary {
  tenants: TenantSeedSummary[];
}

export interface TenantSeedSummary {
  tenant: { id: Guid; displayName: string; defaultDomain: string };
  /** The tenant's own applications, in seed order (Microsoft Graph, built in, is not listed); not those kept deleted. */
  apps: AppSeedSummary[];
  /** Its users, in seed order; not those kept deleted. */
  users: UserSeedSummary[];
  /** Its managed identities, in seed order. */
  managedIdentities: ManagedIdentitySeedSummary[];
  /** What the seed did with each object of the tenant, the tenant first (seed/merge.ts). */
  objects: SeedObjectReport[];
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
  /** Its enabled delegated permissions (api.oauth2PermissionScopes values): what a client asks for with a user signed in. */
  scopes: string[];
  /** Its enabled app roles that applications may hold (allowedMemberTypes Application): app-only permissions. */
  appOnlyRoles: string[];
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
  /** Directory roles the seed gives the user, by display name (e.g. Global Administrator). */
  directoryRoles: string[];
}

type SeedAnalysis = ReturnType<typeof analyzeSeed>;

/**
 * Applies everything a seed defines under the rule of seed/merge.ts (mode `merge` unless told),
 * plus Microsoft Graph (its application, always rewritten, and a service principal in every seeded
 * tenant). Throws SeedValidationError when the seed has cross-reference problems (parseSeed
 * reports those beforehand; this guards direct callers).
 */
export async function applySeed(
  seed: Seed,
  directory: SeedDirectory,
  deps: SeedDeps,
  options: ApplySeedOptions = {},
): Promise<SeedSummary> {
  const analysis = analyzeSeed(seed.tenants.map((tenant, index) => ({ tenant, index })));
  if (analysis.problems.length) throw new SeedValidationError(analysis.problems.map(formatProblem));

  const merge = await SeedMerge.open(options.mode ?? 'merge', options.ledger);
  const run = options.transact ?? (<T>(work: (d: SeedDirectory) => Promise<T>) => work(directory));
  const summary = await run((tx) => writeSeed(analysis, tx, deps, merge));
  await merge.commit();
  return summary;
}

async function writeSeed(analysis: SeedAnalysis, directory: SeedDirectory, deps: SeedDeps, merge: SeedMerge): Promise<SeedSummary> {
  const step = stepper(merge);
  const tenantReports = new Map<Guid, SeedObjectReport>();
  for (const { directory: tenantDirectory, federatedIdentityProviders } of analysis.tenants) {
    const id = tenantDirectory.tenantId;
    const tenant: Tenant = {
      id,
      displayName: tenantDirectory.tenant.displayName,
      domains: [...tenantDirectory.tenant.domains],
      federatedIdentityProviders,
      // Present only when on, as storage reads it back (seed/merge.ts fingerprints).
      ...(tenantDirectory.tenant.securityDefaults ? { securityDefaultsEnabled: true } : {}),
      // Absent when the seed leaves Entra's defaults, as storage reads it back (seed/merge.ts fingerprints).
      ...(tenantDirectory.tenant.smartLockout ? { smartLockout: { ...tenantDirectory.tenant.smartLockout } } : {}),
      // The optional claims' tenant values (tenant_ctry, xms_tpl); absent unless set, likewise.
      ...(tenantDirectory.tenant.countryLetterCode ? { countryLetterCode: tenantDirectory.tenant.countryLetterCode } : {}),
      ...(tenantDirectory.tenant.preferredLanguage ? { preferredLanguage: tenantDirectory.tenant.preferredLanguage } : {}),
    };
    const report = await step('tenant', id, tenant.displayName, () => directory.findTenant(id), async () => {
      await directory.upsertTenant(tenant);
    });
    tenantReports.set(id, report);
  }
  // Entrada's own, not the user's: rewritten at every start, never recorded.
  await directory.upsertApplication(microsoftGraphApplication());
  await directory.upsertApplication(azureManagementApplication());

  const summaries: TenantSeedSummary[] = [];
  for (const { directory: tenantDirectory, groups, appRoleAssignments, permissionGrants, conditionalAccess, tokenLifetimePolicies } of analysis.tenants) {
    const tenantReport = tenantReports.get(tenantDirectory.tenantId);
    const objects: SeedObjectReport[] = tenantReport ? [tenantReport] : [];
    const track = (report: SeedObjectReport) => {
      objects.push(report);
      return report;
    };
    const apps = await writeApplications(tenantDirectory, directory, deps, merge, track);
    await writeServicePrincipals(tenantDirectory, directory, step, track);
    const users = await writeUsers(tenantDirectory, directory, deps, merge, track);
    await applyDirectoryRoles(tenantDirectory, directory); // users[].directoryRoles: seed/directory-roles.ts
    // Groups with their members and owners (seed/groups.ts), before the assignments that name them.
    for (const { group, members, owners } of groups) {
      track(
        await step('group', group.id, group.displayName, () => directory.getGroup(group.id), async (stored: Group | undefined) => {
          // The first write's creation time is kept, so an unchanged group stays unchanged.
          await directory.upsertGroup({ ...group, createdDateTime: stored?.createdDateTime ?? deps.now.toISOString() });
          for (const relation of members) await directory.addRelation('member', relation);
          for (const relation of owners) await directory.addRelation('owner', relation);
        }),
      );
    }
    const names = objectNames(tenantDirectory, groups);
    for (const a of appRoleAssignments) {
      track(await step('appRoleAssignment', a.id, names.assignment(a), () => directory.getAppRoleAssignment(a.id), () => directory.upsertAppRoleAssignment(a)));
    }
    for (const g of permissionGrants) {
      track(await step('oauth2PermissionGrant', g.id, names.grant(g), () => directory.getPermissionGrant(g.id), () => directory.upsertPermissionGrant(g)));
    }
    // Last: policies name the users and apps above (seed/conditional-access-apply.ts).
    await writeConditionalAccess(tenantDirectory.tenantId, conditionalAccess, directory, step, track, deps.now);
    // Token lifetime policies name the apps' service principals written above.
    await writeTokenLifetimePolicies(tenantDirectory.tenantId, tokenLifetimePolicies, directory, step, track);

    const { tenantId, tenant } = tenantDirectory;
    summaries.push({
      tenant: { id: tenantId, displayName: tenant.displayName, defaultDomain: tenant.domains[0] },
      apps,
      managedIdentities: tenantDirectory.managedIdentities.map((mi) => ({
        type: mi.type,
        name: mi.name,
        clientId: mi.clientId,
        objectId: mi.id,
        resourceId: mi.resourceId,
      })),
      users,
      objects,
    });
  }
  return { tenants: summaries };
}

/**
 * One object through the rule: read it, decide, and either leave it (reported) or write it, read
 * it back and report. `write` receives the stored object, for what the seed keeps of it.
 */
type Step = <T extends object>(
  kind: SeedKind,
  id: Guid,
  displayName: string,
  read: () => Promise<T | undefined>,
  write: (stored: T | undefined) => Promise<void>,
) => Promise<SeedObjectReport>;

function stepper(merge: SeedMerge): Step {
  return async (kind, id, displayName, read, write) => {
    const stored = await read();
    const action = merge.plan(kind, id, stored);
    if (action.do !== 'write') return merge.kept(kind, id, displayName, action);
    await write(stored);
    return merge.written(kind, id, displayName, action, await read());
  };
}

async function writeApplications(
  tenantDirectory: TenantDirectory,
  directory: SeedDirectory,
  deps: SeedDeps,
  merge: SeedMerge,
  track: (report: SeedObjectReport) => SeedObjectReport,
): Promise<AppSeedSummary[]> {
  const { tenantId, tenant } = tenantDirectory;
  const summaries: AppSeedSummary[] = [];
  for (const entry of tenantDirectory.apps) {
    if (entry.index === undefined) continue; // Microsoft Graph and Azure Resource Manager, written above
    const seedApp = tenant.applications[entry.index];
    const { id, displayName } = entry.app;
    const stored = await directory.getApplication(id);
    const action = merge.plan('application', id, stored);
    if (action.do !== 'write') {
      const report = track(merge.kept('application', id, displayName, action));
      // The banner describes the app as it is (changed at run time), or not at all (deleted).
      if (stored && report.outcome === 'kept') summaries.push(summarizeApp(stored, seedApp, entry.spId !== null));
      continue;
    }
    const app: Application = {
      ...entry.app,
      passwordCredentials: seedApp.passwordCredentials.map((cred, i) => passwordCredential(tenantId, seedApp, cred, i, stored, deps)),
      // Certificates added outside the seed (`entrada app add-cert`) are kept: rule in key-credentials.ts.
      keyCredentials: mergeKeyCredentials(
        tenantId,
        entry.app.appId,
        seedApp.keyCredentials.map((cred) => keyCredential(tenantId, seedApp, cred)),
        stored?.keyCredentials,
      ),
      federatedIdentityCredentials: seedApp.federatedIdentityCredentials.map((fic) =>
        federatedIdentityCredential(tenantId, entry.app.appId, fic),
      ),
    };
    await directory.upsertApplication(app);
    track(merge.written('application', id, displayName, action, await directory.getApplication(id)));
    summaries.push(summarizeApp(app, seedApp, entry.spId !== null));
  }
  return summaries;
}

async function writeServicePrincipals(
  tenantDirectory: TenantDirectory,
  directory: SeedDirectory,
  step: Step,
  track: (report: SeedObjectReport) => SeedObjectReport,
): Promise<void> {
  const { tenantId, tenant } = tenantDirectory;
  const principals: ServicePrincipal[] = [];
  for (const entry of tenantDirectory.apps) {
    if (entry.spId === null) continue;
    const settings = entry.index === undefined ? undefined : tenant.applications[entry.index].servicePrincipal;
    principals.push({
      id: entry.spId,
      appId: entry.app.appId,
      tenantId,
      displayName: entry.app.displayName,
      accountEnabled: settings ? settings.accountEnabled : true,
      appRoleAssignmentRequired: settings ? settings.appRoleAssignmentRequired : false,
      servicePrincipalType: 'Application',
      alternativeNames: [],
    });
  }
  // Managed identities: service principals with no application (seed/managed-identities.ts).
  for (const mi of tenantDirectory.managedIdentities) principals.push(managedIdentityServicePrincipal(tenantId, mi));
  for (const sp of principals) {
    track(await step('servicePrincipal', sp.id, sp.displayName, () => directory.getServicePrincipal(sp.id), () => directory.upsertServicePrincipal(sp)));
  }
}

async function writeUsers(
  tenantDirectory: TenantDirectory,
  directory: SeedDirectory,
  deps: SeedDeps,
  merge: SeedMerge,
  track: (report: SeedObjectReport) => SeedObjectReport,
): Promise<UserSeedSummary[]> {
  const { tenantId } = tenantDirectory;
  // Decide first, then check or hash the passwords of the users to write, then write: scrypt is
  // the slow part, and runs two at a time.
  const planned: Array<{ stored: User | undefined; action: SeedAction }> = [];
  for (const { id } of tenantDirectory.users) {
    const stored = await directory.getUser(tenantId, id);
    planned.push({ stored, action: merge.plan('user', id, stored) });
  }
  // Two at a time: each scrypt hash (or check) keeps a core busy ~0.3 s (crypto/password-hash.ts),
  // and the threadpool has a thread per core; nothing else runs yet at start-up.
  const hashes = await mapTwoAtATime(tenantDirectory.users, async ({ user }, i) => {
    const { stored, action } = planned[i];
    if (action.do !== 'write' || user.password === undefined) return null;
    // The stored hash of the seed's password is kept: a fresh salt would change the stored user.
    if (stored?.passwordHash && (await deps.verifyPassword(user.password, stored.passwordHash))) return stored.passwordHash;
    return deps.hashPassword(user.password);
  });

  const summaries: UserSeedSummary[] = [];
  for (const [i, { user, id }] of tenantDirectory.users.entries()) {
    const { action } = planned[i];
    let report: SeedObjectReport;
    if (action.do === 'write') {
      await directory.upsertUser({
        id,
        tenantId,
        userPrincipalName: user.userPrincipalName,
        displayName: user.displayName,
        givenName: user.givenName,
        surname: user.surname,
        mail: user.mail,
        accountEnabled: user.accountEnabled,
        passwordHash: hashes[i],
        ...(user.forceChangePasswordNextSignIn ? { forceChangePasswordNextSignIn: true } : {}),
        // Absent unless the seed sets them, as storage reads users back (seed/merge.ts fingerprints).
        ...(user.perUserMfa !== undefined ? { perUserMfaState: user.perUserMfa } : {}),
        ...(user.mfaRegistered !== undefined ? { mfaRegistered: user.mfaRegistered } : {}),
        // What optional claims read (ctry, xms_pl), and usageLocation: absent unless set, likewise.
        ...(user.country ? { country: user.country } : {}),
        ...(user.preferredLanguage ? { preferredLanguage: user.preferredLanguage } : {}),
        ...(user.usageLocation ? { usageLocation: user.usageLocation } : {}),
      });
      report = merge.written('user', id, user.displayName, action, await directory.getUser(tenantId, id));
    } else {
      report = merge.kept('user', id, user.displayName, action);
    }
    track(report);
    if (report.outcome === 'kept deleted') continue;
    summaries.push({
      upn: user.userPrincipalName,
      displayName: user.displayName,
      password: user.password ?? null,
      enabled: user.accountEnabled,
      directoryRoles: (user.directoryRoles ?? []).flatMap((ref) => findDirectoryRole(ref)?.displayName ?? []),
    });
  }
  return summaries;
}

/** Readable names of a tenant's assignments and grants, for the start-up report. */
function objectNames(tenantDirectory: TenantDirectory, groups: readonly ResolvedGroup[]) {
  const principals = new Map<Guid, string>();
  const roles = new Map<string, string>();
  for (const entry of tenantDirectory.apps) {
    if (entry.spId === null) continue;
    principals.set(entry.spId, entry.app.displayName);
    for (const role of entry.app.appRoles) roles.set(`${entry.spId}|${role.id}`, role.value);
  }
  for (const mi of tenantDirectory.managedIdentities) principals.set(mi.id, mi.name);
  for (const { user, id } of tenantDirectory.users) principals.set(id, user.userPrincipalName);
  for (const { group } of groups) principals.set(group.id, group.displayName);
  const name = (id: Guid | null) => (id === null ? '' : (principals.get(id) ?? id));
  return {
    assignment: (a: AppRoleAssignment) => `${name(a.principalId)} → ${name(a.resourceId)}: ${roles.get(`${a.resourceId}|${a.appRoleId}`) ?? a.appRoleId}`,
    grant: (g: OAuth2PermissionGrant) =>
      `${name(g.clientId)} → ${name(g.resourceId)}: ${g.scope}${g.consentType === 'Principal' ? ` (for ${name(g.principalId)})` : ' (all users)'}`,
  };
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
    // The stored hash of the seed's secret is kept: a fresh salt would change the stored app.
    secretHash: previous && deps.verifySecret(cred.secretText, previous.secretHash) ? previous.secretHash : deps.hashSecret(cred.secretText),
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
  return keyCredentialOf(cred, cert, cred.keyId ?? derivedId.keyCredential(tenantId, seedApp.appId, cert.thumbprintSha256));
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
    scopes: app.api.oauth2PermissionScopes.filter((p) => p.isEnabled).map((p) => p.value),
    appOnlyRoles: app.appRoles.filter((r) => r.isEnabled && r.allowedMemberTypes.includes('Application')).map((r) => r.value),
    isFallbackPublicClient: app.isFallbackPublicClient === true,
    hasServicePrincipal,
  };
}

/** `fn` over `items`, at most two calls in flight, results in order. */
async function mapTwoAtATime<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all([lane(), lane()]);
  return results;
}
