// Sign-in log entries from HTTP requests: who called, how it ended, and what the client-type
// decision saw. Credentials are reduced to their kind and, for secrets, an 8-hex-digit keyed
// fingerprint (crypto/log-fingerprint.ts: enough to tell two secrets apart in a log, useless to
// anyone holding it). Values are bounded and made storable by the recorder (core/sign-in-log-limits.ts).

import type { FastifyRequest } from 'fastify';
import type { ClientTypeDecisionTrace, DecisionTrace } from '../../core/decision-trace.js';
import type { IdpError } from '../../core/errors/idp-error.js';
import type { SignInLogEntry } from '../../core/ports.js';
import type { TokenRequest } from '../../flows/shared/context.js';
import type { RequestFacts } from '../../flows/shared/facts.js';

/** How the request ended; the trace id, time and address are the request context's. */
interface Outcome {
  error?: IdpError;
  /** When a form body named the correlation id (kit/request-context.ts, correlationIdFor). */
  correlationId?: string;
}

/** The decision trace of a token request: the inputs the decision saw and what it concluded. */
function decisionTrace(
  req: TokenRequest | undefined,
  facts: RequestFacts | undefined,
  fingerprint: (secret: string) => string,
): ClientTypeDecisionTrace | null {
  const verdict = facts?.verdict;
  if (!req && !verdict) return null;
  const out: ClientTypeDecisionTrace = {};
  if (req) {
    out.redirectUri = req.params['redirect_uri'] ?? null;
    out.credential = req.credential.kind;
    if (req.credential.kind === 'secret' && req.credential.secret) out.credentialFingerprint = fingerprint(req.credential.secret);
    out.origin = req.originHeader;
    if (facts?.client) out.isFallbackPublicClient = facts.client.isFallbackPublicClient ?? null;
  }
  if (verdict) {
    out.clientType = verdict.clientType;
    out.decidedBy = verdict.decidedBy;
    out.rule = verdict.rule;
    out.credentialRule = verdict.credentialRule;
  }
  return out;
}

export function entryFor(
  http: FastifyRequest,
  endpoint: SignInLogEntry['endpoint'],
  outcome: Outcome,
  about: {
    tenant?: string | null;
    appId?: string | null;
    appDisplayName?: string | null;
    userId?: string | null;
    userPrincipalName?: string | null;
    grantType?: string | null;
    decision?: DecisionTrace | null;
  },
): SignInLogEntry {
  const ua = http.headers['user-agent'];
  const context = http.requestContext;
  return {
    id: context.traceId,
    createdAt: context.receivedAt.toISOString(),
    endpoint,
    tenant: about.tenant ?? null,
    appId: about.appId ?? null,
    appDisplayName: about.appDisplayName ?? null,
    userId: about.userId ?? null,
    userPrincipalName: about.userPrincipalName ?? null,
    grantType: about.grantType ?? null,
    outcome: outcome.error ? 'failure' : 'success',
    errorCode: outcome.error ? Number(outcome.error.code) : null,
    oauthError: outcome.error?.oauthError ?? null,
    correlationId: outcome.correlationId ?? context.correlationId,
    clientAddress: context.clientAddress ?? null,
    userAgent: typeof ua === 'string' ? ua : null,
    decision: about.decision ?? null,
    detail: outcome.error?.detail ?? null,
  };
}

/** A token (or device authorization) endpoint request's entry; `fingerprint` is the recorder's (keyed). */
export function tokenEntry(
  http: FastifyRequest,
  outcome: Outcome,
  req: TokenRequest | undefined,
  params: Record<string, string> | undefined,
  facts: RequestFacts | undefined,
  fingerprint: (secret: string) => string,
): SignInLogEntry {
  const clientId = req?.clientId ?? params?.['client_id'];
  const endpoint = /\/devicecode\/?$/i.test(http.url.split('?')[0]) ? 'devicecode' : 'token';
  return entryFor(http, endpoint, outcome, {
    tenant: facts?.client?.tenantId ?? req?.tenant?.id ?? req?.tenantSegment ?? null,
    appId: clientId && /^[0-9a-f-]{36}$/i.test(clientId) ? clientId : null,
    appDisplayName: facts?.client?.appDisplayName,
    userId: facts?.user?.id,
    userPrincipalName: facts?.user?.userPrincipalName,
    grantType: params?.['grant_type'] ?? null,
    decision: decisionTrace(req, facts, fingerprint),
  });
}
