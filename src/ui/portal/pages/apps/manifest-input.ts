// The Manifest blade's text in and out. Out: the app in either of the Azure portal's formats
// (src/manifest/write.ts). In: the edited or uploaded manifest, read as `entrada import` reads it
// (src/manifest/read.ts, either format), then written back as Graph's application JSON
// (toGraphJson) — which is the PATCH body for this app. No second converter: read.ts decides what
// a manifest means, write.ts how Graph spells it, the directory's updateApplication checks it.
// Pure, so it is table-tested (test/portal/manifest-input.test.ts).

import type { Application } from '../../../../core/model.js';
import { readManifest } from '../../../../manifest/read.js';
import { toAadManifest, toGraphJson } from '../../../../manifest/write.js';

export type ManifestFormat = 'graph' | 'aad';

/** The format switch, as the Azure portal names its two editors. */
export const MANIFEST_FORMATS: ReadonlyArray<readonly [ManifestFormat, string]> = [
  ['graph', 'Microsoft Graph App Manifest (New)'],
  ['aad', 'AAD Graph App Manifest (Deprecating soon)'],
];

/** Below the form limit (256 KB a value); a manifest with many certificates is a few tens of KB. */
export const MANIFEST_TEXT_MAX = 200_000;

export function manifestFormat(value: string | undefined): ManifestFormat {
  return value === 'aad' ? 'aad' : 'graph';
}

/** The manifest as the editor and the download show it: pretty-printed JSON. */
export function manifestText(app: Application, format: ManifestFormat): string {
  return `${JSON.stringify(format === 'aad' ? toAadManifest(app) : toGraphJson(app), null, 2)}\n`;
}

/**
 * `content-disposition` for a download named `<displayName>.json`, as the Azure portal names it:
 * an ASCII fallback (characters a file name or header cannot hold become `_`) and the exact name
 * in RFC 6266's `filename*`.
 */
export function manifestDisposition(app: Application): string {
  const name = `${app.displayName}.json`;
  const ascii = name.replace(/[^A-Za-z0-9 ._()-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export type ManifestSave =
  | { ok: true; format: ManifestFormat; body: Record<string, unknown>; secretsDiffer: boolean }
  | { ok: false; errors: string[] };

/**
 * The Graph PATCH body a posted manifest asks for, for `stored` (the app whose page it is).
 *
 * - A manifest that names another app (appId, or an object id) is refused: the editor saves the
 *   app it shows; appId and id are read-only, as in Azure.
 * - read.ts is lenient (a wrongly typed field is skipped with a warning); an editor must not
 *   silently drop what the person typed, so every warning refuses the save [I: the Azure portal
 *   refuses an invalid manifest with the offending property].
 * - Client secrets are metadata in a manifest (`secretText` is always null): they are never set
 *   from one; the app keeps its secrets. `secretsDiffer` says the manifest listed others.
 * - A certificate listed without its public key (Azure's manifests leave `key`/`value` null) keeps
 *   the stored certificate of that keyId; one the app does not have cannot be added that way.
 */
export function manifestPatch(text: string, stored: Application): ManifestSave {
  if (text.length > MANIFEST_TEXT_MAX) return { ok: false, errors: [`The manifest is ${text.length} characters long; at most ${MANIFEST_TEXT_MAX} are accepted.`] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`The manifest is not valid JSON: ${(err as Error).message}.`] };
  }
  const read = readManifest(json, stored.tenantId);
  if (!read.ok) return { ok: false, errors: read.errors };
  if (read.warnings.length > 0) return { ok: false, errors: read.warnings.map((w) => `${w}.`) };
  const { app } = read;
  if (app.appId !== stored.appId) {
    return {
      ok: false,
      errors: [`This manifest is for the application (client) ID ${app.appId}, not ${stored.displayName}'s (${stored.appId}). The appId cannot be changed; open that app's Manifest to edit it, or set "appId" back to ${stored.appId}.`],
    };
  }
  // read.ts gives the appId as the id when the manifest names no object id.
  if (app.id !== app.appId && app.id.toLowerCase() !== stored.id) {
    return { ok: false, errors: [`This manifest names the object ID ${app.id}, not ${stored.displayName}'s (${stored.id}). The id cannot be changed; set "id" back to ${stored.id} or remove it.`] };
  }
  const errors: string[] = [];
  const keyless = read.certificatesWithoutKey.map((keyId) => {
    const kept = stored.keyCredentials.find((k) => k.keyId === keyId);
    if (!kept) errors.push(`The certificate ${keyId} is listed without its public key ("key" / "value"), and the app has no certificate with that keyId: upload it under Certificates & secrets, or give its base64 DER.`);
    return { keyId, key: null, displayName: kept?.displayName ?? null };
  });
  if (errors.length > 0) return { ok: false, errors };

  const { id: _id, appId: _appId, passwordCredentials: _secrets, ...graph } = toGraphJson(app);
  const body: Record<string, unknown> = {
    ...graph,
    // null (a new app in the AAD manifest) is the portal's "No".
    isFallbackPublicClient: app.isFallbackPublicClient ?? false,
    keyCredentials: [...(graph['keyCredentials'] as unknown[]), ...keyless],
  };
  const listed = read.secrets.map((s) => s.keyId).sort();
  const held = stored.passwordCredentials.map((p) => p.keyId.toLowerCase()).sort();
  return { ok: true, format: read.format, body, secretsDiffer: JSON.stringify(listed) !== JSON.stringify(held) };
}
