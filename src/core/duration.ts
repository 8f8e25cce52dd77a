// Durations as test authors write them (`clock.advance('2h')`): a number of milliseconds, or one
// or more `<integer><unit>` parts, units d, h, m, s and ms, largest first (`1h30m`, `90s`, `1d12h`).
// Deliberately small: no fractions, no signs, no spaces, so `'1.5h'` or `'2 hours'` is an error
// that says what is accepted rather than a silent surprise.

const UNITS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
type Unit = keyof typeof UNITS;
const ORDER: readonly Unit[] = ['d', 'h', 'm', 's', 'ms'];

/** Longest duration accepted: 100 years, far beyond any token or code lifetime. */
export const MAX_DURATION_MS = 100 * 365 * UNITS.d;

export type DurationResult = { ok: true; ms: number } | { ok: false; error: string };

const ACCEPTED = "a whole number of milliseconds, or parts such as '90s', '30m', '2h', '1d', '1h30m' (units d, h, m, s, ms, largest first)";

/** Parses `value` into milliseconds (≥ 0, at most MAX_DURATION_MS). */
export function parseDuration(value: string | number): DurationResult {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) return { ok: false, error: `${value} is not ${ACCEPTED}` };
    return within(value, String(value));
  }
  const parts = /^(?:\d+(?:d|h|ms|m|s))+$/.test(value) ? value.match(/\d+(?:d|h|ms|m|s)/g) : null;
  if (!parts) return { ok: false, error: `${JSON.stringify(value)} is not ${ACCEPTED}` };
  let total = 0;
  let last = -1;
  for (const part of parts) {
    const [, digits, unit] = /^(\d+)(d|h|ms|m|s)$/.exec(part) as unknown as [string, string, Unit];
    const rank = ORDER.indexOf(unit);
    if (rank <= last) return { ok: false, error: `${JSON.stringify(value)}: '${unit}' repeated or out of order; write units largest first, each once` };
    last = rank;
    total += Number(digits) * UNITS[unit];
    if (!Number.isSafeInteger(total)) return { ok: false, error: `${JSON.stringify(value)} is too long` };
  }
  return within(total, JSON.stringify(value));
}

function within(ms: number, shown: string): DurationResult {
  return ms <= MAX_DURATION_MS ? { ok: true, ms } : { ok: false, error: `${shown} is longer than 100 years` };
}
