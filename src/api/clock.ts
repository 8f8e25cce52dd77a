// The clock a test controls: real time plus an offset. Entrada reads it for every time decision
// of a request (token iat/exp, code, refresh token and session expiry, assertion lifetimes), so
// `advance('2h')` makes what was issued two hours ago look two hours old. It keeps running:
// timers and timeouts of the server itself stay on real time.

import type { Clock } from '../core/ports.js';
import { parseDuration } from '../core/duration.js';

export interface TestClock extends Clock {
  /** Entrada's current time. */
  now(): Date;
  /**
   * Moves Entrada's time forward: milliseconds, or `'90s'`, `'30m'`, `'2h'`, `'1d'`, `'1h30m'`.
   * Returns the new time.
   */
  advance(duration: string | number): Date;
  /** Sets Entrada's time to `date` (it runs on from there). Returns it. */
  set(date: Date | string | number): Date;
  /** Back to real time. */
  reset(): void;
}

export function testClock(realNow: () => number = Date.now): TestClock {
  let offset = 0;
  const now = () => new Date(realNow() + offset);
  return {
    now,
    advance(duration) {
      const parsed = parseDuration(duration);
      if (!parsed.ok) throw new TypeError(`clock.advance: ${parsed.error}`);
      offset += parsed.ms;
      return now();
    },
    set(date) {
      const at = new Date(date).getTime();
      if (Number.isNaN(at)) throw new TypeError(`clock.set: ${JSON.stringify(date)} is not a date`);
      offset = at - realNow();
      return now();
    },
    reset() {
      offset = 0;
    },
  };
}
