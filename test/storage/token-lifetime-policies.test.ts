// Token lifetime policies in storage (issue 18, migration 0018), on SQLite and PostgreSQL: written,
// read back by id and per tenant (in displayName order), updated in a transaction, deleted.

import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import type { TokenLifetimePolicy } from '../../src/core/model.js';
import { definitionFor } from '../../src/core/policy/token-lifetime.js';
import { openStorage, type Storage } from '../../src/storage/open.js';
import { IN_CI, probe, schemaFactory } from '../support/postgres.js';

const unreachable = await probe();
const schemas = schemaFactory('entrada_tlp');
afterAll(() => schemas.dispose());

const BACKENDS: Array<{ name: string; skip: boolean; open: () => Promise<Storage> }> = [
  { name: 'SQLite', skip: false, open: () => openStorage({ url: 'sqlite::memory:', home: tmpdir() }) },
  { name: 'PostgreSQL', skip: unreachable !== undefined && !IN_CI, open: async () => openStorage({ url: await schemas.fresh(), home: tmpdir() }) },
];

const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';
const policy = (id: string, tenantId: string, displayName: string, extra: Partial<TokenLifetimePolicy> = {}): TokenLifetimePolicy => ({
  id,
  tenantId,
  displayName,
  description: null,
  definition: definitionFor(7200),
  isOrganizationDefault: false,
  appliesTo: [],
  ...extra,
});

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`token lifetime policies on ${backend.name}`, () => {
    it('round-trips, lists per tenant by displayName, updates in a transaction, deletes', async () => {
      const storage = await backend.open();
      try {
        const b = policy('bbbbbbbb-0000-4000-8000-000000000001', T1, 'B policy', { appliesTo: ['cccccccc-0000-4000-8000-000000000001'] });
        const a = policy('aaaaaaaa-0000-4000-8000-000000000001', T1, 'A policy', { isOrganizationDefault: true, description: 'org' });
        const other = policy('dddddddd-0000-4000-8000-000000000001', T2, 'Other tenant');
        for (const p of [b, a, other]) await storage.directory.upsertTokenLifetimePolicy(p);

        expect(await storage.directory.getTokenLifetimePolicy(T1, b.id)).toEqual(b);
        expect(await storage.directory.getTokenLifetimePolicy(T2, b.id)).toBeUndefined();
        expect((await storage.directory.listTokenLifetimePolicies(T1)).map((p) => p.displayName)).toEqual(['A policy', 'B policy']);

        await storage.directoryAdmin.transact(async (tx) => {
          await tx.upsertTokenLifetimePolicy({ ...b, displayName: 'C policy', appliesTo: [] });
        });
        expect(await storage.directory.getTokenLifetimePolicy(T1, b.id)).toEqual({ ...b, displayName: 'C policy', appliesTo: [] });

        expect(await storage.directory.deleteTokenLifetimePolicy(T2, a.id)).toBe(false);
        expect(await storage.directory.deleteTokenLifetimePolicy(T1, a.id)).toBe(true);
        expect((await storage.directory.listTokenLifetimePolicies(T1)).map((p) => p.id)).toEqual([b.id]);
      } finally {
        await storage.close();
      }
    });
  });
}
