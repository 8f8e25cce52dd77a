// RS256 / PS256 verification with node:crypto, cross-checked against jose's signatures.

import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyAssertionSignature } from '../../src/crypto/jws-verify.js';
import { clientCertificate, signJwt } from '../support/client-certificate.js';

const cert = await clientCertificate();
const other = await clientCertificate();
const parts = (jwt: string) => {
  const [h, c, s] = jwt.split('.');
  return { input: `${h}.${c}`, signature: Buffer.from(s, 'base64url') };
};

describe('verifyAssertionSignature', () => {
  it.each(['RS256', 'PS256'] as const)('verifies %s signed by jose with the certificate key', async (alg) => {
    const jwt = await new SignJWT({ jti: randomUUID() }).setProtectedHeader({ alg }).sign(cert.privateKey);
    const { input, signature } = parts(jwt);
    expect(verifyAssertionSignature(alg, cert.der, input, signature)).toBe(true);
    expect(verifyAssertionSignature(alg, other.der, input, signature)).toBe(false);
  });

  it('does not accept an RS256 signature as PS256 or the reverse', () => {
    const rs = parts(signJwt({ alg: 'RS256' }, { a: 1 }, cert.privateKey));
    const ps = parts(signJwt({ alg: 'PS256' }, { a: 1 }, cert.privateKey));
    expect(verifyAssertionSignature('PS256', cert.der, rs.input, rs.signature)).toBe(false);
    expect(verifyAssertionSignature('RS256', cert.der, ps.input, ps.signature)).toBe(false);
  });

  it('refuses a tampered payload, a truncated signature and an unreadable certificate', () => {
    const { input, signature } = parts(signJwt({ alg: 'PS256' }, { a: 1 }, cert.privateKey));
    expect(verifyAssertionSignature('PS256', cert.der, `${input}x`, signature)).toBe(false);
    expect(verifyAssertionSignature('PS256', cert.der, input, signature.subarray(1))).toBe(false);
    expect(verifyAssertionSignature('PS256', 'bm90IGEgY2VydA==', input, signature)).toBe(false);
  });
});
