// SHA-256 in the three encodings the tree uses. Strings are hashed as UTF-8 (Node's default).
// Keyed digests (HMAC) and SHA-1 thumbprints are not here: they are written where they are used.

import { createHash } from 'node:crypto';

/** The 32-byte SHA-256 digest of `data` (a string is read as UTF-8). */
export function sha256(data: string | Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** SHA-256 as base64url without padding (43 characters): stored code, token and cookie hashes, PKCE S256. */
export function sha256Base64url(data: string | Uint8Array): string {
  return sha256(data).toString('base64url');
}

/** SHA-256 as standard padded base64 (44 characters): CSP `'sha256-…'` sources. */
export function sha256Base64(data: string | Uint8Array): string {
  return sha256(data).toString('base64');
}

/** SHA-256 as 64 lowercase hex digits. */
export function sha256Hex(data: string | Uint8Array): string {
  return sha256(data).toString('hex');
}
