import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import type { SigningKey } from '../../src/core/model.js';
import { KeyRing } from '../../src/crypto/key-ring.js';
import { generateSigningKey } from '../../src/crypto/signing-key.js';

const T0 = Date.parse('2026-05-01T00:00:00Z');
const H = 3_600_000;
const RETENTION = 10 * H;

async function key(generation: number, activatesHours: number, retiredHours: number | null = null): Promise<SigningKey> {
  const made = await generateSigningKey(new Date(T0), new Date(T0 + activatesHours * H));
  return { ...made, generation, retiredAt: retiredHours === null ? null : new Date(T0 + retiredHours * H).toISOString() };
}

const [a, b, c] = await Promise.all([key(1, 0), key(2, 5), key(3, 20)]);

/** A clock the test moves. */
function clock(hours = 0) {
  let now = T0 + hours * H;
  return {
    now: () => new Date(now),
    at(h: number) {
      now = T0 + h * H;
    },
  };
}
const kids = (ring: KeyRing) => ring.jwks().keys.map((k) => (k as { kid: string }).kid);
const signedBy = async (ring: KeyRing) => decodeProtectedHeader(await ring.sign({ n: 1 })).kid;

describe('KeyRing', () => {
  it('chooses the signing key from the clock at each call: no reload at an activation', async () => {
    const time = clock(1);
    const ring = KeyRing.create([b, a], { clock: time, retentionMs: RETENTION });
    expect(await signedBy(ring)).toBe(a.kid);
    expect(ring.kid).toBe(a.kid);
    // b is published before it signs: current first, then next.
    expect(kids(ring)).toEqual([a.kid, b.kid]);
    time.at(5);
    expect(await signedBy(ring)).toBe(b.kid);
    expect(kids(ring)).toEqual([b.kid, a.kid]);
    // a leaves the JWKS (and Entrada's own verifiers) once its retention has passed.
    time.at(15);
    expect(kids(ring)).toEqual([b.kid]);
    expect([...ring.certificates().keys()]).toEqual([b.kid]);
    // A clock moved back finds the earlier states again.
    time.at(1);
    expect(await signedBy(ring)).toBe(a.kid);
  });

  it('publishes next, current and previous as a JWKS that verifies tokens of each', async () => {
    const time = clock(6);
    const ring = KeyRing.create([c, b, a], { clock: time, retentionMs: RETENTION });
    expect(kids(ring)).toEqual([b.kid, c.kid, a.kid]);
    const keySet = createLocalJWKSet(ring.jwks({ issuer: 'https://x/t/v2.0' }) as never);
    const token = await ring.sign({ sub: 'x' }, { x5t: true });
    expect(decodeProtectedHeader(token)).toMatchObject({ kid: b.kid, x5t: b.kid });
    await expect(jwtVerify(token, keySet)).resolves.toBeTruthy();
    expect(ring.certificates().get(a.kid)).toBe(a.certificate);
  });

  it('reload() reads the keys again; a rotation elsewhere is published at once', async () => {
    let rows: SigningKey[] = [a];
    const ring = KeyRing.create(rows, { clock: clock(1), retentionMs: RETENTION, source: async () => rows });
    expect(kids(ring)).toEqual([a.kid]);
    rows = [b, a];
    await ring.reload();
    expect(kids(ring)).toEqual([a.kid, b.kid]);
    expect(ring.states().states.keys.map((s) => s.state)).toEqual(['next', 'current']);
  });

  it('reloads asked for while one runs are folded into it', async () => {
    let reads = 0;
    const ring = KeyRing.create([a], { clock: clock(1), retentionMs: RETENTION, source: async () => {
        reads++;
        return [a];
      },
    });
    await Promise.all([ring.reload(), ring.reload(), ring.reload(), ring.reload()]);
    expect(reads).toBe(2);
  });

  it('a failed reload keeps the keys it had', async () => {
    let fail = false;
    const ring = KeyRing.create([a], {
      clock: clock(1),
      retentionMs: RETENTION,
      source: async () => {
        if (fail) throw new Error('database down');
        return [b, a];
      },
    });
    fail = true;
    await expect(ring.reload()).rejects.toThrow('database down');
    expect(kids(ring)).toEqual([a.kid]);
    fail = false;
    await ring.reload();
    expect(kids(ring)).toEqual([a.kid, b.kid]);
  });

  it('a key that does not parse leaves the ring as it was', async () => {
    const broken = { ...(await key(4, 30)), privateKeyPem: a.privateKeyPem };
    const ring = KeyRing.create([a], { clock: clock(1), retentionMs: RETENTION, source: async () => [broken, a] });
    await expect(ring.reload()).rejects.toThrow(/does not match/);
    expect(kids(ring)).toEqual([a.kid]);
  });

  it('without a key that can sign: sign() rejects, kid is empty (readiness), the JWKS still publishes', async () => {
    const retired = { ...a, retiredAt: new Date(T0 + H).toISOString() };
    const ring = KeyRing.create([b, retired], { clock: clock(2), retentionMs: RETENTION });
    // b takes over early: a next key is ready.
    expect(ring.kid).toBe(b.kid);
    const alone = KeyRing.create([retired], { clock: clock(2), retentionMs: RETENTION });
    expect(alone.kid).toBe('');
    await expect(alone.sign({})).rejects.toThrow(/No signing key can sign now/);
    expect(alone.jwks().keys).toEqual([]);
  });

  it('asks for a new key once the current one has signed for the rotation interval, until one waits', async () => {
    const time = clock(1);
    let due = 0;
    const ring = KeyRing.create([a], { clock: time, retentionMs: RETENTION, rotationMs: 24 * H, onRotationDue: () => due++ });
    await ring.sign({});
    await Promise.resolve();
    expect(due).toBe(0);
    time.at(24);
    await ring.sign({});
    await ring.sign({});
    await Promise.resolve();
    // Once per look at a new stretch of time (not per token).
    expect(due).toBe(1);
  });
});
