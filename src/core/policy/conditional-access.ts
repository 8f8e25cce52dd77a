// Which sign-ins must add a second factor or are blocked: per-user MFA, security defaults and
// Conditional Access policies, evaluated for one sign-in (issue 17). For letting apps test their
// handling of Entra's MFA and block answers, not a policy engine; what is simplified is listed in
// README "Testing the hard paths" and marked [I] here.
//
// How Entra evaluates [D: entra-docs conditional-access/concept-conditional-access-policies.md,
// overview.md]: every enabled policy whose assignments all match applies; any applying `block`
// blocks; otherwise the grant controls of every applying policy must be satisfied (a policy's own
// controls joined by its operator). Report-only policies are evaluated and never enforced.

import type { ConditionalAccessPolicy, PerUserMfaState, TenantSignInPolicy } from '../model.js';
import { addressInCidr } from './network-address.js';

/**
 * Conditional Access's client app types as Entrada tells them apart [I]: sign-ins through the
 * sign-in pages for web apps and SPAs are `browser`; public clients (desktop, mobile, CLI: ROPC,
 * device code, their refresh tokens) are `mobileAppsAndDesktopClients`.
 */
export type ClientAppType = 'browser' | 'mobileAppsAndDesktopClients';

/** The sign-in as the policies see it. */
export interface SignInFacts {
  userId: string;
  /** Groups of the user, nested membership included. */
  groupIds: readonly string[];
  user: { perUserMfaState?: PerUserMfaState };
  /** The app signing in. */
  clientAppId: string;
  /** The resource the token is for (its app id); undefined when only an id token is asked. */
  resourceAppId: string | undefined;
  clientAppType: ClientAppType;
  /** The caller's IP address. */
  clientAddress: string;
  /** Authentication contexts the request's `claims` asks for (`acrs`: c1…c99). */
  authContexts: readonly string[];
  /** The request's `claims` asks for MFA outright (`acr` value `urn:microsoft:policies:mfa`). */
  mfaAsked: boolean;
}

/** Why MFA is required: what an explanation and the sign-in log name. */
export type MfaReason =
  | { kind: 'perUserMfa'; state: PerUserMfaState }
  | { kind: 'securityDefaults' }
  | { kind: 'policy'; policyId: string; displayName: string }
  | { kind: 'claims' };

export interface SignInRequirements {
  /** Enabled policies that apply and block. */
  blockedBy: ConditionalAccessPolicy[];
  /** Why a second factor is required; empty when it is not. */
  mfa: MfaReason[];
  /** Enabled policies that apply and can only be met from a managed device (never, here). */
  deviceRequiredBy: ConditionalAccessPolicy[];
  /** Report-only policies that apply (logged, never enforced). */
  reportOnly: ConditionalAccessPolicy[];
}

/** Grant controls Entrada can satisfy or refuse; any other control is ignored [I]. */
const MFA = 'mfa';
const BLOCK = 'block';
/** Controls only a registered device meets; Entrada registers no devices, so they are never met. */
const DEVICE_CONTROLS = ['compliantDevice', 'domainJoinedDevice'];

