// The portal's decision simulator (issue 14): what the token endpoint would answer a request of a
// given shape against a registration, computed by the very functions the token endpoint runs
// (flows/shared/client-auth.ts): matchRedirectUri, then decideClientType, then the catalogue's
// message and explainRefusal's why and fix. The registration may be a draft the person has not
// saved, so a change can be tried before it is made.
//
// It stops where the token endpoint's client-type decision stops: a request the decision accepts
// still needs a valid credential, grant and scope, which the simulator does not invent.

import { explainRefusal } from '../errors/explain.js';
import { refusalError } from '../errors/idp-error.js';
import { withAppId } from '../errors/message-args.js';
import type { Application, ClientType } from '../model.js';
import { type CredentialPresented, decideClientType, describeDecision, type GrantKind, type RuleId } from './client-type.js';
import { matchRedirectUri } from './redirect-uri.js';

/** What the registration contributes: exactly what the decision reads. */
export type SimulatedRegistration = Pick<Application, 'appId' | 'web' | 'spa' | 'publicClient' | 'isFallbackPublicClient'>;

export interface SimulatedRequest {
  grant: GrantKind;
  /** The redirect_uri sent ('' or undefined: none). */
  redirectUri?: string;
  credential: CredentialPresented;
  /** The Origin header a browser would send; null: none (a server or native app). */
  origin: string | null;
  /** authorization_code: whether the code was requested with a PKCE code_challenge (MSAL always does). */
  codeHasPkce?: boolean;
  /** refresh_token: the client type the refresh token was issued under, if known. */
  issuedClientType?: ClientType;
}

export interface SimulatedVerdict {
  accepted: boolean;
  clientType: ClientType;
  rule: RuleId;
  /** One sentence: which URI / platform / setting / grant decided. */
  decidedBy: string;
  /** Whether the client must (required) or must not (forbidden) send a secret or assertion. */
  credentialRule: 'required' | 'forbidden';
  /** The refusal as the token endpoint would send it: AADSTS code, OAuth error and message. */
  refusal?: { code: number; error: string; message: string };
  /** What to change (refusals only). */
  fix?: string;
}

export function simulateTokenRequest(app: SimulatedRegistration, request: SimulatedRequest): SimulatedVerdict {
  const verdict = decideClientType({
    grant: request.grant,
    redirectUri: matchRedirectUri(app, request.redirectUri || undefined),
    isFallbackPublicClient: app.isFallbackPublicClient,
    credential: request.credential,
    origin: request.origin,
    ...(request.grant === 'authorization_code' ? { codeHasPkce: request.codeHasPkce ?? true } : {}),
    ...(request.grant === 'refresh_token' && request.issuedClientType ? { issuedClientType: request.issuedClientType } : {}),
  });
  const base = {
    clientType: verdict.clientType,
    rule: verdict.rule,
    decidedBy: describeDecision(verdict.decidedBy),
    credentialRule: verdict.credentialRule,
  };
  if (!verdict.refusal) return { accepted: true, ...base };
  const error = refusalError(withAppId(verdict.refusal, app.appId), { verdict });
  return {
    accepted: false,
    ...base,
    refusal: { code: error.code, error: error.oauthError, message: error.message },
    fix: explainRefusal(error).fix,
  };
}
