// Small helpers shared by signing-key.ts, token-signer.ts and local-ca.ts.

import { createHash, randomBytes, webcrypto } from 'node:crypto';

/** Node's WebCrypto, typed as the DOM `Crypto` that @peculiar/x509 takes as its provider argument. */
export const nodeCrypto = webcrypto as unknown as Crypto;

/**
 * @peculiar/x509, loaded on first use: only making a CA, a server certificate or a signing key
 * needs it, and loading it costs about 95 ms and 5.5 MiB of heap, which a start with an existing
 * home (issue 12's start-up targets) does not need to pay.
 */
export function loadX509(): Promise<typeof import('@peculiar/x509')> {
  return import('@peculiar/x509');
}

/** Base64url SHA-1 of a certificate's DER: the JWK `x5t` (RFC 7517 §4.8); Entra uses it as `kid` too. */
export function certificateThumbprint(der: Uint8Array): string {
  return createHash('sha1').update(der).digest('base64url');
}

/** 128 random bits as a positive, minimally encoded DER INTEGER (RFC 5280 §4.1.2.2). */
export function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes.toString('hex');
}
