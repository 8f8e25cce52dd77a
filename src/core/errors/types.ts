// Shape of one AADSTS catalogue entry. The catalogue itself is data (catalogue.ts).

/** OAuth 2.0 `error` values Entra uses (RFC 6749 §5.2 plus Entra/OIDC extensions). */
export type OAuthError =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_resource'
  | 'invalid_tenant'
  | 'invalid_instance'
  | 'interaction_required'
  | 'login_required'
  | 'consent_required'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'authorization_pending'
  | 'authorization_declined'
  | 'expired_token'
  | 'bad_verification_code'
  | 'server_error'
  | 'temporarily_unavailable';

export interface CatalogueEntry {
  /** OAuth `error` value on the wire. */
  error: OAuthError;
  /** HTTP status on the token endpoint. invalid_client → 401, most others → 400 (entra-protocol.md §5.1). */
  status: number;
  /** Entra's name for the code (reference-error-codes.md), e.g. "InvalidClientSecretExpiredKeysProvided". */
  name: string;
  /**
   * Message after "AADSTS<code>: ", with `{placeholder}` slots filled from the error's args.
   * Reproduces Entra's wording (at least its leading clause).
   */
  message: string;
  /** Plain-words meaning, for the /error page. */
  explanation: string;
  /** The usual causes, most common first. */
  causes: string[];
  /** What to change, in the Azure portal's own terms where a setting is involved. */
  fix: string;
  /** Where the code and its wire details come from: D documented, O observed, I inferred (entra-protocol.md). */
  source: Array<'D' | 'O' | 'I'>;
  /** Optional `suberror` Entra sends with this code. */
  suberror?: string;
  /**
   * `false` when Entra's body for this code carries no `error_uri` (its lookup page has nothing on
   * it); absent means the body links `https://{host}/error?code=N` as almost every error does [O].
   */
  errorUri?: false;
}
