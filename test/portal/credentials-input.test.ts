// The "Certificates & secrets" forms before the directory sees them (ui/portal/pages/apps/
// credentials-input.ts): the expiry choice → addPassword's dates; a pasted certificate → the
// keyCredentials collection, refusing private keys and expired certificates.

import { describe, expect, it } from 'vitest';
import type { Application } from '../../src/core/model.js';
import { keyCredentialsWith, keyCredentialsWithout, readPastedCertificate, secretRequest } from '../../src/ui/portal/pages/apps/credentials-input.js';
import { clientCertificate, keyCredentialOf } from '../support/client-certificate.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');

describe('secretRequest', () => {
  const TABLE: Array<[string, Record<string, string>, { end?: string; start?: string; displayName?: string | null } | string]> = [
    ['default: 180 days from now', {}, { end: '2026-08-28T10:00:00.000Z', displayName: null }],
    ['365 days, with a description', { expires: '365', description: ' CI ' }, { end: '2027-03-01T10:00:00.000Z', displayName: 'CI' }],
    ['730 days', { expires: '730' }, { end: '2028-02-29T10:00:00.000Z' }],
    ['custom: start and end dates, whole days in UTC', { expires: 'custom', start: '2026-04-01', end: '2026-05-01' }, { start: '2026-04-01T00:00:00Z', end: '2026-05-01T23:59:59Z' }],
    ['custom without a start: from now', { expires: 'custom', end: '2026-03-02' }, { start: NOW.toISOString(), end: '2026-03-02T23:59:59Z' }],
    ['custom without an end', { expires: 'custom' }, 'needs an end date'],
    ['custom ending before it starts', { expires: 'custom', start: '2026-05-01', end: '2026-04-01' }, 'after the start date'],
    ['custom with an impossible date', { expires: 'custom', end: '2026-02-30' }, 'needs an end date'],
    ['an unknown choice', { expires: '9999' }, 'Choose when'],
    ['a description too long', { description: 'x'.repeat(257) }, 'at most 256'],
  ];
  it.each(TABLE)('%s', (_name, form, expected) => {
    const result = secretRequest(form, NOW);
    if (typeof expected === 'string') {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain(expected);
      return;
    }
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const p = result.value.passwordCredential;
    if (expected.end) expect(p['endDateTime']).toBe(expected.end);
    if (expected.start) expect(p['startDateTime']).toBe(expected.start);
    else expect(p['startDateTime']).toBeUndefined();
    if (expected.displayName !== undefined) expect(p['displayName']).toBe(expected.displayName);
  });
});

describe('readPastedCertificate', async () => {
  const cert = await clientCertificate(new Date('2026-02-01T00:00:00Z'), 365);
  const expired = await clientCertificate(new Date('2025-01-01T00:00:00Z'), 30);
  const TABLE: Array<[string, string, string | null]> = [
    ['a PEM certificate', cert.certPem, null],
    ['base64 DER', cert.der, null],
    ['PEM with its private key', `${cert.certPem}\n${cert.privateKeyPem}`, 'PRIVATE KEY'],
    ['a private key alone', cert.privateKeyPem, 'PRIVATE KEY'],
    ['an RSA private key header', '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----', 'PRIVATE KEY'],
    ['two certificates', `${cert.certPem}\n${cert.certPem}`, 'contains 2 certificates'],
    ['not a certificate', 'hello, world', 'expected a PEM certificate'],
    ['base64 that is no certificate', 'aGVsbG8gd29ybGQ=', 'is not a readable X.509 certificate'],
    ['nothing', '   ', 'Paste a certificate'],
    ['an expired certificate', expired.certPem, 'expired on'],
  ];
  it.each(TABLE)('%s', (_name, text, refusal) => {
    const result = readPastedCertificate(text, NOW);
    if (refusal === null) {
      expect(result).toEqual({ ok: true, value: { der: cert.der, subject: 'CN=entrada-test-client' } });
    } else {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain(refusal);
    }
  });

  it('adds to, and removes from, the whole keyCredentials collection', () => {
    const stored = keyCredentialOf(cert, { displayName: 'kept' });
    const app = { keyCredentials: [stored] } as unknown as Application;
    const added = keyCredentialsWith(app, { der: 'MIIC', subject: 'CN=x' }, '');
    expect(added.keyCredentials).toEqual([
      { keyId: stored.keyId, displayName: 'kept', type: 'AsymmetricX509Cert', usage: 'Verify', key: cert.der, startDateTime: stored.startDateTime, endDateTime: stored.endDateTime },
      { type: 'AsymmetricX509Cert', usage: 'Verify', key: 'MIIC', displayName: 'CN=x' },
    ]);
    expect(keyCredentialsWith(app, { der: 'MIIC', subject: 'CN=x' }, ' mine ').keyCredentials[1]).toMatchObject({ displayName: 'mine' });
    expect(keyCredentialsWithout(app, stored.keyId.toUpperCase())).toEqual({ keyCredentials: [] });
    expect(keyCredentialsWithout(app, '00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });
});
