// The result of `entrada explain`, and the exact shape of its --json output.
//
// --json prints one object (field names are stable; new fields may be added, none renamed):
//
// {
//   "version": 1,
//   "input": { "kind": "har" | "curl" | "raw-http" | "error-body" | "text",
//              "requests": <number of exchanges found>, "ignored": <HAR entries that were not login traffic>,
//              "notes": [string] },
//   "manifest": null | {
//     "appId", "objectId", "displayName", "format": "aad" | "graph", "signInAudience", "publisherDomain": string | null,
//     "isFallbackPublicClient": boolean | null,               // portal: Authentication → Allow public client flows
//     "redirectUris": [{ "uri", "platform": "web" | "spa" | "publicClient" }],
//     "secrets": [{ "displayName", "hint", "endDateTime", "expired": boolean }],   // never a keyId or value
//     "certificates": number, "warnings": [string] },
//   "requests": [{
//     "index": 1, "source": "HAR entry 3", "method": "POST",
//     "url": "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",   // no query string
//     "endpoint": { "kind": "token" | "authorize" | "devicecode" | "logout" | "discovery" | "other",
//                   "version": "v1" | "v2" | null, "host", "tenant", "tenantKind": "guid" | "domain" | "alias" | "invalid" | null } | null,
//     "grantType", "grantKind", "responseType", "clientId", "redirectUri", "origin", "scope", "resource", "username",
//     "credentials": null | { "kind": "client_secret" | "basic" | "client_assertion" | "none",
//                             "methods": [..], "description": "client_secret in the body (present, 40 characters, fingerprint 1a2b3c4d)",
//                             "secretShape": "empty" | "guid" | "entra-secret" | "other",
//                             "assertion": { "kind": "certificate" | "federated" | "not-a-jwt" | "unknown", "alg", "thumbprint", "issuer", "subject", "audience", "expires", "notBefore" },
//                             "misplaced": [string] },
//     "pkce": { "codeVerifier": boolean, "codeChallengeMethod": string | null },
//     "secrets": [{ "name": "code", "description": "(present, 1024 characters, fingerprint 1a2b3c4d)" }],
//     "library": "msal.js.node 7.2.3" | null, "notes": [string],
//     "response": null | { "status", "error", "code", "codes", "message", "suberror", "traceId", "correlationId",
//                          "timestamp", "tokens": ["access_token", …], "fromText" },
//     "decision": null | {
//       "basis": "manifest" | "scenarios", "grant",
//       "clientType", "why", "code", "outcome", "matchesObserved",   // basis "manifest": Entra's decision for this registration
//       "scenarios": [{ "registration", "clientType", "code", "outcome", "matchesObserved" }],   // what each registration would produce
//       "notes": [string] } }],
//   "findings": [{ "request": 1 | null, "code": 7000218 | null, "title", "observed": boolean,
//                  "tags": ["client-type", …], "why": [string], "fix": [string] }]
// }
//
// Secrets, passwords, codes, tokens and assertions from the input never appear: only "(present,
// N characters)" and, except for passwords, an 8-hex-digit SHA-256 fingerprint.

import type { ClientType } from '../core/model.js';
import type { GrantKind } from '../core/policy/client-type.js';
import type { ReadManifest } from '../manifest/read.js';
import type { InputKind } from './parse/exchange.js';
import type { RequestSummary } from './summary.js';

export interface ManifestContext {
  read: ReadManifest;
  /** The manifest's publisherDomain (a manifest does not record its tenant id). */
  publisherDomain: string | null;
}

export interface ManifestSummary {
  appId: string;
  objectId: string;
  displayName: string;
  format: 'aad' | 'graph';
  signInAudience: string;
  publisherDomain: string | null;
  isFallbackPublicClient: boolean | null;
  redirectUris: Array<{ uri: string; platform: 'web' | 'spa' | 'publicClient' }>;
  secrets: Array<{ displayName: string | null; hint: string | null; endDateTime: string | null; expired: boolean }>;
  certificates: number;
  warnings: string[];
}

export interface Scenario {
  /** The registration this line assumes, in portal terms ("Allow public client flows = No"). */
  registration: string;
  clientType: ClientType;
  /** What Entra would answer: an AADSTS code, or null when the client-type check passes. */
  code: number | null;
  outcome: string;
  /** Whether this registration explains the observed response; null when there is none. */
  matchesObserved: boolean | null;
}

export interface Decision {
  basis: 'manifest' | 'scenarios';
  grant: GrantKind;
  clientType?: ClientType;
  why?: string;
  code?: number | null;
  outcome?: string;
  matchesObserved?: boolean | null;
  scenarios: Scenario[];
  notes: string[];
}

export interface Finding {
  /** The request (RequestSummary.index) it is about; null for the input as a whole. */
  request: number | null;
  /** The AADSTS code it explains (or that Entra would answer); null for a warning without one. */
  code: number | null;
  title: string;
  /** True when Entra's response for that request carried this code. */
  observed: boolean;
  /** Which checks contributed, e.g. "client-type", "secret-id-sent", "code-reused". */
  tags: string[];
  why: string[];
  fix: string[];
}

export interface ExplainedRequest extends RequestSummary {
  decision: Decision | null;
}

export interface Report {
  version: 1;
  input: { kind: InputKind; requests: number; ignored: number; notes: string[] };
  manifest: ManifestSummary | null;
  requests: ExplainedRequest[];
  findings: Finding[];
}
