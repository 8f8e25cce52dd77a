// The signing-key rollover settings (issue 17): ENTRADA_KEY_ROTATION and ENTRADA_KEY_PUBLISH_LEAD,
// durations as `entrada.clock.advance` takes them ('30d', '1h', '90m'; core/duration.ts).

import { parseDuration } from '../core/duration.js';

export interface KeySettings {
  /** ENTRADA_KEY_ROTATION: a new key once the current one has signed this long; null (default) = never automatically. */
  keyRotationMs: number | null;
  /** ENTRADA_KEY_PUBLISH_LEAD: how long a rotated key is published before it signs. */
  keyPublishLeadMs: number;
}

/**
 * One hour. Entra documents no lead: keys roll "on a periodic basis" with no set time between rolls
 * and apps must accept any key of the document [D: signing-key-rollover]. An hour outlasts the
 * caches verifiers keep by default in the test suites Entrada serves (jose's createRemoteJWKSet:
 * 10 minutes), and libraries that cache longer fetch the JWKS again on an unknown kid [I].
 */
export const DEFAULT_KEY_PUBLISH_LEAD = '1h';

/**
 * The shortest rotation interval, a day: keys superseded within the retention (a day) all stay
 * published, and every node reads every key row each 30 s, so a shorter interval would publish
 * several keys and grow those reads. Retired rows go after 30 days (core/signing-key-states.ts).
 */
const MIN_ROTATION_MS = 86_400_000;
const MAX_LEAD_MS = 30 * 86_400_000;

type Result = { ok: true; settings: KeySettings } | { ok: false; errors: string[] };

export function parseKeySettings(env: NodeJS.ProcessEnv): Result {
  const errors: string[] = [];
  const rotation = env.ENTRADA_KEY_ROTATION?.trim() || 'off';
  let keyRotationMs: number | null = null;
  if (rotation.toLowerCase() !== 'off') {
    const parsed = parseDuration(rotation);
    if (!parsed.ok) errors.push(`keyRotation: ENTRADA_KEY_ROTATION must be 'off' or a duration such as '30d': ${parsed.error}`);
    else if (parsed.ms < MIN_ROTATION_MS) errors.push(`keyRotation: ENTRADA_KEY_ROTATION must be at least 1d (got ${rotation}), or 'off'`);
    else keyRotationMs = parsed.ms;
  }
  const lead = env.ENTRADA_KEY_PUBLISH_LEAD?.trim() || DEFAULT_KEY_PUBLISH_LEAD;
  const parsedLead = parseDuration(lead);
  let keyPublishLeadMs = 0;
  if (!parsedLead.ok) errors.push(`keyPublishLead: ENTRADA_KEY_PUBLISH_LEAD must be a duration such as '1h' or '0s': ${parsedLead.error}`);
  else if (parsedLead.ms > MAX_LEAD_MS) errors.push(`keyPublishLead: ENTRADA_KEY_PUBLISH_LEAD must be at most 30d (got ${lead})`);
  else keyPublishLeadMs = parsedLead.ms;
  return errors.length ? { ok: false, errors } : { ok: true, settings: { keyRotationMs, keyPublishLeadMs } };
}
