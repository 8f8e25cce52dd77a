// Playwright Test for an app that signs users in with Entra: Entrada stands in for Entra (started
// per worker by the `entrada` fixture in fixtures.ts). Chromium is the system's, never downloaded.

import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  outputDir: '../../test-artifacts/playwright-example',
  timeout: 60_000,
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    // Entrada serves a certificate of its own CA, made when the fixture starts it, after the
    // browser was configured; so this example accepts any certificate. To check it instead, give
    // startEntrada a fixed `home` (its CA is then made once and kept) and trust <home>/tls/ca.pem
    // before launching: Chromium's --ignore-certificate-errors-spki-list=<SPKI hash of the
    // certificate> or the CA imported into the browser's NSS database (certutil).
    ignoreHTTPSErrors: true,
  },
});
