// Token lifetimes (issue 18): Entra's defaults, token lifetime policies, and which one decides.
//
// Defaults [D: configurable-token-lifetimes "Access tokens", "Configurable token lifetime properties"]:
// - a user's (delegated) access token gets "a random value ranging between 60-90 minutes (75
//   minutes on average)";
// - an app-only access token: one hour [O: client credentials answer expires_in 3599; issue 13];
// - an ID token (and a SAML token): one hour;
// - a CAE-capable client (cp1) gets about a day, and then "the configurable token lifetime policy
//   isn't honored" [D: concept-continuous-access-evaluation "Token lifetime"];
// - managed identities: a day, and policies on them are "not supported" [D] (flows/managed-identity).
//
// A policy's AccessTokenLifetime ("Affects: Access tokens, ID tokens, SAML2 tokens"; 10 minutes to
// one day) replaces the default. Which policy applies [D: configurable-token-lifetimes "Policy
// evaluation and prioritization", the version that still lists service principals]: the one
// assigned to the service principal; else the organization default; else the one assigned to the
// application object; else the default. The current page keeps only "organization, then
// application"; both agree that an organization default beats a policy on the application object.
// "The policy with the highest priority on the application that is being accessed takes effect":
// for an access token that is the resource, for an ID token (whose audience is the client) the
// client [D: its examples "a native app that calls a web API" (the web API's policy) and "web
// sign-in" (the web app's policy sets its access/ID tokens); I: the exact split].
//
// Refresh tokens and sessions keep Entra's fixed rules: policies no longer set them [D: "As of
// January 30, 2021 you can't configure refresh and session token lifetimes"].

import type { Guid, TokenLifetimePolicy } from '../model.js';
import { CAE_ACCESS_TOKEN_LIFETIME } from './client-capabilities.js';

/** AccessTokenLifetime's range [D: "Minimum: 10 minutes, Maximum: One day"]. */
export const POLICY_LIFETIME_MIN = 10 * 60;
export const POLICY_LIFETIME_MAX = 24 * 3600;

/** A user's access token without a policy: 60 to 90 minutes, drawn per token [D]. */
export const USER_ACCESS_TOKEN_LIFETIME = { min: 60 * 60, max: 90 * 60 } as const;
/** App-only access tokens and ID tokens without a policy: one hour [D][O]. */
export const APP_ACCESS_TOKEN_LIFETIME = 3600;
export const ID_TOKEN_LIFETIME = 3600;

/** Bounds on what an administrator may store (no input grows storage without bound) [I: Entra's own limits unknown]. */
export const TOKEN_LIFETIME_LIMITS = { policiesPerTenant: 100, definitionChars: 4096, displayNameChars: 256, descriptionChars: 1024 } as const;

/**
 * A C# TimeSpan as the policy writes it, `[d.]hh:mm:ss` [D: "formatted according to the C#
 * TimeSpan object - D.HH:MM:SS … 90 minutes would be `00:90:00`"]: so minutes and seconds are not
 * capped at 59 here. Seconds, or undefined when it is not that shape.
 */
export function parseTimeSpan(text: string): number | undefined {
  const m = /^(?:(\d{1,3})\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})$/.exec(text.trim());
  if (!m) return undefined;
  const [, days, hours, minutes, seconds] = m;
  return Number(days ?? 0) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/** `7200` → `02:00:00`, `86400` → `1.00:00:00`: how Entrada writes a lifetime into a definition. */
export function formatTimeSpan(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const rest = seconds % 86400;
  const pad = (n: number) => String(n).padStart(2, '0');
  const hms = `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
  return days > 0 ? `${days}.${hms}` : hms;
}

/** The definition a policy with this AccessTokenLifetime has, as Graph's examples write it. */
export function definitionFor(accessTokenLifetime: number): string[] {
  return [JSON.stringify({ TokenLifetimePolicy: { Version: 1, AccessTokenLifetime: formatTimeSpan(accessTokenLifetime) } })];
}

/**
 * Properties a TokenLifetimePolicy may carry besides Version: AccessTokenLifetime, and the refresh
 * and session ones Entra still accepts but no longer honours [D: "Microsoft Entra no longer honors
 * refresh and session token configuration in existing policies"]; Entrada keeps and ignores them.
 */
const IGNORED_PROPERTIES = new Set(['MaxInactiveTime', 'MaxAgeSingleFactor', 'MaxAgeMultiFactor', 'MaxAgeSessionSingleFactor', 'MaxAgeSessionMultiFactor']);

export type DefinitionReading = { ok: true; accessTokenLifetime: number | undefined } | { ok: false; why: string };

/**
 * Reads a policy's `definition`: one JSON string `{"TokenLifetimePolicy":{"Version":1,
 * "AccessTokenLifetime":"02:00:00"}}` [D: tokenLifetimePolicy "Properties of a token lifetime policy
 * definition"]. Refused: not exactly one string [I], not that JSON, Version not 1 ("Set value of
 * 1. Required."), an unknown property [I], a lifetime that is not a TimeSpan or outside 10 minutes
 * – 1 day [D: the range; I: that Graph refuses rather than clamps].
 */
export function readDefinition(definition: readonly unknown[]): DefinitionReading {
  if (definition.length !== 1 || typeof definition[0] !== 'string') return { ok: false, why: 'definition must hold exactly one JSON string.' };
  const text = definition[0];
  if (text.length > TOKEN_LIFETIME_LIMITS.definitionChars) return { ok: false, why: `definition is longer than ${TOKEN_LIFETIME_LIMITS.definitionChars} characters.` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, why: 'definition[0] is not valid JSON.' };
  }
  const body = isObject(parsed) && Object.keys(parsed).length === 1 ? parsed.TokenLifetimePolicy : undefined;
  if (!isObject(body)) return { ok: false, why: 'definition[0] must be {"TokenLifetimePolicy":{"Version":1,"AccessTokenLifetime":"hh:mm:ss"}}.' };
  if (body.Version !== 1) return { ok: false, why: 'TokenLifetimePolicy.Version must be 1.' };
  for (const key of Object.keys(body)) {
    if (key !== 'Version' && key !== 'AccessTokenLifetime' && !IGNORED_PROPERTIES.has(key)) return { ok: false, why: `TokenLifetimePolicy has no property '${key}'.` };
  }
  const raw = body.AccessTokenLifetime;
  if (raw === undefined) return { ok: true, accessTokenLifetime: undefined };
  const seconds = typeof raw === 'string' ? parseTimeSpan(raw) : undefined;
  if (seconds === undefined) return { ok: false, why: `AccessTokenLifetime ${JSON.stringify(raw)} is not a TimeSpan like "02:00:00" or "1.00:00:00".` };
  if (seconds < POLICY_LIFETIME_MIN || seconds > POLICY_LIFETIME_MAX) {
    return { ok: false, why: `AccessTokenLifetime ${raw} is outside Entra's range, 10 minutes (00:10:00) to one day (1.00:00:00).` };
  }
  return { ok: true, accessTokenLifetime: seconds };
}

