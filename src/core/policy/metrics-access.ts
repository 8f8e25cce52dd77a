// Who may read GET /metrics (--metrics, ENTRADA_METRICS). The figures name no secret, but they show
// a stranger how busy the server is and which clients fail how, so by default only a scraper on
// the same host sees them; anyone else gets the 404 of a path that does not exist [Entrada's
// choice, as for the /error page's details: core/policy/trace-audience.ts].

import { isLoopbackAddress } from './network-address.js';

/** `loopback` (default): peers in 127.0.0.0/8 or ::1; `any`: everyone; `off`: no /metrics route. */
export const METRICS_ACCESS = ['loopback', 'any', 'off'] as const;
export type MetricsAccess = (typeof METRICS_ACCESS)[number];

/**
 * Is /metrics served to this peer (the socket's address: no forwarded header is trusted)? Under
 * `loopback`, IPv4-mapped 127.x counts as loopback, 6to4 and NAT64 forms of it do not (they are
 * other machines: isLoopbackAddress).
 */
export function metricsVisibleTo(access: MetricsAccess, remoteAddress: string | undefined): boolean {
  if (access === 'any') return true;
  if (access === 'off') return false;
  return remoteAddress !== undefined && isLoopbackAddress(remoteAddress);
}
