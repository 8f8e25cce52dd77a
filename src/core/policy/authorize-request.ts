// Validation of an /authorize request (entra-protocol.md §3.2, §2.2), as one pure function over
// the parameters and the client's registration.
//
// Entra's order matters for where an error goes: until the redirect URI is known to be registered,
// an error is shown on Entra's own page and nobody is redirected (50011, 500113, 900971) [D]; after
// that, errors go back to the app at its redirect URI in the response mode it asked for, with the
// request's `state` [D: RFC 6749 §4.1.2.1].

import { IdpError, idpError } from '../errors/idp-error.js';
import type { Application, Platform } from '../model.js';
import { PLATFORM_LABEL } from './client-type.js';
import { matchRedirectUri, registeredRedirectUris } from './redirect-uri.js';
import { GRAPH_RESOURCE, parseDelegatedScope, parseV1Resource, type ScopeRequest } from './scope.js';
import { loginHintUser } from '../tokens/optional-claims.js';

export type ResponseMode = 'query' | 'fragment' | 'form_post';
export type Prompt = 'login' | 'none' | 'consent' | 'select_account' | 'admin_consent';
export type PkceMethod = 'S256' | 'plain';

interface ResponseTypes {
  code: boolean;
  idToken: boolean;
  token: boolean;
}

/** Where and how a response (or an error after redirect URI validation) goes back to the app. */
export interface RedirectTarget {
  redirectUri: string;
  responseMode: ResponseMode;
  state?: string;
}

export interface AuthorizeRequest {
  endpoint: 'v1' | 'v2';
  clientId: string;
  target: RedirectTarget;
  /** The registered entry the redirect URI matched, and its platform. */
  registeredAs: string;
  platform: Platform;
  responseTypes: ResponseTypes;
  nonce?: string;
  prompt?: Prompt;
  loginHint?: string;
  domainHint?: string;
  scope: ScopeRequest;
  codeChallenge?: string;
  codeChallengeMethod?: PkceMethod;
  /** `client_info=1`: MSAL asks for client_info next to the code [M]. */
  clientInfo: boolean;
}

type AuthorizeCheck =
  | { ok: true; request: AuthorizeRequest }
  /** Shown on Entrada's page: there is no registered redirect URI to send it to. */
  | { ok: false; show: 'page'; error: IdpError }
  | { ok: false; show: 'redirect'; target: RedirectTarget; error: IdpError };

