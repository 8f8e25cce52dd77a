// An `entrada` fixture: one Entrada per Playwright worker, in the worker's process, so tests can
// use all of it (apps, users, clock, directory). Started on a free port with the demo seed.

import { test as base } from '@playwright/test';
import { startEntrada, type StartedEntrada } from 'entrada';

export const test = base.extend<object, { entrada: StartedEntrada }>({
  entrada: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads which fixtures a fixture needs from this pattern; none here.
    async ({}, use) => {
      const entrada = await startEntrada();
      await use(entrada);
      await entrada.stop();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
