// axe-core in a Playwright page: the accessibility checks of the portal and sign-in pages.
//
// axe is injected as an inline script tag from node_modules (nothing is downloaded). Entrada's
// pages forbid every script but their own by CSP, so the page must come from a browser context
// created with `bypassCSP: true` (accessibilityContext() below); only the accessibility tests use
// one, so every other browser test still runs under the real CSP.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue, RunOptions } from 'axe-core';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG 2.0, 2.1 and 2.2 level A and AA rules (axe's tags), and nothing else. */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;
const BLOCKING: readonly ImpactValue[] = ['serious', 'critical'];

export interface AxeViolation {
  id: string;
  impact: ImpactValue;
  help: string;
  helpUrl: string;
  /** One CSS selector path per element, and axe's summary of what fails there. */
  nodes: Array<{ target: string; summary: string }>;
}

/** A browser context axe can be injected into: the pages' CSP is bypassed (see above). */
export function accessibilityContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, ...options, bypassCSP: true });
}

/** Runs axe's WCAG 2.x A/AA rules on the page as it is now; the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.addScriptTag({ content: AXE_SOURCE });
  const options: RunOptions = { runOnly: { type: 'tag', values: [...WCAG_AA_TAGS] }, resultTypes: ['violations'] };
  const results = await page.evaluate(
    (opts) => (globalThis as unknown as { axe: { run(context: Document, options: unknown): Promise<AxeResults> } }).axe.run(document, opts),
    options as unknown as Record<string, unknown>,
  );
  return results.violations
    .filter((v) => v.impact && BLOCKING.includes(v.impact))
    .map((v) => ({
      id: v.id,
      impact: v.impact as ImpactValue,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' >>> '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim() })),
    }));
}

/** Violations as lines a person can act on: rule, impact, help, then each element and why. */
export function formatViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => [`${v.id} (${v.impact}): ${v.help} <${v.helpUrl}>`, ...v.nodes.map((n) => `    ${n.target}\n      ${n.summary}`)].join('\n'))
    .join('\n');
}
