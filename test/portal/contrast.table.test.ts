// The colours of the sign-in pages and of the portal meet WCAG 2.x AA, light and dark: text 4.5:1
// or more on every background it is drawn on (1.4.3), and the boundaries a person must see to use
// a control — form field borders, the focus outline — 3:1 or more against what surrounds them
// (1.4.11). The colours are read from the styles' CSS custom properties, so a change of colour is
// checked without touching this test; the pairs are the ones the styles' rules draw together.

import { describe, expect, it } from 'vitest';
import { SIGN_IN_STYLE } from '../../src/http/kit/sign-in-style.js';
import { PORTAL_STYLE } from '../../src/ui/portal/portal-style.js';

type Scheme = 'light' | 'dark';

/** The custom properties of `:root{…}` (light) and of the `prefers-color-scheme:dark` block. */
function customProperties(css: string): Record<Scheme, Record<string, string>> {
  const dark = /@media\s*\(prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{([^}]*)\}/.exec(css);
  const light = /(?:^|\n)\s*:root\s*\{([^}]*)\}/.exec(css);
  if (!light || !dark) throw new Error('no :root custom properties (light and dark) in the style');
  const read = (block: string) => Object.fromEntries([...block.matchAll(/--([a-z-]+)\s*:\s*([^;]+)/g)].map((m) => [m[1]!, m[2]!.trim()]));
  return { light: read(light[1]!), dark: { ...read(light[1]!), ...read(dark[1]!) } };
}

/** WCAG 2.x relative luminance of a #rgb or #rrggbb colour. */
function luminance(hex: string): number {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`not a hex colour: ${hex}`);
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = Number.parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2.x contrast ratio, 1 to 21. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('the contrast ratio itself', () => {
  it.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#777777', '#ffffff', 4.48],
    ['#767676', '#fff', 4.54],
  ])('%s on %s is %d:1', (fg, bg, ratio) => {
    expect(contrast(fg, bg)).toBeCloseTo(ratio, 2);
  });

  it('reads light and dark custom properties, dark inheriting what it does not set', () => {
    const vars = customProperties(':root{--a:#fff;--b:#000}\n@media (prefers-color-scheme:dark){:root{--a:#111}}');
    expect(vars).toEqual({ light: { a: '#fff', b: '#000' }, dark: { a: '#111', b: '#000' } });
  });
});

const TEXT = 4.5;
const NON_TEXT = 3;

/** [foreground, background, minimum ratio, where the styles draw it]. */
type Pair = [string, string, number, string];

const SIGN_IN_PAIRS: Pair[] = [
  ['ink', 'card', TEXT, 'text in the card'],
  ['ink', 'bg', TEXT, 'pre blocks (bg) and the page'],
  ['muted', 'card', TEXT, '.brand, .lead, .muted, badges, account UPNs'],
  ['muted', 'bg', TEXT, 'the footer under the card'],
  ['accent', 'card', TEXT, 'links, secondary buttons'],
  ['accent', 'bg', TEXT, 'links in the footer'],
  ['accent-ink', 'accent', TEXT, 'the primary button'],
  ['err-ink', 'err-bg', TEXT, 'an error box'],
  ['muted', 'err-bg', TEXT, '"Error code" line inside an error box'],
  ['accent', 'err-bg', TEXT, '"what this means" link inside an error box'],
  ['field', 'card', NON_TEXT, 'input borders (1.4.11)'],
  ['accent', 'card', NON_TEXT, 'the focus outline'],
];

const PORTAL_PAIRS: Pair[] = [
  ['ink', 'card', TEXT, 'cards, header, tables'],
  ['ink', 'bg', TEXT, 'the page, pre blocks'],
  ['muted', 'card', TEXT, 'table headers, facts, hints in cards, the viewer'],
  ['muted', 'bg', TEXT, 'crumbs, hints, the footer'],
  ['accent', 'card', TEXT, 'navigation, links in cards, secondary buttons'],
  ['accent', 'bg', TEXT, 'tabs, links on the page'],
  ['accent-ink', 'accent', TEXT, 'primary buttons'],
  ['ok-ink', 'ok-bg', TEXT, 'ok notices, ok badges, a new secret'],
  ['err-ink', 'err-bg', TEXT, 'error notices, error badges'],
  ['err-ink', 'card', TEXT, 'danger buttons in cards'],
  ['err-ink', 'bg', TEXT, 'danger buttons on the page'],
  ['warn-ink', 'warn-bg', TEXT, 'warnings'],
  ['muted', 'err-bg', TEXT, '"Code:" line inside an error notice'],
  ['muted', 'ok-bg', TEXT, 'muted text inside an ok notice'],
  ['muted', 'warn-bg', TEXT, 'muted text inside a warning'],
  ['accent', 'err-bg', TEXT, 'links inside an error notice'],
  ['accent', 'ok-bg', TEXT, 'links inside an ok notice'],
  ['accent', 'warn-bg', TEXT, 'links inside a warning'],
  ['field', 'card', NON_TEXT, 'input borders in cards (1.4.11)'],
  ['field', 'bg', NON_TEXT, 'input borders on the page (1.4.11)'],
  ['accent', 'card', NON_TEXT, 'the focus outline in cards'],
  ['accent', 'bg', NON_TEXT, 'the focus outline on the page'],
];

const CASES = (
  [
    ['sign-in pages', SIGN_IN_STYLE, SIGN_IN_PAIRS],
    ['portal', PORTAL_STYLE, PORTAL_PAIRS],
  ] as const
).flatMap(([name, css, pairs]) => {
  const vars = customProperties(css);
  return (['light', 'dark'] as const).flatMap((scheme) =>
    pairs.map(([fg, bg, min, where]) => ({ name, scheme, fg, bg, min, where, fgColour: vars[scheme][fg], bgColour: vars[scheme][bg] })),
  );
});

describe.each(['sign-in pages', 'portal'])('%s', (name) => {
  for (const { scheme, fg, bg, min, where, fgColour, bgColour } of CASES.filter((c) => c.name === name)) {
    it(`${scheme}: --${fg} on --${bg} is ${min}:1 or more (${where})`, () => {
      expect(fgColour, `--${fg} is defined`).toBeDefined();
      expect(bgColour, `--${bg} is defined`).toBeDefined();
      expect(contrast(fgColour!, bgColour!), `${fgColour} on ${bgColour}`).toBeGreaterThanOrEqual(min);
    });
  }

  it('input borders and account buttons use --field, not the decorative --line', () => {
    const css = name === 'portal' ? PORTAL_STYLE : SIGN_IN_STYLE;
    const inputRules = [...css.matchAll(/(?:^|\n)([^{}\n]*input\[type=(?:text|password)\][^{]*)\{([^}]*)\}/g)];
    expect(inputRules.length).toBeGreaterThan(0);
    for (const [, , body] of inputRules) expect(body).toMatch(/border:1px solid var\(--field\)/);
    if (name === 'sign-in pages') expect(/button\.account\{[^}]*\}/.exec(css)?.[0]).toContain('border-color:var(--field)');
  });
});
