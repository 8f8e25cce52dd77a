// What the sign-in log keeps about the decision behind a request (SignInLogEntry.decision), stored
// as JSON. Each endpoint family records its own shape; the shapes carry no tag (the stored JSON
// predates this type and stays as it is), so readers tell them apart by their fields.
// Never a secret: a client secret appears only as its keyed fingerprint. Type aliases rather than
// interfaces, so a trace is also a plain JSON record (Record<string, unknown>) where one is expected.

import type { ClientType, Platform } from './model.js';
import type { PkceMethod, Prompt, ResponseMode } from './policy/authorize-request.js';
import type { CredentialPresented, DecidedBy, RuleId, Verdict } from './policy/client-type.js';
import type { ManagedIdentityType } from './policy/managed-identity.js';

/**
 * Token and device authorization endpoints: what the client-type decision saw and, when it ran,
 * what it concluded. The request half is absent when the request never parsed; the verdict half
 * when the decision did not run.
 */
export type ClientTypeDecisionTrace = {
  /** The redirect_uri parameter as sent; null when absent. */
  redirectUri?: string | null;
  credential?: CredentialPresented;
  /** Keyed fingerprint of the client secret sent (crypto/log-fingerprint.ts). */
  credentialFingerprint?: string;
  /** The Origin header; null when absent. */
  origin?: string | null;
  /** The app's "Allow public client flows", once the app was found. */
  isFallbackPublicClient?: boolean | null;
  clientType?: ClientType;
  decidedBy?: DecidedBy;
  rule?: RuleId;
  credentialRule?: Verdict['credentialRule'];
};

/** /authorize and the sign-in page: the validated request's redirect URI and how it was registered. */
export type AuthorizeDecisionTrace = {
  redirectUri: string;
  registeredAs: string;
  platform: Platform;
  responseMode: ResponseMode;
  prompt: Prompt | null;
  /** The code_challenge_method; null without PKCE. */
  pkce: PkceMethod | null;
};

/** Managed identity endpoint: which identity answered, for which resource. */
export type ManagedIdentityDecisionTrace = {
  identity: ManagedIdentityType;
  resourceId: string;
  resource: string;
};

/** What remains when a trace exceeded the log's size limit (core/sign-in-log-limits.ts). */
type TruncatedDecisionTrace = {
  truncated: string;
};

export type DecisionTrace = ClientTypeDecisionTrace | AuthorizeDecisionTrace | ManagedIdentityDecisionTrace | TruncatedDecisionTrace;

type KeysOfEach<T> = T extends unknown ? keyof T : never;
type FieldOfEach<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/**
 * A stored trace as a reader sees it without knowing which endpoint wrote it: every field of any
 * shape, each optional, typed as the shapes that have it type it.
 */
export type DecisionTraceFields = { [K in KeysOfEach<DecisionTrace>]?: FieldOfEach<DecisionTrace, K> };
