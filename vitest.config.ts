import { defineConfig } from 'vitest/config';

// Two projects: unit/in-process tests, and end-to-end tests that run the real clients against a
// listening Entrada started by test/e2e/global-setup.ts (`entrada start`, as a user would). The
// end-to-end project includes the browser tests (Chromium via test/support/browser.ts), which set
// a 30 s timeout of their own.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // examples/: the README's test-suite examples, run as a user's suite would run them.
          include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          globalSetup: ['test/support/postgres-global-setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
