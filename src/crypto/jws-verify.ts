// Verifies the signature of a certificate client assertion with node:crypto (entra-protocol.md §4.2):
// RS256 = RSASSA-PKCS1-v1_5 / SHA-256, PS256 = RSASSA-PSS / SHA-256 with MGF1-SHA-256 and a 32-byte
// salt (RFC 7518 §3.5: salt length = hash length; what MSAL Node signs).

import { constants, verify, X509Certificate, type KeyObject } from 'node:crypto';
import type { AssertionAlg } from '../core/policy/client-assertion.js';

/** Public keys by certificate DER: parsing a certificate per request would be wasted work. */
const keys = new Map<string, KeyObject | null>();
const MAX_CACHED = 512;

export function verifyAssertionSignature(alg: AssertionAlg, certificateDer: string, signingInput: string, signature: Uint8Array): boolean {
  const key = publicKeyOf(certificateDer);
  if (!key) return false;
  const data = Buffer.from(signingInput, 'ascii');
  try {
    if (alg === 'RS256') return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
    return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
  } catch {
    // A signature of the wrong length or a key that cannot do this padding: not a valid signature.
    return false;
  }
}

/** The RSA public key of a base64 DER certificate; null when it is unreadable or not RSA. */
function publicKeyOf(certificateDer: string): KeyObject | null {
  let key = keys.get(certificateDer);
  if (key !== undefined) return key;
  try {
    const pk = new X509Certificate(Buffer.from(certificateDer, 'base64')).publicKey;
    key = pk.asymmetricKeyType === 'rsa' ? pk : null;
  } catch {
    key = null;
  }
  if (keys.size >= MAX_CACHED) keys.clear();
  keys.set(certificateDer, key);
  return key;
}
