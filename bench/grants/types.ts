// What the bench needs to know of a grant to measure it (bench/lib/measure.ts).

import type { Server } from '../lib/server.js';
import type { Target } from '../lib/wrk.js';

export interface Prepared {
  target: Target;
  /**
   * Request lines for wrk: form bodies (POST) or request targets (GET). A single-use grant mints
   * `count` fresh inputs through the server's own endpoints (before the timed window); the others
   * return their fixed set, whatever `count`.
   */
  lines(count: number): Promise<string[]>;
}

export interface Grant {
  /** The --only name. */
  key: string;
  /** The table's name for it. */
  title: string;
  /** Inputs are spent by one request (codes): each line is sent once. */
  singleUse: boolean;
  /**
   * RS256 signatures in a successful answer, as the grant's tokens imply. The bench counts them
   * again in a real answer (decoding its JWTs) and reports any difference.
   */
  signaturesPerRequest: number;
  /** Connections instead of the run's (ROPC: the password queue). */
  connections?: number;
  /** wrk's --timeout, seconds (default 10). */
  timeoutSeconds?: number;
  /** Pause between warm-up and window, so the window does not start behind the warm-up's queued work (default 0.5 s). */
  settleSeconds?: number;
  /** One line under the table: how the inputs are made, what bounds it. */
  note: string;
  prepare(server: Server): Promise<Prepared>;
}

/** The token endpoint of the demo tenant on `server`, for form POSTs. */
export function tokenTarget(server: Server, tenant: string): Target {
  return { url: `${server.url}/${tenant}/oauth2/v2.0/token`, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}
