import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, readManifest } from '../../src/manifest/read.js';
import { toAadManifest, toGraphJson } from '../../src/manifest/write.js';

const TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'manifests', name), 'utf8')) as Record<string, unknown>;

function read(json: unknown) {
  const r = readManifest(json, TENANT);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r;
}

describe('reading the portal manifest formats', () => {
  it('AAD Graph manifest: replyUrlsWithType platforms, allowPublicClient, implicit flags, oauth2Permissions, token version', () => {
    const r = read(fixture('aad-web-app.json'));
    expect(r.format).toBe('aad');
    expect(r.app).toMatchObject({
      appId: '0c8e3b5a-1f2d-4e6a-9b7c-3d4e5f6a7b8c',
      displayName: 'Orders Web',
      isFallbackPublicClient: false,
      web: {
        redirectUris: ['https://orders.contoso.com/signin-oidc', 'http://localhost:5000/signin-oidc'],
        implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: true },
      },
      spa: { redirectUris: ['http://localhost:3000'] },
      publicClient: { redirectUris: ['msal0c8e3b5a-1f2d-4e6a-9b7c-3d4e5f6a7b8c://auth'] },
      api: { requestedAccessTokenVersion: 2 },
    });
    expect(r.app.api.oauth2PermissionScopes.map((s) => [s.value, s.type, s.userConsentDisplayName])).toEqual([['Orders.Read', 'User', 'Read your orders']]);
    expect(r.app.appRoles.map((a) => [a.value, a.allowedMemberTypes])).toEqual([['Orders.Approve', ['User']]]);
    // Secrets and key-less certificates are reported, never imported.
    expect(r.app.passwordCredentials).toEqual([]);
    expect(r.secrets).toEqual([
      { keyId: 'f0e1d2c3-b4a5-4968-8776-655443322110', displayName: 'orders-web prod', hint: 'Xy8', startDateTime: '2024-09-11T09:25:01.123Z', endDateTime: '2026-09-11T09:25:01.123Z' },
    ]);
    expect(r.certificatesWithoutKey).toEqual(['d3c2b1a0-0000-4000-8000-0000000000c1']);
  });

  it('Microsoft Graph application JSON: web / spa / publicClient, isFallbackPublicClient, requiredResourceAccess', () => {
    const r = read(fixture('graph-spa-app.json'));
    expect(r.format).toBe('graph');
    expect(r.app).toMatchObject({
      appId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
      displayName: 'Contoso Dashboard',
      signInAudience: 'AzureADMultipleOrgs',
      isFallbackPublicClient: true,
      web: { redirectUris: ['https://dashboard.contoso.com/api/auth/callback'] },
      spa: { redirectUris: ['https://dashboard.contoso.com/', 'http://localhost:5173/'] },
      publicClient: { redirectUris: ['http://localhost'] },
      api: { requestedAccessTokenVersion: null },
    });
    expect(r.app.requiredResourceAccess[0].resourceAccess).toHaveLength(2);
    expect(r.secrets.map((s) => s.hint)).toEqual(['q~7']);
  });

  it.each([
    [{ replyUrlsWithType: [] }, 'aad'],
    [{ publicClient: true }, 'aad'],
    [{ publicClient: { redirectUris: [] } }, 'graph'],
    [{ isFallbackPublicClient: null }, 'graph'],
    [{ displayName: 'x' }, undefined],
  ])('detects %o as %s', (json, format) => {
    expect(detectFormat(json)).toBe(format);
  });

  it('refuses what is not a manifest, with a message that says where to get one', () => {
    expect(readManifest([1, 2], TENANT)).toEqual({ ok: false, errors: [expect.stringContaining('Manifest → Download')] });
    expect(readManifest({ displayName: 'x' }, TENANT)).toMatchObject({ ok: false });
    expect(readManifest({ web: {} }, TENANT)).toEqual({ ok: false, errors: ["The manifest has no 'appId' (the application (client) ID)."] });
  });

  it('is lenient: wrongly typed fields become warnings, the oldest replyUrls are Web', () => {
    const r = read({ appId: '11111111-1111-4111-8111-111111111111', replyUrls: ['https://a.test/cb'], allowPublicClient: 'yes', identifierUris: 'api://x' });
    expect(r.app.web.redirectUris).toEqual(['https://a.test/cb']);
    expect(r.app.isFallbackPublicClient).toBeNull();
    expect(r.warnings).toEqual(["'allowPublicClient' is not true or false; ignored", "'identifierUris' is not a list; ignored"]);
  });
});

describe('round trips', () => {
  it.each([
    ['aad-web-app.json', 'aad'],
    ['aad-web-app.json', 'graph'],
    ['graph-spa-app.json', 'graph'],
    ['graph-spa-app.json', 'aad'],
  ] as const)('%s → %s → read again gives the same registration', (name, target) => {
    const first = read(fixture(name));
    const written = target === 'aad' ? toAadManifest(first.app) : toGraphJson(first.app);
    const again = read(JSON.parse(JSON.stringify(written)));
    expect(again.format).toBe(target);
    expect(again.app).toEqual(first.app);
  });

  it('keeps certificates that carry their key, with thumbprints', () => {
    const der = Buffer.from('not really a certificate').toString('base64');
    const r = read({ appId: '11111111-1111-4111-8111-111111111111', web: { redirectUris: [] }, keyCredentials: [{ keyId: 'AAAAAAAA-0000-4000-8000-000000000001', type: 'AsymmetricX509Cert', usage: 'Verify', key: der, startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z' }] });
    expect(r.app.keyCredentials).toHaveLength(1);
    const back = read(toAadManifest(r.app));
    expect(back.app.keyCredentials).toEqual(r.app.keyCredentials);
  });
});
