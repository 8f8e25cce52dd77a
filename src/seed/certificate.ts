// Reads the certificate of a seed keyCredential: PEM or base64 DER in, the values Graph stores out.

import { createHash, X509Certificate } from 'node:crypto';
import { sha256Base64url } from '../core/hash.js';
import type { Instant } from '../core/model.js';

export interface CertificateInfo {
  /** Base64 DER, as Graph's keyCredential.key. */
  der: string;
  /** Base64url SHA-1 / SHA-256 of the DER: what a client assertion's `x5t` / `x5t#S256` carries. */
  thumbprintSha1: string;
  thumbprintSha256: string;
  notBefore: Instant;
  notAfter: Instant;
}

type CertificateResult = { ok: true; cert: CertificateInfo } | { ok: false; message: string };

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

export function readCertificate(key: string): CertificateResult {
  const text = key.trim();
  let der: Buffer;
  if (text.includes('-----BEGIN')) {
    const blocks = [...text.matchAll(PEM_BLOCK)];
    if (blocks.some((b) => b[1].includes('PRIVATE KEY'))) {
      return {
        ok: false,
        message:
          'contains a PRIVATE KEY: a keyCredential holds only the public certificate (the client keeps the private key)',
      };
    }
    const certs = blocks.filter((b) => b[1] === 'CERTIFICATE');
    if (certs.length !== 1) {
      return {
        ok: false,
        message:
          certs.length === 0
            ? 'expected a PEM "-----BEGIN CERTIFICATE-----" block or base64 DER'
            : `contains ${certs.length} certificates; give one keyCredential per certificate`,
      };
    }
    der = Buffer.from(certs[0][2].replace(/\s+/g, ''), 'base64');
  } else {
    const compact = text.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
      return { ok: false, message: 'expected a PEM certificate or base64 DER' };
    }
    der = Buffer.from(compact, 'base64');
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch (e) {
    return { ok: false, message: `is not a readable X.509 certificate (${(e as Error).message})` };
  }
  return {
    ok: true,
    cert: {
      der: cert.raw.toString('base64'),
      thumbprintSha1: createHash('sha1').update(cert.raw).digest('base64url'),
      thumbprintSha256: sha256Base64url(cert.raw),
      notBefore: toInstant(new Date(cert.validFrom)),
      notAfter: toInstant(new Date(cert.validTo)),
    },
  };
}

/** ISO 8601 without milliseconds, as the model's Instant. */
export function toInstant(date: Date): Instant {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
