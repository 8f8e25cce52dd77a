// Graph's `applications` (app registrations): create, read, update, delete, secrets, federated
// credentials and owners. Bodies are read through the seed's own schema and checked with the
// seed's own rules (seed/schema.ts, seed/validate.ts), so Graph and the seed file accept exactly
// the same registrations.

import type { Application, FederatedIdentityCredential, Guid, KeyCredential, PasswordCredential } from '../core/model.js';
import type { DirectoryStore } from '../core/ports.js';
import { z } from 'zod';
import { isGuid } from '../core/guid.js';
import { readCertificate } from '../seed/certificate.js';
import { keyCredentialOf } from '../seed/key-credentials.js';
import { buildApplication, normalizeIdentifier, type DirectoryApp } from '../seed/directory.js';
import { checkFederatedCredentials, federatedIdentityCredential, federatedIdentityCredentialSchema } from '../seed/federated-credentials.js';
import { MICROSOFT_GRAPH_APP_ID, MICROSOFT_GRAPH_IDENTIFIER_URI } from '../seed/graph.js';
import type { SeedPath, SeedProblem } from '../seed/problems.js';
import { ApplicationSchema, type SeedApplication } from '../seed/schema.js';
import { checkApplication, type GlobalApps } from '../seed/validate.js';
import { authorize, } from './authorize.js';
import type { GraphActor } from './context.js';
import { badRequest, GraphError, invalidValue, notFound } from './errors.js';
import { objectBody, parseWith, problemError, refuseKeys } from './input.js';
import { appIdKey, objectId } from './objects.js';
import type { Audit, DirectoryService } from './service.js';

const RESOURCE = 'Application';

/** Properties a body may not set, and why. */
const READ_ONLY: Record<string, string> = {
  id: 'The object id is assigned by the directory.',
  appId: 'The application (client) id is assigned by the directory.',
  createdDateTime: 'It is read-only.',
  publisherDomain: 'It is read-only (the tenant\u2019s default domain).',
  deletedDateTime: 'It is read-only.',
  passwordCredentials: 'Client secrets are added with POST /applications/{id}/addPassword and removed with removePassword.',
  federatedIdentityCredentials: 'Use the /applications/{id}/federatedIdentityCredentials collection.',
  servicePrincipal: 'Create the service principal with POST /servicePrincipals {"appId": …}.',
};

/** Graph properties Entrada returns at fixed values; a body may repeat them (GET-modify-PATCH) but not change them. */
const ECHOED = new Set(['applicationTemplateId', 'disabledByMicrosoftStatus', 'certification', 'requestSignatureVerification', 'verifiedPublisher', 'parentalControlSettings', 'addIns']);

/** An application by object id, or by `appId` (Graph's `applications(appId='…')`). */
/** A malformed key is Graph's 400 (objects.ts), an unknown one undefined. */
export async function findApplication(store: DirectoryStore, key: { id: string } | { appId: string }): Promise<Application | undefined> {
  if ('id' in key) return store.getApplication(objectId(key.id));
  return store.getApplicationByAppId(appIdKey(key.appId));
}

async function mustFind(store: DirectoryStore, actor: GraphActor, key: { id: string } | { appId: string }): Promise<Application> {
  const app = await findApplication(store, key);
  // Another tenant's app (and Microsoft Graph's own) is not there, as far as this tenant's Graph is concerned.
  if (!app || app.tenantId !== actor.tenantId) throw notFound('id' in key ? key.id : key.appId);
  return app;
}

export async function getApplication(service: DirectoryService, actor: GraphActor, key: { id: string } | { appId: string }): Promise<Application> {
  await authorize(actor, 'applications.read', service.read);
  return mustFind(service.read, actor, key);
}

export async function listApplications(service: DirectoryService, actor: GraphActor): Promise<Application[]> {
  await authorize(actor, 'applications.read', service.read);
  return service.read.listApplications(actor.tenantId);
}

