// The README's Playwright example (examples/playwright/) run as its users run it, with Playwright
// Test's own runner: it must pass, and its one test must have run (not been skipped). Browser
// tests run when Chromium is installed, and always in CI (test/support/browser.ts).

import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { SKIP_BROWSER } from '../support/browser.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface JsonSuite {
  specs: Array<{ title: string; ok: boolean; tests: Array<{ status: string; results: Array<{ status: string }> }> }>;
  suites?: JsonSuite[];
}

function specsOf(suites: JsonSuite[]): JsonSuite['specs'] {
  return suites.flatMap((s) => [...s.specs, ...specsOf(s.suites ?? [])]);
}

function runPlaywright(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/@playwright/test/cli.js'), 'test', '--config', 'examples/playwright/playwright.config.ts', '--reporter=json'],
      { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it.skipIf(SKIP_BROWSER)('the Playwright example signs alice in through Entrada and passes', { timeout: 180_000 }, async () => {
  const run = await runPlaywright();
  const report = JSON.parse(run.stdout) as { suites: JsonSuite[]; stats: { expected: number; unexpected: number; skipped: number; flaky: number }; errors: unknown[] };
  expect({ code: run.code, errors: report.errors, stderr: run.stderr.slice(0, 2000) }).toMatchObject({ code: 0, errors: [] });
  expect(report.stats).toMatchObject({ expected: 1, unexpected: 0, skipped: 0, flaky: 0 });
  const spec = specsOf(report.suites).find((s) => s.title === 'alice signs in to the demo web app');
  expect(spec?.ok).toBe(true);
  expect(spec?.tests.map((t) => t.results.map((r) => r.status))).toEqual([['passed']]);
});
