// The AADSTS catalogue: every refusal Entrada can send, keyed by the code Entra uses for it.
//
// Each entry carries what goes on the wire (OAuth `error`, HTTP status, the message after
// "AADSTS<code>: ") and what a person needs when they hit it (explanation, causes, fix) for the
// /error page and docs/errors.md.
//
// Rules kept throughout (entra-protocol.md §5):
//   * `status` is 401 exactly when `error` is invalid_client, 500 for server_error (AADSTS50000, the
//     catch-all for unexpected failures), 429 for temporarily_unavailable (throttling, AADSTS90055,
//     sent with Retry-After), 400 otherwise. Codes that Entra only shows on its own pages
//     (device-code verification page, /authorize error page) also say 400.
//   * `message` reproduces Entra's wording, at least its leading clause. Slots are written
//     `{name}` and filled by formatMessage() in idp-error.ts. The slots are the entry's message
//     arguments: message-args.ts reads them from the literal type of `message`, so idpError()
//     rejects a missing or unknown argument at compile time (and placeholdersOf() at run time).
//   * `source`: D = the code and its meaning are documented by Microsoft; O = seen in a real Entra
//     response (wording, and the `error` value where noted); I = inferred (the `error`/status where
//     no capture exists, or wording reconstructed from the documented description).
//   * `name` is Entra's internal name where reference-error-codes.md gives one; where it gives none
//     the name is Entrada's own, in the same style (noted "name: Entrada's" in the comment).
//
// Slot names used across entries (keep them consistent at throw sites):
//   appId, appName, tenant, clientId, name (a request parameter), grantType, origin, scope, field,
//   resource, resourceAppId, validResources, identifier (a user name), redirectUri, verbs, method,
//   issuer, subject, audience, expectedAudience, thumbprint, currentTime, validFrom, expiry,
//   issueDate, time, tokensValidFrom, realm, keyIdentifier (a JWS kid), identityProvider (an account's
//   issuer, e.g. https://sts.windows.net/{tid}/).

import type { CatalogueEntry } from './types.js';

// Shared wording for the per-request client-type decision (entra-protocol.md §2), used by the
// explanations of 7000218, 700025, 9002325, 9002326 and 9002327. Explanations may hold several
// paragraphs separated by a blank line ("\n\n"); the page and the docs render them as such.
const CLIENT_TYPE_DECISION =
  'Entra does not treat an application as "public" or "confidential" once and for all: it decides on every token ' +
  'request. If the request carries a redirect_uri, the platform that URI is registered under decides — Web means ' +
  'confidential (a secret or certificate is required), Mobile and desktop applications means public (no secret ' +
  'allowed), Single-page application means a browser app that must redeem cross-origin (an Origin header) with ' +
  'PKCE and no secret. If the request carries no redirect_uri (password, device code, SAML bearer, refresh without a URI), the ' +
  'app\'s "Allow public client flows" setting decides: Yes means public, No (the default) means confidential. ' +
  'Client credentials and on-behalf-of requests are always confidential, whatever the registration says.';