/** The stored app as a seed entry: what a PATCH body is laid over. */
function asSeedInput(app: Application): Record<string, unknown> {
  return {
    id: app.id,
    appId: app.appId,
    displayName: app.displayName,
    signInAudience: app.signInAudience,
    web: {
      redirectUris: app.web.redirectUris,
      implicitGrantSettings: app.web.implicitGrantSettings,
      ...(app.web.homePageUrl !== undefined ? { homePageUrl: app.web.homePageUrl } : {}),
      ...(app.web.logoutUrl !== undefined ? { logoutUrl: app.web.logoutUrl } : {}),
    },
    spa: { redirectUris: app.spa.redirectUris },
    publicClient: { redirectUris: app.publicClient.redirectUris },
    isFallbackPublicClient: app.isFallbackPublicClient ?? false,
    identifierUris: app.identifierUris,
    appRoles: app.appRoles,
    api: {
      oauth2PermissionScopes: app.api.oauth2PermissionScopes,
      requestedAccessTokenVersion: app.api.requestedAccessTokenVersion,
    },
    requiredResourceAccess: app.requiredResourceAccess,
    servicePrincipal: false,
    ...(app.extras ?? {}),
  };
}

/**
 * A PATCH body laid over the stored app [I]: top-level properties replace; the complex ones
 * (`web`, `spa`, `publicClient`, `api`, and `web.implicitGrantSettings`) merge property by
 * property, so `{"web":{"redirectUris":[…]}}` keeps the implicit grant settings, as OData PATCH
 * does for complex types. Collections are replaced whole.
 */
function overlay(base: Record<string, unknown>, body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(body)) {
    const before = base[key];
    if (['web', 'spa', 'publicClient', 'api'].includes(key) && isPlainObject(value) && isPlainObject(before)) {
      const merged: Record<string, unknown> = { ...before, ...value };
      if (key === 'web' && isPlainObject(value.implicitGrantSettings) && isPlainObject(before.implicitGrantSettings)) {
        merged.implicitGrantSettings = { ...before.implicitGrantSettings, ...value.implicitGrantSettings };
      }
      out[key] = merged;
    } else out[key] = value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Drops Graph's read-only echoes from a body (they may come back from a GET) and refuses the rest. */
function writableBody(body: Record<string, unknown>, stored: Application | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (ECHOED.has(key) || key.startsWith('@odata.')) continue;
    if (key === 'web' || key === 'api') {
      out[key] = withoutNestedEchoes(key, value);
      continue;
    }
    // What GET shows of the secrets, sent back unchanged, is no change (they are managed with addPassword).
    if (key === 'passwordCredentials' && stored && sameKeyIds(value, stored.passwordCredentials)) continue;
    // A GET-modify-PATCH client sends the read-only ids back unchanged: that is no change.
    if (stored && (key === 'id' || key === 'appId') && typeof value === 'string' && value.toLowerCase() === stored[key]) continue;
    if (stored && (key === 'publisherDomain' || key === 'createdDateTime' || key === 'deletedDateTime')) continue;
    out[key] = value;
  }
  refuseKeys(out, READ_ONLY);
  return out;
}

/**
 * Nested properties GET returns at fixed values: `web.redirectUriSettings` (derived from
 * redirectUris), and `api.acceptMappedClaims` / `knownClientApplications` /
 * `preAuthorizedApplications`, which Entrada does not model; sent back as GET returned them they
 * are dropped, with another value they are refused by the schema as unknown.
 */
function withoutNestedEchoes(key: 'web' | 'api', value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const out = { ...value };
  if (key === 'web') delete out.redirectUriSettings;
  if (key === 'api') {
    if (out.acceptMappedClaims === null) delete out.acceptMappedClaims;
    for (const k of ['knownClientApplications', 'preAuthorizedApplications']) if (Array.isArray(out[k]) && out[k].length === 0) delete out[k];
  }
  return out;
}

function sameKeyIds(value: unknown, stored: readonly PasswordCredential[]): boolean {
  if (!Array.isArray(value) || value.length !== stored.length) return false;
  const ids = value.map((v) => (isPlainObject(v) && typeof v.keyId === 'string' ? v.keyId.toLowerCase() : '')).sort();
  return JSON.stringify(ids) === JSON.stringify(stored.map((p) => p.keyId).sort());
}

/**
 * Graph's keyCredentials in a body: a credential that names a stored keyId without `key` keeps
 * the stored certificate (a client sends back what GET returned, where `key` is null).
 */
