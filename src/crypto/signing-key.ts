// Token signing keys: an RSA 2048 key pair and a self-signed certificate. Entra publishes every
// signing key with its certificate (`x5c`) and thumbprint (`x5t` = `kid`), entra-protocol.md §1.4,
// so ours have one too even though only the public key matters to a verifier.

import { KeyObject } from 'node:crypto';
import type { NewSigningKey } from '../core/model.js';
import { certificateThumbprint, loadX509, nodeCrypto, randomSerial } from './x509-util.js';

const ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
};
const VALIDITY_YEARS = 5;

/** A new key pair made at `now`; it activates at `activatesAt` (default: at once). */
export async function generateSigningKey(now: Date, activatesAt: Date = now): Promise<NewSigningKey> {
  const keys = await nodeCrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + VALIDITY_YEARS);
  const x509 = await loadX509();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: 'CN=Entrada token signing',
      notBefore: now,
      notAfter,
      keys,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      ],
    },
    nodeCrypto,
  );
  const der = Buffer.from(cert.rawData);
  return {
    kid: certificateThumbprint(der),
    privateKeyPem: KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }) as string,
    certificate: der.toString('base64'),
    createdAt: now.toISOString(),
    activatesAt: activatesAt.toISOString(),
    retiredAt: null,
  };
}