const entries = {
  // ───────────────────────── Service ─────────────────────────

  50000: {
    error: 'server_error',
    status: 500,
    name: 'TokenIssuanceError',
    message: 'There was an error issuing a token.',
    explanation:
      'Entrada failed while handling the request, for a reason that is not the client\'s fault: an unexpected ' +
      'internal error, a storage failure, or a bug. Nothing in the request has been judged wrong.',
    causes: [
      'A database or file the service needs was unavailable or returned an error.',
      'A bug in Entrada; the server log has the stack trace under this request\'s trace ID.',
    ],
    fix:
      'Retry the request. If it keeps failing, look up the trace ID shown on this page in the Entrada server log ' +
      'and report the problem with that log entry. No app registration change is needed.',
    source: ['D', 'I'],
  },

  // Entra's TenantThrottlingError ("There are too many incoming requests") [D], sent with 429 and
  // Retry-After [D: entra-protocol.md §5.2]. Entrada sends it when password checks are queued
  // beyond their limit (crypto/password-hasher.ts) [I: Entra's own trigger and thresholds are not
  // documented]; the sentence after the first is Entrada's.
  90055: {
    error: 'temporarily_unavailable',
    status: 429,
    name: 'TenantThrottlingError',
    message: 'There are too many incoming requests. Try again in {seconds} seconds.',
    explanation:
      'Too many sign-ins with a password are waiting to be checked, so this one was turned away instead of queued. ' +
      'Checking a password is deliberately slow (scrypt), and Entrada checks passwords one or a few at a time, apart ' +
      'from token signing, so that a flood of password attempts cannot slow down every other token request.',
    causes: [
      'Many password sign-ins (ROPC, the sign-in page or the device login page) arrived at once, for example a test suite running many sign-ins in parallel.',
      'Someone is guessing passwords against this server.',
    ],
    fix:
      'Wait the number of seconds in the Retry-After header (MSAL does this by itself) and retry. If legitimate load ' +
      'hits this, sign in less often (reuse tokens from the MSAL cache), or raise ENTRADA_PASSWORD_QUEUE or ' +
      'ENTRADA_PASSWORD_WORKERS.',
    source: ['D', 'I'],
  },

  // ───────────────────────── Client type and client authentication ─────────────────────────

  7000218: {
    error: 'invalid_client',
    status: 401,
    name: 'InvalidClientCredentialsRequired', // name: Entrada's
    message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    explanation:
      'The request was treated as coming from a confidential client, and a confidential client must prove who it ' +
      'is with a client secret or a signed client assertion (certificate or federated credential). This request ' +
      'carried neither.\n\n' +
      CLIENT_TYPE_DECISION,
    causes: [
      'Client credentials or on-behalf-of was called without client_secret or client_assertion; these flows are always confidential.',
      'A username/password or device-code request was sent for an app whose "Allow public client flows" is No (the default).',
      "An authorization code was redeemed with a redirect_uri that is registered under the Web platform, by a client that has no secret (a desktop or mobile app).",
      'The same redirect URI is registered under both Web and another platform, and the Web registration was the one that matched.',
      'A secret was configured in the client but sent under a different parameter name, or in a header the endpoint does not read.',
    ],
    fix:
      'Decide which kind of client this is. A server-side app: create a secret under App registrations → <app> → ' +
      'Certificates & secrets → Client secrets → New client secret (or upload a certificate) and send it as ' +
      'client_secret or client_assertion. A desktop, mobile or CLI app that cannot keep a secret: register its ' +
      'redirect URI under App registrations → <app> → Authentication → Add a platform → Mobile and desktop ' +
      'applications (not Web), and for flows without a redirect URI set Authentication → Advanced settings → Allow ' +
      'public client flows → Yes. Client credentials and on-behalf-of cannot be made public: they always need a credential.',
    source: ['D', 'O'],
  },

  700025: {
    error: 'invalid_client',
    status: 401,
    name: 'InvalidClientPublicClientWithCredential',
    message: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
    explanation:
      'The request was treated as coming from a public client (or a single-page app), and public clients must not ' +
      'send a client secret or client assertion: a secret shipped inside a desktop, mobile or browser app is not ' +
      'secret. This request sent one anyway.\n\n' +
      CLIENT_TYPE_DECISION,
    causes: [
      'A server-side app redeemed an authorization code with a redirect_uri registered under Mobile and desktop applications or Single-page application instead of Web.',
      'A password or device-code request included client_secret while "Allow public client flows" is Yes.',
      'A confidential-client library (for example ConfidentialClientApplication or ClientSecretCredential) is used with an app registered as a public client.',
      'A refresh token issued to a public or single-page client is redeemed by a back end that adds its secret.',
    ],
    fix:
      'Either stop sending the credential (public apps should use PKCE instead), or make the request confidential: ' +
      'register the redirect URI under App registrations → <app> → Authentication → Add a platform → Web and remove ' +
      'it from Mobile and desktop applications / Single-page application; for flows without a redirect URI set ' +
      'Authentication → Advanced settings → Allow public client flows → No.',
    source: ['D', 'O'],
  },

  9002326: {
    error: 'invalid_request',
    status: 400,
    name: 'CrossOriginRedemptionRequiresSpa', // name: Entrada's
    message:
      "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '{origin}'.",
    explanation:
      'The request carried an Origin header, so it came from JavaScript running in a browser, but the client type ' +
      'decided for this request is not "single-page application". Entra lets only redirect URIs registered under the ' +
      'Single-page application platform redeem tokens from a browser; everything else (Web, Mobile and desktop, ' +
      'client credentials, password) must call the token endpoint from a server or native app, without an Origin ' +
      'header. Entra also refuses a client secret or assertion whenever an Origin header is present.\n\n' +
      CLIENT_TYPE_DECISION,
    causes: [
      'A browser app uses a redirect URI registered under Web (or Mobile and desktop applications) instead of Single-page application.',
      'The same redirect URI is registered under both Web and Single-page application, and the Web registration matched.',
      'Client credentials, password or device-code calls are made from browser JavaScript (or through a dev proxy that forwards the Origin header).',
      'An API tool running in the browser (a web-based REST client, Swagger UI) calls the token endpoint directly.',
    ],
    fix:
      "For a browser app: App registrations → <app> → Authentication → Add a platform → Single-page application, add " +
      'the redirect URI there and remove the same URI from Web and Mobile and desktop applications; then use the ' +
      'authorization code flow with PKCE and no secret. For a back end: call the token endpoint from the server so ' +
      'no Origin header is sent (strip it in any proxy).',
    source: ['D', 'O'],
  },

  9002327: {
    error: 'invalid_request',
    status: 400,
    name: 'SpaTokensRequireCrossOrigin', // name: Entrada's
    message:
      "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
    explanation:
      'The redirect URI in this request (or the refresh token being redeemed) belongs to the Single-page application ' +
      'platform, and such codes and refresh tokens may only be redeemed by a browser, which always sends an Origin ' +
      'header on cross-origin calls. This request had no Origin header, so it did not come from a browser.\n\n' +
      CLIENT_TYPE_DECISION,
    causes: [
      'A back end redeems an authorization code that was requested with a redirect URI registered under Single-page application.',
      'A server-side or native app reuses a URI that is registered for the single-page app.',
      'A refresh token obtained by a single-page app is sent to the token endpoint from a server or test script.',
      'A proxy in front of Entrada removes the Origin header.',
    ],
    fix:
      'If the code is redeemed by a server, register the redirect URI under App registrations → <app> → ' +
      'Authentication → Add a platform → Web (and remove it from Single-page application), and send the client ' +
      'secret. If it is a real single-page app, redeem the code from the browser (MSAL.js does this) so the Origin ' +
      'header is sent, and make sure no proxy strips it.',
    source: ['D', 'O'],
  },

  9002325: {
    error: 'invalid_request',
    status: 400,
    name: 'PkceRequiredForCrossOriginRedemption', // name: Entrada's
    message: 'Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
    explanation:
      'A browser (Origin header present) redeemed an authorization code for a single-page application, but the ' +
      'code was issued without a PKCE code_challenge, or the redemption carried no code_verifier. A browser cannot ' +
      'hold a secret, so PKCE is what ties the code to the app that asked for it, and Entra makes it mandatory for ' +
      'cross-origin redemption.\n\n' +
      CLIENT_TYPE_DECISION,
    causes: [
      'The /authorize request did not include code_challenge and code_challenge_method=S256.',
      'The token request did not include code_verifier.',
      'An older library (implicit-flow era, or a hand-written client) is used with a Single-page application redirect URI.',
    ],
    fix:
      'Use a library that does the authorization code flow with PKCE (MSAL.js 2 or later), or add code_challenge ' +
      '(S256 of a random verifier) to /authorize and code_verifier to the token request. If the code is in fact ' +
      'redeemed by a server, register the redirect URI under App registrations → <app> → Authentication → Add a ' +
      'platform → Web instead (removing it from Single-page application), redeem without an Origin header and send ' +
      'the client secret.',
    source: ['O'],
  },

  7000215: {
    error: 'invalid_client',
    status: 401,
    name: 'InvalidClientSecretProvided', // name: Entrada's
    message:
      "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{appId}'.",
    explanation:
      'The request sent a client_secret, but it matches none of the secrets registered on the application. Each ' +
      'secret has a value (shown once, when it is created) and a Secret ID (a GUID shown in the list forever); only ' +
      'the value works.',
    causes: [
      'The Secret ID (a GUID) was copied instead of the secret Value.',
      'The secret was rotated or deleted and the client still uses the old one.',
      'The secret belongs to a different app registration than the client_id being sent.',
      'The value was mangled: not URL-encoded in the form body (a + or / in it), truncated, or with surrounding spaces or quotes.',
    ],
    fix:
      'Create a new secret under App registrations → <app> → Certificates & secrets → Client secrets → New client ' +
      'secret, copy the Value column immediately (it is never shown again), and configure that value in the client. ' +
      'Check that the client_id is the Application (client) ID of the same registration.',
    source: ['D', 'O'],
  },

  7000222: {
    error: 'invalid_client',
    status: 401,
    name: 'InvalidClientSecretExpiredKeysProvided',
    message:
      "The provided client secret keys for app '{appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.",
    explanation:
      'The client_secret matches a secret registered on the application, but that secret is past its expiry date. ' +
      'Secrets have a fixed lifetime (two years by default) and stop working the moment it ends.',
    causes: [
      'The secret reached its "Expires" date and nobody rotated it.',
      'A newer secret was created, but this client (or one of its deployments) still uses the expired one.',
    ],
    fix:
      'Create a new secret under App registrations → <app> → Certificates & secrets → Client secrets → New client ' +
      'secret, update every client that uses the old one, then delete the expired entry. For fewer rotations, use a ' +
      'certificate or a federated credential instead of a secret.',
    source: ['D', 'O'],
  },

  700027: {
    error: 'invalid_client',
    status: 401,
    name: 'InvalidClientAssertionSignature', // name: Entrada's
    message:
      "The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '{thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{appId}'.]",
    explanation:
      'The client authenticated with a signed JWT (client_assertion), but the certificate it names in the JWT ' +
      'header (x5t or x5t#S256) is not among the certificates registered on the application, or the signature does ' +
      'not verify with that certificate\'s public key.',
    causes: [
      'The certificate was never uploaded to this app registration, or was uploaded to a different one.',
      'The client signs with a new certificate whose public part has not been uploaded yet, or with an old one that was removed.',
      'The thumbprint in the JWT header was computed over the wrong bytes (PEM text instead of DER), so it matches nothing.',
      'The JWT was signed with a different private key than the one that belongs to the uploaded certificate.',
    ],
    fix:
      'Upload the public certificate (.cer/.pem/.crt) under App registrations → <app> → Certificates & secrets → ' +
      'Certificates → Upload certificate and compare its Thumbprint with the one in this message. Make sure the ' +
      'client signs with the matching private key and puts base64url(SHA-1 of the DER certificate) in x5t, or ' +
      'base64url(SHA-256) in x5t#S256.',
    source: ['D', 'O'],
  },

  700024: {
    error: 'invalid_client',
    status: 401,
    name: 'ClientAssertionNotWithinValidTimeRange', // name: Entrada's
    message:
      'Client assertion is not within its valid time range. Current time: {currentTime}, assertion valid from {validFrom}, expiry time of assertion {expiry}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .',
    explanation:
      'The client assertion (a signed JWT, or a token from an external identity provider used as a federated ' +
      'credential) is expired (exp is in the past) or not valid yet (nbf is in the future).',
    causes: [
      'The assertion was created once and cached longer than its lifetime (often 10 minutes; external tokens such as GitHub Actions tokens live minutes).',
      "The client machine's clock is wrong, so exp or nbf are computed in the wrong time.",
      'exp or nbf were written in milliseconds instead of seconds since the epoch.',
    ],
    fix:
      'Create a fresh assertion for each token request (MSAL does), with nbf = now and exp = now + a few minutes, in ' +
      'seconds. Synchronise the client clock (NTP). For federated credentials, fetch a new token from the external ' +
      'provider right before exchanging it. No app registration change is needed.',
    source: ['D', 'O'],
  },

  // reference-error-codes.md lists 700023 as InvalidResourcelessScope; real responses use it for a client
  // assertion with the wrong audience [O], which is what Entrada uses it for.
  700023: {
    error: 'invalid_client',
    status: 401,
    name: 'InvalidClientAssertionAudience', // name: Entrada's
    message:
      'Client assertion audience claim does not match Realm issuer. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .',
    explanation:
      'The aud claim of the client assertion must be the token endpoint the assertion is sent to, for example ' +
      'https://<host>/<tenant>/oauth2/v2.0/token. The assertion in this request names something else, so it could ' +
      'have been made for another service or another tenant and is refused.',
    causes: [
      'aud is the authority (https://<host>/<tenant>) or the issuer instead of the full token endpoint URL.',
      'aud names another tenant, /common, another host (login.microsoftonline.com instead of Entrada), or the v1 endpoint while the request goes to v2.',
      'aud is an array with several values; only one audience is accepted.',
    ],
    fix:
      'Set aud to exactly the token endpoint URL the request is posted to, including host and tenant segment. MSAL ' +
      'and @azure/identity do this themselves when the authority is configured correctly; for hand-made assertions, ' +
      'copy token_endpoint from the tenant\'s /v2.0/.well-known/openid-configuration.',
    source: ['O'],
  },

  700021: {
    error: 'invalid_client',
    status: 401,
    name: 'ClientAssertionApplicationIdMismatch', // name: Entrada's
    message:
      "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",
    explanation:
      'The client assertion says it was issued by one application (its iss claim), but the request\'s client_id names ' +
      'another. An assertion only proves the identity of the application that signed it.',
    causes: [
      'iss in the assertion is not the Application (client) ID of the app named by client_id.',
      'The client reuses one signing configuration for several app registrations.',
      'iss holds the Object ID of the application or of its service principal instead of the Application (client) ID.',
    ],
    fix:
      'Put the Application (client) ID shown on App registrations → <app> → Overview into both iss and sub of the ' +
      'assertion, and send the same value as client_id.',
    source: ['I'],
  },

  50048: {
    error: 'invalid_client',
    status: 401,
    name: 'SubjectMismatchesIssuer',
    message: 'Subject mismatches Issuer claim in the client assertion.',
    explanation:
      'In a client assertion, sub and iss must both be the application\'s client ID. In this assertion they differ.',
    causes: [
      'sub was set to something other than the client ID (a user, a certificate subject, a tenant ID).',
      'iss and sub were filled from different configuration values.',
    ],
    fix:
      'Set both iss and sub to the Application (client) ID from App registrations → <app> → Overview.',
    source: ['D'],
  },

  50027: {
    error: 'invalid_request',
    status: 400,
    name: 'InvalidJwtToken',
    message: 'JWT token is invalid or malformed.',
    explanation:
      'A JWT in the request — a client assertion, the user assertion of an on-behalf-of request, or an id_token ' +
      'passed as a grant — could not be read: it is not three base64url parts separated by dots, its header or ' +
      'payload is not JSON, or a required claim or header field is missing.',
    causes: [
      'The token was truncated, wrapped in quotes, or prefixed with "Bearer ".',
      'The client assertion header has no x5t / x5t#S256 (no certificate thumbprint), or the payload lacks iss, sub, aud, exp or jti.',
      'Something other than a JWT (an opaque token, an encrypted token, a SAML assertion) was sent where a JWT is expected.',
    ],
    fix:
      'Decode the token (the header and payload are base64url JSON) and check that it is a complete, signed JWT with ' +
      'the required claims. Send the raw token only, without "Bearer " or quotes. No app registration change is needed.',
    source: ['D', 'O'],
  },

  // Entrada also sends it for a client assertion jti reused by a different assertion [I] (client-auth.ts).
  50012: {
    error: 'invalid_client',
    status: 401,
    name: 'AuthenticationFailed',
    message: 'Authentication failed.',
    explanation:
      'The client credential was checked and rejected for a reason not covered by a more specific code: the ' +
      'certificate chain is not valid, the certificate subject is not authorised, or the assertion signature is invalid.',
    causes: [
      'The certificate used to sign the client assertion is expired or not yet valid.',
      'The certificate was sent in x5c for subject-name/issuer authentication, which this application is not allowed to use.',
      'The assertion signature does not verify.',
      "A client assertion reused the jti of another assertion of the same application (Entrada refuses this; re-sending the identical assertion until it expires is accepted, as MSAL does).",
    ],
    fix:
      'Upload a valid (unexpired) certificate under App registrations → <app> → Certificates & secrets → ' +
      'Certificates and sign with its private key. Entrada\'s log entry for this request (under its trace ID) names the exact check that failed.',
    source: ['D'],
  },

  // One 2022 capture returned this code with error=invalid_request (400); the newer, more specific codes
  // (700211–700213, 7002138) come with invalid_client, which Entrada uses for every federated-credential failure.
  70021: {
    error: 'invalid_client',
    status: 401,
    name: 'NoMatchingFederatedIdentityRecord', // name: Entrada's
    message:
      "No matching federated identity record found for presented assertion. Assertion Issuer: '{issuer}'. Assertion Subject: '{subject}'. Assertion Audience: '{audience}'. https://learn.microsoft.com/entra/workload-id/workload-identity-federation",
    explanation:
      'The client authenticated with a token from an external identity provider (workload identity federation: ' +
      'GitHub Actions, Kubernetes, another cloud). Entra accepts such a token only if the application has a ' +
      'federated credential whose issuer, subject and audience all match the token exactly. None does.',
    causes: [
      'No federated credential has been added to this application yet.',
      'The federated credential was added to a different app registration or managed identity than the client_id used.',
      'The issuer, subject or audience differ by a character (a trailing slash on the issuer, the environment or branch name in the subject).',
      'The credential was added seconds ago and has not propagated yet.',
    ],
    fix:
      'Under App registrations → <app> → Certificates & secrets → Federated credentials → Add credential, enter the ' +
      'exact Issuer, Subject identifier and Audience (normally api://AzureADTokenExchange) shown in this message.',
    source: ['D', 'O'],
  },

  700211: {
    error: 'invalid_client',
    status: 401,
    name: 'FederatedIdentityCredentialIssuerMismatch', // name: Entrada's
    message:
      "No matching federated identity record found for presented assertion issuer '{issuer}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation",
    explanation:
      'The external token used as a federated credential was issued by an issuer that no federated credential on ' +
      'this application names. The issuer must match character for character.',
    causes: [
      'The Issuer in the federated credential has or lacks a trailing slash compared to the token\'s iss.',
      'The token comes from another cluster, another GitHub Enterprise host, or another tenant than the one configured.',
      'The credential was configured on a different app registration or managed identity.',
    ],
    fix:
      'Open App registrations → <app> → Certificates & secrets → Federated credentials and set Issuer to exactly ' +
      'the iss value in this message (decode the external token to see it).',
    source: ['O'],
  },

  700212: {
    error: 'invalid_client',
    status: 401,
    name: 'FederatedIdentityCredentialAudienceMismatch', // name: Entrada's
    message:
      "No matching federated identity record found for presented assertion audience '{audience}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation",
    explanation:
      'A federated credential matches the token\'s issuer, but none lists the token\'s audience (aud) among its audiences.',
    causes: [
      'The external token was requested for a different audience than api://AzureADTokenExchange (the default).',
      'The federated credential was created with a custom audience that the workload does not request.',
    ],
    fix:
      'Either request the external token with audience api://AzureADTokenExchange, or change Audience in App ' +
      'registrations → <app> → Certificates & secrets → Federated credentials → <credential> to the aud in this message.',
    source: ['O', 'I'],
  },

  700213: {
    error: 'invalid_client',
    status: 401,
    name: 'FederatedIdentityCredentialSubjectMismatch', // name: Entrada's
    message:
      "No matching federated identity record found for presented assertion subject '{subject}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation",
    explanation:
      'A federated credential matches the token\'s issuer and audience, but none has the token\'s subject (sub). ' +
      'The subject encodes what the workload is — for GitHub Actions the repository plus branch, tag, environment or ' +
      'pull request; for Kubernetes the namespace and service account.',
    causes: [
      'A GitHub workflow runs from another branch, a tag, a pull request, or an environment, which produces a different subject than the one configured.',
      'A Kubernetes pod uses another service account or namespace.',
      'The subject configured by hand has a typo, or GitHub now issues subjects with numeric owner/repository IDs.',
    ],
    fix:
      'Add (or edit) a federated credential under App registrations → <app> → Certificates & secrets → Federated ' +
      'credentials whose Subject identifier is exactly the subject in this message; add one credential per branch, ' +
      'environment or service account that must sign in.',
    source: ['O'],
  },

  7002138: {
    error: 'invalid_client',
    status: 401,
    name: 'FederatedIdentityCredentialSubjectCaseMismatch', // name: Entrada's
    message:
      "No matching federated identity record found for presented assertion subject '{subject}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. Check your federated identity credential Subject, Audience and Issuer against the presented assertion.",
    explanation:
      'A federated credential has this subject but with different upper/lower case letters. Subject matching is ' +
      'case-sensitive, so it does not count as a match.',
    causes: [
      'The organisation, repository or environment name is capitalised differently in the credential than in the token (GitHub lower-cases some parts, and keeps the owner\'s own casing in others).',
      'The credential was created before matching became case-sensitive and has worked by accident until now.',
    ],
    fix:
      'Edit the credential under App registrations → <app> → Certificates & secrets → Federated credentials so its ' +
      'Subject identifier is byte-for-byte the subject in this message, including case.',
    source: ['O'],
  },

  700229: {
    error: 'invalid_client',
    status: 401,
    name: 'ForbiddenTokenType',
    message:
      'Forbidden token type. Only app-only tokens can be used as Federated Identity Credentials for Microsoft Entra issuer.',
    explanation:
      'The federated credential presented is a token issued by Entra itself, but it represents a user (delegated) ' +
      'rather than an application. Only app-only tokens, obtained with client credentials or a managed identity, can ' +
      'be exchanged this way.',
    causes: [
      'A user\'s access token was passed as client_assertion.',
      'The upstream app got its token with a user flow instead of client credentials.',
    ],
    fix:
      'Obtain the assertion with the client credentials flow (or from a managed identity) for audience ' +
      'api://AzureADTokenExchange, and use that as client_assertion. To act on behalf of a user, use the on-behalf-of flow instead.',
    source: ['D'],
  },

  // Seen for a federated token whose kid the issuer's JWKS lacks [O: Azure/azure-workload-identity#1232].
  // Entrada also sends it when a published key fits but the signature does not verify with it [I].
  7000272: {
    error: 'invalid_client',
    status: 401,
    name: 'FederatedCredentialSigningKeyNotFound', // name: Entrada's
    message:
      "The certificate with identifier {keyIdentifier} used to sign the federated credential could not be found in the metadata of identity provider {issuer}. Please validate that your Identity Provider's metadata exposes the key used to sign the incoming token.",
    explanation:
      'The client authenticated with a token from an external identity provider (a federated credential). Entra ' +
      'verifies its signature with the keys the provider publishes (its /.well-known/openid-configuration names a ' +
      'jwks_uri). No published key has the token\'s key id (kid), or the signature does not verify with the key that has it.',
    causes: [
      'The provider rotated its signing key and the token was signed with a key it no longer (or does not yet) publish.',
      'A self-hosted issuer (Kubernetes service account issuer, a storage account serving the discovery document) publishes a JWKS that does not match the key the cluster signs with.',
      'The token was altered after it was signed, or signed with an algorithm other than RS256, PS256 or ES256.',
    ],
    fix:
      'Fetch <issuer>/.well-known/openid-configuration and its jwks_uri and check that the kid in the token\'s header ' +
      'is listed there with the public half of the signing key. For Kubernetes, re-publish the JWKS after rotating the ' +
      'service account signing key. No app registration change is needed.',
    source: ['O', 'I'],
  },

  // [O: Azure/azure-workload-identity#642, #1130]: error invalid_request, 400, when Entra cannot fetch the
  // federated token issuer's discovery document or keys. (AADSTS90061 carried the same text in 2022.)
  50166: {
    error: 'invalid_request',
    status: 400,
    name: 'ExternalOidcEndpointFailed', // name: Entrada's
    message: 'Request to External OIDC endpoint failed.',
    explanation:
      'The client authenticated with a token from an external identity provider (a federated credential). To check ' +
      'its signature Entra fetches <issuer>/.well-known/openid-configuration and the jwks_uri it names, over HTTPS. ' +
      'That failed: the host did not answer in time, refused the connection, its certificate is not trusted, it ' +
      'answered with an error status, or the documents are not valid JSON.',
    causes: [
      'The issuer URL is private (a cluster-internal or firewalled address) so Entra cannot reach it.',
      'The discovery document or JWKS is missing, or served over plain HTTP.',
      'The issuer\'s TLS certificate is not trusted by the server (for Entrada: start it with NODE_EXTRA_CA_CERTS naming the issuer\'s CA).',
    ],
    fix:
      'Make <issuer>/.well-known/openid-configuration and its jwks_uri publicly reachable over HTTPS with a trusted ' +
      'certificate; open both in a browser to check. Entrada\'s log entry for this request (under its trace ID) names the URL and the failure.',
    source: ['O'],
  },

  650057: {
    error: 'invalid_client',
    status: 401,
    name: 'InvalidResourceNotInRequiredResourceAccess', // name: Entrada's
    message:
      "Invalid resource. The client has requested access to a resource which is not listed in the requested permissions in the client's application registration. Client app ID: {appId}({appName}). Resource value from request: {resource}. Resource app ID: {resourceAppId}. List of valid resources from app registration: {validResources}.",
    explanation:
      'The request asks for a token for an API (resource) that the client application has not declared in its API ' +
      'permissions. For .default and consent to work, the client registration must list every API it calls.',
    causes: [
      'The API permission was never added to the client registration.',
      'The scope or resource names the wrong API (a typo in the Application ID URI, or the API\'s GUID instead of the client\'s).',
      'The permission was added to another app registration than the client_id used.',
    ],
    fix:
      'Add the API under App registrations → <client app> → API permissions → Add a permission → My APIs (or APIs my ' +
      'organization uses) → <API> → pick the permissions, then Grant admin consent for <tenant> if the flow cannot prompt a user.',
    source: ['D', 'O'],
  },

  650053: {
    error: 'invalid_client',
    status: 401,
    name: 'ScopeNotDefinedOnResource', // name: Entrada's
    message:
      "The application '{appName}' asked for scope '{scope}' that doesn't exist on the resource '{resource}'. Contact the app vendor.",
    explanation:
      'The API (resource) exists, but it does not define the permission that was asked for. Delegated permissions ' +
      'come from the API\'s "Expose an API" scopes, application permissions from its app roles.',
    causes: [
      'A typo or wrong case in the scope name, or extra whitespace or a line break inside the scope parameter.',
      'The scope is prefixed with the wrong resource, so it is looked up on another API (Microsoft Graph when no prefix is given).',
      'The scope was deleted or disabled on the API.',
    ],
    fix:
      'Check the scopes listed under App registrations → <API> → Expose an API (delegated) or App roles ' +
      '(application) and request exactly one of them, written as <Application ID URI>/<scope>; add the scope there if it is missing.',
    source: ['O'],
  },

  // ───────────────────────── Application and tenant lookup ─────────────────────────

  501051: {
    error: 'invalid_grant',
    status: 400,
    name: 'ApplicationNotAssignedToRole',
    message:
      "Application '{appId}'({appName}) is not assigned to a role for the application '{resourceAppId}'({resourceName}).",
    explanation:
      'The API requires assignment: its enterprise application has "Assignment required?" set to Yes, so only ' +
      'clients that hold one of its app roles may get an app-only token for it. This client holds none.',
    causes: [
      'The API\'s enterprise application was switched to "Assignment required? = Yes" and this client was never granted an application permission (app role) of it.',
      'The admin consent for the application permission was never granted, or was removed.',
    ],
    fix:
      'Grant the client an app role of the API: App registrations → <client> → API permissions → Add a permission → ' +
      '<API> → Application permissions, then Grant admin consent (in a seed file: an appRoleAssignments entry); or set ' +
      'Enterprise applications → <API> → Properties → Assignment required? → No.',
    source: ['D', 'O'],
  },

  50105: {
    error: 'invalid_grant',
    status: 400,
    name: 'EntitlementGrantsNotFound',
    message:
      "Your administrator has configured the application {appName} ('{appId}') to block users unless they are specifically granted ('assigned') access to the application. The signed in user is blocked because they are not a direct member of a group with access, nor had access directly assigned by an administrator. Please contact your administrator to assign access to this application.",
    explanation:
      'The application the user signs in to has "Assignment required?" set to Yes, and this user is not assigned ' +
      'to it (directly or through a group).',
    causes: [
      'The enterprise application requires assignment and the user was never added under Users and groups.',
      'The user is assigned through a group, but the group membership was removed.',
    ],
    fix:
      'Assign the user: Enterprise applications → <app> → Users and groups → Add user/group (in a seed file: an ' +
      'appRoleAssignments entry for the user on the app); or set Enterprise applications → <app> → Properties → ' +
      'Assignment required? → No.',
    source: ['D', 'O'],
  },

  700016: {
    error: 'unauthorized_client',
    status: 400,
    name: 'UnauthorizedClient_DoesNotMatchRequest',
    message:
      "Application with identifier '{appId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
    explanation:
      'The client_id is a well-formed GUID, but the tenant the request was sent to has no application with that ' +
      'Application (client) ID, and no service principal for it either.',
    causes: [
      'The client_id is the Object ID or the Directory (tenant) ID instead of the Application (client) ID.',
      'The request goes to a different tenant than the one the app is registered in (wrong tenant in the authority URL).',
      'A multi-tenant app was never consented to in this tenant, so it has no service principal here.',
      'The app registration was deleted, or lives in Entrada\'s seed for another tenant.',
      'A placeholder was left in the configuration (for example "Enter_the_Application_Id_here").',
    ],
    fix:
      'Copy the Application (client) ID from App registrations → <app> → Overview, and use the Directory (tenant) ID ' +
      'from the same page in the authority URL. For a multi-tenant app used in another tenant, let an administrator ' +
      'of that tenant consent to it first.',
    source: ['D', 'O'],
  },

  // Wording [O] (Entra's sign-in error page; the token endpoint's body for the all-zero GUID). On the
  // token endpoint Entra answers unauthorized_client with no error_uri, for the all-zero GUID and for
  // a client_id that is not a GUID alike [O: issue 13, captured 2024–2026].
  700038: {
    error: 'unauthorized_client',
    status: 400,
    errorUri: false,
    name: 'InvalidApplicationIdentifier', // name: Entrada's
    message: '{clientId} is not a valid application identifier.',
    explanation:
      'Application identifiers are GUIDs (for example 11111111-2222-3333-4444-555555555555). The client_id sent is ' +
      'not a GUID, or is the all-zero GUID, so Entra cannot even look it up.',
    causes: [
      'client_id holds the app\'s display name, an Application ID URI (api://…), or a placeholder.',
      'A configuration variable was empty and a default such as 00000000-0000-0000-0000-000000000000 or "undefined" was sent.',
      'Extra characters around the GUID (quotes, spaces, braces).',
    ],
    fix:
      'Set client_id to the Application (client) ID GUID shown on App registrations → <app> → Overview.',
    source: ['O', 'I'],
  },

  7000112: {
    error: 'unauthorized_client',
    status: 400,
    name: 'UnauthorizedClientApplicationDisabled',
    message: "Application '{appId}'({appName}) is disabled.",
    explanation:
      'The application exists in this tenant but its service principal is disabled, so nobody can sign in to it and ' +
      'it cannot obtain tokens.',
    causes: [
      'An administrator set "Enabled for users to sign in?" to No on the enterprise application.',
      'The application was disabled for suspicious activity or a policy violation (disabledByMicrosoftStatus on the application).',
    ],
    fix:
      'Open Enterprise applications → <app> → Properties and set "Enabled for users to sign in?" to Yes (Graph: ' +
      'servicePrincipal accountEnabled = true). If the app was disabled as a safety measure, find out why before enabling it.',
    source: ['D', 'O'],
  },

  7000114: {
    error: 'unauthorized_client',
    status: 400,
    name: 'ApplicationOnBehalfOfNotAllowed', // name: Entrada's
    message: "Application '{appId}' is not allowed to make application on-behalf-of calls.",
    explanation:
      'The on-behalf-of request presented an app-only token (no user in it) as the assertion. On-behalf-of exchanges ' +
      'a user\'s token for another token for the same user; an application token cannot be exchanged this way.',
    causes: [
      'The upstream caller obtained its token with client credentials and the middle-tier API tries to exchange it with on-behalf-of.',
      'A managed identity or daemon token reaches an API that always uses on-behalf-of.',
    ],
    fix:
      'When the incoming token is app-only, use the client credentials flow in the middle tier instead of ' +
      'on-behalf-of; use on-behalf-of only for tokens that carry a user (an scp claim).',
    source: ['D'],
  },

  90002: {
    error: 'invalid_request', // the discovery endpoints send invalid_tenant for this code themselves [O]
    status: 400,
    name: 'InvalidTenantName',
    message:
      "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
    explanation:
      'The tenant segment of the URL (the part after the host) is a syntactically valid tenant ID or domain, but no ' +
      'tenant with that ID or verified domain exists here.',
    causes: [
      'A typo in the tenant ID, or the Application (client) ID or Object ID used as tenant.',
      'A domain that is not a verified domain of any tenant (for example the domain of a user\'s email address).',
      'The tenant exists in another cloud or another Entrada instance than the one the client points at.',
      'A literal placeholder such as {tenant} or tenant_id left in the configuration.',
    ],
    fix:
      'Use the Directory (tenant) ID from App registrations → <app> → Overview, a verified domain of that tenant, ' +
      'or organizations/common where the flow allows it. With Entrada, check that the tenant is in the seed.',
    source: ['D', 'O'],
  },

  900023: {
    error: 'invalid_request',
    status: 400,
    name: 'InvalidTenantIdentifier', // name: Entrada's
    message: "Specified tenant identifier '{tenant}' is neither a valid DNS name, nor a valid external domain.",
    explanation:
      'The tenant segment of the URL is neither a GUID nor something shaped like a domain name, so it cannot name a tenant at all.',
    causes: [
      'The authority URL is built wrongly, so another path segment (authorize, token, oauth2, v2.0) lands where the tenant belongs.',
      'An unset variable produced "undefined", "null" or an empty tenant.',
      'The tenant GUID is malformed (a missing or extra character).',
    ],
    fix:
      'Configure the authority as https://<host>/<tenant> only (no /oauth2/... suffix), with <tenant> the Directory ' +
      '(tenant) ID from App registrations → <app> → Overview or a verified domain.',
    source: ['O'],
  },

  50059: {
    error: 'invalid_request',
    status: 400,
    name: 'MissingTenantRealmAndNoUserInformationProvided',
    message: 'No tenant-identifying information found in either the request or implied by any provided credentials.',
    explanation:
      'The request went to /common (or /organizations) and nothing in it says which tenant is meant: there is no ' +
      'user to sign in whose home tenant could be used. App-only requests and some device and consent flows need a concrete tenant.',
    causes: [
      'Client credentials sent to /common or /organizations.',
      'A device code or silent request sent to /common for an app registered as single-tenant.',
      'The tenant ID was left out of the client configuration.',
    ],
    fix:
      'Put the Directory (tenant) ID (App registrations → <app> → Overview) in the authority URL instead of common or organizations.',
    source: ['D', 'O'],
  },

  9001023: {
    error: 'invalid_request',
    status: 400,
    name: 'GrantTypeNotSupportedOnCommonOrConsumers', // name: Entrada's
    message:
      'The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.',
    explanation:
      'Some grants — username/password in particular — only work for work or school accounts of a known tenant, ' +
      'so they cannot be sent to /common or /consumers.',
    causes: [
      'A password (ROPC) request sent to the /common authority, which is many libraries\' default.',
      'A personal-account authority (/consumers) used with a grant that personal accounts do not support.',
    ],
    fix:
      'Change the authority to https://<host>/organizations or to the tenant itself (Directory (tenant) ID from App registrations → <app> → Overview).',
    source: ['D'],
  },

  50194: {
    error: 'invalid_request',
    status: 400,
    name: 'SingleTenantAppOnCommonEndpoint', // name: Entrada's
    message:
      "Application '{appId}'({appName}) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '{time}'. Use a tenant-specific endpoint or configure the application to be multi-tenant.",
    explanation:
      'The app registration accepts accounts from its own tenant only (single tenant), and the request went to ' +
      '/common, which means "any tenant". Entra refuses that combination for recently created apps.',
    causes: [
      'The client uses the default authority /common while the app is registered as "Accounts in this organizational directory only".',
      'The app used to be multi-tenant and was switched to single tenant.',
    ],
    fix:
      'Either use the tenant-specific authority https://<host>/<tenant ID>, or make the app multi-tenant under App ' +
      'registrations → <app> → Authentication → Supported account types → "Accounts in any organizational directory".',
    source: ['D'],
  },

  // ───────────────────────── Request shape ─────────────────────────

  900144: {
    error: 'invalid_request',
    status: 400,
    name: 'InvalidRequestMissingParameter', // name: Entrada's
    message: "The request body must contain the following parameter: '{name}'.",
    explanation:
      'A parameter this request needs is missing from the form body (or is present but empty). The token endpoint ' +
      'reads parameters from an application/x-www-form-urlencoded POST body, not from the URL or a JSON body.',
    causes: [
      'The parameter was put in the query string or sent as JSON instead of in the form body.',
      'A typo in the parameter name (client-id, grantType, redirect_url).',
      'The value was empty because a configuration variable was not set.',
      'The grant needs a parameter the client did not send: code for authorization_code, refresh_token, username and password, device_code, assertion.',
    ],
    fix:
      'Send the named parameter in a POST body with Content-Type: application/x-www-form-urlencoded. Nothing needs to change in the app registration.',
    source: ['D', 'O'],
  },

  // Entra's body for this code has no error_uri [O: issue 13].
  70003: {
    error: 'unsupported_grant_type',
    status: 400,
    errorUri: false,
    name: 'UnsupportedGrantType',
    message: "The app requested an unsupported grant type '{grantType}'.",
    explanation:
      'The grant_type value is not one the token endpoint knows. Supported values are authorization_code, ' +
      'refresh_token, client_credentials, password, device_code (or urn:ietf:params:oauth:grant-type:device_code), ' +
      'urn:ietf:params:oauth:grant-type:jwt-bearer and the SAML bearer grants.',
    causes: [
      'A typo or wrong case in grant_type ("authorisation_code", "ClientCredentials").',
      'A grant from another identity provider (token-exchange, implicit) was used.',
      'grant_type was URL-encoded twice, so its colons arrive as %3A.',
    ],
    fix:
      'Send one of the supported grant_type values exactly as written above. No app registration change is needed.',
    source: ['D'],
  },

  // Wording [O]. Captured responses with this code carry error=invalid_grant when the broken part was a code or
  // refresh token; the protocol reference lists invalid_request, which Entrada uses for every malformed request.
  9002313: {
    error: 'invalid_request',
    status: 400,
    name: 'InvalidRequest',
    message: 'Invalid request. Request is malformed or invalid.',
    explanation:
      'The request could not be read as a valid OAuth request at all, before any of its values were checked. ' +
      'Entrada uses this code when the application/x-www-form-urlencoded body cannot be decoded safely: a ' +
      'parameter appears more than once, the body or a value is not valid UTF-8 or has broken percent-encoding, ' +
      'there are too many parameters or a value is longer than any real client sends (each parameter has its own ' +
      'cap, e.g. 256 characters for a user name), a value contains a NUL character or an identifier a control ' +
      'character, the HTTP Basic ' +
      'credentials are malformed or disagree with client_id in the body, more than one client authentication ' +
      'method is used, or a code or token in the request is structurally broken.\n\n' +
      'A body that is not form-encoded at all (JSON, multipart) is not read — Entra ignores it too — so such a ' +
      'request usually fails with AADSTS900144 for grant_type instead.',
    causes: [
      'A parameter is repeated (scope=a&scope=b, or client_id added both by a library and by the caller).',
      'A value was not percent-encoded, or was encoded in a non-UTF-8 character set.',
      'A client secret is sent both in an HTTP Basic header and in the body, or a client assertion is sent together with a secret.',
      'A pasted code or refresh token was altered (truncated, lower-cased, URL-decoded once too often) or is far longer than any real one.',
      'A value carries %00 (a NUL character) or a line break or tab inside an identifier such as a user name or scope.',
    ],
    fix:
      'POST the parameters as one application/x-www-form-urlencoded body, each parameter once, values ' +
      'percent-encoded UTF-8; use one client authentication method; pass codes and tokens exactly as received. ' +
      'The trace ID on this page leads to the log entry that names the exact problem. No app registration change is needed.',
    source: ['D', 'O'],
  },

  900561: {
    error: 'invalid_request',
    status: 400,
    name: 'BadResourceRequestInvalidRequest',
    message: 'The endpoint only accepts {verbs} requests. Received a {method} request.',
    explanation:
      'The endpoint was called with an HTTP method it does not accept. The token and device-code endpoints accept ' +
      'POST only; opening them in a browser sends GET.',
    causes: [
      'The token endpoint URL was opened in a browser, or followed after a redirect.',
      'A client sends the token request as GET with parameters in the query string.',
      'The browser back button re-requested a page that had been reached by POST.',
    ],
    fix:
      'Send token and device-code requests as POST with a form body. If a person reached this page with the back button, it can be ignored.',
    source: ['D', 'O'],
  },

  90014: {
    error: 'invalid_request',
    status: 400,
    name: 'MissingRequiredField',
    message:
      "The required field '{field}' is missing from the credential. Ensure that you have all the necessary parameters for the login request.",
    explanation:
      'A field the request needs is missing. Entra uses this code in several places, most often for a token ' +
      'request without a scope.',
    causes: [
      'scope was not sent (required on the v2.0 token endpoint for client credentials, password and refresh).',
      'A field was sent with an empty value.',
    ],
    fix:
      'Add the named field to the request; for scope use, for example, https://graph.microsoft.com/.default for ' +
      'client credentials or the permissions the app needs for user flows.',
    source: ['D', 'O'],
  },

  901002: {
    error: 'invalid_request',
    status: 400,
    name: 'ResourceParameterNotSupported', // name: Entrada's
    message: "The 'resource' request parameter is not supported.",
    explanation:
      'The v2.0 endpoints (/oauth2/v2.0/…) select the API with scope; the resource parameter belongs to the v1 ' +
      'endpoints (/oauth2/…) and is refused on v2.0.',
    causes: [
      'A v1-style client (ADAL, an older SDK, a hand-written request) sends resource=… to a /v2.0 URL.',
      'Both resource and scope were sent.',
    ],
    fix:
      'On v2.0, drop resource and request scope=<resource>/.default (or <resource>/<permission>). Or keep resource and call the v1 endpoint /<tenant>/oauth2/token.',
    source: ['D'],
  },

  // ───────────────────────── Scopes, resources and consent ─────────────────────────

  70011: {
    error: 'invalid_scope',
    status: 400,
    name: 'InvalidScope',
    message:
      "The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid.",
    explanation:
      'The scope parameter is missing, or one of its values is not a valid scope: each must be an OIDC scope ' +
      '(openid, profile, email, offline_access), a bare Microsoft Graph permission, or <resource identifier>/<permission>.',
    causes: [
      'Scopes separated by commas instead of spaces.',
      'A scope that is not a URI or GUID followed by /permission (for example "api" or "read").',
      'An object or undefined was turned into text ("[object Object]/.default").',
      'Scopes for several resources in one request, on older paths that report it this way.',
    ],
    fix:
      'Send scope as a space-separated list of valid scopes for one resource, for example "api://<API app ID>/access_as_user offline_access". ' +
      'The available permissions are under App registrations → <API> → Expose an API.',
    source: ['D', 'O'],
  },

  1002012: {
    error: 'invalid_scope',
    status: 400,
    name: 'ClientCredentialsScopeRequiresDefault', // name: Entrada's
    message:
      'The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).',
    explanation:
      'With client credentials there is no user to consent to individual permissions, so the app receives all ' +
      'application permissions already granted to it for one API. The scope must therefore be written ' +
      '<resource>/.default.',
    causes: [
      'A delegated scope such as User.Read or api://…/access_as_user was requested with client credentials.',
      'openid, profile or offline_access were added to a client-credentials request.',
    ],
    fix:
      'Request scope=<Application ID URI>/.default, for example https://graph.microsoft.com/.default. The app gets ' +
      'the application permissions granted under App registrations → <app> → API permissions (with admin consent).',
    source: ['O'],
  },

  700022: {
    error: 'invalid_scope',
    status: 400,
    name: 'InvalidMultipleResourcesScope',
    message:
      'Provided value for the input parameter scope is not valid because it contains more than one resource. Scope {scope} is not valid.',
    explanation:
      'One access token is for one API. The scope asks for permissions of more than one API (resource) at once; ' +
      'only openid, profile, email and offline_access may be combined with the scopes of a single API.',
    causes: [
      'Scopes for Microsoft Graph and for your own API were requested together.',
      'A sign-in request lists every API the app will ever call.',
    ],
    fix:
      'Request one API per token request and get tokens for the others afterwards (MSAL: acquireTokenSilent per ' +
      'API). To consent to several APIs at sign-in, use extraScopesToConsent or the .default scope of the app itself.',
    source: ['D', 'O'],
  },

  28002: {
    error: 'invalid_scope',
    status: 400,
    name: 'InvalidScopeForAccessToken', // name: Entrada's
    message:
      "Provided value for the input parameter scope '{scope}' is not valid when requesting an access token. Please specify a valid scope.",
    explanation:
      'When an authorization code is redeemed, the scope sent to the token endpoint must describe an access token ' +
      'for one API that the sign-in consented to. This scope does not.',
    causes: [
      'Only OIDC scopes (openid, profile) were sent, which describe no API for the access token.',
      'The scope at the token endpoint names an API that was not part of the /authorize request.',
    ],
    fix:
      'Send at the token endpoint the API scopes that were requested at /authorize (for example User.Read or api://<API>/access_as_user).',
    source: ['D'],
  },

  28003: {
    error: 'invalid_scope',
    status: 400,
    name: 'EmptyScopeForAccessToken', // name: Entrada's
    message:
      'Provided value for the input parameter scope cannot be empty when requesting an access token using the provided authorization code. Please specify a valid scope.',
    explanation:
      'An authorization code was redeemed with an empty scope parameter, so Entra cannot tell which API the access token is for.',
    causes: ['scope= was sent with no value (an empty configuration variable).'],
    fix: 'Send the API scopes that were requested at /authorize, or leave the scope parameter out entirely.',
    source: ['D'],
  },

  500011: {
    error: 'invalid_resource',
    status: 400,
    name: 'InvalidResourceServicePrincipalNotFound',
    message:
      'The resource principal named {resource} was not found in the tenant named {tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.',
    explanation:
      'The API named in scope (or resource) is unknown in this tenant: no application here has that Application ID ' +
      'URI or ID, and no service principal for it exists.',
    causes: [
      'A typo in the Application ID URI (a missing or extra trailing slash, http vs https).',
      'The API is registered in another tenant and was never consented to in this one.',
      'The client\'s own client ID was used where the API\'s ID belongs.',
    ],
    fix:
      'Copy the Application ID URI from App registrations → <API> → Expose an API and use it as the scope prefix; ' +
      'for an API from another tenant, have an administrator of this tenant consent to it first.',
    source: ['D', 'O'],
  },

  65001: {
    error: 'invalid_grant',
    status: 400,
    name: 'DelegationDoesNotExist',
    message:
      "The user or administrator has not consented to use the application with ID '{appId}' named '{appName}'. Send an interactive authorization request for this user and resource.",
    explanation:
      'A token for a user was requested without an interactive sign-in (password, refresh token, on-behalf-of or ' +
      'device code polling after consent was skipped), and neither the user nor an administrator has consented to ' +
      'the application using the requested permissions.',
    causes: [
      'The permissions were added under API permissions but admin consent was never granted.',
      'A new permission was added to the app after users consented, and non-interactive flows cannot ask again.',
      'The middle-tier API in an on-behalf-of chain has not been consented to for the downstream API.',
      'User consent is disabled in the tenant.',
    ],
    fix:
      'Grant consent once: App registrations → <app> → API permissions → Grant admin consent for <tenant>, or send ' +
      'the user through an interactive sign-in (/authorize with prompt=consent). For on-behalf-of, list the client ' +
      'in the API\'s knownClientApplications or grant admin consent for the API\'s downstream permissions.',
    source: ['D', 'O'],
    suberror: 'consent_required',
  },

  // Wording and `error` [O: a redirect from /authorize, posthog#43486, 2025]. Multi-tenant apps (issue 18).
  650052: {
    error: 'invalid_client',
    status: 401,
    name: 'ServicePrincipalNotFoundForResource', // name: Entrada's
    message:
      "The app is trying to access a service '{resourceAppId}'({resourceName}) that your organization '{tenant}' lacks a service principal for. Contact your IT Admin to review the configuration of your service subscriptions or consent to the application in order to create the required service principal.",
    explanation:
      'The app asks for permissions of an API (its requiredResourceAccess, or the scopes requested) that has no ' +
      'service principal in this tenant. A consent to the app creates the app\'s own service principal, never the ' +
      'API\'s: the API must be added to the tenant first.',
    causes: [
      'A multi-tenant client app of another tenant needs a multi-tenant API (also of another tenant) that was never consented to in this tenant.',
      'The API\'s service principal was deleted from this tenant.',
    ],
    fix:
      'Add the API to the tenant first: an administrator of the tenant consents to the API itself ' +
      '(/<tenant>/adminconsent?client_id=<API app id>), or a user signs in to it; then consent to the client app again.',
    source: ['O', 'I'],
  },

  // ───────────────────────── Users (password flow and sign-in) ─────────────────────────

  50126: {
    error: 'invalid_grant',
    status: 400,
    name: 'InvalidUserNameOrPassword',
    message: 'Error validating credentials due to invalid username or password.',
    explanation:
      'The username exists but the password is wrong (or, for Entrada, does not match the one in the seed).',
    causes: [
      'A wrong or old password.',
      'Leading or trailing spaces in the password, which Entra does not support in this flow.',
      'Special characters in the password not percent-encoded in the form body.',
    ],
    fix:
      'Check the password; reset it under Users → <user> → Reset password if needed. Encode the body with a form ' +
      'encoder rather than by hand. Prefer an interactive or device-code flow over passwords.',
    source: ['D', 'O'],
  },

  50034: {
    error: 'invalid_grant',
    status: 400,
    name: 'UserAccountNotFound',
    message:
      'The user account {identifier} does not exist in the {tenant} directory. To sign into this application, the account must be added to the directory.',
    explanation:
      'No user with this sign-in name exists in the tenant the request went to.',
    causes: [
      'A typo in the username, or the email address used instead of the user principal name.',
      'The user belongs to another tenant and the request was sent to this one.',
      'The user was deleted, or is a guest who has not been invited here.',
    ],
    fix:
      'Use the user\'s User principal name as shown under Users → <user>, send the request to that user\'s tenant, ' +
      'or add the user to this tenant (Users → New user, or invite them as a guest).',
    source: ['D', 'O'],
  },

  50053: {
    error: 'invalid_grant',
    status: 400,
    name: 'IdsLocked',
    message: "The account is locked, you've tried to sign in too many times with an incorrect user ID or password.",
    explanation:
      'Sign-in for this account is temporarily blocked after repeated failed attempts (smart lockout), or because ' +
      'the attempts came from an address considered malicious.',
    causes: [
      'A script or service retried with a wrong or old password.',
      'Someone else is guessing the account\'s password.',
    ],
    fix:
      'Wait for the lockout to end, fix the credential in whatever keeps retrying, and review Monitoring & health → Sign-in ' +
      'logs for the account (filter on error code 50053) to see where the attempts come from.',
    source: ['D', 'O'],
  },

  50055: {
    error: 'invalid_grant',
    status: 400,
    name: 'InvalidPasswordExpiredPassword',
    message: 'The password is expired.',
    explanation:
      'The password is right but has expired, and a new one must be chosen before the user can sign in. A ' +
      'non-interactive flow cannot change a password.',
    causes: [
      'The tenant\'s password expiration policy applied to the account.',
      'An administrator reset the password and required a change at next sign-in.',
    ],
    fix:
      'Have the user sign in interactively and choose a new password, or reset it under Users → <user> → Reset password (and clear "require change" for service accounts).',
    source: ['D', 'O'],
    suberror: 'user_password_expired',
  },

  50057: {
    error: 'invalid_grant',
    status: 400,
    name: 'UserDisabled',
    message: 'The user account is disabled.',
    explanation: 'The user exists but is blocked from signing in.',
    causes: [
      'An administrator disabled the account (Block sign-in), for example when someone left.',
      'The account is disabled in the on-premises directory it is synchronised from.',
    ],
    fix:
      'Enable it under Users → <user> → Edit properties → Settings → Account enabled (Graph: accountEnabled = true), if the account should sign in.',
    source: ['D', 'O'],
  },

  50076: {
    error: 'invalid_grant',
    status: 400,
    name: 'UserStrongAuthClientAuthNRequired',
    message:
      "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '{resource}'.",
    explanation:
      'A Conditional Access policy (or per-user MFA) requires multi-factor authentication for this user and API. ' +
      'The request is non-interactive (password, refresh token, on-behalf-of), so there is no way to prompt for a ' +
      'second factor here.',
    causes: [
      'The password flow is used for an account that must use MFA.',
      'A refresh token obtained with single-factor sign-in is used after an MFA policy started to apply.',
      'An on-behalf-of call for a user whose original token did not satisfy MFA.',
    ],
    fix:
      'Sign the user in interactively (authorization code or device code) so MFA can be completed; an API in the ' +
      'middle should pass the claims challenge back to its client. For automation, use an app identity (client ' +
      'credentials or managed identity) instead of a user account.',
    source: ['D', 'O'],
    suberror: 'basic_action',
  },

  50079: {
    error: 'invalid_grant',
    status: 400,
    name: 'UserStrongAuthEnrollmentRequired',
    message:
      "Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '{resource}'.",
    explanation:
      'The user must register a second authentication method (security info) before this API can be used, and ' +
      'registration needs an interactive sign-in.',
    causes: [
      'Security defaults or a Conditional Access policy require MFA and the user has not registered any method yet.',
      'A service account used with the password flow falls under such a policy.',
    ],
    fix:
      'Have the user sign in interactively once and register a method (aka.ms/mysecurityinfo), or exclude the ' +
      'account from the policy; for automation, use an app identity instead of a user.',
    source: ['D', 'O', 'I'], // suberror basic_action [I]
    suberror: 'basic_action',
  },

  53003: {
    error: 'invalid_grant',
    status: 400,
    name: 'BlockedByConditionalAccess',
    message:
      'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
    explanation:
      'Sign-in succeeded, but a Conditional Access policy that applies to this user, app and situation blocks ' +
      'issuing the token (block access, location, device platform, client app conditions).',
    causes: [
      'A policy blocks the location, IP range, device platform or client app type of this request.',
      'A policy blocks legacy or non-interactive flows such as the password grant or device code.',
    ],
    fix:
      'Find the sign-in under Monitoring & health → Sign-in logs, open Conditional Access to see which policy blocked it, and ' +
      'either meet its conditions or adjust the policy under Protection → Conditional Access → Policies.',
    source: ['D', 'O'],
    // [O] bodies quoted in public issues carry suberror message_only and a capolids claims challenge.
    suberror: 'message_only',
  },

  50097: {
    error: 'invalid_grant',
    status: 400,
    name: 'DeviceAuthenticationRequired',
    message: 'Device authentication is required.',
    explanation:
      'A Conditional Access policy requires a compliant or Microsoft Entra joined device, and this sign-in did not come ' +
      'from one. Entrada has no device registration, so such a policy is never satisfied here.',
    causes: [
      'A policy\'s grant controls require a compliant device or a hybrid/Entra joined device for this user and app.',
    ],
    fix:
      'Exclude the user or app from the policy, or change its grant controls (Protection → Conditional Access → Policies → Grant) ' +
      'to ones the sign-in can meet, such as multifactor authentication.',
    source: ['D', 'I'], // error and suberror of the token endpoint's body [I]
    suberror: 'basic_action',
  },

  500121: {
    error: 'access_denied',
    status: 400,
    name: 'AuthenticationFailedDuringStrongAuthRequest',
    message: 'Authentication failed during strong authentication request.',
    explanation: 'The second factor was not completed: the person denied the request or it timed out.',
    causes: [
      'The sign-in request was denied on the (simulated) authenticator page.',
      'The person did not respond to the MFA prompt in time.',
    ],
    fix: 'Sign in again and approve the request; if you did not start this sign-in, someone else knows the password: reset it.',
    source: ['D', 'I'], // shown on the sign-in page; the error value of a redirect is [I]
  },

  // ───────────────────────── Authorization codes and PKCE ─────────────────────────

  54005: {
    error: 'invalid_grant',
    status: 400,
    name: 'AuthorizationCodeAlreadyRedeemed', // name: Entrada's
    message:
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    explanation: 'An authorization code can be exchanged for tokens exactly once. This one has been used before.',
    causes: [
      'The client redeems the code twice (two middlewares, a retry after a timeout, a page reload on the redirect URI).',
      'The browser back button re-submitted the redirect with the old code.',
    ],
    fix:
      'Redeem each code once and keep the tokens (or the refresh token) it returned; on a reload of the redirect ' +
      'page, start a new sign-in instead of reusing the code.',
    source: ['D', 'O'],
  },

  70008: {
    error: 'invalid_grant',
    status: 400,
    name: 'ExpiredOrRevokedGrant',
    message:
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
    explanation:
      'The authorization code or refresh token is past its lifetime (codes live about 10 minutes) or has been revoked.',
    causes: [
      'The code was redeemed long after the user was redirected back.',
      'A refresh token from a cache that was not used for a long time.',
      'The user\'s sessions were revoked.',
    ],
    fix: 'Start a new interactive sign-in to get a new code or refresh token. No app registration change is needed.',
    source: ['D', 'O'],
  },

  70000: {
    error: 'invalid_grant',
    status: 400,
    name: 'InvalidGrant',
    message: 'The provided access grant is invalid or malformed.',
    explanation:
      'The authorization code, refresh token or assertion was not issued by this service for this request: it does ' +
      'not decode, was issued to another client, or its redirect URI or scopes do not fit the request.',
    causes: [
      'The code was issued to another client_id than the one redeeming it.',
      'The redirect_uri in the token request differs from the one used at /authorize.',
      'The code or refresh token comes from another Entrada instance or from Entra itself.',
      'The refresh token is asked for scopes the user never consented to.',
    ],
    fix:
      'Redeem the code with the same client_id and the exact redirect_uri used at /authorize, and only with tokens ' +
      'this service issued; start a new sign-in if in doubt.',
    source: ['D', 'O'],
  },

  700082: {
    error: 'invalid_grant',
    status: 400,
    name: 'ExpiredOrRevokedGrantInactiveToken',
    message: 'The refresh token has expired due to inactivity. The token was issued on {issueDate} and was inactive for {time}.',
    explanation:
      'Refresh tokens expire if they are not used for a while (90 days by default). This one was unused for longer than that.',
    causes: ['The app or CLI was not used for a long time.', 'A token cache was restored from an old backup.'],
    fix: 'Sign in again interactively; the new refresh token stays valid as long as it keeps being used.',
    source: ['D', 'O'],
  },

  // Wording and suberror [O]: "…lifetime of 1.00:00:00, which cannot be extended. … The token was
  // issued on 2023-12-11T12:31:44.1947275Z." with "suberror":"bad_token" (bodies quoted in
  // AzureAD/microsoft-authentication-library-for-js issues #4693 and #6765).
  700084: {
    error: 'invalid_grant',
    status: 400,
    suberror: 'bad_token',
    name: 'SpaRefreshTokenExpired', // name: Entrada's
    message:
      'The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of {time}, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on {issueDate}.',
    explanation:
      'Refresh tokens issued to single-page applications live 24 hours from the original sign-in, and refreshing ' +
      'does not extend that. This one has reached its end.',
    causes: [
      'The browser tab stayed open for more than a day.',
      'A back end keeps using a refresh token that a single-page app obtained.',
    ],
    fix:
      'Let the single-page app sign in again (MSAL.js does this with ssoSilent or a redirect). If the tokens are ' +
      'really used by a server, register that redirect URI under Web instead of Single-page application.',
    source: ['D', 'O'],
  },

  50173: {
    error: 'invalid_grant',
    status: 400,
    name: 'FreshTokenNeeded',
    message:
      "The provided grant has expired due to it being revoked, and a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '{issueDate}' and the TokensValidFrom date for this user is '{tokensValidFrom}'.",
    explanation:
      'The refresh token was issued before the user\'s "tokens valid from" time. That time moves forward when the ' +
      'password changes or when an administrator or the user revokes sessions, which invalidates every older refresh token.',
    causes: [
      'The user changed or reset their password.',
      'An administrator used Revoke sessions on the user.',
    ],
    fix: 'Sign in again interactively to obtain a new refresh token.',
    source: ['D', 'O'],
  },

  70043: {
    error: 'invalid_grant',
    status: 400,
    name: 'BadTokenDueToSignInFrequency',
    message:
      'The refresh token has expired or is invalid due to sign-in frequency checks by conditional access. The token was issued on {issueDate} and the maximum allowed lifetime for this request is {time}.',
    explanation:
      'A Conditional Access sign-in frequency policy requires the user to authenticate again after a set time, and ' +
      'this refresh token is older than that.',
    causes: ['A sign-in frequency session control applies to this user and app.'],
    fix: 'Sign the user in interactively again; adjust the session control under Protection → Conditional Access if the interval is wrong.',
    source: ['D'],
  },

  700005: {
    error: 'invalid_grant',
    status: 400,
    name: 'InvalidGrantRedeemAgainstWrongTenant',
    message: 'Provided Authorization Code is intended to use against other tenant, thus rejected.',
    explanation:
      'An authorization code must be redeemed at the same tenant path it was issued for (/common or a specific tenant). This code was issued for another one.',
    causes: ['The app signs in through /common but redeems the code at /<tenant> (or the other way round), or at another tenant.'],
    fix: 'Use the same authority for /authorize and for the token request.',
    source: ['D'],
  },

  501481: {
    error: 'invalid_grant',
    status: 400,
    name: 'CodeVerifierMismatch', // name: Entrada's
    message: 'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
    explanation:
      'With PKCE the client sends a code_challenge (a hash of a secret verifier) to /authorize and the verifier ' +
      'itself to the token endpoint. The verifier sent here does not hash to the challenge stored with the code.',
    causes: [
      'The verifier was regenerated or lost between the redirect and the redemption (several tabs, a new session, server restart).',
      'The challenge was computed with the wrong method (plain vs S256) or not base64url without padding.',
      'Another field (for example client_secret) was sent instead of code_verifier.',
    ],
    fix:
      'Keep the verifier from the /authorize request (in the session) and send it unchanged as code_verifier; compute ' +
      'the challenge as base64url(SHA-256(verifier)) without "=" padding with code_challenge_method=S256.',
    source: ['D', 'O'],
  },

  50148: {
    error: 'invalid_grant',
    status: 400,
    name: 'CodeVerifierMismatchLegacy', // name: Entrada's
    message: 'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.',
    explanation:
      'Older wording of AADSTS501481: the code_verifier sent to the token endpoint does not hash to the ' +
      'code_challenge that was sent to /authorize.',
    causes: [
      'The verifier was lost or regenerated between the redirect and the redemption.',
      'The challenge was computed with the wrong method or encoding.',
    ],
    fix: 'Send the verifier that belongs to the /authorize request as code_verifier, and compute the challenge as base64url(SHA-256(verifier)).',
    source: ['D', 'O'],
  },

  50147: {
    error: 'invalid_request',
    status: 400,
    name: 'MissingCodeChallenge',
    message: 'The size of the code challenge parameter is not valid.',
    explanation:
      'A PKCE code_challenge (and its verifier) must be 43 to 128 characters long. The one sent is outside that range.',
    causes: [
      'The verifier is shorter than 43 characters, so the plain challenge is too.',
      'The challenge was hex-encoded or padded instead of base64url.',
    ],
    fix: 'Use a random verifier of 43–128 characters and send code_challenge = base64url(SHA-256(verifier)) with code_challenge_method=S256.',
    source: ['D', 'I'],
  },

  50149: {
    error: 'invalid_request',
    status: 400,
    name: 'InvalidCodeChallengeMethod', // name: Entrada's
    message: 'Invalid Code_Challenge_method parameter.',
    explanation: 'code_challenge_method must be S256 or plain (plain is assumed when it is absent).',
    causes: ['A misspelt value ("SHA256", "s256") or an unsupported method.'],
    fix: 'Send code_challenge_method=S256.',
    source: ['D', 'I'],
  },

  // ───────────────────────── On-behalf-of and assertion grants ─────────────────────────

  500131: {
    error: 'invalid_grant',
    status: 400,
    name: 'AssertionAudienceMismatch', // name: Entrada's
    message:
      "Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '{audience}' and the expected audience is '{expectedAudience}' or one of the Application Uris of this application with App ID '{appId}'({appName}). The downstream client must request a token for the expected audience (the application that made the OBO request) and this application should use that token as the assertion.",
    explanation:
      'In on-behalf-of, the middle-tier API exchanges the token it received from its caller. That token must have ' +
      'been issued for the middle-tier API itself (its aud is this app\'s client ID or Application ID URI). The ' +
      'assertion here was issued for another audience.',
    causes: [
      'The front end requested a token for Microsoft Graph (or another API) and passed it to the middle tier, which then tries to exchange it.',
      'The Application ID URI of the middle tier differs (case, trailing slash) from the audience in the token.',
      'The middle tier uses another app registration than the one the front end requested a token for.',
    ],
    fix:
      'Have the client request a token for the middle-tier API (scope api://<middle-tier app ID>/access_as_user) ' +
      'and send that one; check App registrations → <middle tier> → Expose an API → Application ID URI.',
    source: ['O'],
  },

  50013: {
    error: 'invalid_grant',
    status: 400,
    name: 'InvalidAssertion',
    message: 'Assertion failed signature validation.',
    explanation:
      'The user assertion of an on-behalf-of or JWT-bearer request was not issued by this service or has been ' +
      'altered: its signature does not verify with this tenant\'s signing keys, or its issuer does not fit.',
    causes: [
      'The assertion was issued by another tenant, another Entrada instance, or Entra itself.',
      'The token was modified after it was issued.',
      'An id_token or an app-only token was sent where a user access token is expected.',
    ],
    fix: 'Pass the access token the caller received from this service, unchanged, as the assertion.',
    source: ['D', 'O'],
  },

  500133: {
    error: 'invalid_grant',
    status: 400,
    name: 'AssertionNotWithinValidTimeRange', // name: Entrada's
    message:
      'Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: {currentTime}, expiry time of assertion {expiry}.',
    explanation: 'The user token passed as the on-behalf-of assertion has expired (or is not valid yet).',
    causes: [
      'The middle-tier API exchanges a token long after it was received (queued work, a long-running job).',
      'The client sent a cached access token past its expiry.',
    ],
    fix:
      'Have the client send a fresh access token with each call; for long-running work, exchange the token right away ' +
      'and keep the resulting refresh token instead of the incoming access token.',
    source: ['D'],
  },

  50107: {
    error: 'invalid_request',
    status: 400,
    name: 'InvalidRealmUri',
    message: "Requested federation realm object '{realm}' does not exist.",
    explanation:
      'The SAML assertion of a SAML bearer grant names an issuer that is not a federated identity provider of this ' +
      'tenant. Only assertions from the tenant\'s own federation partner (for example AD FS) can be exchanged.',
    causes: [
      'The SAML assertion was issued by Entra itself, which cannot be exchanged this way.',
      'The issuing IdP is not configured as the federation partner of a domain in this tenant.',
      'In Entrada: the seed lists no federatedIdentityProviders entry whose issuerUri equals the assertion\'s Issuer exactly.',
    ],
    fix:
      'Use an assertion issued by the identity provider the tenant\'s domain is federated with, or use another grant. ' +
      'In Entrada, add the IdP to the tenant in the seed file: federatedIdentityProviders: [{ issuerUri, signingCertificates, domains? }].',
    source: ['O'],
  },

  50008: {
    error: 'invalid_grant',
    status: 400,
    name: 'InvalidSamlToken',
    message: 'SAML assertion is missing or misconfigured in the token.',
    explanation:
      'The assertion parameter of a SAML bearer grant is not a base64-encoded SAML Assertion element, lacks required ' +
      'parts, or cannot be trusted: its signature, its validity period or its audience does not hold.',
    causes: [
      'The whole SAML Response was sent instead of the Assertion element inside it.',
      'The assertion was not base64url-encoded, or was encoded twice.',
      'The assertion is unsigned, was changed after signing, or was signed with a certificate not registered for its issuer.',
      'The assertion has expired (Conditions NotOnOrAfter) or is addressed to another audience than urn:federation:MicrosoftOnline.',
      'The assertion holds a DOCTYPE, more than one Assertion, or more than one Signature.',
    ],
    fix:
      'Send the signed SAML Assertion element, base64url-encoded, as the assertion parameter, fresh from the identity ' +
      'provider, and make sure the IdP\'s current token-signing certificate is registered with the tenant\'s federation settings.',
    source: ['D', 'I'],
  },

  90020: {
    error: 'invalid_grant',
    status: 400,
    name: 'SamlAssertionMissingImmutableId', // name: Entrada's
    message: 'The SAML 1.1 Assertion is missing ImmutableID of the user.',
    explanation:
      'A SAML 1.1 assertion must identify the user by their ImmutableID (the anchor that links the on-premises and cloud accounts). This one does not.',
    causes: ['The federation partner does not emit the ImmutableID claim for this relying party.'],
    fix: 'Configure the identity provider to issue the ImmutableID (for AD FS: objectGUID as the NameIdentifier claim).',
    source: ['D', 'I'],
  },

  // ───────────────────────── Device code flow ─────────────────────────

  70016: {
    error: 'authorization_pending',
    status: 400,
    name: 'AuthorizationPending',
    message: 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
    explanation:
      'Not a failure: the user has not yet entered the code and signed in on the verification page. The device ' +
      'keeps polling every "interval" seconds until the user finishes or the code expires.',
    causes: ['The user has not completed sign-in yet.'],
    fix:
      'Keep polling at the interval returned by the device-code request; show the user the message with the verification URL and code.',
    source: ['D', 'O'],
  },

  70020: {
    error: 'expired_token',
    status: 400,
    name: 'DeviceCodeExpired', // name: Entrada's
    message: "The provided value for the input parameter 'device_code' is not valid. This device code has expired.",
    explanation:
      'The device code is past its lifetime (15 minutes by default) and the user did not complete sign-in in time.',
    causes: [
      'The user did not enter the code in time.',
      'The client keeps polling with a device code from an earlier run.',
    ],
    fix: 'Start a new device-code request and have the user enter the new code promptly.',
    source: ['O'],
  },

  70018: {
    error: 'bad_verification_code',
    status: 400,
    name: 'BadVerificationCode',
    message: 'Invalid verification code. The code you entered is not valid.',
    explanation:
      'Shown on the device-code verification page: the code typed there does not belong to any pending device sign-in.',
    causes: [
      'A typo in the code (the codes are letters and digits, without spaces).',
      'The code belongs to another Entrada instance or to Entra.',
    ],
    fix: 'Type the code exactly as the device shows it, on the verification page of the same service the device polls.',
    source: ['D', 'I'],
  },

  70019: {
    error: 'expired_token',
    status: 400,
    name: 'CodeExpired',
    message: 'Verification code expired.',
    explanation: 'Shown on the device-code verification page: the code was valid but its time ran out before it was entered.',
    causes: ['More than the code lifetime (15 minutes by default) passed between showing the code and entering it.'],
    fix: 'Restart sign-in on the device to get a new code, then enter it promptly.',
    source: ['D', 'I'],
  },

  90119: {
    error: 'invalid_request',
    status: 400,
    name: 'InvalidUserCode',
    message: 'The user code is null or empty.',
    explanation: 'Shown on the device-code verification page: the form was submitted without a code.',
    causes: ['The code field was left empty.'],
    fix: 'Enter the code shown on the device.',
    source: ['D', 'I'],
  },

  90120: {
    error: 'invalid_request',
    status: 400,
    name: 'InvalidDeviceFlowRequest',
    message: 'The request was already authorized or declined.',
    explanation:
      'Shown on the device-code verification page: this code has already been used to approve or decline a sign-in, and each code works once.',
    causes: ['The code was entered a second time, or in a second browser tab.'],
    fix: 'Nothing to do if the device is signed in; otherwise start a new device-code sign-in.',
    source: ['D', 'I'],
  },

  // [I] Entra documents `authorization_declined` for the device flow without a code; 65004 is its
  // documented code for a user declining (UserDeclinedConsent). The pairing is Entrada's.
  65004: {
    error: 'authorization_declined',
    status: 400,
    name: 'UserDeclinedConsent',
    message: 'User declined to consent to access the app.',
    explanation:
      'The person who entered the device code on the verification page chose to decline the sign-in instead of ' +
      'approving it. The device flow ends here: this device code will never yield tokens.',
    causes: [
      'The user did not recognise the device or app asking to sign in, and declined.',
      'The user pressed "Decline" by mistake.',
    ],
    fix: 'Stop polling. If the sign-in is wanted, start a new device-code request and approve it on the verification page.',
    source: ['D', 'I'],
  },

  // ───────────────────────── /authorize: redirect URIs, response types, sessions ─────────────────────────

  50011: {
    error: 'invalid_request',
    status: 400,
    name: 'InvalidReplyTo',
    message:
      "The redirect URI '{redirectUri}' specified in the request does not match the redirect URIs configured for the application '{appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.",
    explanation:
      'The redirect_uri is not one of the URIs registered for the application. Entra sends codes and tokens only ' +
      'to registered addresses, so it shows this error itself instead of redirecting. Matching is exact: scheme, ' +
      'host, path (case-sensitive) and trailing slash must agree; only for http://localhost and 127.0.0.1 is the ' +
      'port ignored.',
    causes: [
      'The URI differs in a detail: http vs https, a trailing slash, the path case, a different port on a non-loopback host.',
      'The app runs on a new host (a preview deployment, a reverse proxy that changes the scheme) that was never registered.',
      'The URI is registered on another app registration than the client_id used.',
      'The token request uses another redirect_uri than /authorize did.',
    ],
    fix:
      'Add the exact URI from this message under App registrations → <app> → Authentication → the platform the app ' +
      'is (Web, Single-page application, or Mobile and desktop applications) → Redirect URIs, or change the app to ' +
      'send one that is registered.',
    source: ['D', 'O'],
  },

  500113: {
    error: 'invalid_request',
    status: 400,
    name: 'NoReplyAddressRegistered', // name: Entrada's
    message: 'No reply address is registered for the application.',
    explanation:
      'The application has no redirect URI at all on any platform, so there is nowhere a code or token could be sent after sign-in.',
    causes: ['A new app registration used for interactive sign-in before any redirect URI was added.'],
    fix:
      'Add a redirect URI under App registrations → <app> → Authentication → Add a platform (Web, Single-page application, or Mobile and desktop applications).',
    source: ['D', 'I'],
  },

  900971: {
    error: 'invalid_request',
    status: 400,
    name: 'NoReplyAddressProvided', // name: Entrada's
    message: 'No reply address provided.',
    explanation:
      'The request needs a redirect_uri and has none, and the app has more than one registered (or none), so there is no default to use.',
    causes: ['redirect_uri was left out of /authorize or the token request.'],
    fix: 'Send redirect_uri with one of the URIs registered under App registrations → <app> → Authentication.',
    source: ['D'],
  },

  700054: {
    error: 'unsupported_response_type',
    status: 400,
    name: 'IdTokenImplicitGrantNotEnabled', // name: Entrada's
    message: "response_type 'id_token' is not enabled for the application.",
    explanation:
      'The /authorize request asks for an id_token straight from the authorization endpoint (implicit or hybrid ' +
      'flow: response_type id_token or code id_token), which the app registration does not allow.',
    causes: [
      'An OpenID Connect middleware that uses the hybrid flow (response_type=code id_token) or form_post id_token sign-in.',
      'An older single-page app library that uses the implicit flow.',
    ],
    fix:
      'Either switch to the authorization code flow (response_type=code) — preferred — or enable App registrations → ' +
      '<app> → Authentication → Implicit grant and hybrid flows → ID tokens.',
    source: ['D', 'O'],
  },

  700051: {
    error: 'unsupported_response_type',
    status: 400,
    name: 'AccessTokenImplicitGrantNotEnabled', // name: Entrada's
    message: "response_type 'token' is not enabled for the application.",
    explanation:
      'The /authorize request asks for an access token straight from the authorization endpoint (implicit flow, ' +
      'response_type token), which the app registration does not allow.',
    causes: ['An implicit-flow library (MSAL.js 1.x, ADAL.js) or a hand-built URL with response_type=token.'],
    fix:
      'Move to the authorization code flow with PKCE (MSAL.js 2+) and a Single-page application redirect URI, or ' +
      'enable App registrations → <app> → Authentication → Implicit grant and hybrid flows → Access tokens.',
    source: ['D', 'O'],
  },

  50058: {
    error: 'login_required',
    status: 400,
    name: 'UserInformationNotProvided',
    message: 'A silent sign-in request was sent but no user is signed in.',
    explanation:
      'The request used prompt=none (silent sign-in), but there is no signed-in session in this browser, so it ' +
      'cannot complete without showing a sign-in page.',
    causes: [
      'The user never signed in with this browser, or the session expired or was signed out.',
      'The browser blocks third-party cookies, so a silent request in a hidden iframe does not see the session.',
    ],
    fix: 'Fall back to an interactive sign-in (redirect or popup) when silent sign-in fails; MSAL does this when you catch InteractionRequiredAuthError.',
    source: ['D', 'O'],
  },

  16000: {
    error: 'interaction_required',
    status: 400,
    name: 'SelectUserAccount',
    message: 'Multiple user identities are available for the current request. The user must select which account to use.',
    explanation:
      'A silent request (prompt=none) found more than one signed-in account in this browser and nothing saying ' +
      'which one to use, so it cannot continue without asking the user.',
    causes: [
      'The user is signed in to several tenants or with several accounts, and the app sent no login_hint.',
    ],
    fix: 'Send login_hint (MSAL: pass the account to acquireTokenSilent / ssoSilent), or fall back to an interactive request that lets the user pick.',
    source: ['D', 'I'],
  },

  70005: {
    error: 'unsupported_response_type',
    status: 400,
    name: 'UnsupportedResponseType',
    message: 'The app returned an unsupported response type due to the following reasons: {reasons}',
    explanation:
      'The /authorize request asks for a response_type Entra does not support, or a response_type and ' +
      'response_mode that do not go together (tokens are never sent in a query string).',
    causes: [
      'A response_type other than code, id_token, token or a combination of them (e.g. a typo, or "code code").',
      'response_mode=query together with response_type id_token or token.',
    ],
    fix:
      'Use response_type=code (with PKCE) — what MSAL sends — or, for implicit and hybrid responses, response_mode ' +
      'fragment or form_post.',
    source: ['D', 'I'],
  },

  90100: {
    error: 'invalid_request',
    status: 400,
    name: 'InvalidRequestParameter',
    message: "The parameter '{name}' is empty or not valid.",
    explanation:
      'A parameter has a value Entra does not accept, such as an unknown prompt or response_mode at /authorize, or ' +
      'a claims parameter on a token request that is not a JSON object.',
    causes: [
      "prompt is not one of login, none, consent, select_account (v1 also admin_consent).",
      'response_mode is not one of query, fragment, form_post.',
      'claims is not valid JSON or not an object (e.g. {"access_token":{"xms_cc":{"values":["cp1"]}}} is one) [I].',
    ],
    fix: 'Send one of the documented values, or leave the parameter out.',
    source: ['D', 'I'],
  },

  90094: {
    error: 'access_denied',
    status: 400,
    name: 'AdminConsentRequired',
    message: 'The grant requires admin permission.',
    explanation:
      'The app asks for permissions that only an administrator can consent to (permissions of type "Admins only"), ' +
      'and no administrator has granted them for the tenant, so the user cannot be asked.',
    causes: [
      'A scope whose type is Admin in the API\'s "Expose an API" blade.',
      'The tenant does not let users consent to apps at all.',
    ],
    fix:
      'An administrator grants consent once: Enterprise applications → <app> → Permissions → Grant admin consent ' +
      '(in Entrada: an oauth2PermissionGrant with consentType AllPrincipals in the seed file).',
    source: ['D', 'I'],
  },

  // Wording [O: ADAL and sample issues, 2016–2017]; `error` [I]. The admin consent endpoint's refusal
  // of a user who holds no role that may consent for the tenant (issue 18).
  90093: {
    error: 'access_denied',
    status: 400,
    name: 'GraphUserUnauthorized',
    message: 'Calling principal cannot consent due to lack of permissions.',
    explanation:
      'Consent for the whole tenant (the admin consent endpoint, /adminconsent) was asked of a user who is not an ' +
      'administrator allowed to give it. Granting tenant-wide consent needs Global Administrator, Privileged Role ' +
      'Administrator, Application Administrator or Cloud Application Administrator; Microsoft Graph\'s application ' +
      'permissions and admin-only delegated permissions need Global Administrator or Privileged Role Administrator.',
    causes: [
      'An ordinary user followed the app\'s "connect your organization" link.',
      'An Application Administrator or Cloud Application Administrator consented to an app that needs Microsoft Graph application permissions.',
    ],
    fix:
      'Sign in as an administrator of the tenant (in Entrada: a user holding one of the roles above, under directoryRoles ' +
      'in the seed file or Users → <user> → Directory roles in the portal), or ask one to open the same link.',
    source: ['O', 'I'],
  },

  // Wording [O: sign-in error page and redirects, 2016–2025: "User account '…' from identity provider
  // 'live.com' does not exist in tenant '…' …"]; `error` [I]. Multi-tenant apps (issue 18).
  50020: {
    error: 'invalid_request',
    status: 400,
    name: 'UserUnauthorized',
    message:
      "User account '{identifier}' from identity provider '{identityProvider}' does not exist in tenant '{tenant}' and cannot access the application '{appId}'({appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.",
    explanation:
      'The person signed in with an account of one tenant, but the request named another tenant (its ID or domain in ' +
      'the URL, or /consumers, the tenant of personal Microsoft accounts). An account signs in to a tenant only if it ' +
      'belongs to it; Entrada has no guest (B2B) accounts, so a user belongs to their home tenant only.',
    causes: [
      'A multi-tenant app uses its own tenant\'s authority (https://<host>/<home tenant>) and a user of another organization signs in.',
      'A work or school account signs in through /consumers, or to an app for personal Microsoft accounts only.',
    ],
    fix:
      'For a multi-tenant app, use /organizations (or /common) as the authority, or the user\'s own tenant; for a ' +
      'single-tenant app, sign in with an account of its tenant. To let this account in, make it a user of that tenant.',
    source: ['D', 'O'],
  },

  500112: {
    error: 'invalid_grant',
    status: 400,
    name: 'ReplyAddressMismatch', // name: Entrada's
    message:
      "The reply address '{redirectUri}' does not match the reply address '{codeRedirectUri}' provided when requesting Authorization code.",
    explanation:
      'An authorization code is bound to the redirect_uri of the /authorize request that produced it; the token ' +
      'request must send the very same value.',
    causes: [
      'The app builds its redirect_uri twice and the two differ (http vs https behind a proxy, a trailing slash, another port).',
      'A code obtained by one app instance is redeemed by another with a different callback URL.',
    ],
    fix: 'Send the same redirect_uri to the token endpoint as to /authorize.',
    source: ['O', 'I'],
  },

  50049: {
    error: 'invalid_instance',
    status: 400,
    name: 'NoSuchInstanceForDiscovery',
    message: 'Unknown or invalid instance.',
    explanation:
      'Instance discovery (/common/discovery/instance) was asked about an authority host it does not recognise.',
    causes: [
      'A client checks an Entrada authority against Microsoft\'s instance discovery.',
      'A typo in the authority host.',
    ],
    fix:
      'Configure the client to trust the Entrada host (MSAL: knownAuthorities: ["<host>"] or disableInstanceDiscovery: true) and check the authority URL.',
    source: ['D', 'O'],
  },
} as const satisfies Record<number, CatalogueEntry>;

