// SigningKeyAdmin over a real (in-memory SQLite) store, with a clock the test moves and stand-in
// key pairs (the admin never parses them; the key ring does, in key-ring.test.ts).

import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewSigningKey } from '../../src/core/model.js';
import { SigningKeyAdmin, SigningKeyError } from '../../src/crypto/key-admin.js';
import { openStorage, type Storage } from '../../src/storage/open.js';

const T0 = Date.parse('2026-05-01T00:00:00Z');
const H = 3_600_000;
const RETENTION = 24 * H + 300_000;

let storage: Storage;
let now: number;
let changes: number;
let admin: SigningKeyAdmin;

const fakeKey = async (created: Date, activatesAt: Date): Promise<NewSigningKey> => ({
  kid: randomUUID(),
  privateKeyPem: 'not parsed here',
  certificate: 'not parsed here',
  createdAt: created.toISOString(),
  activatesAt: activatesAt.toISOString(),
  retiredAt: null,
});
const states = async () => (await admin.list()).map((k) => [k.generation, k.state]);

beforeEach(async () => {
  storage = await openStorage({ url: 'sqlite::memory:', home: '/tmp' });
  now = T0;
  changes = 0;
  admin = new SigningKeyAdmin({
    store: storage.signingKeys,
    clock: { now: () => new Date(now) },
    retentionMs: RETENTION,
    leadMs: H,
    generate: fakeKey,
    changed: async () => void changes++,
  });
});
afterEach(() => storage.close());

describe('SigningKeyAdmin', () => {
  it('ensureSigningKey makes the first key once', async () => {
    const [first] = await admin.ensureSigningKey();
    expect(first).toMatchObject({ generation: 1, activatesAt: new Date(T0).toISOString() });
    expect(await admin.ensureSigningKey()).toEqual([first]);
  });

  it('ensureSigningKey makes a key that signs at once when none can (every key retired by hand)', async () => {
    const [first] = await admin.ensureSigningKey();
    await storage.signingKeys.retire(first.kid, new Date(T0).toISOString());
    now += 1000;
    const keys = await admin.ensureSigningKey();
    expect(keys.map((k) => k.generation)).toEqual([2, 1]);
    expect(await states()).toEqual([[2, 'current'], [1, 'retired']]);
  });

  it('rotate publishes a next key activating after the lead; with now: true it signs at once; each tells the ring', async () => {
    await admin.ensureSigningKey();
    const next = await admin.rotate();
    expect(next).toMatchObject({ generation: 2, state: 'next', activatesAt: new Date(T0 + H).toISOString(), retiresAt: null });
    expect(changes).toBe(1);
    const urgent = await admin.rotate({ now: true });
    expect(urgent).toMatchObject({ generation: 3, state: 'current' });
    expect(await states()).toEqual([[3, 'current'], [2, 'next'], [1, 'previous']]);
    expect(changes).toBe(2);
  });

  it('retire: refused for the current key alone (no-successor), allowed once a next key exists, which then signs', async () => {
    const [first] = await admin.ensureSigningKey();
    await expect(admin.retire(first.kid)).rejects.toMatchObject({ reason: 'no-successor' });
    await admin.rotate();
    const retired = await admin.retire(first.kid);
    expect(retired).toMatchObject({ state: 'retired', retiredAt: new Date(T0).toISOString(), retiresAt: new Date(T0).toISOString() });
    expect(await states()).toEqual([[2, 'current'], [1, 'retired']]);
    await expect(admin.retire(first.kid)).rejects.toMatchObject({ reason: 'already-retired' });
    await expect(admin.retire('nope')).rejects.toBeInstanceOf(SigningKeyError);
  });

  it('rotateIfDue: nothing before the interval, one next key after it, none while it waits', async () => {
    await admin.ensureSigningKey();
    now = T0 + 24 * H - 1;
    expect(await admin.rotateIfDue(24 * H)).toBe(false);
    now = T0 + 24 * H;
    expect(await admin.rotateIfDue(24 * H)).toBe(true);
    expect(await admin.rotateIfDue(24 * H)).toBe(false);
    expect(await states()).toEqual([[2, 'next'], [1, 'current']]);
  });

  it('two admins (two nodes) due at once create one key', async () => {
    await admin.ensureSigningKey();
    const other = new SigningKeyAdmin({ store: storage.signingKeys, clock: { now: () => new Date(now) }, retentionMs: RETENTION, leadMs: H, generate: fakeKey });
    now = T0 + 24 * H;
    const results = await Promise.all([admin.rotateIfDue(24 * H), other.rotateIfDue(24 * H)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await admin.list()).map((k) => k.generation)).toEqual([2, 1]);
  });

  it('a rotation deletes the rows of keys retired more than 30 days ago', async () => {
    await admin.ensureSigningKey();
    await admin.rotate({ now: true });
    // Key 1 leaves the JWKS a day (retention) later; its row goes with a rotation 30 days after that.
    now = T0 + RETENTION + 30 * 24 * H - 1;
    await admin.rotate({ now: true });
    expect((await admin.list()).map((k) => k.generation)).toEqual([3, 2, 1]);
    now += 1;
    await admin.rotate({ now: true });
    expect((await admin.list()).map((k) => k.generation)).toEqual([4, 3, 2]);
  });
});