const RESPONSE_MODES: readonly ResponseMode[] = ['query', 'fragment', 'form_post'];
const PROMPTS_V2: readonly Prompt[] = ['login', 'none', 'consent', 'select_account'];
/** v1 also takes prompt=admin_consent [D]. */
const PROMPTS_V1: readonly Prompt[] = [...PROMPTS_V2, 'admin_consent'];
/** RFC 7636 §4.1: verifiers (and plain challenges) are 43–128 characters of [A-Z a-z 0-9 - . _ ~]. */
const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;
/** An S256 challenge is BASE64URL(SHA-256), exactly 43 characters (RFC 7636 §4.2). */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export function checkAuthorizeRequest(endpoint: 'v1' | 'v2', params: Readonly<Record<string, string>>, app: Application): AuthorizeCheck {
  const get = (name: string) => (params[name] === undefined || params[name] === '' ? undefined : params[name]);

  // 1. The redirect URI, before anything is sent anywhere.
  const registered = registeredRedirectUris(app);
  if (registered.length === 0) return { ok: false, show: 'page', error: idpError(500113) };
  // Without redirect_uri, an app with exactly one registered URI uses it [D: v1 docs; I for v2];
  // with several there is no default (900971).
  const asked = get('redirect_uri') ?? (registered.length === 1 ? registered[0].uri : undefined);
  if (asked === undefined) return { ok: false, show: 'page', error: idpError(900971) };
  const match = matchRedirectUri(app, asked);
  if (match.kind !== 'registered') {
    // Beyond Entra: the page lists what is registered, so the difference is visible at a glance.
    const listed = registered.map((r) => `${r.uri} (${PLATFORM_LABEL[r.platform]})`).join(', ');
    return {
      ok: false,
      show: 'page',
      error: idpError(50011, { args: { redirectUri: asked, appId: app.appId }, detail: `Registered redirect URIs of ${app.displayName}: ${listed}.` }),
    };
  }

  // 2. From here on errors go back to the app, in the response mode it asked for when that is usable.
  const types = parseResponseTypes(get('response_type'));
  const askedMode = get('response_mode');
  const defaultMode: ResponseMode = types.ok && (types.value.idToken || types.value.token) ? 'fragment' : 'query';
  // form_post needs a web page to post to; an app scheme (msauth://, myapp://) cannot receive it [I].
  const postable = /^https?:\/\//i.test(asked) && URL.canParse(asked);
  const modeKnown =
    askedMode !== undefined && (RESPONSE_MODES as readonly string[]).includes(askedMode) && (askedMode !== 'form_post' || postable);
  const target: RedirectTarget = { redirectUri: asked, responseMode: modeKnown ? (askedMode as ResponseMode) : defaultMode, state: get('state') };
  const fail = (error: IdpError): AuthorizeCheck => ({ ok: false, show: 'redirect', target, error });

  if (!types.ok) return fail(types.error);
  const responseTypes = types.value;
  if (askedMode !== undefined && !modeKnown) return fail(idpError(90100, { args: { name: 'response_mode' } }));
  // Tokens never travel in a query string (they would land in server logs and Referer headers) [D].
  if (target.responseMode === 'query' && (responseTypes.idToken || responseTypes.token)) {
    return fail(idpError(70005, { args: { reasons: "response_mode 'query' is not allowed when the response_type asks for an id_token or a token." } }));
  }
  // Implicit and hybrid responses need the registration's "Implicit grant and hybrid flows" boxes [D].
  if (responseTypes.idToken && !app.web.implicitGrantSettings.enableIdTokenIssuance) return fail(idpError(700054));
  if (responseTypes.token && !app.web.implicitGrantSettings.enableAccessTokenIssuance) return fail(idpError(700051));
  const nonce = get('nonce');
  // OpenID Connect Core §3.2.2.1: nonce is required when the id_token comes from /authorize [D].
  if (responseTypes.idToken && nonce === undefined) return fail(idpError(900144, { args: { name: 'nonce' } }));

  const prompt = get('prompt');
  const prompts = endpoint === 'v1' ? PROMPTS_V1 : PROMPTS_V2;
  if (prompt !== undefined && !(prompts as readonly string[]).includes(prompt)) return fail(idpError(90100, { args: { name: 'prompt' } }));

  const pkce = parsePkce(get('code_challenge'), get('code_challenge_method'));
  if (!pkce.ok) return fail(pkce.error);

  let scope: ScopeRequest;
  try {
    scope = requestedScope(endpoint, params, get);
  } catch (err) {
    if (err instanceof IdpError) return fail(err);
    throw err;
  }
  // An id_token is the OpenID Connect sign-in; asking for one implies `openid` [I].
  if (responseTypes.idToken && !scope.oidc.includes('openid')) scope = { ...scope, oidc: ['openid', ...scope.oidc] };

  return {
    ok: true,
    request: {
      endpoint,
      clientId: app.appId,
      target,
      registeredAs: match.registeredAs,
      platform: match.platform,
      responseTypes,
      nonce,
      prompt: prompt as Prompt | undefined,
      // A UPN, or the opaque login_hint claim Entrada issued (core/tokens/optional-claims.ts), read back.
      loginHint: optionalHint(get('login_hint')),
      domainHint: get('domain_hint'),
      scope,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: pkce.method,
      clientInfo: get('client_info') === '1',
    },
  };
}

