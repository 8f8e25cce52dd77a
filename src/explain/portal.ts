// The portal steps fixes are made of, shared by the client-type verdicts and the findings for
// answers that differ from the model.

import type { Platform } from '../core/model.js';
import { PLATFORM_LABEL } from '../core/policy/client-type.js';
import type { Ctx } from './findings.js';
import { matchingRegistrations } from './redirect-diff.js';

export const PORTAL = {
  publicFlows: 'Authentication → Advanced settings → Allow public client flows',
  newSecret: 'Certificates & secrets → Client secrets → New client secret',
};

/**
 * "Move this redirect URI to another platform", in portal steps. Deletes what is registered and
 * adds what the app sends (they differ for loopback ports and slashes) — except that a loopback
 * http URI registered without a port is kept portless, since it matches every port.
 */
export function moveUri(ctx: Ctx, registered: string, from: Platform, to: Platform): string {
  const sent = ctx.s.redirectUri ?? registered;
  const add = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(\/|$)/i.test(registered) ? registered : sent;
  const existing = ctx.manifest ? matchingRegistrations(ctx.manifest.read.app, sent).find((r) => r.platform === to) : undefined;
  return existing
    ? `Authentication → ${PLATFORM_LABEL[from]} → delete '${registered}' (it is already registered under ${PLATFORM_LABEL[to]} as '${existing.uri}')`
    : `Authentication → ${PLATFORM_LABEL[from]} → delete '${registered}', then Add a platform → ${PLATFORM_LABEL[to]} → add '${add}'`;
}

