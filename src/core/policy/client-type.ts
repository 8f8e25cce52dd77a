// Entra's per-request public/confidential decision, as one pure function.
//
// Sources (entra-protocol.md §2): support article "Error AADSTS7000218 when a confidential client
// application authenticates" [D]; v2-oauth2-auth-code-flow.md (SPA rules) [D]; observed error bodies [O].
//   1. With a redirect_uri, the platform that URI is registered under decides:
//      Web → confidential, Mobile & desktop → public, SPA → single-page app (cross-origin only).
//   2. Without one, the app's "Allow public client flows" (isFallbackPublicClient) decides.
//   3. Client credentials and on-behalf-of are confidential whatever the app says.
// The verdict carries the reason, so diagnostics can say which URI / platform / setting decided.

import type { RefusalWithoutAppId } from '../errors/message-args.js';
import type { ClientType, Platform } from '../model.js';

/** The grant families the decision distinguishes (token endpoint `grant_type` values map onto these). */
export type GrantKind =
  | 'authorization_code'
  | 'refresh_token'
  | 'client_credentials'
  | 'password'
  | 'device_code'
  | 'on_behalf_of'
  | 'saml_bearer';

export const GRANT_KINDS: readonly GrantKind[] = [
  'authorization_code',
  'refresh_token',
  'client_credentials',
  'password',
  'device_code',
  'on_behalf_of',
  'saml_bearer',
];

export type CredentialPresented = 'none' | 'secret' | 'assertion';

/** How the request's redirect_uri matched the registration (redirect-uri matching is done before this). */
export type RedirectUriMatch =
  | { kind: 'absent' }
  | { kind: 'registered'; uri: string; registeredAs: string; platform: Platform }
  | { kind: 'unregistered'; uri: string };

export interface ClientTypeInput {
  grant: GrantKind;
  redirectUri: RedirectUriMatch;
  /** The application's isFallbackPublicClient ("Allow public client flows"); null = never set = false. */
  isFallbackPublicClient: boolean | null;
  credential: CredentialPresented;
  /** The request's Origin header, when present (browsers send it on cross-origin requests). */
  origin: string | null;
  /** For refresh_token: the client type recorded when the grant was first issued. */
  issuedClientType?: ClientType;
  /** For authorization_code: whether the code was issued with a PKCE code_challenge. */
  codeHasPkce?: boolean;
}

/** What decided the client type. */
export type DecidedBy =
  | { by: 'grant'; grant: GrantKind }
  | { by: 'redirect_uri'; uri: string; registeredAs: string; platform: Platform }
  | { by: 'fallback_setting'; isFallbackPublicClient: boolean | null; grant: GrantKind }
  | { by: 'issued_grant'; clientType: ClientType };

/** Identifiers of the rules below; stable, so logs and explanations can refer to them. */
export type RuleId =
  | 'origin-on-non-spa'
  | 'spa-without-origin'
  | 'spa-with-credential'
  | 'spa-without-pkce'
  | 'confidential-without-credential'
  | 'public-with-credential'
  | 'redirect-uri-unregistered'
  | 'confidential-with-credential'
  | 'public-without-credential'
  | 'spa-cross-origin';

/** The codes the decision refuses with. */
export type ClientTypeRefusalCode = 7000218 | 700025 | 9002325 | 9002326 | 9002327 | 50011;

export interface Verdict {
  clientType: ClientType;
  decidedBy: DecidedBy;
  rule: RuleId;
  /** Credential the client must (required) or must not (forbidden) present. */
  credentialRule: 'required' | 'forbidden';
  /**
   * Set when the request is refused: the AADSTS code and message args, except the app id, which the
   * decision does not see (the caller completes it with withAppId).
   */
  refusal?: RefusalWithoutAppId<ClientTypeRefusalCode>;
}

const PLATFORM_CLIENT_TYPE: Record<Platform, ClientType> = {
  web: 'confidential',
  publicClient: 'public',
  spa: 'spa',
};

/** Grants that are confidential whatever the registration says (rule 3). */
const ALWAYS_CONFIDENTIAL: ReadonlySet<GrantKind> = new Set(['client_credentials', 'on_behalf_of']);

/** Step 1: which client type applies, and what decided it. */
function resolveClientType(input: ClientTypeInput): { clientType: ClientType; decidedBy: DecidedBy } {
  const { grant, redirectUri } = input;
  if (ALWAYS_CONFIDENTIAL.has(grant)) {
    return { clientType: 'confidential', decidedBy: { by: 'grant', grant } };
  }
  // A refresh token keeps the client type it was issued under [I: entra-protocol.md §2.2], whatever
  // redirect_uri the refresh request names (msal-browser sends one): otherwise a confidential
  // client's token could be redeemed without its secret by naming a public redirect URI, and an
  // SPA's token could escape its 24-hour lifetime and cross-origin rule [D: §2.4].
  if (grant === 'refresh_token' && input.issuedClientType) {
    return { clientType: input.issuedClientType, decidedBy: { by: 'issued_grant', clientType: input.issuedClientType } };
  }
  if (redirectUri.kind === 'registered') {
    const { uri, registeredAs, platform } = redirectUri;
    return { clientType: PLATFORM_CLIENT_TYPE[platform], decidedBy: { by: 'redirect_uri', uri, registeredAs, platform } };
  }
  // No usable redirect_uri: the app's default client type. An unregistered redirect_uri on a grant
  // that does not need one is ignored [I], so it falls here too.
  const isPublic = input.isFallbackPublicClient === true;
  return {
    clientType: isPublic ? 'public' : 'confidential',
    decidedBy: { by: 'fallback_setting', isFallbackPublicClient: input.isFallbackPublicClient, grant },
  };
}