/** `response_type`: a space-separated set of code, id_token, token (any order, no repeats). */
function parseResponseTypes(raw: string | undefined): { ok: true; value: ResponseTypes } | { ok: false; error: IdpError } {
  if (raw === undefined) return { ok: false, error: idpError(900144, { args: { name: 'response_type' } }) };
  const parts = raw.split(' ').filter(Boolean);
  const value: ResponseTypes = { code: false, idToken: false, token: false };
  const keys: Record<string, keyof ResponseTypes> = { code: 'code', id_token: 'idToken', token: 'token' };
  for (const part of parts) {
    const key = keys[part];
    if (key === undefined || value[key]) {
      return { ok: false, error: idpError(70005, { args: { reasons: `The response_type '${raw}' is not supported.` } }) };
    }
    value[key] = true;
  }
  if (parts.length === 0) return { ok: false, error: idpError(900144, { args: { name: 'response_type' } }) };
  return { ok: true, value };
}

function parsePkce(
  challenge: string | undefined,
  method: string | undefined,
): { ok: true; challenge?: string; method?: PkceMethod } | { ok: false; error: IdpError } {
  if (challenge === undefined) {
    // A method without a challenge asks for nothing; Entra ignores it [I].
    return { ok: true };
  }
  // Absent method means plain (RFC 7636 §4.3) [D].
  const m = method ?? 'plain';
  if (m !== 'S256' && m !== 'plain') return { ok: false, error: idpError(50149) };
  if (!(m === 'S256' ? S256_CHALLENGE : PKCE_VALUE).test(challenge)) return { ok: false, error: idpError(50147) };
  return { ok: true, challenge, method: m };
}

function requestedScope(endpoint: 'v1' | 'v2', params: Readonly<Record<string, string>>, get: (n: string) => string | undefined): ScopeRequest {
  if (endpoint === 'v2') {
    // The v2 endpoints take scope, never resource [D: AADSTS901002].
    if (params['resource'] !== undefined) throw idpError(901002);
    return parseDelegatedScope(get('scope'));
  }
  // v1: `resource` names the API; without it the sign-in is for Microsoft Graph's basic profile [I]
  // (Entra v1 defaulted to Azure AD Graph, which Entrada does not model).
  const resource = get('resource');
  return parseV1Resource(resource ?? GRAPH_RESOURCE, get('scope') ?? 'openid');
}

/** PKCE check at redemption (RFC 7636 §4.6). */
export function pkceMatches(challenge: string, method: PkceMethod, verifier: string, sha256Base64Url: (s: string) => string): boolean {
  if (!PKCE_VALUE.test(verifier)) return false;
  const derived = method === 'S256' ? sha256Base64Url(verifier) : verifier;
  return derived === challenge;
}

/**
 * The URL or form a response goes to. A redirect URI registered without a path comes back with a
 * trailing `/` on query and fragment responses [D: reply-url.md]. Parameters already in the URI's
 * query are kept.
 */
export function deliverTo(
  target: RedirectTarget,
  params: Record<string, string>,
): { kind: 'redirect'; location: string } | { kind: 'form_post'; action: string; fields: Record<string, string> } {
  const fields: Record<string, string> = { ...params };
  if (target.state !== undefined) fields.state = target.state;
  if (target.responseMode === 'form_post') return { kind: 'form_post', action: target.redirectUri, fields };
  const base = withPath(target.redirectUri);
  const encoded = new URLSearchParams(fields).toString();
  if (target.responseMode === 'fragment') return { kind: 'redirect', location: `${base.split('#')[0]}#${encoded}` };
  const [beforeHash] = base.split('#');
  const sep = beforeHash.includes('?') ? '&' : '?';
  return { kind: 'redirect', location: `${beforeHash}${sep}${encoded}` };
}

/** Web URIs only: app schemes (msauth.com.contoso.app://auth) come back as registered [I]. */
function withPath(uri: string): string {
  const m = /^(https?:\/\/[^/?#]*)([?#].*)?$/i.exec(uri);
  return m ? `${m[1]}/${m[2] ?? ''}` : uri;
}

function optionalHint(value: string | undefined): string | undefined {
  return value === undefined ? undefined : loginHintUser(value);
}
