import { describe, expect, it } from 'vitest';
import { generateSecretValue, hashSecret, verifySecret } from '../../src/crypto/secret-hash.js';

describe('hashSecret / verifySecret', () => {
  it('round-trips and uses the documented format', () => {
    const stored = hashSecret('s3cret-value');
    expect(stored).toMatch(/^sha256\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(verifySecret('s3cret-value', stored)).toBe(true);
  });

  it('salts: the same value hashes differently each time, and both verify', () => {
    const a = hashSecret('same');
    const b = hashSecret('same');
    expect(a).not.toBe(b);
    expect(verifySecret('same', a) && verifySecret('same', b)).toBe(true);
  });

  it('rejects wrong values', () => {
    const stored = hashSecret('right');
    for (const wrong of ['wrong', 'Right', 'right ', '', 'righ']) expect(verifySecret(wrong, stored)).toBe(false);
  });

  it('handles non-ASCII values', () => {
    const stored = hashSecret('pässwörd-🔑');
    expect(verifySecret('pässwörd-🔑', stored)).toBe(true);
    expect(verifySecret('passwörd-🔑', stored)).toBe(false);
  });

  it('returns false (never throws) for malformed stored values', () => {
    const good = hashSecret('v');
    const [, salt, digest] = good.split('$');
    const malformed = [
      '',
      'garbage',
      'sha256$',
      `sha256$${salt}`,
      `sha256$${salt}$${digest}$extra`,
      `md5$${salt}$${digest}`,
      `sha256$${salt}$${digest.slice(0, -2)}`,
      `sha256$${salt}$${digest}AA`,
      `sha256$!!!$${digest}`,
      `sha256$${salt}$${digest.slice(0, -1)}*`,
      `scrypt$N=16384,r=8,p=1$${salt}$${digest}`,
    ];
    for (const stored of malformed) expect(verifySecret('v', stored)).toBe(false);
    expect(verifySecret('v', undefined as unknown as string)).toBe(false);
    expect(verifySecret('v', null as unknown as string)).toBe(false);
  });
});

describe('generateSecretValue', () => {
  it('looks like an Entra secretText: 40 URL-unreserved characters, xxx8Q~ prefix', () => {
    for (let i = 0; i < 200; i++) {
      const value = generateSecretValue();
      expect(value).toHaveLength(40);
      expect(value).toMatch(/^[A-Za-z0-9]{3}8Q~[A-Za-z0-9._~-]{34}$/);
      expect(encodeURIComponent(value)).toBe(value); // RFC 3986 unreserved: no escaping in a URL
    }
  });

  it('is unique and verifies against its own hash', () => {
    const values = new Set(Array.from({ length: 1000 }, generateSecretValue));
    expect(values.size).toBe(1000);
    const value = generateSecretValue();
    expect(verifySecret(value, hashSecret(value))).toBe(true);
  });
});