function keyCredentialsInput(value: unknown, stored: Application | undefined): { input: unknown; kept: Map<string, KeyCredential> } {
  const kept = new Map<string, KeyCredential>();
  if (!Array.isArray(value)) return { input: value, kept };
  const input = value.map((item) => {
    if (!isPlainObject(item) || (item.key !== null && item.key !== undefined)) return item;
    const keyId = typeof item.keyId === 'string' ? item.keyId.toLowerCase() : undefined;
    const existing = stored?.keyCredentials.find((k) => k.keyId === keyId);
    if (!existing) return item;
    kept.set(existing.keyId, existing);
    return { ...item, key: existing.key };
  });
  return { input, kept };
}

/** Every app the new registration must not collide with (all tenants; Microsoft Graph's URI too). */
async function otherApps(store: DirectoryStore, self: Guid | undefined): Promise<Application[]> {
  const apps: Application[] = [];
  for (const tenant of await store.listTenants()) apps.push(...(await store.listApplications(tenant.id)));
  return apps.filter((a) => a.id !== self);
}

/** The checks the seed runs across objects, for one app against the stored directory. */
async function checkAgainstDirectory(store: DirectoryStore, actor: GraphActor, seedApp: SeedApplication, self: Application | undefined): Promise<void> {
  const problems: SeedProblem[] = [];
  const report = (path: SeedPath, message: string) => problems.push({ path, message });
  const others = await otherApps(store, self?.id);
  const byAppId: GlobalApps = new Map();
  others.forEach((app, index) => {
    if (app.appId !== MICROSOFT_GRAPH_APP_ID) byAppId.set(app.appId, { tenantIndex: 0, entry: { app, index, spId: null } as DirectoryApp });
  });
  checkApplication(seedApp, [], byAppId, report);
  checkFederatedCredentials(seedApp.federatedIdentityCredentials, [], report);
  if (problems.length) throw problemError(problems[0], RESOURCE);

  const taken = new Map<string, Application | null>([[normalizeIdentifier(MICROSOFT_GRAPH_IDENTIFIER_URI), null]]);
  for (const app of others) for (const uri of app.identifierUris) taken.set(normalizeIdentifier(uri), app);
  const tenant = await store.findTenant(actor.tenantId);
  const domains = (tenant?.domains ?? []).map((d) => d.toLowerCase());
  for (const uri of seedApp.identifierUris) {
    const holder = taken.get(normalizeIdentifier(uri));
    if (holder !== undefined) {
      throw new GraphError(400, 'Request_BadRequest', `Another object with the same value for property identifierUris already exists.`, [
        {
          code: 'ObjectConflict',
          target: 'identifierUris',
          // Another tenant's app is not named: its name and appId are that tenant's business.
          message: `'${uri}' is already an identifier URI of ${!holder ? 'Microsoft Graph' : holder.tenantId === actor.tenantId ? `'${holder.displayName}' (appId ${holder.appId})` : "an application of another tenant (identifier URIs are unique across the installation, since a multi-tenant app's URI names it everywhere)"}; a token request names its resource by it, so it must be unique.`,
        },
      ]);
    }
    // New http(s) identifier URIs must be on a verified domain of the tenant or a subdomain of one
    // [D: Entra's 2021 identifier URI restriction]. api:// URIs are not restricted here [I: the
    // newer per-tenant policy that also restricts them is off by default for existing tenants].
    const known = self?.identifierUris.some((u) => normalizeIdentifier(u) === normalizeIdentifier(uri));
    if (!known && /^https?:\/\//i.test(uri)) {
      const host = new URL(uri).hostname.toLowerCase();
      if (!domains.some((d) => host === d || host.endsWith(`.${d}`))) {
        throw new GraphError(400, 'HostNameNotOnVerifiedDomain', `Values of identifierUris property must use a verified domain of the organization or its subdomain: '${uri}'`, [
          { code: 'HostNameNotOnVerifiedDomain', target: 'identifierUris', message: `Verified domains of this tenant: ${domains.join(', ')}. Or use api://${self?.appId ?? '<appId>'}.` },
        ]);
      }
    }
  }
}

/**
 * Enabled app roles and scopes cannot be removed or changed in place: Graph wants them disabled
 * first (isEnabled: false), so tokens already issued with them are not silently orphaned [D: Graph
 * application update; O: CannotDeleteOrUpdateEnabledEntitlement].
 */
