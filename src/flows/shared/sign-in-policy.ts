// MFA and Conditional Access for one user sign-in (core/policy/conditional-access.ts decides):
// the directory reads it needs, and the refusal Entra gives where no page can prompt (ROPC,
// refresh, on-behalf-of, code and device code redemption). The sign-in pages ask assessSignIn()
// and show their MFA step instead of refusing (flows/authorize/interact.ts, flows/device/verify.ts).

import { idpError, type IdpError } from '../../core/errors/idp-error.js';
import type { ClientType, Tenant, User } from '../../core/model.js';
import { NOTHING_ASKED, type AuthenticationAsked } from '../../core/policy/claims-request.js';
import {
  evaluateSignIn,
  satisfiedAuthContexts,
  signInOutcome,
  type ClientAppType,
  type SignInFacts,
  type SignInOutcome,
} from '../../core/policy/conditional-access.js';
import type { TenantSignInPolicy } from '../../core/model.js';
import type { EndpointVersion, TokenDeps } from './context.js';

export interface SignInToAssess {
  tenant: Tenant;
  user: User;
  clientAppId: string;
  /** The resource's app id; undefined for a sign-in that asks only for an id token. */
  resourceAppId: string | undefined;
  clientAppType: ClientAppType;
  clientAddress: string;
  asked: AuthenticationAsked | undefined;
  /** What the sign-in has proven so far. */
  amr: readonly string[];
}

export interface Assessment {
  outcome: SignInOutcome;
  /** Authentication contexts asked for and satisfied: the token's `acrs`. */
  acrs: string[];
}

const ALLOWED: Assessment = { outcome: { ok: true, satisfied: [] }, acrs: [] };

export async function assessSignIn(input: SignInToAssess, deps: Pick<TokenDeps, 'directory'>): Promise<Assessment> {
  const asked = input.asked ?? NOTHING_ASKED;
  const policy = await deps.directory.signInPolicy(input.tenant.id);
  const perUser = input.user.perUserMfaState ?? 'disabled';
  // The common case costs one cached read: nothing can apply.
  if (policy.conditionalAccessPolicies.length === 0 && !policy.securityDefaultsEnabled && perUser === 'disabled' && !asked.mfaAsked && asked.authContexts.length === 0) {
    return ALLOWED;
  }
  const facts: SignInFacts = {
    userId: input.user.id,
    groupIds: namesGroups(policy) ? await deps.directory.listTransitiveGroupIds(input.tenant.id, input.user.id) : [],
    user: { perUserMfaState: perUser },
    clientAppId: input.clientAppId,
    resourceAppId: input.resourceAppId,
    clientAppType: input.clientAppType,
    clientAddress: input.clientAddress,
    authContexts: asked.authContexts,
    mfaAsked: asked.mfaAsked,
  };
  const outcome = signInOutcome(evaluateSignIn(policy, facts), { amr: input.amr, mfaRegistered: input.user.mfaRegistered !== false });
  return { outcome, acrs: outcome.ok ? satisfiedAuthContexts(policy, facts, input.amr) : [] };
}

/** The refusal for an outcome that is not ok, as the token endpoint sends it. */
export function signInRefusal(outcome: Exclude<SignInOutcome, { ok: true }>, endpoint: EndpointVersion, resourceAppId: string | undefined): IdpError {
  switch (outcome.code) {
    case 53003:
      return idpError(53003, { claims: outcome.claims, detail: `Blocked by Conditional Access policy ${outcome.policies.join(', ')}.` });
    case 50097:
      return idpError(50097, { claims: outcome.claims, detail: `Conditional Access policy ${outcome.policies.join(', ')} requires a managed device.` });
    default: {
      // v1 answered interaction_required for the MFA codes, v2 invalid_grant [O: entra-protocol.md §3.5].
      const why = outcome.reasons.map((r) => (r.kind === 'policy' ? `Conditional Access policy '${r.displayName}' (${r.policyId})` : r.kind === 'perUserMfa' ? `per-user MFA (${r.state})` : r.kind === 'securityDefaults' ? 'security defaults' : "the request's claims (acr urn:microsoft:policies:mfa)"));
      return idpError(outcome.code, {
        args: { resource: resourceAppId ?? '' },
        claims: outcome.claims,
        oauthError: endpoint === 'v1' ? 'interaction_required' : 'invalid_grant',
        detail: `MFA required by ${why.join(', ')}; the sign-in behind this request did not do MFA, and this request cannot prompt for it.`,
      });
    }
  }
}

/** Non-interactive grants: allowed (with the token's acrs), or the refusal thrown. */
export async function enforceSignInPolicy(input: SignInToAssess & { endpoint: EndpointVersion }, deps: Pick<TokenDeps, 'directory'>): Promise<string[]> {
  const { outcome, acrs } = await assessSignIn(input, deps);
  if (!outcome.ok) throw signInRefusal(outcome, input.endpoint, input.resourceAppId);
  return acrs;
}

/** Conditional Access's client app type of a sign-in whose client has this type [I: see core]. */
export function clientAppTypeOf(clientType: ClientType): ClientAppType {
  return clientType === 'public' ? 'mobileAppsAndDesktopClients' : 'browser';
}

function namesGroups(policy: TenantSignInPolicy): boolean {
  return policy.conditionalAccessPolicies.some((p) => p.state !== 'disabled' && (p.conditions.users.includeGroups.length > 0 || p.conditions.users.excludeGroups.length > 0));
}
