import { createHash } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import type { SigningKey } from '../../src/core/model.js';
import { generateSigningKey } from '../../src/crypto/signing-key.js';
import { prepareKey, TokenSigner } from '../../src/crypto/token-signer.js';

const older: SigningKey = { ...(await generateSigningKey(new Date('2026-01-01T00:00:00Z'))), generation: 1 };
const newer: SigningKey = { ...(await generateSigningKey(new Date('2026-06-01T00:00:00Z'))), generation: 2 };
const payload = { aud: 'api://demo', iss: 'https://localhost:8443/t/v2.0', sub: 'ü-ñ', n: 1, roles: ['a'] };

function rawHeader(jws: string): string {
  return Buffer.from(jws.split('.')[0], 'base64url').toString('utf8');
}

describe('TokenSigner.sign', () => {
  it('v1 header (x5t: true) is {"typ","alg","x5t","kid"} in that order', async () => {
    const signer = TokenSigner.of(newer);
    const jws = await signer.sign(payload, { x5t: true });
    expect(rawHeader(jws)).toBe(`{"typ":"JWT","alg":"RS256","x5t":"${newer.kid}","kid":"${newer.kid}"}`);
  });

  it('v2 header (default and x5t: false) is {"typ","alg","kid"}', async () => {
    const signer = TokenSigner.of(newer);
    const expected = `{"typ":"JWT","alg":"RS256","kid":"${newer.kid}"}`;
    expect(rawHeader(await signer.sign(payload))).toBe(expected);
    expect(rawHeader(await signer.sign(payload, { x5t: false }))).toBe(expected);
  });

  it('produces compact JWS that jose verifies against signer.jwks(), v1 and v2', async () => {
    const signer = TokenSigner.of(newer, [newer, older]);
    const keySet = createLocalJWKSet(signer.jwks() as Parameters<typeof createLocalJWKSet>[0]);
    for (const x5t of [true, false]) {
      const jws = await signer.sign(payload, { x5t });
      expect(jws.split('.')).toHaveLength(3);
      const { payload: verified, protectedHeader } = await jwtVerify(jws, keySet, { algorithms: ['RS256'] });
      expect(verified).toEqual(payload);
      expect(protectedHeader.kid).toBe(newer.kid);
    }
  });

  it('verifies with the v2 keys document (extra issuer members) too', async () => {
    const signer = TokenSigner.of(newer);
    const keySet = createLocalJWKSet(signer.jwks({ issuer: 'https://x/{tenantid}/v2.0' }) as Parameters<typeof createLocalJWKSet>[0]);
    await expect(jwtVerify(await signer.sign(payload), keySet)).resolves.toBeTruthy();
  });

  it('fails verification when the token is tampered with', async () => {
    const signer = TokenSigner.of(newer);
    const keySet = createLocalJWKSet(signer.jwks() as Parameters<typeof createLocalJWKSet>[0]);
    const [h, , s] = (await signer.sign(payload)).split('.');
    const forged = Buffer.from(JSON.stringify({ ...payload, roles: ['admin'] })).toString('base64url');
    await expect(jwtVerify(`${h}.${forged}.${s}`, keySet)).rejects.toThrow();
  });

  it('signs many tokens concurrently, each valid', async () => {
    const signer = TokenSigner.of(newer);
    const keySet = createLocalJWKSet(signer.jwks() as Parameters<typeof createLocalJWKSet>[0]);
    const tokens = await Promise.all(Array.from({ length: 64 }, (_, i) => signer.sign({ i }, { x5t: i % 2 === 0 })));
    const results = await Promise.all(tokens.map((t) => jwtVerify(t, keySet)));
    expect(results.map((r) => r.payload.i)).toEqual(Array.from({ length: 64 }, (_, i) => i));
  });

  it('imports the key once at creation: later changes to the record do not matter', async () => {
    const record: SigningKey = { ...newer };
    const signer = TokenSigner.of(record);
    record.privateKeyPem = 'not a key';
    expect(decodeProtectedHeader(await signer.sign(payload)).kid).toBe(newer.kid);
  });
});

describe('TokenSigner keys', () => {
  it('signs with the key given and publishes the set given, in order', async () => {
    const signer = TokenSigner.of(older, [newer, older]);
    expect(signer.kid).toBe(older.kid);
    expect(decodeProtectedHeader(await signer.sign(payload)).kid).toBe(older.kid);
    expect(signer.jwks().keys.map((k) => (k as { kid: string }).kid)).toEqual([newer.kid, older.kid]);
    expect([...signer.certificates]).toEqual([[newer.kid, newer.certificate], [older.kid, older.certificate]]);
  });

  it('without a signing key: publishes, and sign() rejects saying what to do', async () => {
    const signer = new TokenSigner(undefined, [prepareKey(older)]);
    expect(signer.kid).toBe('');
    expect(signer.jwks().keys).toHaveLength(1);
    await expect(signer.sign(payload)).rejects.toThrow(/entrada keys rotate --now/);
  });

  it('refuses a private key that does not match its certificate', () => {
    expect(() => prepareKey({ ...newer, privateKeyPem: older.privateKeyPem })).toThrow(/does not match/);
  });
});

describe('TokenSigner.jwks', () => {
  it('v1 document: kty, use, kid, x5t, n, e, x5c for every key, in that order', async () => {
    const signer = TokenSigner.of(newer, [newer, older]);
    const { keys } = signer.jwks();
    expect(keys).toHaveLength(2);
    for (const [jwk, key] of [[keys[0], newer], [keys[1], older]] as const) {
      const der = Buffer.from(key.certificate, 'base64');
      expect(Object.keys(jwk)).toEqual(['kty', 'use', 'kid', 'x5t', 'n', 'e', 'x5c']);
      expect(jwk).toMatchObject({ kty: 'RSA', use: 'sig', kid: key.kid, x5t: key.kid, e: 'AQAB', x5c: [key.certificate] });
      expect((jwk as { x5t: string }).x5t).toBe(createHash('sha1').update(der).digest('base64url'));
      // 2048-bit modulus: 256 bytes -> 342 base64url characters (RFC 7518 §6.3.1.1, no leading zero).
      expect((jwk as { n: string }).n).toMatch(/^[A-Za-z0-9_-]{342}$/);
    }
  });

  it('v2 document adds issuer and cloud_instance_name to every key', async () => {
    const signer = TokenSigner.of(newer, [newer, older]);
    const issuer = 'https://localhost:8443/{tenantid}/v2.0';
    for (const jwk of signer.jwks({ issuer }).keys) {
      expect(Object.keys(jwk)).toEqual(['kty', 'use', 'kid', 'x5t', 'n', 'e', 'x5c', 'issuer', 'cloud_instance_name']);
      expect(jwk).toMatchObject({ issuer, cloud_instance_name: 'microsoftonline.com' });
    }
  });

  it('returns a fresh document each call', async () => {
    const signer = TokenSigner.of(newer);
    const first = signer.jwks();
    (first.keys[0] as { x5c: string[] }).x5c.push('tampered');
    (first.keys[0] as { kid: string }).kid = 'tampered';
    expect(signer.jwks().keys[0]).toMatchObject({ kid: newer.kid, x5c: [newer.certificate] });
  });
});