function checkEntitlements(before: Application, after: Application): void {
  const pairs = [
    [before.appRoles, after.appRoles, 'appRoles'],
    [before.api.oauth2PermissionScopes, after.api.oauth2PermissionScopes, 'api'],
  ] as const;
  for (const [old, next, property] of pairs) {
    for (const entitlement of old) {
      if (!entitlement.isEnabled) continue;
      const now = (next as ReadonlyArray<{ id: string; value: string; isEnabled: boolean }>).find((e) => e.id === entitlement.id);
      if (!now || now.value !== entitlement.value) {
        throw new GraphError(
          400,
          'CannotDeleteOrUpdateEnabledEntitlement',
          `Permission (scope or role) cannot be deleted or updated unless disabled first. '${entitlement.value}' (${entitlement.id}) in '${property}' is enabled: PATCH it with isEnabled: false first.`,
        );
      }
    }
  }
}

/** Builds the Application a (merged) body describes, checked like a seed entry. */
async function readRegistration(
  store: DirectoryStore,
  actor: GraphActor,
  input: Record<string, unknown>,
  stored: Application | undefined,
  newId: () => string,
): Promise<Application> {
  const { input: keyInput, kept } = keyCredentialsInput(input.keyCredentials, stored);
  const seedApp = parseWith(ApplicationSchema, { ...input, ...(input.keyCredentials !== undefined ? { keyCredentials: keyInput } : {}) }, RESOURCE);
  await checkAgainstDirectory(store, actor, seedApp, stored);
  const built = buildApplication(actor.tenantId, seedApp);
  const keyCredentials =
    input.keyCredentials === undefined && stored
      ? stored.keyCredentials
      : seedApp.keyCredentials.map((cred, i) => keyCredential(cred, kept.get((cred.keyId ?? '').toLowerCase()), i, newId));
  return {
    ...built,
    passwordCredentials: stored?.passwordCredentials ?? [],
    keyCredentials,
    federatedIdentityCredentials: stored?.federatedIdentityCredentials ?? [],
    ...(stored?.createdDateTime ? { createdDateTime: stored.createdDateTime } : {}),
  };
}

function keyCredential(cred: SeedApplication['keyCredentials'][number], kept: KeyCredential | undefined, index: number, newId: () => string): KeyCredential {
  const result = readCertificate(cred.key);
  if (!result.ok) throw invalidValue('keyCredentials', RESOURCE, `keyCredentials[${index}].key: ${result.message}.`);
  return keyCredentialOf(cred, result.cert, cred.keyId ?? kept?.keyId ?? newId(), kept);
}

/** What an audit entry shows of an app: never a credential's secret or certificate. */
function auditView(app: Application | undefined): Record<string, unknown> {
  if (!app) return {};
  return {
    displayName: app.displayName,
    signInAudience: app.signInAudience,
    appAddress: [
      ...app.web.redirectUris.map((uri) => ({ AddressType: 0, Address: uri, ReplyAddressClientType: 'Web' })),
      ...app.spa.redirectUris.map((uri) => ({ AddressType: 0, Address: uri, ReplyAddressClientType: 'Spa' })),
      ...app.publicClient.redirectUris.map((uri) => ({ AddressType: 0, Address: uri, ReplyAddressClientType: 'InstalledClient' })),
    ],
    isFallbackPublicClient: app.isFallbackPublicClient ?? false,
    identifierUris: app.identifierUris,
    appRoles: app.appRoles.map((r) => `${r.value}${r.isEnabled ? '' : ' (disabled)'}`),
    oauth2PermissionScopes: app.api.oauth2PermissionScopes.map((s) => `${s.value}${s.isEnabled ? '' : ' (disabled)'}`),
    requestedAccessTokenVersion: app.api.requestedAccessTokenVersion,
    requiredResourceAccess: app.requiredResourceAccess,
    keyCredentials: app.keyCredentials.map((k) => `[KeyIdentifier=${k.keyId},KeyType=AsymmetricX509Cert,KeyUsage=Verify,DisplayName=${k.displayName ?? ''}]`),
    implicitGrantSettings: app.web.implicitGrantSettings,
    logoutUrl: app.web.logoutUrl ?? null,
  };
}

