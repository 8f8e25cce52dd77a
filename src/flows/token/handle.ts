// The token endpoint pipeline: pick the grant module, keep only the parameters it reads, run it.

import { idpError } from '../../core/errors/idp-error.js';
import { clientCapabilities } from '../../core/policy/client-capabilities.js';
import { authenticationAsked } from '../../core/policy/claims-request.js';
import { param, type TokenDeps, type TokenRequest, type TokenResponse } from '../shared/context.js';
import { runRecorded, type FlowOutcome } from '../shared/facts.js';
import { grantRegistry } from './registry.js';

/** Parameters every grant may read: grant selection and client authentication. */
const COMMON_PARAMETERS = ['grant_type', 'client_id', 'client_secret', 'client_assertion', 'client_assertion_type'];

/** Grant types Entra supports that Entrada does not serve yet. */
const NOT_YET_SERVED = new Set<string>([]);

/** The token endpoint's answer or refusal, with what was learnt about the request either way. */
export function handleTokenRequest(req: TokenRequest, deps: TokenDeps): Promise<FlowOutcome<TokenResponse>> {
  return runRecorded((facts) => runGrant({ ...req, facts }, deps));
}

async function runGrant(req: TokenRequest, deps: TokenDeps): Promise<TokenResponse> {
  const grantType = param(req, 'grant_type');
  if (grantType === undefined) throw idpError(900144, { args: { name: 'grant_type' } });
  // The v2 endpoint takes scope, never resource [D: AADSTS901002].
  if (req.endpoint === 'v2' && req.params['resource'] !== undefined) throw idpError(901002);
  const grant = grantRegistry.get(grantType);
  if (!grant) {
    throw idpError(70003, {
      args: { grantType },
      detail: NOT_YET_SERVED.has(grantType) ? `Entra supports '${grantType}'; this version of Entrada does not serve it yet.` : undefined,
    });
  }
  const params: Record<string, string> = {};
  for (const name of [...COMMON_PARAMETERS, ...grant.parameters]) {
    const value = req.params[name];
    if (value !== undefined) params[name] = value;
  }
  // Read before the grant consumes anything (a code, a device code): malformed claims → AADSTS90100.
  const capabilities = clientCapabilities(req.params['claims']);
  return grant.handle({ ...req, params, clientCapabilities: capabilities, authenticationAsked: authenticationAsked(req.params['claims']) }, deps);
}
