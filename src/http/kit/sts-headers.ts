// Headers Entra's login service sends on every token, devicecode and discovery response, success or
// error [O: entra-protocol.md §5.1, §1.3; issue 13's captures]. They change nothing for a client;
// they are here so that a response compared side by side with Entra's has the same header set.

import type { FastifyReply } from 'fastify';

/**
 * Entra's value names its build and region (`2.1.17846.6 - SCUS ProdSlices`); Entrada keeps the
 * shape and names itself, so a log or HAR shows at a glance which service answered.
 */
export const ESTS_SERVER = '2.1.0.0 - Entrada';

export function setStsHeaders(reply: FastifyReply): FastifyReply {
  return reply.headers({
    'x-ms-ests-server': ESTS_SERVER,
    p3p: 'CP="DSP CUR OTPi IND OTRi ONL FIN"',
    'x-xss-protection': '0',
    'referrer-policy': 'strict-origin-when-cross-origin',
  });
}