function changes(before: Application | undefined, after: Application | undefined): Record<string, [unknown, unknown]> {
  const a = auditView(before);
  const b = auditView(after);
  const out: Record<string, [unknown, unknown]> = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) out[key] = [a[key], b[key]];
  return out;
}

function target(app: Application) {
  return { id: app.id, displayName: app.displayName, type: 'Application' as const };
}

export async function createApplication(service: DirectoryService, actor: GraphActor, rawBody: unknown): Promise<Application> {
  await authorize(actor, 'applications.create', service.read);
  const body = writableBody(objectBody(rawBody), undefined);
  if (!('displayName' in body)) throw badRequest("Property 'displayName' is required when creating the application.");
  return service.write(actor, async (tx, audit) => {
    const id = service.newId();
    const appId = service.newId();
    const app = await readRegistration(tx, actor, { ...body, id, appId, servicePrincipal: false }, undefined, () => service.newId());
    const created: Application = { ...app, createdDateTime: service.now().toISOString() };
    await tx.upsertApplication(created);
    audit({ activity: 'Add application', category: 'ApplicationManagement', operationType: 'Add', target: target(created), properties: { appId: [undefined, appId], ...changes(undefined, created) } });
    // Graph makes the caller an owner of what it creates (its service principal, or the user).
    const owner = actor.user ? { id: actor.user.id, type: 'User' as const } : actor.app.servicePrincipalId ? { id: actor.app.servicePrincipalId, type: 'ServicePrincipal' as const } : undefined;
    if (owner) {
      await tx.addRelation('owner', { objectId: created.id, relatedId: owner.id, relatedType: owner.type });
      audit({ activity: 'Add owner to application', category: 'ApplicationManagement', operationType: 'Add', target: target(created), related: [{ id: owner.id, displayName: actor.user?.displayName ?? actor.app.displayName, type: owner.type === 'User' ? 'User' : 'ServicePrincipal' }] });
    }
    return created;
  });
}

export async function updateApplication(
  service: DirectoryService,
  actor: GraphActor,
  key: { id: string } | { appId: string },
  rawBody: unknown,
): Promise<void> {
  // A PATCH without a body changes nothing (az sends one for `ad app update` without flags).
  const raw = rawBody === undefined ? {} : objectBody(rawBody);
  // The permission first, the object after: a caller without it learns nothing of what exists.
  await authorize(actor, 'applications.write', service.read);
  await service.write(actor, async (tx, audit) => {
    const stored = await mustFind(tx, actor, key);
    await authorize(actor, 'applications.write', tx, stored.id);
    const body = writableBody(raw, stored);
    if (Object.keys(body).length === 0) return;
    const next = await readRegistration(tx, actor, overlay(asSeedInput(stored), body), stored, () => service.newId());
    checkEntitlements(stored, next);
    await tx.upsertApplication(next);
    const credentialsChanged = JSON.stringify(stored.keyCredentials) !== JSON.stringify(next.keyCredentials);
    audit({
      activity: credentialsChanged ? 'Update application \u2013 Certificates and secrets management ' : 'Update application',
      category: 'ApplicationManagement',
      operationType: 'Update',
      target: target(next),
      properties: changes(stored, next),
    });
  });
}

export async function deleteApplication(service: DirectoryService, actor: GraphActor, key: { id: string } | { appId: string }): Promise<void> {
  await authorize(actor, 'applications.write', service.read);
  await service.write(actor, async (tx, audit) => {
    const app = await mustFind(tx, actor, key);
    await authorize(actor, 'applications.write', tx, app.id);
    await tx.deleteApplication(app.id);
    audit({ activity: 'Delete application', category: 'ApplicationManagement', operationType: 'Delete', target: target(app), properties: changes(app, undefined) });
    // Deleting an app registration removes its service principal in the home tenant too [I].
    const sp = await tx.findServicePrincipalByAppId(app.tenantId, app.appId);
    if (sp) {
      await tx.deleteServicePrincipal(sp.id);
      audit({ activity: 'Remove service principal', category: 'ApplicationManagement', operationType: 'Delete', target: { id: sp.id, displayName: sp.displayName, type: 'ServicePrincipal' } });
    }
  });
}

const SECRET_LIFETIME_YEARS = 2;

