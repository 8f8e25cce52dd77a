// What a request's `claims` parameter (OpenID Connect Core §5.5) asks of the sign-in itself, as
// Entra reads it: authentication contexts (`acrs`, the step-up an API's claims challenge names,
// `{"access_token":{"acrs":{"essential":true,"value":"c1"}}}`) [D: entra-docs
// identity-platform/developer-guide-conditional-access-authentication-context.md], and MFA outright
// (`acr` value `urn:microsoft:policies:mfa`, in id_token or access_token) [O: apps forcing MFA with
// it, e.g. auth0/passport-azure-ad-oauth2#33]. Client capabilities (`xms_cc`) are read by
// client-capabilities.ts, which also refuses claims that are not a JSON object; this one reads
// only a well-formed object and ignores everything else [I].

/** Authentication context ids: c1 … c99 [D: Graph authenticationContextClassReference.id]. */
const AUTH_CONTEXT = /^c([1-9]|[1-9][0-9])$/;
const MFA_ACR = 'urn:microsoft:policies:mfa';

export interface AuthenticationAsked {
  /** Lower-case, each once, in the order asked. */
  authContexts: string[];
  mfaAsked: boolean;
}

export const NOTHING_ASKED: AuthenticationAsked = { authContexts: [], mfaAsked: false };

export function authenticationAsked(claims: string | undefined): AuthenticationAsked {
  if (claims === undefined || claims.trim() === '') return NOTHING_ASKED;
  let parsed: unknown;
  try {
    parsed = JSON.parse(claims);
  } catch {
    return NOTHING_ASKED;
  }
  if (!isObject(parsed)) return NOTHING_ASKED;
  const authContexts: string[] = [];
  let mfaAsked = false;
  for (const token of ['access_token', 'id_token']) {
    const requested = parsed[token];
    if (!isObject(requested)) continue;
    for (const v of values(requested['acrs'])) {
      const context = v.toLowerCase();
      if (AUTH_CONTEXT.test(context) && !authContexts.includes(context)) authContexts.push(context);
    }
    if (values(requested['acr']).includes(MFA_ACR)) mfaAsked = true;
  }
  return { authContexts, mfaAsked };
}

/** The strings of a claim request: `{"value":"x"}` or `{"values":["x","y"]}` (OIDC Core §5.5.1). */
function values(request: unknown): string[] {
  if (!isObject(request)) return [];
  const out: string[] = [];
  if (typeof request['value'] === 'string') out.push(request['value']);
  if (Array.isArray(request['values'])) for (const v of request['values']) if (typeof v === 'string') out.push(v);
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
