// How the seed file and run-time changes combine at each start (seed/merge.ts), on real storage:
// in-memory SQLite, and PostgreSQL when it answers (CI requires it).

import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { hashPassword, paramsForCost, verifyPassword } from '../../src/crypto/password-hash.js';
import { hashSecret, verifySecret } from '../../src/crypto/secret-hash.js';
import type { OAuth2PermissionGrant } from '../../src/core/model.js';
import { applySeed, type SeedDeps, type SeedDirectory, type SeedSummary } from '../../src/seed/apply.js';
import { parseSeed } from '../../src/seed/load.js';
import { canonicalJson, decide, fingerprint, type SeedMode } from '../../src/seed/merge.js';
import type { Seed } from '../../src/seed/schema.js';
import { openStorage, type Storage } from '../../src/storage/open.js';
import { IN_CI, probe, schemaFactory } from '../support/postgres.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const WEB = '22222222-2222-4222-8222-222222222222';
const API = '33333333-3333-4333-8333-333333333333';

const SEED_YAML = `
tenants:
  - id: ${TENANT}
    displayName: Merge Test
    domains: [merge.localhost]
    applications:
      - appId: ${WEB}
        displayName: Web
        web: { redirectUris: ['https://localhost:3000/cb'] }
        passwordCredentials: [{ secretText: web-secret-value-00001 }]
      - appId: ${API}
        displayName: Api
        identifierUris: ['api://merge-api']
        appRoles: [{ value: Data.Read, allowedMemberTypes: [Application] }]
    users:
      - { userPrincipalName: alice@merge.localhost, displayName: Alice, password: Alice-password-1 }
      - { userPrincipalName: bob@merge.localhost, displayName: Bob, password: Bob-password-2 }
    managedIdentities:
      - { type: SystemAssigned, name: vm1 }
    appRoleAssignments:
      - { principal: ${WEB}, resource: 'api://merge-api', appRole: Data.Read }
    oauth2PermissionGrants:
      - { client: ${WEB}, resource: 'https://graph.microsoft.com', scope: User.Read, consentType: AllPrincipals }
`;

function freshSeed(): Seed {
  const result = parseSeed(SEED_YAML, 'merge.yaml');
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.seed;
}

/** The real hashes (salted: a rehash changes the stored object), scrypt at its cheapest accepted cost, counted. */
function countingDeps() {
  const counts = { hashPassword: 0, hashSecret: 0 };
  const params = paramsForCost(14);
  const deps: SeedDeps = {
    hashSecret: (value) => {
      counts.hashSecret++;
      return hashSecret(value);
    },
    verifySecret,
    hashPassword: (password) => {
      counts.hashPassword++;
      return hashPassword(password, params);
    },
    verifyPassword,
    now: new Date('2026-03-01T12:00:00Z'),
  };
  return { counts, deps };
}