/** addPassword: a new secret, whose value is returned this once and stored only as a hash. */
export async function addPassword(
  service: DirectoryService,
  actor: GraphActor,
  key: { id: string } | { appId: string },
  rawBody: unknown,
): Promise<PasswordCredential & { secretText: string }> {
  const body = rawBody === undefined ? {} : objectBody(rawBody);
  const input = body.passwordCredential === undefined ? {} : objectBody(body.passwordCredential);
  for (const k of Object.keys(body)) if (k !== 'passwordCredential') throw invalidValue(k, 'passwordCredential', `addPassword takes { "passwordCredential": { displayName, startDateTime, endDateTime } }.`);
  for (const k of Object.keys(input)) {
    if (!['displayName', 'startDateTime', 'endDateTime', 'customKeyIdentifier', 'keyId', 'hint', 'secretText'].includes(k)) {
      throw invalidValue(k, 'passwordCredential', `passwordCredential has no property '${k}'.`);
    }
  }
  if (input.displayName !== undefined && input.displayName !== null && (typeof input.displayName !== 'string' || input.displayName.length > 256)) {
    throw invalidValue('displayName', 'passwordCredential', 'displayName must be a string of at most 256 characters.');
  }
  const now = service.now();
  const start = instant(input.startDateTime, 'startDateTime') ?? now;
  const end = instant(input.endDateTime, 'endDateTime') ?? addYears(start, SECRET_LIFETIME_YEARS);
  if (end <= start) throw invalidValue('endDateTime', 'passwordCredential', 'endDateTime must be after startDateTime.');
  if (end.getTime() > LAST_INSTANT) throw invalidValue('endDateTime', 'passwordCredential', 'endDateTime (by default two years after startDateTime) must be no later than 9999-12-31T23:59:59Z.');
  await authorize(actor, 'applications.write', service.read);
  const secretText = service.deps.newSecret();
  const credential: PasswordCredential = {
    keyId: service.newId(),
    displayName: typeof input.displayName === 'string' ? input.displayName : null,
    hint: secretText.slice(0, 3),
    secretHash: service.deps.hashSecret(secretText),
    startDateTime: start.toISOString(),
    endDateTime: end.toISOString(),
  };
  await service.write(actor, async (tx, audit) => {
    const app = await mustFind(tx, actor, key);
    await authorize(actor, 'applications.write', tx, app.id);
    await tx.upsertApplication({ ...app, passwordCredentials: [...app.passwordCredentials, credential] });
    audit({
      activity: 'Update application \u2013 Certificates and secrets management ',
      category: 'ApplicationManagement',
      operationType: 'Update',
      target: target(app),
      properties: { keyDescription: [undefined, `[KeyIdentifier=${credential.keyId},KeyType=Password,KeyUsage=Verify,DisplayName=${credential.displayName ?? ''}]`] },
    });
  });
  return { ...credential, secretText };
}

export async function removePassword(service: DirectoryService, actor: GraphActor, key: { id: string } | { appId: string }, rawBody: unknown): Promise<void> {
  const body = objectBody(rawBody);
  const keyId = body.keyId;
  if (typeof keyId !== 'string' || !isGuid(keyId)) throw invalidValue('keyId', 'passwordCredential', 'removePassword takes { "keyId": "<the secret\u2019s keyId, a GUID>" }.');
  await authorize(actor, 'applications.write', service.read);
  await service.write(actor, async (tx, audit) => {
    const app = await mustFind(tx, actor, key);
    await authorize(actor, 'applications.write', tx, app.id);
    const gone = app.passwordCredentials.find((p) => p.keyId === keyId.toLowerCase());
    if (!gone) throw invalidValue('keyId', 'passwordCredential', `The application has no client secret with keyId ${keyId}.`);
    await tx.upsertApplication({ ...app, passwordCredentials: app.passwordCredentials.filter((p) => p !== gone) });
    audit({
      activity: 'Update application \u2013 Certificates and secrets management ',
      category: 'ApplicationManagement',
      operationType: 'Update',
      target: target(app),
      properties: { keyDescription: [`[KeyIdentifier=${gone.keyId},KeyType=Password,KeyUsage=Verify,DisplayName=${gone.displayName ?? ''}]`, undefined] },
    });
  });
}

