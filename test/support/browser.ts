// A real browser for end-to-end tests: Debian's Chromium (/usr/bin/chromium, installed by .ci/run)
// driven by playwright-core, which never downloads a browser of its own.
//
// Chromium trusts Entrada's TLS certificate by its public key alone: the SHA-256 of the server
// certificate's SubjectPublicKeyInfo goes in --ignore-certificate-errors-spki-list, so a chain
// ending in that key is accepted as valid (secure origin, Secure cookies) while any other
// certificate error still fails. Chromium honours the flag only with --user-data-dir, which
// Playwright sets to a fresh temporary profile on every launch.

import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Browser tests run when Chromium is installed, and always in CI (where a missing one fails them). */
export const SKIP_BROWSER = !existsSync(CHROMIUM) && process.env.CI !== 'true';
if (SKIP_BROWSER) console.warn(`[browser] tests skipped: ${CHROMIUM} not found (apt-get install chromium)`);
const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts', 'screenshots');

/** base64(SHA-256(SubjectPublicKeyInfo DER)) of a PEM certificate: Chromium's SPKI fingerprint. */
export function spkiFingerprint(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/** Headless Chromium trusting the certificate at `trustCert` (default: Entrada's, from e2e global setup). */
export async function launchBrowser(trustCert: string | undefined = process.env.ENTRADA_TLS_CERT): Promise<Browser> {
  if (!trustCert) throw new Error('launchBrowser: no certificate to trust (ENTRADA_TLS_CERT is set by test/e2e/global-setup.ts)');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--ignore-certificate-errors-spki-list=${spkiFingerprint(readFileSync(trustCert, 'utf8'))}`,
    ],
  });
}

/** Saves a full-page PNG to test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
