// App registration manifests as the Azure portal exports them, in both formats it has used
// (entra-protocol.md §9.2): the older AAD Graph manifest (`replyUrlsWithType`, `allowPublicClient`,
// `oauth2AllowImplicitFlow`, `oauth2Permissions`, `accessTokenAcceptedVersion`) and Microsoft Graph's
// application JSON (`web` / `spa` / `publicClient`, `isFallbackPublicClient`, `api`). Both become
// Entrada's Application model. Secrets cannot be imported (a manifest never holds their values):
// their metadata is kept apart, for diagnostics and for the import report.
//
// Reading is lenient like the portal: unknown fields are ignored, a wrongly typed field is skipped
// with a warning, never an exception.

import { createHash, X509Certificate } from 'node:crypto';
import { sha256Base64url } from '../core/hash.js';
import type { AppRole, Application, KeyCredential, Platform, PermissionScope, RequiredResourceAccess, SignInAudience } from '../core/model.js';

type ManifestFormat = 'aad' | 'graph';

/** A secret as a manifest describes it: everything but its value. */
export interface SecretMetadata {
  keyId: string;
  displayName: string | null;
  hint: string | null;
  startDateTime: string | null;
  endDateTime: string | null;
}

export interface ReadManifest {
  format: ManifestFormat;
  /** The registration; `tenantId` is the caller's (a manifest does not name its tenant). */
  app: Application;
  secrets: SecretMetadata[];
  /** Certificates listed without their public key (the portal omits it): cannot be imported. */
  certificatesWithoutKey: string[];
  warnings: string[];
}

type ManifestResult = ({ ok: true } & ReadManifest) | { ok: false; errors: string[] };

type Json = Record<string, unknown>;

const AAD_MARKERS = ['replyUrlsWithType', 'replyUrls', 'allowPublicClient', 'oauth2AllowImplicitFlow', 'oauth2AllowIdTokenImplicitFlow', 'oauth2Permissions', 'accessTokenAcceptedVersion', 'availableToOtherTenants'];
const GRAPH_MARKERS = ['web', 'spa', 'isFallbackPublicClient', 'api'];

export function detectFormat(j: Json): ManifestFormat | undefined {
  if (AAD_MARKERS.some((k) => k in j) || typeof j['publicClient'] === 'boolean') return 'aad';
  if (GRAPH_MARKERS.some((k) => k in j) || (typeof j['publicClient'] === 'object' && j['publicClient'] !== null)) return 'graph';
  return undefined;
}

export function readManifest(input: unknown, tenantId: string): ManifestResult {
  let j = input;
  // A Graph list response ({ value: [app] }) holding exactly one application.
  if (isObject(j) && Array.isArray(j['value']) && j['value'].length === 1 && isObject(j['value'][0])) j = j['value'][0];
  if (!isObject(j)) return { ok: false, errors: ['A manifest is a JSON object (the Azure portal: App registrations → <app> → Manifest → Download).'] };
  const format = detectFormat(j);
  if (!format) {
    return { ok: false, errors: ['This JSON has none of the fields of an app manifest (replyUrlsWithType, web, spa, publicClient, isFallbackPublicClient, …).'] };
  }
  const warnings: string[] = [];
  const r = new Reader(j, warnings);
  const appId = r.string('appId');
  if (!appId) return { ok: false, errors: ["The manifest has no 'appId' (the application (client) ID)."] };
  const name = format === 'aad' ? (r.string('name') ?? r.string('displayName')) : r.string('displayName');

  const redirects = format === 'aad' ? aadRedirects(r) : graphRedirects(r);
  const implicit =
    format === 'aad'
      ? { enableAccessTokenIssuance: r.bool('oauth2AllowImplicitFlow') ?? false, enableIdTokenIssuance: r.bool('oauth2AllowIdTokenImplicitFlow') ?? false }
      : {
          enableAccessTokenIssuance: r.nested('web', 'implicitGrantSettings', 'enableAccessTokenIssuance') === true,
          enableIdTokenIssuance: r.nested('web', 'implicitGrantSettings', 'enableIdTokenIssuance') === true,
        };
  const fallback = format === 'aad' ? (r.bool('allowPublicClient') ?? (typeof j['publicClient'] === 'boolean' ? j['publicClient'] : null)) : r.nullableBool('isFallbackPublicClient');
  const version = format === 'aad' ? (r.tokenVersion('accessTokenAcceptedVersion') ?? r.tokenVersion('requestedAccessTokenVersion')) : tokenVersionOf(r.nested('api', 'requestedAccessTokenVersion'), warnings);
  const scopesRaw = format === 'aad' ? j['oauth2Permissions'] : (isObject(j['api']) ? j['api']['oauth2PermissionScopes'] : undefined);

  const keys = keyCredentials(j['keyCredentials'], warnings);
  const app: Application = {
    id: r.string('id') ?? r.string('objectId') ?? appId,
    appId: appId.toLowerCase(),
    tenantId,
    displayName: name ?? appId,
    signInAudience: audience(j, format, warnings),
    web: { redirectUris: redirects.web, implicitGrantSettings: implicit },
    spa: { redirectUris: redirects.spa },
    publicClient: { redirectUris: redirects.publicClient },
    isFallbackPublicClient: fallback,
    passwordCredentials: [],
    keyCredentials: keys.imported,
    identifierUris: r.strings('identifierUris'),
    appRoles: appRoles(j['appRoles'], warnings),
    api: { oauth2PermissionScopes: permissionScopes(scopesRaw, warnings), requestedAccessTokenVersion: version ?? null },
    requiredResourceAccess: requiredAccess(j['requiredResourceAccess'], warnings),
  };
  return { ok: true, format, app, secrets: secrets(j['passwordCredentials'], warnings), certificatesWithoutKey: keys.withoutKey, warnings };
}

