// Writing a seed tenant's named locations, then its Conditional Access policies (issue 17), under
// the rule of seed/merge.ts like every other seeded object. Groups named by displayName are
// resolved here, against the tenant's groups as the database holds them now.
//
// Timestamps: createdDateTime is when the seed first wrote the object and is kept afterwards;
// modifiedDateTime stays null (as Graph's for a policy never changed) until the seed writes a
// different version, then is that write's time, so an unchanged seed writes an identical object.

import type { ConditionalAccessPolicy, Group, Guid, NamedLocation } from '../core/model.js';
import type { DirectoryStore } from '../core/ports.js';
import { canonicalJson, type SeedKind } from './merge.js';
import type { SeedNamedLocation, SeedPolicy } from './conditional-access-resolve.js';
import { resolveGroupNames } from './conditional-access-resolve.js';
import type { SeedObjectReport } from './merge.js';

type Store = Pick<DirectoryStore, 'getNamedLocation' | 'upsertNamedLocation' | 'getConditionalAccessPolicy' | 'upsertConditionalAccessPolicy' | 'listGroups'>;

type Step = <T extends object>(
  kind: SeedKind,
  id: Guid,
  displayName: string,
  read: () => Promise<T | undefined>,
  write: (stored: T | undefined) => Promise<void>,
) => Promise<SeedObjectReport>;

interface Timestamps {
  createdDateTime: string;
  modifiedDateTime: string | null;
}

/** The timestamps of `next` written over `stored` (see the header). */
function timestamps(stored: Timestamps | undefined, next: object, storedContent: object | undefined, now: string): Timestamps {
  if (!stored) return { createdDateTime: now, modifiedDateTime: null };
  const same = storedContent !== undefined && canonicalJson(storedContent) === canonicalJson(next);
  return { createdDateTime: stored.createdDateTime, modifiedDateTime: same ? stored.modifiedDateTime : now };
}

function contentOf<T extends Timestamps>(o: T | undefined): Omit<T, 'createdDateTime' | 'modifiedDateTime'> | undefined {
  if (!o) return undefined;
  const { createdDateTime: _c, modifiedDateTime: _m, ...rest } = o;
  return rest;
}

export async function writeConditionalAccess(
  tenantId: Guid,
  seed: { namedLocations: SeedNamedLocation[]; policies: SeedPolicy[] },
  store: Store,
  step: Step,
  track: (report: SeedObjectReport) => SeedObjectReport,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  for (const location of seed.namedLocations) {
    const content = { ...location, tenantId };
    track(
      await step('namedLocation', location.id, location.displayName, () => store.getNamedLocation(tenantId, location.id), async (stored?: NamedLocation) => {
        await store.upsertNamedLocation({ ...content, ...timestamps(stored, content, contentOf(stored), at) });
      }),
    );
  }
  let groups: Group[] | undefined;
  for (const seeded of seed.policies) {
    track(
      await step('conditionalAccessPolicy', seeded.id, seeded.displayName, () => store.getConditionalAccessPolicy(tenantId, seeded.id), async (stored?: ConditionalAccessPolicy) => {
        groups ??= await store.listGroups(tenantId);
        const content = { ...resolveGroupNames(seeded, groups), tenantId };
        await store.upsertConditionalAccessPolicy({ ...content, ...timestamps(stored, content, contentOf(stored), at) });
      }),
    );
  }
}
