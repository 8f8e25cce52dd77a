// A refusal in plain words: what decided it and what to change. Where the client-type decision
// refused a request, the fix names the very setting or redirect URI that decided; otherwise the
// catalogue's general fix applies. (Issue #5 builds the sign-in log and /error?trace_id= on this.)

import { describeDecision, PLATFORM_LABEL, type Verdict } from '../policy/client-type.js';
import type { IdpError } from './idp-error.js';

interface RefusalExplanation {
  /** Why, when a decision with a recorded reason refused the request. */
  why?: string;
  fix: string;
}

const PUBLIC_FLOWS = 'Authentication → Advanced settings → Allow public client flows';

export function explainRefusal(err: IdpError): RefusalExplanation {
  // Only a verdict that itself refused explains the error; a wrong secret is not about client type.
  const verdict = err.verdict?.refusal && Number(err.verdict.refusal.code) === Number(err.code) ? err.verdict : undefined;
  if (!verdict) return { fix: err.entry.fix };
  const why = describeDecision(verdict.decidedBy);
  return { why, fix: verdictFix(verdict, err.entry.fix) };
}

function verdictFix(v: Verdict, general: string): string {
  const d = v.decidedBy;
  switch (v.rule) {
    case 'confidential-without-credential':
      if (d.by === 'fallback_setting') return `send client_secret or client_assertion, or set ${PUBLIC_FLOWS} → Yes if this app cannot keep a secret`;
      if (d.by === 'redirect_uri') return `send client_secret or client_assertion, or register '${d.registeredAs}' under ${PLATFORM_LABEL.publicClient} instead of ${PLATFORM_LABEL[d.platform]} if this app cannot keep a secret`;
      if (d.by === 'grant') return 'send client_secret or client_assertion; this flow is confidential and cannot be made public';
      return 'send the client_secret or client_assertion the refresh token was first obtained with';
    case 'public-with-credential':
      if (d.by === 'fallback_setting') return `stop sending client_secret / client_assertion, or set ${PUBLIC_FLOWS} → No so the app is confidential`;
      if (d.by === 'redirect_uri') return `stop sending client_secret / client_assertion, or register '${d.registeredAs}' under ${PLATFORM_LABEL.web} if this is a server-side app`;
      return 'stop sending client_secret / client_assertion';
    case 'spa-with-credential':
      return 'a single-page app must not send a secret; remove it from the browser code';
    case 'origin-on-non-spa':
      return `call the token endpoint from server-side code (no Origin header), or register the redirect URI under ${PLATFORM_LABEL.spa} and use PKCE`;
    case 'spa-without-origin':
      return `redeem from the browser (cross-origin), or register the redirect URI under ${PLATFORM_LABEL.web} or ${PLATFORM_LABEL.publicClient} if a server or native app redeems it`;
    default:
      return general;
  }
}