// ───────────────────────── Sections ─────────────────────────

const AAD_TYPES: Record<string, Platform> = { web: 'web', installedclient: 'publicClient', spa: 'spa' };

function aadRedirects(r: Reader): Record<Platform, string[]> {
  const out: Record<Platform, string[]> = { web: [], spa: [], publicClient: [] };
  const typed = r.raw('replyUrlsWithType');
  if (Array.isArray(typed)) {
    for (const entry of typed) {
      if (!isObject(entry) || typeof entry['url'] !== 'string') continue;
      const platform = AAD_TYPES[String(entry['type'] ?? 'Web').toLowerCase()];
      if (!platform) {
        r.warn(`replyUrlsWithType: unknown type '${String(entry['type'])}' for ${entry['url']}; taken as Web`);
        out.web.push(entry['url']);
      } else out[platform].push(entry['url']);
    }
  } else {
    // The oldest manifests list replyUrls without a platform: they were Web [D].
    out.web.push(...r.strings('replyUrls'));
  }
  return out;
}

function graphRedirects(r: Reader): Record<Platform, string[]> {
  const list = (platform: string) => {
    const v = r.nested(platform, 'redirectUris');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  };
  return { web: list('web'), spa: list('spa'), publicClient: list('publicClient') };
}

const AUDIENCES: readonly SignInAudience[] = ['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount'];

function audience(j: Json, format: ManifestFormat, warnings: string[]): SignInAudience {
  const v = j['signInAudience'];
  if (typeof v === 'string' && (AUDIENCES as readonly string[]).includes(v)) return v as SignInAudience;
  if (v !== undefined) warnings.push(`signInAudience '${String(v)}' is not one Entrada knows; taken as AzureADMyOrg`);
  if (format === 'aad' && j['availableToOtherTenants'] === true) return 'AzureADMultipleOrgs';
  return 'AzureADMyOrg';
}

function tokenVersionOf(v: unknown, warnings: string[]): 1 | 2 | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (v === 1 || v === 2) return v;
  warnings.push(`access token version ${JSON.stringify(v)} is not 1, 2 or null; ignored`);
  return undefined;
}

function permissionScopes(raw: unknown, warnings: string[]): PermissionScope[] {
  if (!Array.isArray(raw)) return [];
  const out: PermissionScope[] = [];
  for (const s of raw) {
    if (!isObject(s) || typeof s['id'] !== 'string' || typeof s['value'] !== 'string') {
      warnings.push('a delegated permission without id or value was skipped');
      continue;
    }
    const admin = str(s['adminConsentDisplayName']) ?? s['value'];
    out.push({
      id: s['id'].toLowerCase(),
      value: s['value'],
      type: s['type'] === 'Admin' ? 'Admin' : 'User',
      adminConsentDisplayName: admin,
      adminConsentDescription: str(s['adminConsentDescription']) ?? admin,
      userConsentDisplayName: str(s['userConsentDisplayName']),
      userConsentDescription: str(s['userConsentDescription']),
      isEnabled: s['isEnabled'] !== false,
    });
  }
  return out;
}

function appRoles(raw: unknown, warnings: string[]): AppRole[] {
  if (!Array.isArray(raw)) return [];
  const out: AppRole[] = [];
  for (const a of raw) {
    if (!isObject(a) || typeof a['id'] !== 'string' || typeof a['value'] !== 'string') {
      warnings.push('an app role without id or value was skipped');
      continue;
    }
    const members = Array.isArray(a['allowedMemberTypes']) ? a['allowedMemberTypes'].filter((m): m is 'User' | 'Application' => m === 'User' || m === 'Application') : [];
    out.push({
      id: a['id'].toLowerCase(),
      value: a['value'],
      displayName: str(a['displayName']) ?? a['value'],
      description: str(a['description']) ?? '',
      allowedMemberTypes: members.length > 0 ? members : ['Application'],
      isEnabled: a['isEnabled'] !== false,
    });
  }
  return out;
}

