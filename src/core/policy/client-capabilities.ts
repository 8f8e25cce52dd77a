// Client capabilities in a token request's `claims` parameter (OpenID Connect Core §5.5): MSAL
// configured with `clientCapabilities: ['cp1']` merges them into the claims it sends on every
// token request, `{"access_token":{"xms_cc":{"values":["cp1"]}}}` next to its own id_token
// entries [M: msal-common RequestParameterBuilder.buildMergedClaims]. `cp1` says the client
// handles claims challenges, i.e. is CAE-capable; Entra then puts `xms_cc: ["cp1"]` in the access
// token and issues it for about a day (`expires_in` 86399 observed) [D][O: §6.1, issue 13].

import { idpError } from '../errors/idp-error.js';

/** Capabilities Entrada knows; others a client declares are left out of `xms_cc` [I]. */
const KNOWN_CAPABILITIES: ReadonlySet<string> = new Set(['cp1']);

/**
 * Access token lifetime for a client declaring cp1 (applied by core/policy/token-lifetime.ts): 24 h, answered as `expires_in` 86399 like
 * every lifetime (one second less) [O: issue 13's capture]. Entra's range is 20–28 h [D]; Entrada
 * takes the middle, fixed, so tests and clients see one value [I].
 */
export const CAE_ACCESS_TOKEN_LIFETIME = 24 * 3600;

/**
 * The capabilities granted for a `claims` value: those of `access_token.xms_cc.values` Entrada
 * knows, lower-cased, in order. Absent or empty `claims` → none. A value that is not a JSON object
 * is refused with AADSTS90100 "The parameter 'claims' is empty or not valid." [I: the code Entra
 * gives a parameter it cannot accept; the malformed-claims answer itself is not documented]. A
 * well-formed object of another shape asks for nothing Entrada issues and is ignored [I]. Its
 * size is bounded by the form parser's 256 KiB cap on any value (http/kit/form.ts).
 */
export function clientCapabilities(claims: string | undefined): string[] {
  if (claims === undefined || claims.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(claims);
  } catch {
    throw idpError(90100, { args: { name: 'claims' }, detail: 'claims is not valid JSON (OpenID Connect Core §5.5 wants a JSON object).' });
  }
  if (!isObject(parsed)) {
    throw idpError(90100, { args: { name: 'claims' }, detail: 'claims must be a JSON object, e.g. {"access_token":{"xms_cc":{"values":["cp1"]}}}.' });
  }
  const accessToken = parsed['access_token'];
  const xmsCc = isObject(accessToken) ? accessToken['xms_cc'] : undefined;
  const values = isObject(xmsCc) ? xmsCc['values'] : undefined;
  if (!Array.isArray(values)) return [];
  const granted: string[] = [];
  for (const v of values) {
    if (typeof v !== 'string') continue;
    const capability = v.toLowerCase();
    if (KNOWN_CAPABILITIES.has(capability) && !granted.includes(capability)) granted.push(capability);
  }
  return granted;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
