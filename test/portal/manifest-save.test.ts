// The Manifest blade's save path against a real directory (the demo seed): every app's manifest,
// saved unchanged in either format, is accepted by updateApplication and changes nothing — so
// what the editor shows is exactly what it can save.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEntrada, type StartedEntrada } from '../../src/api/index.js';
import type { Application } from '../../src/core/model.js';
import { updateApplication } from '../../src/directory/applications.js';
import { manifestPatch, manifestText } from '../../src/ui/portal/pages/apps/manifest-input.js';

describe('saving a manifest unchanged', () => {
  let entrada: StartedEntrada;
  beforeAll(async () => {
    entrada = await startEntrada();
  });
  afterAll(async () => {
    await entrada?.stop();
  });

  it.each(['graph', 'aad'] as const)('changes no demo app (%s format)', async (format) => {
    const { service } = entrada.directory;
    const actor = entrada.directory.actor();
    const apps = (await service.read.listApplications(actor.tenantId)).filter((a) => a.displayName.startsWith('Demo'));
    expect(apps.length).toBeGreaterThan(3);
    for (const before of apps) {
      const save = manifestPatch(manifestText(before, format), before);
      expect(save, before.displayName).toMatchObject({ ok: true, format, secretsDiffer: false });
      if (!save.ok) continue;
      await updateApplication(service, actor, { id: before.id }, save.body);
      const after = (await service.read.getApplication(before.id)) as Application;
      expect(after, before.displayName).toEqual(before);
    }
  });
});
