// How long each request parameter may be, and which characters an identifier may hold — checked
// at every entry point before any value reaches a lookup, the directory cache or storage (issue 9:
// distinct 200 KiB user names filled the directory cache; NUL bytes in values made PostgreSQL
// answer 500).
//
// Entra's answer to an over-long value is not documented: Entrada answers AADSTS9002313 "Request
// is malformed or invalid" [I] (the code it gives every unreadable request), except where a more
// precise code names the very problem. The limits sit well above any value a real client sends,
// at or above the longest value Entra can store, so a genuine request is never refused here.
// Parameters not listed (client_assertion, assertion, claims, x-client-*) keep the 256 KiB form
// limit of http/kit/form.ts.

import { type IdpError, idpError, refusalError } from '../errors/idp-error.js';
import { refusalOf } from '../errors/message-args.js';
import type { OAuthError } from '../errors/types.js';

/** The codes a value over its limit is refused with besides AADSTS9002313. */
type LimitRefusalCode = 50126 | 70011 | 50147;

interface ParameterLimit {
  /** Longest accepted value, in UTF-16 code units (what JavaScript's length counts). */
  maxChars: number;
  /** An identifier: C0 control characters (and DEL) are refused besides NUL. */
  identifier?: boolean;
  /** The refusal, when not AADSTS9002313. */
  code?: LimitRefusalCode;
  /** The OAuth `error` when it differs from the code's usual one. */
  oauthError?: OAuthError;
}

/** A user name: a UPN is at most 113 characters (64 + "@" + 48) [D: Entra user name policies]; 256 leaves room [I]. */
const USER_NAME: ParameterLimit = { maxChars: 256, identifier: true };
/** Short protocol words (grant_type, response_mode, prompt…): the longest real one is ~60 characters [I]. */
const KEYWORD: ParameterLimit = { maxChars: 256, identifier: true };
/** A GUID or GUID-like id; anything longer is not one, and later gets that code's own answer. */
const ID: ParameterLimit = { maxChars: 256, identifier: true };

export const PARAMETER_LIMITS: Readonly<Record<string, ParameterLimit>> = {
  // Who: the client, the user.
  client_id: ID,
  username: USER_NAME,
  /** The account picked on the sign-in page (a UPN). */
  account: USER_NAME,
  login_hint: USER_NAME,
  domain_hint: { maxChars: 256, identifier: true },
  /** User realm discovery's login. */
  login: USER_NAME,
  /** Entra passwords are at most 256 characters [D: password policies]; a longer one cannot be right. */
  password: { maxChars: 256, code: 50126 },
  /** Entra's secrets are 40 characters; certificates' are not sent as secrets [I]. */
  client_secret: { maxChars: 1024 },

  // What: the resource and scopes.
  /** Entra's limit on scope strings is not documented; 4,096 fits ~100 scopes [I]. */
  scope: { maxChars: 4096, identifier: true, code: 70011 },
  /** A resource is an app id (GUID) or an identifier URI; registered URIs are ≤ 256 characters [D][I]. */
  resource: { maxChars: 1024, identifier: true },

  // Where: redirect URIs are at most 256 characters when registered [D: "Redirect URI restrictions"];
  // a request may add a loopback port or differ in case, so 512 [I]. No longer one can match.
  redirect_uri: { maxChars: 512, identifier: true },
  post_logout_redirect_uri: { maxChars: 512, identifier: true },

  // Protocol words.
  grant_type: KEYWORD,
  response_type: KEYWORD,
  response_mode: KEYWORD,
  prompt: KEYWORD,
  client_assertion_type: KEYWORD,
  requested_token_use: KEYWORD,
  code_challenge_method: KEYWORD,
  client_info: KEYWORD,
  'api-version': KEYWORD,

  // Opaque values the client made up; echoed back or stored with a code [I].
  state: { maxChars: 4096 },
  nonce: { maxChars: 1024 },

  // Artefacts Entrada issued, or PKCE values.
  /** Entra's codes are ~1 KB; Entrada's are shorter [I]. A broken code is invalid_grant [O]. */
  code: { maxChars: 4096, identifier: true, oauthError: 'invalid_grant' },
  refresh_token: { maxChars: 8192, identifier: true, oauthError: 'invalid_grant' },
  device_code: { maxChars: 1024, identifier: true, oauthError: 'invalid_grant' },
  /** RFC 7636 §4.1: 43–128 characters. */
  code_verifier: { maxChars: 128, identifier: true },
  /** RFC 7636 §4.2; Entra's answer to a wrong size is AADSTS50147 [D]. */
  code_challenge: { maxChars: 128, identifier: true, code: 50147 },
  /** An ID token, a few KB [I]. */
  id_token_hint: { maxChars: 16 * 1024, identifier: true },
  /** The device login page's user code (Entra's are 9 characters) and its consent step's context. */
  otc: { maxChars: 64, identifier: true },

  // The managed identity endpoint's selectors [D: IMDS]; an Azure resource id is well under 1,024 [I].
  object_id: ID,
  principal_id: ID,
  msi_res_id: { maxChars: 1024, identifier: true },
  mi_res_id: { maxChars: 1024, identifier: true },
};

const NUL = '\u0000';
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The first parameter that breaks its limit, as the AADSTS refusal; undefined when all are
 * acceptable. `names` restricts the check (e.g. to what /authorize reads before its redirect URI
 * is validated). NUL is refused in every value: PostgreSQL text cannot hold it [I: 9002313].
 */
export function checkParameterLimits(params: Readonly<Record<string, string>>, names?: readonly string[]): IdpError | undefined {
  for (const name of names ?? Object.keys(params)) {
    const value = params[name];
    if (value === undefined) continue;
    const problem = parameterProblem(name, value);
    if (problem) return problem;
  }
  return undefined;
}

/** The refusal for one value, or undefined. Pure; the detail never quotes the value. */
export function parameterProblem(name: string, value: string): IdpError | undefined {
  const limit = Object.hasOwn(PARAMETER_LIMITS, name) ? PARAMETER_LIMITS[name] : undefined;
  if (value.includes(NUL)) return idpError(9002313, { detail: `Parameter '${shown(name)}' contains a NUL character.` });
  if (!limit) return undefined;
  if (value.length > limit.maxChars) {
    return refusal(limit, `Parameter '${name}' is ${value.length} characters long; Entrada accepts at most ${limit.maxChars}.`, '(too long to show)');
  }
  if (limit.identifier && CONTROL.test(value)) {
    return refusal(limit, `Parameter '${name}' contains a control character, which no identifier holds.`, JSON.stringify(value));
  }
  return undefined;
}

/** `shownValue` fills a message that quotes the value (70011's {scope}): never the over-long value itself. */
function refusal(limit: ParameterLimit, detail: string, shownValue: string): IdpError {
  const code = limit.code ?? 9002313;
  const refused = code === 70011 ? refusalOf(code, { scope: shownValue }) : refusalOf(code);
  return refusalError(refused, { detail, ...(limit.oauthError ? { oauthError: limit.oauthError } : {}) });
}

function shown(name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
