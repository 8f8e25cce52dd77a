import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decoyHash, DEFAULT_PARAMS, hashPassword, MAX_HASH_COST, paramsForCost, parseStoredHash, verifyPassword } from '../../src/crypto/password-hash.js';

describe('hashPassword / verifyPassword', () => {
  it('round-trips with a self-describing scrypt format (N=2^17, r=8, p=1: OWASP)', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(DEFAULT_PARAMS).toEqual({ N: 131072, r: 8, p: 1 });
    expect(stored).toMatch(/^scrypt\$N=131072,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
  });

  it('salts: two hashes of one password differ', async () => {
    const [a, b] = await Promise.all([hashPassword('p'), hashPassword('p')]);
    expect(a).not.toBe(b);
  });
});

/** A cheap hash (N=2^10) in the stored format, for tests about what is compared rather than the cost. */
function cheapHash(password: string): string {
  const salt = Buffer.from('0123456789abcdef');
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N: 1024, r: 8, p: 1 });
  return `scrypt$N=1024,r=8,p=1$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

describe('what verifyPassword compares', () => {
  it('rejects wrong passwords', async () => {
    const stored = cheapHash('Secret#1');
    for (const wrong of ['secret#1', 'Secret#2', 'Secret#1 ', '']) expect(await verifyPassword(wrong, stored)).toBe(false);
  });

  it('treats canonically equivalent Unicode (NFC / NFD) as the same password', async () => {
    const stored = cheapHash('Jos\u00e9');
    expect(await verifyPassword('Jose\u0301', stored)).toBe(true);
  });

  it('hashes with a configured cost (log2 N), stored in the hash itself', async () => {
    const stored = await hashPassword('quick', paramsForCost(14));
    expect(stored).toMatch(/^scrypt\$N=16384,r=8,p=1\$/);
    expect(await verifyPassword('quick', stored)).toBe(true);
  });

  it('the decoy hash checked for unknown users costs what a real one does (same parameters, well-formed)', async () => {
    for (const params of [DEFAULT_PARAMS, paramsForCost(14)]) {
      const decoy = parseStoredHash(decoyHash(params));
      expect(decoy).toBeDefined();
      expect(decoy!.params).toEqual(params);
      expect([decoy!.salt.length, decoy!.key.length]).toEqual([16, 32]);
    }
    // No stored hash (an unknown user) is never a match.
    for (const password of ['', 'x']) expect(await verifyPassword(password, null)).toBe(false);
  });

  it('verifies a hash at the highest configurable cost, and its decoy parses (20 once passed config, then refused every password)', async () => {
    expect(MAX_HASH_COST).toBe(18);
    const params = paramsForCost(MAX_HASH_COST);
    expect(parseStoredHash(decoyHash(params))).toBeDefined();
    const stored = await hashPassword('highest', params);
    expect(await verifyPassword('highest', stored)).toBe(true);
    expect(parseStoredHash(decoyHash(paramsForCost(MAX_HASH_COST + 1)))).toBeUndefined();
  }, 30_000);

  it('still verifies hashes stored with the previous parameters (N=2^14)', async () => {
    const salt = Buffer.from('fedcba9876543210');
    const key = scryptSync('before', salt, 32, { N: 16384, r: 8, p: 1 });
    const stored = `scrypt$N=16384,r=8,p=1$${salt.toString('base64url')}$${key.toString('base64url')}`;
    expect(await verifyPassword('before', stored)).toBe(true);
  });

  it('verifies hashes made with other parameters, read from the stored string', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('legacy', salt, 32, { N: 1024, r: 8, p: 1 });
    const stored = `scrypt$N=1024,r=8,p=1$${salt.toString('base64url')}$${key.toString('base64url')}`;
    expect(await verifyPassword('legacy', stored)).toBe(true);
    expect(await verifyPassword('other', stored)).toBe(false);
  });

  it('returns false (never throws) for malformed or abusive stored values', async () => {
    const good = await hashPassword('x');
    const [, , salt, key] = good.split('$');
    const malformed = [
      '',
      'garbage',
      'scrypt$N=16384,r=8,p=1',
      `scrypt$N=16384,r=8,p=1$${salt}`,
      `scrypt$N=16384,r=8,p=1$${salt}$${key}$x`,
      `bcrypt$N=16384,r=8,p=1$${salt}$${key}`,
      `scrypt$N=16383,r=8,p=1$${salt}$${key}`, // not a power of two
      `scrypt$N=1073741824,r=8,p=1$${salt}$${key}`, // 128 GiB: refused before any work
      `scrypt$N=16384,r=0,p=1$${salt}$${key}`,
      `scrypt$N=16384,r=8,p=99$${salt}$${key}`,
      `scrypt$N=16384;r=8;p=1$${salt}$${key}`,
      `scrypt$N=16384,r=8,p=1$$${key}`,
      `scrypt$N=16384,r=8,p=1$${salt}$abc`,
      `scrypt$N=16384,r=8,p=1$${salt}$${key.slice(0, -1)}!`,
    ];
    for (const stored of malformed) expect(await verifyPassword('x', stored)).toBe(false);
    expect(await verifyPassword('x', 42 as unknown as string)).toBe(false);
  });
});