/**
 * Whether a browser page may read the token endpoint's answer to this grant_type (CORS): only the
 * grants a single-page app redeems (MSAL.js: code with PKCE, refresh). Entra's rule 1 would also
 * make a password or SAML bearer request naming an SPA redirect URI an SPA request; with
 * `Access-Control-Allow-Origin: *` any website a developer visits could then use their browser to
 * run ROPC against a local Entrada (demo passwords are public) and read the tokens, or probe
 * passwords through the readable refusals. A deliberate difference from Entra for those grants
 * [Entrada's choice; issue 13 review]: their answers carry no CORS headers.
 */
export function pageReadableGrant(grantType: string | undefined): boolean {
  return grantType === 'authorization_code' || grantType === 'refresh_token';
}

/** The decision: client type plus whether the credential (and Origin) presented fit it. */
export function decideClientType(input: ClientTypeInput): Verdict {
  // Authorization codes are bound to a registered redirect URI: an unregistered one cannot
  // establish a platform, and Entra refuses it (AADSTS50011) before any credential check [D].
  if (input.grant === 'authorization_code' && input.redirectUri.kind !== 'registered') {
    const { clientType, decidedBy } = resolveClientType({ ...input, redirectUri: { kind: 'absent' } });
    const uri = input.redirectUri.kind === 'unregistered' ? input.redirectUri.uri : '';
    return {
      clientType,
      decidedBy,
      rule: 'redirect-uri-unregistered',
      credentialRule: clientType === 'confidential' ? 'required' : 'forbidden',
      refusal: { code: 50011, args: { redirectUri: uri } },
    };
  }

  const { clientType, decidedBy } = resolveClientType(input);
  const credentialRule = clientType === 'confidential' ? 'required' : 'forbidden';
  const base = { clientType, decidedBy, credentialRule } as const;
  const origin = input.origin;

  // SPA rules come first: Entra checks the Origin header before credentials [D][O]
  // (a confidential ROPC or client-credentials call from a browser gets 9002326, not 7000218).
  if (clientType !== 'spa' && origin !== null) {
    return { ...base, rule: 'origin-on-non-spa', refusal: { code: 9002326, args: { origin } } };
  }
  if (clientType === 'spa' && input.grant === 'authorization_code' && input.codeHasPkce === false) {
    // PKCE is mandatory for cross-origin code redemption [D: v2-oauth2-auth-code-flow.md], and
    // Entra checks it before the Origin rule: a SPA code redeemed without PKCE and without an
    // Origin header gets 9002325, not 9002327 [O: issue 13, a real Entra answer].
    return { ...base, rule: 'spa-without-pkce', refusal: { code: 9002325, args: {} } };
  }
  if (clientType === 'spa' && origin === null) {
    return { ...base, rule: 'spa-without-origin', refusal: { code: 9002327, args: {} } };
  }
  if (clientType === 'spa' && input.credential !== 'none') {
    // SPA is a public client type: a secret or assertion is refused like any public client's [I].
    return { ...base, rule: 'spa-with-credential', refusal: { code: 700025, args: {} } };
  }
  if (clientType === 'spa') return { ...base, rule: 'spa-cross-origin' };

  if (clientType === 'confidential') {
    return input.credential === 'none'
      ? { ...base, rule: 'confidential-without-credential', refusal: { code: 7000218, args: {} } }
      : { ...base, rule: 'confidential-with-credential' };
  }
  return input.credential === 'none'
    ? { ...base, rule: 'public-without-credential' }
    : { ...base, rule: 'public-with-credential', refusal: { code: 700025, args: {} } };
}

/** One sentence saying what decided, in the portal's terms; used by explanations and logs. */
export function describeDecision(d: DecidedBy): string {
  switch (d.by) {
    case 'grant':
      return d.grant === 'client_credentials'
        ? 'grant_type=client_credentials is always a confidential-client flow, whatever the app registration says'
        : 'the on-behalf-of flow is always a confidential-client flow, whatever the app registration says';
    case 'redirect_uri':
      return `redirect_uri '${d.uri}' matched '${d.registeredAs}', registered under the ${PLATFORM_LABEL[d.platform]} platform, so the app acts as ${CLIENT_TYPE_LABEL[PLATFORM_CLIENT_TYPE[d.platform]]}`;
    case 'fallback_setting': {
      const value = d.isFallbackPublicClient === true ? 'Yes' : 'No';
      const grant = d.grant === 'saml_bearer' ? 'a SAML bearer grant (saml2-bearer / saml1_1-bearer)' : `grant_type=${d.grant}`;
      return `${grant} carries no redirect URI, so the app's "Allow public client flows" setting decided; it is ${value}, so the app is ${d.isFallbackPublicClient === true ? 'a public client' : 'a confidential client'}`;
    }
    case 'issued_grant':
      return `the refresh token was issued to ${CLIENT_TYPE_LABEL[d.clientType]}, and refreshing keeps that client type`;
  }
}

export const PLATFORM_LABEL: Record<Platform, string> = {
  web: 'Web',
  spa: 'Single-page application',
  publicClient: 'Mobile and desktop applications',
};

const CLIENT_TYPE_LABEL: Record<ClientType, string> = {
  confidential: 'a confidential client',
  public: 'a public client',
  spa: 'a single-page application (cross-origin public client)',
};
