import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigningKey } from '../../src/crypto/signing-key.js';

describe('generateSigningKey', async () => {
  const now = new Date('2026-11-26T06:43:09.000Z');
  const key = await generateSigningKey(now);
  const der = Buffer.from(key.certificate, 'base64');
  const cert = new X509Certificate(der);

  it('kid is base64url(SHA-1(certificate DER))', () => {
    expect(key.kid).toBe(createHash('sha1').update(der).digest('base64url'));
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{27}$/);
  });

  it('holds a PKCS#8 PEM RSA 2048 private key matching the certificate', () => {
    expect(key.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    const privateKey = createPrivateKey(key.privateKeyPem);
    expect(privateKey.asymmetricKeyType).toBe('rsa');
    expect(privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(cert.checkPrivateKey(privateKey)).toBe(true);
  });

  it('has a self-signed certificate valid 5 years from now', () => {
    expect(cert.subject).toBe('CN=Entrada token signing');
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(new Date(cert.validFrom).toISOString()).toBe('2026-11-26T06:43:09.000Z');
    expect(new Date(cert.validTo).toISOString()).toBe('2031-11-26T06:43:09.000Z');
    expect(cert.ca).toBe(false);
  });

  it('is stamped with createdAt, activates at once by default, and is not retired', async () => {
    expect(key.createdAt).toBe(now.toISOString());
    expect(key.activatesAt).toBe(now.toISOString());
    expect(key.retiredAt).toBeNull();
    const later = new Date('2026-11-26T07:43:09.000Z');
    expect((await generateSigningKey(now, later)).activatesAt).toBe(later.toISOString());
  });

  it('gives every key a new key pair and kid', async () => {
    const other = await generateSigningKey(now);
    expect(other.kid).not.toBe(key.kid);
    expect(other.privateKeyPem).not.toBe(key.privateKeyPem);
  });
});