/** What compose.ts does at `entrada start`; `lastWriteMs` delays the seed's last kind of write. */
function start(storage: Storage, seed: Seed, deps: SeedDeps, mode: SeedMode = 'merge', slow: { lastWriteMs?: number } = {}): Promise<SeedSummary> {
  return applySeed(seed, storage.directory, deps, {
    mode,
    ledger: storage.directoryAdmin,
    transact: (work) => storage.directoryAdmin.transact((tx) => work(slow.lastWriteMs ? slowGrants(tx, slow.lastWriteMs) : tx)),
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function slowDeps({ hashMs = 0 }: { hashMs?: number }): SeedDeps {
  const { deps } = countingDeps();
  return {
    ...deps,
    hashPassword: async (password) => {
      await delay(hashMs);
      return deps.hashPassword(password);
    },
  };
}

function slowGrants(directory: SeedDirectory, ms: number): SeedDirectory {
  return new Proxy(directory, {
    get(target, key) {
      if (key === 'upsertPermissionGrant') {
        return async (g: OAuth2PermissionGrant) => {
          await delay(ms);
          await target.upsertPermissionGrant(g);
        };
      }
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** `kind displayName` → outcome, for every object of the summary. */
function outcomes(summary: SeedSummary): Record<string, string> {
  return Object.fromEntries(summary.tenants.flatMap((t) => t.objects).map((o) => [`${o.kind} ${o.displayName}`, o.outcome]));
}

/** Every outcome other than `unchanged`. */
function changed(summary: SeedSummary): Record<string, string> {
  return Object.fromEntries(Object.entries(outcomes(summary)).filter(([, outcome]) => outcome !== 'unchanged'));
}

const unreachable = await probe();
if (unreachable !== undefined && !IN_CI) console.warn(`[seed merge] PostgreSQL part skipped: not reachable (${unreachable})`);
const schemas = schemaFactory('entrada_seedmerge');
afterAll(() => schemas.dispose());

const BACKENDS: Array<{ name: string; skip: boolean; open: () => Promise<Storage> }> = [
  { name: 'SQLite', skip: false, open: () => openStorage({ url: 'sqlite::memory:', home: tmpdir() }) },
  { name: 'PostgreSQL', skip: unreachable !== undefined && !IN_CI, open: async () => openStorage({ url: await schemas.fresh(), home: tmpdir() }) },
];

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`seed merge on ${backend.name}`, () => {
    async function withStorage(test: (storage: Storage) => Promise<void>): Promise<void> {
      const storage = await backend.open();
      try {
        await test(storage);
      } finally {
        await storage.close();
      }
    }

    it('applied twice: everything is created, then unchanged, with no password or secret hashed again', () =>
      withStorage(async (storage) => {
        const seed = freshSeed();
        const { counts, deps } = countingDeps();
        const first = await start(storage, seed, deps);
        expect(new Set(Object.values(outcomes(first)))).toEqual(new Set(['created']));
        expect(Object.keys(outcomes(first))).toEqual([
          'tenant Merge Test',
          'application Web',
          'application Api',
          'servicePrincipal Microsoft Graph',
          'servicePrincipal Windows Azure Service Management API',
          'servicePrincipal Web',
          'servicePrincipal Api',
          'servicePrincipal vm1',
          'user Alice',
          'user Bob',
          'appRoleAssignment Web → Api: Data.Read',
          'oauth2PermissionGrant Web → Microsoft Graph: User.Read (all users)',
        ]);
        expect(counts).toEqual({ hashPassword: 2, hashSecret: 1 });
        const alice = await storage.directory.findUserByUpn(TENANT, 'alice@merge.localhost');

        const second = await start(storage, seed, deps);
        expect(changed(second)).toEqual({});
        expect(counts).toEqual({ hashPassword: 2, hashSecret: 1 });
        expect(await storage.directory.findUserByUpn(TENANT, 'alice@merge.localhost')).toEqual(alice);
        // What the ledger holds is the fingerprint of what a read returns.
        const apps = await storage.directoryAdmin.seededFingerprints('application');
        const web = (await storage.directory.getApplicationByAppId(WEB))!;
        expect(apps.get(web.id)).toBe(fingerprint(web));
      }));

    it('keeps an application changed at run time, even when the seed changes it too', () =>
      withStorage(async (storage) => {
        const seed = freshSeed();
        const { deps } = countingDeps();
        await start(storage, seed, deps);
        const web = (await storage.directory.getApplicationByAppId(WEB))!;
        await storage.directory.upsertApplication({ ...web, isFallbackPublicClient: !web.isFallbackPublicClient });
        seed.tenants[0].applications[0].displayName = 'Web (renamed in the seed)';

        // The service principal, untouched at run time, follows the seed.
        const expected = [
          { 'application Web (renamed in the seed)': 'kept', 'servicePrincipal Web (renamed in the seed)': 'updated' },
          { 'application Web (renamed in the seed)': 'kept' },
        ];
        for (const outcome of expected) {
          const summary = await start(storage, seed, deps);
          expect(changed(summary)).toEqual(outcome);
          const report = summary.tenants[0].objects.find((o) => o.kind === 'application' && o.id === web.id);
          expect(report).toMatchObject({ outcome: 'kept' });
          expect(await storage.directory.getApplicationByAppId(WEB)).toMatchObject({ displayName: 'Web', isFallbackPublicClient: true });
        }
      }));

    it('does not recreate an application or user deleted at run time, and says so', () =>
      withStorage(async (storage) => {
        const seed = freshSeed();
        const { deps } = countingDeps();
        await start(storage, seed, deps);
        const api = (await storage.directory.getApplicationByAppId(API))!;
        const bob = (await storage.directory.findUserByUpn(TENANT, 'bob@merge.localhost'))!;
        expect(await storage.directory.deleteApplication(api.id)).toBe(true);
        expect(await storage.directory.deleteUser(bob.id)).toBe(true);

        for (let i = 0; i < 2; i++) {
          const summary = await start(storage, seed, deps);
          expect(changed(summary)).toEqual({ 'application Api': 'kept deleted', 'user Bob': 'kept deleted' });
          expect(summary.tenants[0].apps.map((a) => a.displayName)).toEqual(['Web']);
          expect(summary.tenants[0].users.map((u) => u.upn)).toEqual(['alice@merge.localhost']);
          expect(await storage.directory.getApplicationByAppId(API)).toBeUndefined();
          expect(await storage.directory.findUserByUpn(TENANT, 'bob@merge.localhost')).toBeUndefined();
        }
      }));

    it('applies a seed edit to an object nobody changed at run time', () =>
      withStorage(async (storage) => {
        const seed = freshSeed();
        const { counts, deps } = countingDeps();
        await start(storage, seed, deps);
        seed.tenants[0].applications[1].appRoles.push({ value: 'Data.Write', allowedMemberTypes: ['Application'], isEnabled: true } as never);
        seed.tenants[0].users[0].displayName = 'Alice Liddell';

        const summary = await start(storage, seed, deps);
        expect(changed(summary)).toEqual({ 'application Api': 'updated', 'user Alice Liddell': 'updated' });
        expect((await storage.directory.getApplicationByAppId(API))!.appRoles.map((r) => r.value)).toEqual(['Data.Read', 'Data.Write']);
        expect(await storage.directory.findUserByUpn(TENANT, 'alice@merge.localhost')).toMatchObject({ displayName: 'Alice Liddell' });
        expect(counts.hashPassword).toBe(2); // the name changed, not the password: its hash is kept
        expect(changed(await start(storage, seed, deps))).toEqual({});
      }));

    it("applies a user's new password from the seed (the stored hash no longer verifies: hashed anew)", () =>
      withStorage(async (storage) => {
        const seed = freshSeed();
        const { counts, deps } = countingDeps();
        await start(storage, seed, deps);
        seed.tenants[0].users[1].password = 'Bob-new-password-3';

        const summary = await start(storage, seed, deps);
        expect(changed(summary)).toEqual({ 'user Bob': 'updated' });
        expect(counts.hashPassword).toBe(3);
        const bob = (await storage.directory.findUserByUpn(TENANT, 'bob@merge.localhost'))!;
        expect(await verifyPassword('Bob-new-password-3', bob.passwordHash)).toBe(true);
        expect(await verifyPassword('Bob-password-2', bob.passwordHash)).toBe(false);
      }));

    it('reset overwrites run-time changes and recreates what was deleted; merge then sees the seed’s objects again', () =>
      withStorage(async (storage) => {
        const seed = freshSeed();
        const { deps } = countingDeps();
        await start(storage, seed, deps);
        const web = (await storage.directory.getApplicationByAppId(WEB))!;
        const api = (await storage.directory.getApplicationByAppId(API))!;
        const bob = (await storage.directory.findUserByUpn(TENANT, 'bob@merge.localhost'))!;
        await storage.directory.upsertApplication({ ...web, isFallbackPublicClient: true });
        await storage.directory.deleteApplication(api.id);
        await storage.directory.deleteUser(bob.id);

        const summary = await start(storage, seed, deps, 'reset');
        expect(changed(summary)).toEqual({ 'application Web': 'reset', 'application Api': 'reset', 'user Bob': 'reset' });
        expect(await storage.directory.getApplicationByAppId(WEB)).toMatchObject({ isFallbackPublicClient: false });
        expect(await storage.directory.getApplicationByAppId(API)).toMatchObject({ id: api.id, displayName: 'Api' });
        expect(await storage.directory.findUserByUpn(TENANT, 'bob@merge.localhost')).toMatchObject({ id: bob.id });

        expect(changed(await start(storage, seed, deps))).toEqual({});
        // Seed-owned again: the next seed edit applies.
        seed.tenants[0].applications[1].displayName = 'Api v2';
        expect(changed(await start(storage, seed, deps))).toEqual({ 'application Api v2': 'updated', 'servicePrincipal Api v2': 'updated' });
      }));

    it('treats objects of a database seeded before this rule (nothing recorded) as the seed’s', () =>
      withStorage(async (storage) => {
        const seed = freshSeed();
        const { counts, deps } = countingDeps();
        await applySeed(seed, storage.directory, deps); // as every start wrote before: no ledger
        expect(await storage.directoryAdmin.seededFingerprints('application')).toEqual(new Map());

        seed.tenants[0].applications[0].web.redirectUris.push('https://localhost:3000/cb2');
        const summary = await start(storage, seed, deps);
        expect(changed(summary)).toEqual({ 'application Web': 'updated' });
        expect(counts.hashPassword).toBe(2);
        expect((await storage.directoryAdmin.seededFingerprints('user')).size).toBe(2);

        const web = (await storage.directory.getApplicationByAppId(WEB))!;
        await storage.directory.upsertApplication({ ...web, displayName: 'Web (renamed in Graph)' });
        expect(changed(await start(storage, seed, deps))).toEqual({ 'application Web': 'kept' });
      }));

    it('keeps the certificates added outside the seed when it rewrites an app (reset)', () =>
      withStorage(async (storage) => {
        const seed = freshSeed();
        const { deps } = countingDeps();
        await start(storage, seed, deps);
        const web = (await storage.directory.getApplicationByAppId(WEB))!;
        const added = {
          keyId: '0badc0de-0000-4000-8000-000000000001',
          displayName: 'laptop',
          type: 'AsymmetricX509Cert' as const,
          usage: 'Verify' as const,
          key: 'AAAA',
          thumbprintSha1: 'sha1-of-a-cli-added-cert',
          thumbprintSha256: 'sha256-of-a-cli-added-certificate',
          startDateTime: '2026-01-01T00:00:00Z',
          endDateTime: '2027-01-01T00:00:00Z',
        };
        await storage.directory.upsertApplication({ ...web, keyCredentials: [added] });
        expect(changed(await start(storage, seed, deps))).toEqual({ 'application Web': 'kept' });
        expect(changed(await start(storage, seed, deps, 'reset'))).toEqual({});
        expect((await storage.directory.getApplicationByAppId(WEB))!.keyCredentials.map((k) => k.keyId)).toEqual([added.keyId]);
      }));

    if (backend.name === 'PostgreSQL') {
      it('two nodes starting together agree: the next start finds everything unchanged', async () => {
        const url = await schemas.fresh();
        const nodes = await Promise.all([0, 1].map(() => openStorage({ url, home: tmpdir() })));
        try {
          const seed = freshSeed();
          // Node 0 hashes slowly, node 1 writes its last object slowly: without one writer at a
          // time, node 1 would write Bob first and record last, its hash recorded over node 0's.
          const together = () =>
            Promise.all([
              start(nodes[0], seed, slowDeps({ hashMs: 150 })),
              start(nodes[1], seed, slowDeps({}), 'merge', { lastWriteMs: 300 }),
            ]);
          await together();
          const { deps } = countingDeps();
          expect(changed(await start(nodes[0], seed, deps))).toEqual({});
          // A seed edit applied by nodes starting together is applied once, then unchanged.
          seed.tenants[0].users[1].password = 'Bob-new-password-3';
          await together();
          expect(changed(await start(nodes[1], seed, deps))).toEqual({});
          const bob = (await nodes[0].directory.findUserByUpn(TENANT, 'bob@merge.localhost'))!;
          expect(await verifyPassword('Bob-new-password-3', bob.passwordHash)).toBe(true);
        } finally {
          await Promise.all(nodes.map((node) => node.close()));
        }
      });
    }
  });
}

describe('the rule as a table (seed/merge.ts decide)', () => {
  it.each<[SeedMode, string | undefined, string | undefined, string]>([
    ['merge', undefined, undefined, 'write'], // missing, never seeded: created
    ['merge', 'a', 'a', 'write'], // as the seed wrote it: updated
    ['merge', 'a', undefined, 'write'], // never recorded: the seed's
    ['merge', 'b', 'a', 'keep'], // changed at run time
    ['merge', undefined, 'a', 'keep deleted'], // deleted at run time
    ['reset', 'b', 'a', 'write'],
    ['reset', undefined, 'a', 'write'],
  ])('%s, stored %s, recorded %s → %s', (mode, stored, recorded, expected) => {
    expect(decide(mode, stored, recorded).do).toBe(expected);
  });

  it('fingerprints canonical JSON: key order and undefined members do not matter, array order does', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined, e: null } })).toBe('{"a":{"d":[2,1],"e":null},"b":1}');
    expect(fingerprint({ a: 1, b: 2 })).toBe(fingerprint({ b: 2, a: 1 }));
    expect(fingerprint({ a: [1, 2] })).not.toBe(fingerprint({ a: [2, 1] }));
  });
});

describe('--seed-mode / ENTRADA_SEED_MODE', () => {
  const home = tmpdir();
  it('defaults to merge; the flag wins over the environment', () => {
    expect(loadConfig({}, { home })).toMatchObject({ ok: true, config: { seedMode: 'merge' } });
    expect(loadConfig({ ENTRADA_SEED_MODE: 'reset' }, { home })).toMatchObject({ ok: true, config: { seedMode: 'reset' } });
    expect(loadConfig({ ENTRADA_SEED_MODE: 'reset' }, { home, 'seed-mode': 'merge' })).toMatchObject({ ok: true, config: { seedMode: 'merge' } });
  });
  it('refuses another value as a configuration error', () => {
    expect(loadConfig({}, { home, 'seed-mode': 'overwrite' })).toEqual({ ok: false, errors: ['seedMode: must be merge or reset'] });
  });
});