/** The AccessTokenLifetime of a stored policy (it was checked when written); undefined when it sets none. */
export function policyLifetime(policy: TokenLifetimePolicy): number | undefined {
  const reading = readDefinition(policy.definition);
  return reading.ok ? reading.accessTokenLifetime : undefined;
}

export type PolicySource = 'servicePrincipal' | 'organizationDefault' | 'application';

/**
 * The policy that applies to an app (its service principal in the issuing tenant, and its
 * application object, whose policies live in the app's home tenant: `homePolicies`): service
 * principal, then organization default, then application (see the header).
 */
export function applicablePolicy(
  tenantPolicies: readonly TokenLifetimePolicy[],
  target: { servicePrincipalId?: Guid; applicationId?: Guid },
  homePolicies: readonly TokenLifetimePolicy[] = tenantPolicies,
): { policy: TokenLifetimePolicy; source: PolicySource } | undefined {
  const on = (policies: readonly TokenLifetimePolicy[], id: Guid | undefined) => (id === undefined ? undefined : policies.find((p) => p.appliesTo.includes(id.toLowerCase())));
  const sp = on(tenantPolicies, target.servicePrincipalId);
  if (sp) return { policy: sp, source: 'servicePrincipal' };
  const org = tenantPolicies.find((p) => p.isOrganizationDefault);
  if (org) return { policy: org, source: 'organizationDefault' };
  const app = on(homePolicies, target.applicationId);
  return app && { policy: app, source: 'application' };
}

export interface LifetimeInput {
  /** A user's token (delegated) or an app's (client credentials). */
  subject: 'user' | 'app';
  /** The client declared cp1 (core/policy/client-capabilities.ts). */
  cae: boolean;
  /** ENTRADA_ACCESS_TOKEN_LIFETIME when the operator set it: replaces Entra's default for access tokens. */
  configured?: number;
  /** AccessTokenLifetime of the policy applying to the resource (access token). */
  resourcePolicy?: number;
  /** AccessTokenLifetime of the policy applying to the client (ID token). */
  clientPolicy?: number;
  /** A uniform draw in [0, 1) (Randomness.fraction), for the 60–90 minute default. */
  draw: number;
}

export type AccessLifetimeSource = 'cae' | 'policy' | 'configured' | 'default';

export interface Lifetimes {
  /** Seconds: exp = now + lifetime; `expires_in` answers one less (flows/shared/issue.ts). */
  accessToken: number;
  idToken: number;
  /** What decided the access token's, for explanations and tests. */
  accessSource: AccessLifetimeSource;
}

/**
 * Lifetimes of the tokens one response carries. CAE first (policies not honoured for it); then the
 * resource's policy; then the operator's fixed setting [Entrada's choice: an explicit
 * ENTRADA_ACCESS_TOKEN_LIFETIME keeps the fixed lifetime it always gave, below any policy]; then
 * Entra's default. ID tokens: the client's policy, else one hour.
 */
export function tokenLifetimes(input: LifetimeInput): Lifetimes {
  const idToken = input.clientPolicy ?? ID_TOKEN_LIFETIME;
  if (input.cae) return { accessToken: CAE_ACCESS_TOKEN_LIFETIME, idToken, accessSource: 'cae' };
  if (input.resourcePolicy !== undefined) return { accessToken: input.resourcePolicy, idToken, accessSource: 'policy' };
  if (input.configured !== undefined) return { accessToken: input.configured, idToken, accessSource: 'configured' };
  return { accessToken: defaultAccessLifetime(input.subject, input.draw), idToken, accessSource: 'default' };
}

/** 60–90 minutes inclusive, whole seconds, uniform over the draw, for users; one hour for apps. */
export function defaultAccessLifetime(subject: 'user' | 'app', draw: number): number {
  if (subject === 'app') return APP_ACCESS_TOKEN_LIFETIME;
  const { min, max } = USER_ACCESS_TOKEN_LIFETIME;
  const clamped = Math.min(Math.max(draw, 0), 1 - Number.EPSILON);
  return min + Math.floor(clamped * (max - min + 1));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
