// One logged request in plain words, for /error?trace_id= (issue #5): what the client sent, what
// the client-type decision saw, why it was refused and the fix in the portal's terms. Built from
// the sign-in log entry alone, so it works for any node's requests in a shared database. Remote
// callers get it without identities and internals (core/policy/trace-audience.ts).

import { explainRefusal } from './errors/explain.js';
import { idpError } from './errors/idp-error.js';
import { isAadstsCode } from './errors/catalogue.js';
import type { SignInLogEntry } from './ports.js';
import { PLATFORM_LABEL, type ClientTypeRefusalCode, type Verdict } from './policy/client-type.js';
import type { DecisionTraceFields } from './decision-trace.js';
import type { TraceAudience } from './policy/trace-audience.js';

export interface RequestExplanation {
  /** Label/value pairs: when, endpoint, app, user, grant, credential, redirect URI, Origin… */
  facts: Array<[string, string]>;
  outcome: 'success' | 'failure';
  errorCode: number | null;
  /** What decided and why, when a decision refused it. */
  why?: string;
  fix?: string;
  detail?: string;
  /** Identities and internals were left out (a remote caller). */
  redacted?: boolean;
}

/** `audience` 'remote': without the user, the app's display name, the fingerprint and the detail. */
export function explainEntry(entry: SignInLogEntry, audience: TraceAudience = 'local'): RequestExplanation {
  const local = audience === 'local';
  const d: DecisionTraceFields = entry.decision ?? {};
  const facts: Array<[string, string]> = [['When', entry.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')], ['Endpoint', entry.endpoint]];
  // The client id is in the client's own request; the display name is the directory's.
  if (entry.appId) facts.push(['Application', local && entry.appDisplayName ? `${entry.appDisplayName} (${entry.appId})` : entry.appId]);
  if (entry.tenant) facts.push(['Tenant', entry.tenant]);
  if (local && entry.userPrincipalName) facts.push(['User', entry.userPrincipalName]);
  if (entry.grantType) facts.push(['grant_type', entry.grantType]);
  // The checks stay defensive: a stored trace is JSON that the log may have bounded.
  if (typeof d.redirectUri === 'string') facts.push(['redirect_uri', d.redirectUri]);
  if (typeof d.platform === 'string' && d.platform in PLATFORM_LABEL) {
    facts.push(['Registered as', `${String(d.registeredAs)} (${PLATFORM_LABEL[d.platform]})`]);
  }
  if (typeof d.credential === 'string') {
    const fp = local && typeof d.credentialFingerprint === 'string' ? ` (fingerprint ${d.credentialFingerprint})` : '';
    facts.push(['Credential sent', credentialWords(d.credential) + fp]);
  }
  if ('isFallbackPublicClient' in d) facts.push(['Allow public client flows', d.isFallbackPublicClient === true ? 'Yes' : 'No']);
  if ('origin' in d) facts.push(['Origin header', typeof d.origin === 'string' ? d.origin : 'none (not a browser cross-origin request)']);
  if (typeof d.clientType === 'string') facts.push(['Client type decided', String(d.clientType)]);
  facts.push(['Outcome', entry.outcome === 'success' ? 'accepted' : `refused, AADSTS${entry.errorCode ?? '?'}`]);

  const out: RequestExplanation = { facts, outcome: entry.outcome, errorCode: entry.errorCode };
  // Details may quote user names, URLs Entrada fetched and their network or TLS errors.
  if (entry.detail && local) out.detail = entry.detail;
  if (!local) out.redacted = true;
  if (entry.outcome === 'failure' && entry.errorCode !== null && isAadstsCode(entry.errorCode)) {
    const verdict = storedVerdict(d, entry.errorCode);
    const { why, fix } = explainRefusal(idpError(entry.errorCode, verdict ? { verdict } : {}));
    out.why = why;
    out.fix = fix;
  }
  return out;
}

function credentialWords(kind: unknown): string {
  return kind === 'secret' ? 'client secret' : kind === 'assertion' ? 'client assertion' : 'none';
}

/** The verdict as logged, if it is the one that refused this request. */
function storedVerdict(d: DecisionTraceFields, code: number): Verdict | undefined {
  // The token endpoint logs clientType, decidedBy and rule together (http/kit/sign-in-log.ts).
  if (typeof d.rule !== 'string' || typeof d.decidedBy !== 'object' || d.decidedBy === null || d.clientType === undefined) return undefined;
  return {
    clientType: d.clientType,
    decidedBy: d.decidedBy,
    rule: d.rule,
    credentialRule: d.credentialRule === 'forbidden' ? 'forbidden' : 'required',
    // A refusing rule's error is the decision's own code; the explanation needs the code only.
    refusal: REFUSING_RULES.has(d.rule) ? loggedRefusal(code as ClientTypeRefusalCode, d) : undefined,
  };
}

/** The decision's refusal rebuilt from the trace: its code, with the message args the trace kept. */
function loggedRefusal(code: ClientTypeRefusalCode, d: DecisionTraceFields): NonNullable<Verdict['refusal']> {
  if (code === 9002326) return { code, args: { origin: d.origin ?? '' } };
  if (code === 50011) return { code, args: { redirectUri: d.redirectUri ?? '' } };
  return { code, args: {} };
}

const REFUSING_RULES: ReadonlySet<string> = new Set([
  'origin-on-non-spa',
  'spa-without-origin',
  'spa-with-credential',
  'spa-without-pkce',
  'confidential-without-credential',
  'public-with-credential',
  'redirect-uri-unregistered',
]);