export function evaluateSignIn(policy: TenantSignInPolicy, facts: SignInFacts): SignInRequirements {
  const blockedBy: ConditionalAccessPolicy[] = [];
  const deviceRequiredBy: ConditionalAccessPolicy[] = [];
  const reportOnly: ConditionalAccessPolicy[] = [];
  const mfa: MfaReason[] = [];
  const perUser = facts.user.perUserMfaState ?? 'disabled';
  // Per-user MFA: 'enabled' and 'enforced' both prompt at sign-in [D: howto-mfa-userstates.md].
  if (perUser !== 'disabled') mfa.push({ kind: 'perUserMfa', state: perUser });
  // Security defaults require MFA "when necessary" for users, always for administrators [D]; the
  // risk-based part cannot be simulated, so Entrada requires it at every sign-in [I].
  if (policy.securityDefaultsEnabled) mfa.push({ kind: 'securityDefaults' });
  if (facts.mfaAsked) mfa.push({ kind: 'claims' });

  for (const p of policy.conditionalAccessPolicies) {
    if (p.state === 'disabled' || !applies(p, facts, policy)) continue;
    if (p.state === 'enabledForReportingButNotEnforced') {
      reportOnly.push(p);
      continue;
    }
    const controls = p.grantControls?.builtInControls ?? [];
    if (controls.includes(BLOCK)) blockedBy.push(p);
    else if (requiresDevice(p)) deviceRequiredBy.push(p);
    else if (requiresMfa(p)) mfa.push({ kind: 'policy', policyId: p.id, displayName: p.displayName });
  }
  return { blockedBy, mfa, deviceRequiredBy, reportOnly };
}

/** A policy asks for MFA when `mfa` is among its controls (with OR, MFA is the one Entrada can meet). */
function requiresMfa(p: ConditionalAccessPolicy): boolean {
  return (p.grantControls?.builtInControls ?? []).includes(MFA);
}

/**
 * Only a device can satisfy the policy: a device control with AND, or device controls alone. With
 * OR and `mfa` among them, MFA satisfies it [D: grant controls "require one of the selected"].
 */
function requiresDevice(p: ConditionalAccessPolicy): boolean {
  const controls = p.grantControls?.builtInControls ?? [];
  if (!controls.some((c) => DEVICE_CONTROLS.includes(c))) return false;
  return p.grantControls?.operator === 'AND' || !controls.includes(MFA);
}

function applies(p: ConditionalAccessPolicy, facts: SignInFacts, policy: TenantSignInPolicy): boolean {
  return appliesToUser(p, facts) && appliesToTarget(p, facts) && appliesToClientApp(p, facts) && appliesToLocation(p, facts, policy);
}

function appliesToUser(p: ConditionalAccessPolicy, facts: SignInFacts): boolean {
  const u = p.conditions.users;
  const id = facts.userId.toLowerCase();
  const inGroups = (groups: readonly string[]) => groups.some((g) => facts.groupIds.some((m) => m.toLowerCase() === g.toLowerCase()));
  if (u.excludeUsers.some((x) => x.toLowerCase() === id) || inGroups(u.excludeGroups)) return false;
  return u.includeUsers.includes('All') || u.includeUsers.some((x) => x.toLowerCase() === id) || inGroups(u.includeGroups);
}

/**
 * Target resources: a policy naming authentication contexts applies when the request asks for one
 * of them [D: concept-conditional-access-cloud-apps.md#authentication-context]; otherwise it
 * names apps. Entra matches the resource ("cloud app") the token is for; Entrada matches the
 * resource or the client, so a policy on a web app also applies to its own sign-in (id token only)
 * and to the API it calls [I].
 */
function appliesToTarget(p: ConditionalAccessPolicy, facts: SignInFacts): boolean {
  const a = p.conditions.applications;
  if (a.includeAuthenticationContextClassReferences.length > 0) {
    return a.includeAuthenticationContextClassReferences.some((c) => facts.authContexts.includes(c.toLowerCase()));
  }
  const apps = [facts.clientAppId, facts.resourceAppId].filter((x): x is string => x !== undefined).map((x) => x.toLowerCase());
  const named = (list: readonly string[]) => list.some((x) => apps.includes(x.toLowerCase()));
  if (a.excludeApplications.includes('All') || named(a.excludeApplications)) return false;
  return a.includeApplications.includes('All') || named(a.includeApplications);
}

function appliesToClientApp(p: ConditionalAccessPolicy, facts: SignInFacts): boolean {
  const types = p.conditions.clientAppTypes;
  return types.length === 0 || types.includes('all') || types.includes(facts.clientAppType);
}

