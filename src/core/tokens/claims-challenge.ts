// The challenge a resource API answers with when a token is not enough (Continuous Access
// Evaluation and Conditional Access authentication context): HTTP 401 with
// `WWW-Authenticate: Bearer …, error="insufficient_claims", claims="<base64 of a claims request>"`
// [D: entra-docs identity-platform/claims-challenge.md, app-resilience-continuous-access-evaluation.md].
// The app decodes `claims` and passes it to MSAL (`claims` on acquireTokenSilent / interactive),
// which sends it to the token endpoint; Entrada then answers as Entra would (50076 with a claims
// challenge of its own when MFA is needed, 50173 after revokeSignInSessions, …).

export interface ClaimsChallengeInput {
  /** The authority the client should sign in at; Entra's example names `/common/oauth2/authorize`. */
  authorizationUri: string;
  /** Step up to this authentication context (`c1`…`c99`): `{"access_token":{"acrs":{"essential":true,"value":"c1"}}}`. */
  acrs?: string;
  /**
   * CAE's "token issued before this time is no longer good" (seconds since the epoch), sent when a
   * user's sessions were revoked or a critical event happened: `{"access_token":{"nbf":{"essential":true,"value":"…"}}}`.
   */
  notBefore?: number;
  /** `client_id` of the resource, as Graph's challenges carry (optional). */
  resourceClientId?: string;
}

/** The claims request a challenge carries, as JSON text (what MSAL's `claims` option takes). */
export function challengeClaims(input: Pick<ClaimsChallengeInput, 'acrs' | 'notBefore'>): string {
  const accessToken: Record<string, { essential: true; value: string }> = {};
  if (input.notBefore !== undefined) accessToken.nbf = { essential: true, value: String(Math.floor(input.notBefore)) };
  if (input.acrs !== undefined) accessToken.acrs = { essential: true, value: input.acrs };
  return JSON.stringify({ access_token: accessToken });
}

/** The `WWW-Authenticate` header value of a 401 claims challenge. */
export function claimsChallengeHeader(input: ClaimsChallengeInput): string {
  const claims = Buffer.from(challengeClaims(input), 'utf8').toString('base64');
  const params = [`realm=""`, `authorization_uri="${input.authorizationUri}"`];
  if (input.resourceClientId !== undefined) params.push(`client_id="${input.resourceClientId}"`);
  params.push(`error="insufficient_claims"`, `claims="${claims}"`);
  return `Bearer ${params.join(', ')}`;
}

/**
 * The decoded claims of a `WWW-Authenticate` header's insufficient_claims challenge (what an app
 * hands MSAL), or undefined when the header is not one.
 */
export function claimsFromChallenge(header: string): string | undefined {
  if (!/error="insufficient_claims"/.test(header)) return undefined;
  const m = /claims="([A-Za-z0-9+/=_-]+)"/.exec(header);
  return m ? Buffer.from(m[1], 'base64').toString('utf8') : undefined;
}