function requiredAccess(raw: unknown, warnings: string[]): RequiredResourceAccess[] {
  if (!Array.isArray(raw)) return [];
  const out: RequiredResourceAccess[] = [];
  for (const r of raw) {
    if (!isObject(r) || typeof r['resourceAppId'] !== 'string') {
      warnings.push('a requiredResourceAccess entry without resourceAppId was skipped');
      continue;
    }
    const access = Array.isArray(r['resourceAccess']) ? r['resourceAccess'] : [];
    out.push({
      resourceAppId: r['resourceAppId'].toLowerCase(),
      resourceAccess: access
        .filter((a): a is Json => isObject(a) && typeof a['id'] === 'string' && (a['type'] === 'Scope' || a['type'] === 'Role'))
        .map((a) => ({ id: String(a['id']).toLowerCase(), type: a['type'] as 'Scope' | 'Role' })),
    });
  }
  return out;
}

function secrets(raw: unknown, warnings: string[]): SecretMetadata[] {
  if (!Array.isArray(raw)) return [];
  const out: SecretMetadata[] = [];
  for (const p of raw) {
    if (!isObject(p) || typeof p['keyId'] !== 'string') {
      warnings.push('a password credential without keyId was skipped');
      continue;
    }
    out.push({
      keyId: p['keyId'].toLowerCase(),
      displayName: str(p['displayName']),
      hint: str(p['hint']),
      startDateTime: str(p['startDateTime']) ?? str(p['startDate']),
      endDateTime: str(p['endDateTime']) ?? str(p['endDate']),
    });
  }
  return out;
}

/** Certificates with their public key (`key`, or the AAD manifest's `value`) are imported. */
function keyCredentials(raw: unknown, warnings: string[]): { imported: KeyCredential[]; withoutKey: string[] } {
  const imported: KeyCredential[] = [];
  const withoutKey: string[] = [];
  if (!Array.isArray(raw)) return { imported, withoutKey };
  for (const k of raw) {
    if (!isObject(k) || typeof k['keyId'] !== 'string') {
      warnings.push('a key credential without keyId was skipped');
      continue;
    }
    const der = str(k['key']) ?? str(k['value']);
    if (!der) {
      withoutKey.push(k['keyId'].toLowerCase());
      continue;
    }
    imported.push(certificateCredential(k['keyId'].toLowerCase(), der, str(k['displayName']), str(k['startDateTime']), str(k['endDateTime'])));
  }
  return { imported, withoutKey };
}


function certificateCredential(keyId: string, base64Der: string, displayName: string | null, start: string | null, end: string | null): KeyCredential {
  const der = Buffer.from(base64Der, 'base64');
  let validFrom = start;
  let validTo = end;
  try {
    const cert = new X509Certificate(der);
    validFrom ??= new Date(cert.validFrom).toISOString();
    validTo ??= new Date(cert.validTo).toISOString();
  } catch {
    // Not a certificate: kept as written; authentication with it will fail with 700027.
  }
  return {
    keyId,
    displayName,
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
    key: der.toString('base64'),
    thumbprintSha1: createHash('sha1').update(der).digest('base64url'),
    thumbprintSha256: sha256Base64url(der),
    startDateTime: validFrom ?? new Date(0).toISOString(),
    endDateTime: validTo ?? new Date(0).toISOString(),
  };
}

// ───────────────────────── Lenient field access ─────────────────────────

class Reader {
  constructor(
    private readonly j: Json,
    private readonly warnings: string[],
  ) {}
  warn(message: string): void {
    this.warnings.push(message);
  }
  raw(key: string): unknown {
    return this.j[key];
  }
  string(key: string): string | undefined {
    const v = this.j[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    this.warn(`'${key}' is not a string; ignored`);
    return undefined;
  }
  strings(key: string): string[] {
    const v = this.j[key];
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
    this.warn(`'${key}' is not a list; ignored`);
    return [];
  }
  bool(key: string): boolean | undefined {
    const v = this.j[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    this.warn(`'${key}' is not true or false; ignored`);
    return undefined;
  }
  nullableBool(key: string): boolean | null {
    return this.bool(key) ?? null;
  }
  tokenVersion(key: string): 1 | 2 | null | undefined {
    return tokenVersionOf(this.j[key], this.warnings);
  }
  nested(...path: string[]): unknown {
    let v: unknown = this.j;
    for (const p of path) {
      if (!isObject(v)) return undefined;
      v = v[p];
    }
    return v;
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}