const ISO_DATE_TIME = z.iso.datetime({ offset: true });
/** Graph's DateTimeOffset ends at 9999-12-31. */
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59Z');

function instant(value: unknown, name: string): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const time = ISO_DATE_TIME.safeParse(value).success ? Date.parse(value as string) : Number.NaN;
  if (Number.isNaN(time)) throw invalidValue(name, 'passwordCredential', `${name} must be an ISO 8601 date-time, e.g. 2027-01-01T00:00:00Z.`);
  if (time > LAST_INSTANT) throw invalidValue(name, 'passwordCredential', `${name} must be no later than 9999-12-31T23:59:59Z.`);
  return new Date(time);
}

function addYears(date: Date, years: number): Date {
  const out = new Date(date.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
}

// ---- federatedIdentityCredentials (a sub-collection) ----

const FIC_RESOURCE = 'FederatedIdentityCredential';

export async function listFederatedCredentials(service: DirectoryService, actor: GraphActor, key: { id: string } | { appId: string }): Promise<FederatedIdentityCredential[]> {
  await authorize(actor, 'applications.read', service.read);
  return (await mustFind(service.read, actor, key)).federatedIdentityCredentials ?? [];
}

export async function getFederatedCredential(service: DirectoryService, actor: GraphActor, key: { id: string } | { appId: string }, ficId: string): Promise<FederatedIdentityCredential> {
  const all = await listFederatedCredentials(service, actor, key);
  // Graph addresses a credential by id or by name.
  const found = all.find((f) => f.id === ficId.toLowerCase() || f.name === ficId);
  if (!found) throw notFound(ficId);
  return found;
}

/** Create (ficId undefined), update, or delete (body null) one federated credential. */
export async function writeFederatedCredential(
  service: DirectoryService,
  actor: GraphActor,
  key: { id: string } | { appId: string },
  ficId: string | undefined,
  rawBody: unknown | null,
): Promise<FederatedIdentityCredential | undefined> {
  const body = rawBody === null ? null : objectBody(rawBody);
  await authorize(actor, 'applications.write', service.read);
  return service.write(actor, async (tx, audit) => {
    const app = await mustFind(tx, actor, key);
    await authorize(actor, 'applications.write', tx, app.id);
    const all = app.federatedIdentityCredentials ?? [];
    const existing = ficId === undefined ? undefined : all.find((f) => f.id === ficId.toLowerCase() || f.name === ficId);
    if (ficId !== undefined && !existing) throw notFound(ficId);
    let next: FederatedIdentityCredential | undefined;
    let list: FederatedIdentityCredential[];
    if (body === null) {
      list = all.filter((f) => f !== existing);
    } else {
      const { id: _id, '@odata.type': _type, ...fields } = body;
      if (existing && fields.name !== undefined && fields.name !== existing.name) {
        throw invalidValue('name', FIC_RESOURCE, 'The name of a federated identity credential cannot be changed; create another one.');
      }
      const merged = existing ? { name: existing.name, issuer: existing.issuer, subject: existing.subject, audiences: existing.audiences, description: existing.description, ...fields } : fields;
      const parsed = parseWith(federatedIdentityCredentialSchema(true), { ...merged, id: existing?.id ?? service.newId() }, FIC_RESOURCE);
      next = federatedIdentityCredential(app.tenantId, app.appId, parsed);
      list = existing ? all.map((f) => (f === existing ? (next as FederatedIdentityCredential) : f)) : [...all, next];
    }
    const problems: SeedProblem[] = [];
    checkFederatedCredentials(list, [], (path, message) => problems.push({ path, message }));
    if (problems.length) throw problemError(problems[0], FIC_RESOURCE);
    await tx.upsertApplication({ ...app, federatedIdentityCredentials: list });
    const shown = (f: FederatedIdentityCredential | undefined) => f && `${f.name}: ${f.issuer} ${f.subject}`;
    audit({
      activity: 'Update application \u2013 Certificates and secrets management ',
      category: 'ApplicationManagement',
      operationType: 'Update',
      target: target(app),
      properties: { federatedIdentityCredentials: [shown(existing), shown(next)] },
    });
    return next;
  });
}

export { mustFind as mustFindApplication, type Audit };