/** Every AADSTS code Entrada can send. */
export type AadstsCode = keyof typeof entries;

/** Code C's message template as a string literal type (message-args.ts reads its slots from it). */
export type CatalogueMessage<C extends AadstsCode> = (typeof entries)[C]['message'];

/**
 * The catalogue, keyed by code. The literal above is checked entry by entry against CatalogueEntry
 * (`as const satisfies`); it is exported with every entry typed as CatalogueEntry so that
 * `catalogue[code].suberror` and the like type-check for any code (idp-error.ts relies on that).
 */
export const catalogue: { readonly [K in AadstsCode]: CatalogueEntry } = entries;

/** True when `n` is a code in the catalogue. */
export function isAadstsCode(n: number): n is AadstsCode {
  return Number.isInteger(n) && Object.hasOwn(catalogue, n);
}

/** The entry for a code, or undefined when Entrada does not know it. */
export function lookupCode(n: number): CatalogueEntry | undefined {
  return isAadstsCode(n) ? catalogue[n] : undefined;
}

/** All codes, in ascending order. */
export function allCodes(): AadstsCode[] {
  return Object.keys(catalogue)
    .map(Number)
    .sort((a, b) => a - b) as AadstsCode[];
}

/** The `{name}` slots of a message template, in order of first appearance. */
export function placeholdersOf(template: string): string[] {
  const seen: string[] = [];
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    if (!seen.includes(m[1])) seen.push(m[1]);
  }
  return seen;
}
