// `entrada import MANIFEST.json [--tenant T]` and `entrada export APPID [--format graph|aad]`:
// app registrations in and out of Entrada's database in the Azure portal's manifest formats
// (src/manifest/). A manifest never carries secret values, so secrets cannot be imported; an app
// updated by import keeps the secrets it already had whose keyId the manifest still lists.

import { readFile } from 'node:fs/promises';
import type { Application, Tenant } from '../core/model.js';
import type { DirectoryReader, DirectoryWriter } from '../core/ports.js';
import { PLATFORM_LABEL } from '../core/policy/client-type.js';
import { ENTRADA_CLI_APP_ID } from '../core/policy/graph-permissions.js';
import { readManifest } from '../manifest/read.js';
import { toAadManifest, toGraphJson } from '../manifest/write.js';
import { derivedId } from '../seed/ids.js';
import { newServicePrincipal } from '../core/new-service-principal.js';

type Directory = DirectoryReader & DirectoryWriter;

interface CommandResult {
  code: number;
  out: string;
}

export async function importManifest(directory: Directory, file: string, tenantArg: string | undefined): Promise<CommandResult> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    return { code: 1, out: `${file}: not a JSON file (${err instanceof Error ? err.message : String(err)})` };
  }
  const tenant = await pickTenant(directory, tenantArg);
  if (!tenant) return { code: 1, out: tenantArg ? `No tenant '${tenantArg}' in this database.` : 'This database has no tenant; start Entrada once to seed it.' };
  const read = readManifest(json, tenant.id);
  if (!read.ok) return { code: 1, out: `${file}: ${read.errors.join('; ')}` };

  if (read.app.appId === ENTRADA_CLI_APP_ID) {
    return { code: 1, out: `${file}: appId ${ENTRADA_CLI_APP_ID} is reserved for Entrada's command line (the installation's administrator); give the app another appId.` };
  }
  const existing = await directory.getApplicationByAppId(read.app.appId);
  if (existing && existing.tenantId !== tenant.id) {
    return { code: 1, out: `App ${read.app.appId} already belongs to tenant ${existing.tenantId}; import it there (--tenant ${existing.tenantId}).` };
  }
  const listedSecrets = new Set(read.secrets.map((s) => s.keyId));
  const keptSecrets = (existing?.passwordCredentials ?? []).filter((p) => listedSecrets.has(p.keyId.toLowerCase()));
  const keylessKept = (existing?.keyCredentials ?? []).filter((k) => read.certificatesWithoutKey.includes(k.keyId.toLowerCase()));
  // The object id: the existing app's, else a fresh one derived from tenant and appId — never the
  // manifest's, which may be another registration's (an export edited into a new app) and would
  // overwrite it.
  const app: Application = {
    ...read.app,
    id: existing?.id ?? derivedId.application(tenant.id, read.app.appId),
    passwordCredentials: keptSecrets,
    keyCredentials: [...read.app.keyCredentials, ...keylessKept],
  };
  await directory.upsertApplication(app);
  // The portal creates the service principal with the registration; so does import.
  const sp = await directory.findServicePrincipalByAppId(tenant.id, app.appId);
  if (!sp) {
    await directory.upsertServicePrincipal(newServicePrincipal(tenant.id, app, derivedId.servicePrincipal(tenant.id, app.appId)));
  }

  const lines = [`${existing ? 'Updated' : 'Created'} ${app.displayName} (${app.appId}) in tenant ${tenant.displayName} (${tenant.id}) from a${read.format === 'aad' ? 'n AAD Graph manifest' : ' Microsoft Graph application'}.`];
  for (const p of ['web', 'spa', 'publicClient'] as const) {
    for (const uri of app[p].redirectUris) lines.push(`  redirect URI  ${uri}  (${PLATFORM_LABEL[p]})`);
  }
  lines.push(`  Allow public client flows: ${app.isFallbackPublicClient === true ? 'Yes' : 'No'}`);
  if (app.identifierUris.length > 0) lines.push(`  Application ID URIs: ${app.identifierUris.join(', ')}`);
  const notImported = read.secrets.filter((s) => !keptSecrets.some((k) => k.keyId.toLowerCase() === s.keyId));
  for (const s of notImported) {
    lines.push(`  secret ${s.keyId}${s.displayName ? ` (${s.displayName})` : ''} not imported: a manifest never holds secret values; add one with secretText in a seed file`);
  }
  for (const k of read.certificatesWithoutKey.filter((id) => !keylessKept.some((c) => c.keyId.toLowerCase() === id))) {
    lines.push(`  certificate ${k} not imported: the manifest lists it without its public key; add it with \`entrada app add-cert\``);
  }
  for (const w of read.warnings) lines.push(`  warning: ${w}`);
  return { code: 0, out: lines.join('\n') };
}

export async function exportManifest(directory: Directory, appId: string, format: string | undefined): Promise<CommandResult> {
  if (format !== undefined && format !== 'graph' && format !== 'aad') return { code: 2, out: `--format is graph (default) or aad, not '${format}'.` };
  const app = await directory.getApplicationByAppId(appId.toLowerCase());
  if (!app) return { code: 1, out: `No application with appId ${appId}.` };
  const json = format === 'aad' ? toAadManifest(app) : toGraphJson(app);
  return { code: 0, out: JSON.stringify(json, null, 2) };
}

async function pickTenant(directory: Directory, arg: string | undefined): Promise<Tenant | undefined> {
  if (arg) return directory.findTenant(arg);
  return (await directory.listTenants())[0];
}
