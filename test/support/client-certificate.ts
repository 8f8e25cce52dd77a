// Client certificates made by the tests (never committed): an RSA key pair, a self-signed X.509
// certificate as a seed keyCredential takes it, and client assertions signed the way MSAL does.

import { createHash, createPrivateKey, constants, randomUUID, sign, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { KeyCredential } from '../../src/core/model.js';
import { nodeCrypto, randomSerial } from '../../src/crypto/x509-util.js';

export interface ClientCertificate {
  certPem: string;
  /** Base64 DER. */
  der: string;
  privateKeyPem: string;
  privateKey: KeyObject;
  thumbprintSha1: string;
  thumbprintSha256: string;
  /** Upper-case hex SHA-1, as Entra prints it in AADSTS700027. */
  hexSha1: string;
  notBefore: Date;
  notAfter: Date;
}

const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) };

export async function clientCertificate(notBefore = new Date(Date.now() - 3600_000), days = 30): Promise<ClientCertificate> {
  const keys = await nodeCrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const notAfter = new Date(notBefore.getTime() + days * 86400_000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    { serialNumber: randomSerial(), name: 'CN=entrada-test-client', notBefore, notAfter, keys, signingAlgorithm: ALGORITHM },
    nodeCrypto,
  );
  const raw = Buffer.from(cert.rawData);
  const pkcs8 = Buffer.from(await nodeCrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  return {
    certPem: cert.toString('pem'),
    der: raw.toString('base64'),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    privateKey,
    thumbprintSha1: createHash('sha1').update(raw).digest('base64url'),
    thumbprintSha256: createHash('sha256').update(raw).digest('base64url'),
    hexSha1: createHash('sha1').update(raw).digest('hex').toUpperCase(),
    notBefore,
    notAfter,
  };
}

export function keyCredentialOf(c: ClientCertificate, overrides: Partial<KeyCredential> = {}): KeyCredential {
  return {
    keyId: randomUUID(),
    displayName: null,
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
    key: c.der,
    thumbprintSha1: c.thumbprintSha1,
    thumbprintSha256: c.thumbprintSha256,
    startDateTime: c.notBefore.toISOString(),
    endDateTime: c.notAfter.toISOString(),
    ...overrides,
  };
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A signed JWT; alg PS256 (RSASSA-PSS, salt 32) or RS256, as MSAL Node signs them. */
export function signJwt(header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject): string {
  const input = `${b64(header)}.${b64(claims)}`;
  const pss = header['alg'] === 'PS256';
  const signature = sign('sha256', Buffer.from(input), pss ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : { key });
  return `${input}.${signature.toString('base64url')}`;
}

/** MSAL Node's assertion: x5t#S256 with PS256, or x5t with RS256; aud = token endpoint, exp = now + 600. */
export function msalAssertion(
  c: ClientCertificate,
  clientId: string,
  aud: string,
  options: { alg?: 'PS256' | 'RS256'; now?: number; claims?: Record<string, unknown>; header?: Record<string, unknown> } = {},
): string {
  const alg = options.alg ?? 'PS256';
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const header = { alg, typ: 'JWT', ...(alg === 'PS256' ? { 'x5t#S256': c.thumbprintSha256 } : { x5t: c.thumbprintSha1 }), ...options.header };
  const claims = { aud, exp: now + 600, iss: clientId, sub: clientId, nbf: now, jti: randomUUID(), iat: now, ...options.claims };
  return signJwt(header, claims, c.privateKey);
}
