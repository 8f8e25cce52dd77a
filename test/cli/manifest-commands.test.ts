import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportManifest, importManifest } from '../../src/cli/manifest-commands.js';
import { readManifest } from '../../src/manifest/read.js';
import { openStorage, type Storage } from '../../src/storage/open.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'manifests');
const TENANT = { id: '8eaef023-2b34-4da1-9baa-8bc8c9d6a490', displayName: 'Contoso', domains: ['contoso.localhost'], federatedIdentityProviders: [] };
const OTHER = { id: '4d2b6e10-7c1a-4f3e-9a55-1c2d3e4f5a60', displayName: 'Fabrikam', domains: ['fabrikam.localhost'], federatedIdentityProviders: [] };
const AAD = join(FIXTURES, 'aad-web-app.json');
const APP_ID = '0c8e3b5a-1f2d-4e6a-9b7c-3d4e5f6a7b8c';

let home: string;
let storage: Storage;
beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'entrada-import-'));
  storage = await openStorage({ url: 'sqlite::memory:', home });
  await storage.directory.upsertTenant(TENANT);
  await storage.directory.upsertTenant(OTHER);
});
afterEach(async () => {
  await storage.close();
  rmSync(home, { recursive: true, force: true });
});

describe('entrada import / export', () => {
  it('imports an AAD manifest with its platforms and a service principal, and says what it could not import', async () => {
    const r = await importManifest(storage.directory, AAD, 'contoso.localhost');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual([
      `Created Orders Web (${APP_ID}) in tenant Contoso (${TENANT.id}) from an AAD Graph manifest.`,
      '  redirect URI  https://orders.contoso.com/signin-oidc  (Web)',
      '  redirect URI  http://localhost:5000/signin-oidc  (Web)',
      '  redirect URI  http://localhost:3000  (Single-page application)',
      `  redirect URI  msal${APP_ID}://auth  (Mobile and desktop applications)`,
      '  Allow public client flows: No',
      `  Application ID URIs: api://${APP_ID}`,
      '  secret f0e1d2c3-b4a5-4968-8776-655443322110 (orders-web prod) not imported: a manifest never holds secret values; add one with secretText in a seed file',
      '  certificate d3c2b1a0-0000-4000-8000-0000000000c1 not imported: the manifest lists it without its public key; add it with `entrada app add-cert`',
    ]);
    const app = await storage.directory.getApplicationByAppId(APP_ID);
    expect(app?.spa.redirectUris).toEqual(['http://localhost:3000']);
    expect(await storage.directory.findServicePrincipalByAppId(TENANT.id, APP_ID)).toMatchObject({ servicePrincipalType: 'Application', accountEnabled: true });
  });

  it.each(['graph', 'aad'] as const)('export --format %s, then import the export: every modelled field survives', async (format) => {
    await importManifest(storage.directory, AAD, undefined);
    const before = await storage.directory.getApplicationByAppId(APP_ID);
    const exported = await exportManifest(storage.directory, APP_ID, format);
    expect(exported.code).toBe(0);
    const file = join(home, `export-${format}.json`);
    writeFileSync(file, exported.out);
    const again = readManifest(JSON.parse(exported.out), TENANT.id);
    expect(again.ok && again.format).toBe(format);
    expect((await importManifest(storage.directory, file, undefined)).out).toMatch(/^Updated Orders Web/);
    expect(await storage.directory.getApplicationByAppId(APP_ID)).toEqual(before);
  });

  it('an update keeps the secrets (hashes) whose keyId the manifest still lists, and drops the others', async () => {
    await importManifest(storage.directory, AAD, undefined);
    const app = (await storage.directory.getApplicationByAppId(APP_ID))!;
    const secret = (keyId: string) => ({ keyId, displayName: null, hint: 'abc', secretHash: 'h', startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z' });
    await storage.directory.upsertApplication({ ...app, passwordCredentials: [secret('f0e1d2c3-b4a5-4968-8776-655443322110'), secret('00000000-0000-4000-8000-000000000099')] });
    const r = await importManifest(storage.directory, AAD, undefined);
    expect(r.out).not.toContain('secret f0e1d2c3');
    expect((await storage.directory.getApplicationByAppId(APP_ID))!.passwordCredentials.map((p) => p.keyId)).toEqual(['f0e1d2c3-b4a5-4968-8776-655443322110']);
  });

  it('refuses an app of another tenant, a file that is not JSON, an unknown tenant, an unknown app and an unknown format', async () => {
    await importManifest(storage.directory, AAD, 'contoso.localhost');
    expect(await importManifest(storage.directory, AAD, 'fabrikam.localhost')).toEqual({ code: 1, out: expect.stringContaining('already belongs to tenant') });
    const bad = join(home, 'bad.json');
    writeFileSync(bad, '{ nope');
    expect((await importManifest(storage.directory, bad, undefined)).out).toMatch(/not a JSON file/);
    expect((await importManifest(storage.directory, AAD, 'nowhere.example')).out).toBe("No tenant 'nowhere.example' in this database.");
    expect(await exportManifest(storage.directory, '11111111-1111-4111-8111-111111111111', undefined)).toEqual({ code: 1, out: 'No application with appId 11111111-1111-4111-8111-111111111111.' });
    expect((await exportManifest(storage.directory, APP_ID, 'xml')).code).toBe(2);
  });
});

describe('review regressions', () => {
  it('an export edited into another app (new appId, same object id) creates a new app, never overwrites the first', async () => {
    await importManifest(storage.directory, AAD, undefined);
    const exported = JSON.parse((await exportManifest(storage.directory, APP_ID, 'graph')).out) as Record<string, unknown>;
    const copy = join(home, 'copy.json');
    writeFileSync(copy, JSON.stringify({ ...exported, appId: '22222222-2222-4222-8222-222222222222', displayName: 'Copy' }));
    expect((await importManifest(storage.directory, copy, undefined)).code).toBe(0);
    expect((await storage.directory.getApplicationByAppId(APP_ID))?.displayName).toBe('Orders Web');
    expect((await storage.directory.getApplicationByAppId('22222222-2222-4222-8222-222222222222'))?.displayName).toBe('Copy');
  });
});