function appliesToLocation(p: ConditionalAccessPolicy, facts: SignInFacts, policy: TenantSignInPolicy): boolean {
  const l = p.conditions.locations;
  if (l === null) return true;
  const inLocation = (ref: string): boolean => {
    if (ref === 'All') return true;
    const locations = ref === 'AllTrusted' ? policy.namedLocations.filter((n) => n.isTrusted) : policy.namedLocations.filter((n) => n.id.toLowerCase() === ref.toLowerCase());
    return locations.some((n) => n.ipRanges.some((cidr) => addressInCidr(facts.clientAddress, cidr)));
  };
  if (l.excludeLocations.some(inLocation)) return false;
  return l.includeLocations.length === 0 || l.includeLocations.some(inLocation);
}

/** What the sign-in has proven: the authentication methods of its session (`amr`). */
export interface Proof {
  amr: readonly string[];
  /** The user has a second factor registered (false: MFA needs enrolment first, AADSTS50079). */
  mfaRegistered: boolean;
}

/**
 * The outcome for a sign-in that cannot prompt (ROPC, refresh, on-behalf-of) or before a page
 * prompts: allowed; blocked (AADSTS53003); or a second factor required — 50076, or 50079 when
 * the user has none registered. `claims` is the challenge Entra sends with it: the policy ids
 * that decided, `{"access_token":{"capolids":{"essential":true,"values":[…]}}}` [O: 53003 and
 * 50076 bodies quoted in public issues]; none when no policy decided (per-user MFA, security
 * defaults) [I].
 */
export type SignInOutcome =
  | { ok: true; satisfied: MfaReason[] }
  | { ok: false; code: 53003 | 50097; claims: string; policies: string[] }
  | { ok: false; code: 50076 | 50079; claims: string | undefined; reasons: MfaReason[] };

export function signInOutcome(requirements: SignInRequirements, proof: Proof): SignInOutcome {
  if (requirements.blockedBy.length > 0) {
    const ids = requirements.blockedBy.map((p) => p.id);
    return { ok: false, code: 53003, claims: capolidsChallenge(ids), policies: ids };
  }
  // A device requirement cannot be met by any step a sign-in page offers [I: 50097].
  if (requirements.deviceRequiredBy.length > 0) {
    const ids = requirements.deviceRequiredBy.map((p) => p.id);
    return { ok: false, code: 50097, claims: capolidsChallenge(ids), policies: ids };
  }
  if (requirements.mfa.length === 0 || proof.amr.includes(MFA)) return { ok: true, satisfied: requirements.mfa };
  const ids = requirements.mfa.flatMap((r) => (r.kind === 'policy' ? [r.policyId] : []));
  return { ok: false, code: proof.mfaRegistered ? 50076 : 50079, claims: ids.length ? capolidsChallenge(ids) : undefined, reasons: requirements.mfa };
}

export function capolidsChallenge(policyIds: readonly string[]): string {
  return JSON.stringify({ access_token: { capolids: { essential: true, values: policyIds } } });
}

/**
 * `acrs` for the token: the authentication contexts the request asked for that this sign-in
 * satisfies — every one whose policies' MFA the session has done, or that no enforced policy
 * targets [I: Entra documents the claim as "the auth context IDs of the operations the bearer is
 * eligible to perform"].
 */
export function satisfiedAuthContexts(policy: TenantSignInPolicy, facts: SignInFacts, amr: readonly string[]): string[] {
  return facts.authContexts.filter((context) => {
    const only = { ...facts, authContexts: [context] };
    const targeting = policy.conditionalAccessPolicies.filter(
      (p) => p.state === 'enabled' && p.conditions.applications.includeAuthenticationContextClassReferences.some((c) => c.toLowerCase() === context) && applies(p, only, policy),
    );
    return targeting.every((p) => !(p.grantControls?.builtInControls ?? []).includes(BLOCK) && !requiresDevice(p) && (!requiresMfa(p) || amr.includes(MFA)));
  });
}
