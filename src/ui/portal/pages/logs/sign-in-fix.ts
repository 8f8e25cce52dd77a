// Where a logged refusal is fixed in the portal: the app registration blade that holds the setting
// or redirect URI the client-type decision read, and a link text that says what to change there.
// Entra's users fix these codes under App registrations → Authentication (platforms, redirect
// URIs, "Allow public client flows") [D: Entra docs for AADSTS7000218, 700025, 50011]; a flow
// that is confidential whatever the registration says needs a credential instead.

import type { DecisionTraceFields } from '../../../../core/decision-trace.js';
import type { SignInLogEntry } from '../../../../core/ports.js';
import { PLATFORM_LABEL } from '../../../../core/policy/client-type.js';
import type { Blade } from '../apps/app-blade.js';

/** The codes the client-type decision refuses with: each is fixed in the registration. */
const DECISION_CODES: ReadonlySet<number> = new Set([7000218, 700025, 9002325, 9002326, 9002327, 50011]);

export interface FixLink {
  blade: Blade;
  text: string;
}

/** The blade and link text for this entry's fix, or undefined when the registration is not where it is fixed. */
export function fixLink(entry: Pick<SignInLogEntry, 'outcome' | 'errorCode' | 'decision'>): FixLink | undefined {
  if (entry.outcome !== 'failure' || entry.errorCode === null || !DECISION_CODES.has(entry.errorCode)) return undefined;
  const d: DecisionTraceFields = entry.decision ?? {};
  const by = typeof d.decidedBy === 'object' && d.decidedBy !== null ? d.decidedBy : undefined;
  if (entry.errorCode === 50011) {
    const uri = typeof d.redirectUri === 'string' && d.redirectUri !== '' ? d.redirectUri : undefined;
    return { blade: 'authentication', text: uri ? `Add the redirect URI '${uri}' on the Authentication page` : 'Add the redirect URI on the Authentication page' };
  }
  switch (by?.by) {
    case 'fallback_setting':
      return { blade: 'authentication', text: "Change 'Allow public client flows' on the Authentication page" };
    case 'redirect_uri': {
      const platform = by.platform in PLATFORM_LABEL ? ` (now under ${PLATFORM_LABEL[by.platform]})` : '';
      return { blade: 'authentication', text: `Change the platform of the redirect URI '${by.registeredAs}'${platform} on the Authentication page` };
    }
    case 'grant':
      // client_credentials and on-behalf-of are confidential whatever the registration says.
      return { blade: 'credentials', text: 'Add a client secret or certificate on the Certificates & secrets page' };
    case 'issued_grant':
      return undefined;
    default:
      return { blade: 'authentication', text: 'Review the platforms and redirect URIs on the Authentication page' };
  }
}
