// The Manifest blade's save path (ui/portal/pages/apps/manifest-input.ts): a posted manifest, in
// either format, read as `entrada import` reads it and turned into Graph's PATCH body for the app
// whose page it is; refusals for another app's manifest, invalid JSON and values read.ts skips.

import { describe, expect, it } from 'vitest';
import type { Application } from '../../src/core/model.js';
import { toAadManifest, toGraphJson } from '../../src/manifest/write.js';
import { manifestDisposition, manifestPatch, manifestText } from '../../src/ui/portal/pages/apps/manifest-input.js';
import { clientCertificate, keyCredentialOf } from '../support/client-certificate.js';

const cert = await clientCertificate();
const key = keyCredentialOf(cert, { keyId: '5a1e0000-0000-4000-8000-0000000000c1', displayName: 'signing' });

const APP: Application = {
  id: 'aaaa0000-0000-4000-8000-000000000001',
  appId: 'bbbb0000-0000-4000-8000-000000000002',
  tenantId: '8eaef023-2b34-4da1-9baa-8bc8c9d6a490',
  displayName: 'Inventory',
  signInAudience: 'AzureADMyOrg',
  web: { redirectUris: ['https://localhost:3000/cb'], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: true } },
  spa: { redirectUris: [] },
  publicClient: { redirectUris: ['http://localhost'] },
  isFallbackPublicClient: false,
  passwordCredentials: [{ keyId: 'cccc0000-0000-4000-8000-000000000003', displayName: 'ci', hint: 'abc', secretHash: 'x', startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z' }],
  keyCredentials: [key],
  identifierUris: ['api://inventory'],
  appRoles: [],
  api: { oauth2PermissionScopes: [], requestedAccessTokenVersion: 2 },
  requiredResourceAccess: [],
};

const graph = (change: Record<string, unknown> = {}) => JSON.stringify({ ...toGraphJson(APP), ...change });
const aad = (change: Record<string, unknown> = {}) => JSON.stringify({ ...toAadManifest(APP), ...change });

describe('manifestPatch', () => {
  const REFUSALS: Array<[string, string, string]> = [
    ['not JSON', '{ "appId": ', 'not valid JSON'],
    ['a JSON list', '[]', 'A manifest is a JSON object'],
    ['no manifest fields', '{"hello": 1}', 'none of the fields of an app manifest'],
    ["another app's appId", graph({ appId: 'dddd0000-0000-4000-8000-000000000004' }), 'The appId cannot be changed'],
    ["another object's id", graph({ id: 'dddd0000-0000-4000-8000-000000000004' }), 'The id cannot be changed'],
    ['a value read.ts would skip', aad({ allowPublicClient: 'yes' }), "'allowPublicClient' is not true or false"],
    ['an unknown audience', graph({ signInAudience: 'Everyone' }), "signInAudience 'Everyone'"],
    [
      'a certificate without its key that the app does not have',
      graph({ keyCredentials: [{ keyId: 'eeee0000-0000-4000-8000-000000000005', key: null }] }),
      'listed without its public key',
    ],
    ['too long', ' '.repeat(200_001), 'at most 200000'],
  ];
  it.each(REFUSALS)('refuses %s', (_name, text, message) => {
    const result = manifestPatch(text, APP);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join(' ')).toContain(message);
  });

  it("reads the Graph format into Graph's PATCH body, without ids or secrets", () => {
    const result = manifestPatch(graph({ isFallbackPublicClient: true }), APP);
    expect(result).toMatchObject({ ok: true, format: 'graph', secretsDiffer: false });
    if (!result.ok) return;
    expect(result.body).not.toHaveProperty('id');
    expect(result.body).not.toHaveProperty('appId');
    expect(result.body).not.toHaveProperty('passwordCredentials');
    expect(result.body).toMatchObject({ displayName: 'Inventory', isFallbackPublicClient: true, identifierUris: ['api://inventory'], publicClient: { redirectUris: ['http://localhost'] } });
    expect(result.body['keyCredentials']).toEqual([expect.objectContaining({ keyId: key.keyId, key: cert.der, displayName: 'signing' })]);
  });

  it('reads the AAD format the same way', () => {
    const result = manifestPatch(aad({ allowPublicClient: true, oauth2AllowImplicitFlow: true }), APP);
    expect(result).toMatchObject({ ok: true, format: 'aad', body: { isFallbackPublicClient: true, web: { implicitGrantSettings: { enableAccessTokenIssuance: true, enableIdTokenIssuance: true } } } });
  });

  it("takes the AAD manifest's allowPublicClient null as No", () => {
    expect(manifestPatch(aad({ allowPublicClient: null }), APP)).toMatchObject({ ok: true, body: { isFallbackPublicClient: false } });
  });

  it('accepts a manifest without an object id', () => {
    const { id: _id, ...withoutId } = toGraphJson(APP);
    expect(manifestPatch(JSON.stringify(withoutId), APP).ok).toBe(true);
  });

  it('keeps a stored certificate listed without its key (as Azure exports it)', () => {
    const result = manifestPatch(aad({ keyCredentials: [{ keyId: key.keyId, value: null, type: 'AsymmetricX509Cert', usage: 'Verify' }] }), APP);
    expect(result).toMatchObject({ ok: true, body: { keyCredentials: [{ keyId: key.keyId, key: null, displayName: 'signing' }] } });
  });

  it('never sets secrets, and says when the manifest lists others', () => {
    const result = manifestPatch(graph({ passwordCredentials: [{ keyId: 'ffff0000-0000-4000-8000-000000000006', secretText: 'sneaky-secret-value-123' }] }), APP);
    expect(result).toMatchObject({ ok: true, secretsDiffer: true });
    if (result.ok) expect(JSON.stringify(result.body)).not.toContain('sneaky');
  });
});

describe('manifest text and download', () => {
  it('pretty-prints either format', () => {
    expect(JSON.parse(manifestText(APP, 'graph'))).toEqual(toGraphJson(APP));
    expect(JSON.parse(manifestText(APP, 'aad'))).toEqual(toAadManifest(APP));
    expect(manifestText(APP, 'aad')).toContain('\n  "allowPublicClient": false,');
  });

  it.each([
    ['Inventory', 'attachment; filename="Inventory.json"; filename*=UTF-8\'\'Inventory.json'],
    ['Café "Orders"/v2', 'attachment; filename="Caf_ _Orders__v2.json"; filename*=UTF-8\'\'Caf%C3%A9%20%22Orders%22%2Fv2.json'],
  ])('names the download after the app: %s', (displayName, disposition) => {
    expect(manifestDisposition({ ...APP, displayName })).toBe(disposition);
  });
});
