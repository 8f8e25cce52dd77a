// Who may see what on /error?trace_id= (issue #9, finding 7). A trace id is no secret (it is in
// x-ms-request-id and every error_uri), so the page shows anyone the explanation — what decided,
// why, the fix — but identities and internals (the user, the app's display name, the client
// secret's fingerprint, error details quoting fetched URLs or TLS errors) only to callers on the
// Entrada host itself. [Entrada's own policy: Entra's equivalent needs an admin sign-in to the
// portal, which Entrada does not have yet; it listens on localhost by default, where every caller
// is local. Behind a reverse proxy on the same host every caller looks local: bind it elsewhere.]

import { isLoopbackAddress } from './network-address.js';

export type TraceAudience = 'local' | 'remote';

/**
 * 'local' for a peer in 127.0.0.0/8 or ::1, in any notation (IPv4-mapped too); else 'remote'.
 * Global IPv6 addresses that embed 127.x (6to4, NAT64, IPv4-compatible) are other machines.
 */
export function traceAudience(remoteAddress: string | undefined): TraceAudience {
  return remoteAddress !== undefined && isLoopbackAddress(remoteAddress) ? 'local' : 'remote';
}
