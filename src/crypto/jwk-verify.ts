// Verifies a JWS signature with a published JSON Web Key (RFC 7517/7518), for tokens of external
// issuers (federated identity credentials, entra-protocol.md §4.3): RS256 (RSASSA-PKCS1-v1_5 /
// SHA-256), PS256 (RSASSA-PSS / SHA-256, MGF1-SHA-256, 32-byte salt, RFC 7518 §3.5) and ES256
// (ECDSA P-256 / SHA-256, the signature as R‖S, RFC 7518 §3.4).

import { constants, createPublicKey, verify, X509Certificate, type KeyObject } from 'node:crypto';
import type { ExternalJwsAlg } from '../core/ports.js';

export type Jwk = Record<string, unknown>;

/** Public keys by JWK object: a cached JWKS is parsed once, not per request. */
const keys = new WeakMap<Jwk, KeyObject | null>();

/** Whether `jwk` may verify `alg` at all (key type, curve, `use`, `alg` when the JWK names one). */
export function jwkFits(jwk: Jwk, alg: ExternalJwsAlg): boolean {
  if (jwk['use'] !== undefined && jwk['use'] !== 'sig') return false;
  if (typeof jwk['alg'] === 'string' && jwk['alg'] !== alg) return false;
  if (alg === 'ES256') return jwk['kty'] === 'EC' && jwk['crv'] === 'P-256';
  return jwk['kty'] === 'RSA';
}

export function verifyWithJwk(alg: ExternalJwsAlg, jwk: Jwk, signingInput: string, signature: Uint8Array): boolean {
  if (!jwkFits(jwk, alg)) return false;
  const key = publicKeyOf(jwk);
  if (!key) return false;
  const data = Buffer.from(signingInput, 'ascii');
  try {
    if (alg === 'RS256') return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
    if (alg === 'PS256') return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
    return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    // A signature of the wrong length, or a key that cannot do this: not a valid signature.
    return false;
  }
}

/** The key of the JWK's own parameters (n/e or x/y), else of its first `x5c` certificate; null when unreadable. */
function publicKeyOf(jwk: Jwk): KeyObject | null {
  let key = keys.get(jwk);
  if (key !== undefined) return key;
  key = null;
  try {
    if (jwk['kty'] === 'RSA' && typeof jwk['n'] === 'string' && typeof jwk['e'] === 'string') {
      key = createPublicKey({ key: { kty: 'RSA', n: jwk['n'], e: jwk['e'] }, format: 'jwk' });
    } else if (jwk['kty'] === 'EC' && typeof jwk['x'] === 'string' && typeof jwk['y'] === 'string') {
      key = createPublicKey({ key: { kty: 'EC', crv: jwk['crv'] as string, x: jwk['x'], y: jwk['y'] }, format: 'jwk' });
    } else if (Array.isArray(jwk['x5c']) && typeof jwk['x5c'][0] === 'string') {
      key = new X509Certificate(Buffer.from(jwk['x5c'][0], 'base64')).publicKey;
    }
  } catch {
    key = null;
  }
  keys.set(jwk, key);
  return key;
}
