// Optional claims (an application's `optionalClaims`), as Entra documents them
// [D: entra docs optional-claims.md, optional-claims-reference.md]. Pure: what the sign-in knows
// comes in; the extra claims for one token come out, placed by placeClaims in Entra's order.
//
// Whose configuration applies: an access token follows the RESOURCE app's `accessToken` list
// ("Access tokens are always generated using the manifest of the resource, not the client"), an
// ID token the CLIENT app's `idToken` list [D]. `saml2Token` is stored and returned; Entrada
// issues no SAML tokens. `essential` is accepted and ignored, as Entra ignores it [D: "Not used"
// for groups; it has no documented effect for any claim]. `groups` belongs to the group-claims rules
// (groupMembershipClaims), not to this file.

import type { Tenant, User } from '../model.js';

export const OPTIONAL_CLAIM_TOKEN_TYPES = ['idToken', 'accessToken', 'saml2Token'] as const;
export type OptionalClaimTokenType = (typeof OPTIONAL_CLAIM_TOKEN_TYPES)[number];

/** Graph's `optionalClaim` resource [D: Graph optionalClaim]. */
export interface OptionalClaim {
  name: string;
  /** null: a predefined claim; `user`: a directory extension of the user (`extension_<appid>_<name>`). */
  source: string | null;
  essential: boolean;
  additionalProperties: string[];
}

/** Graph's `optionalClaims` resource: one collection per token type. */
export type OptionalClaims = Record<OptionalClaimTokenType, OptionalClaim[]>;

/**
 * The predefined optional claims Entra documents for JWTs, v1 and v2 [D: optional-claims-reference.md
 * "v1.0 and v2.0 optional claims set", "v2.0-specific", "v1.0-specific"], with the additional
 * properties each accepts. A name outside this list with `source: null` is refused where a
 * registration is written (seed, Graph) [I: the portal offers only these; refusing catches typos].
 */
export const KNOWN_OPTIONAL_CLAIMS: Readonly<Record<string, readonly string[]>> = {
  acct: [],
  acrs: [],
  aud: ['use_guid'],
  auth_time: [],
  ctry: [],
  email: [],
  family_name: [],
  fwd: [],
  given_name: [],
  groups: ['sam_account_name', 'dns_domain_and_sam_account_name', 'netbios_domain_and_sam_account_name', 'emit_as_roles', 'cloud_displayname'],
  idtyp: ['include_user_token'],
  in_corp: [],
  ipaddr: [],
  login_hint: [],
  onprem_sid: [],
  preferred_username: [],
  pwd_exp: [],
  pwd_url: [],
  sid: [],
  tenant_ctry: [],
  tenant_region_scope: [],
  upn: ['include_externally_authenticated_upn', 'include_externally_authenticated_upn_without_hash'],
  verified_primary_email: [],
  verified_secondary_email: [],
  vnet: [],
  xms_cc: [],
  xms_edov: [],
  xms_pdl: [],
  xms_pl: [],
  xms_tpl: [],
  ztdid: [],
};

/** Bounds on what a registration may hold [I: Graph documents none; these keep a stored app small]. */
export const OPTIONAL_CLAIM_LIMITS = { perTokenType: 50, nameLength: 256, additionalProperties: 10, propertyLength: 128 } as const;

/**
 * Problems with one optional claim entry as a registration writes it (the seed's and Graph's
 * schema give the shape; this is the rule on its values). Empty: fine.
 */
export function optionalClaimProblems(claim: Pick<OptionalClaim, 'name' | 'source' | 'additionalProperties'>): string[] {
  const problems: string[] = [];
  if (claim.source !== null && claim.source.toLowerCase() !== 'user') {
    problems.push(`source must be null (a predefined claim) or "user" (a directory extension of the user); got "${claim.source}"`);
    return problems;
  }
  if (claim.source === null && !(claim.name in KNOWN_OPTIONAL_CLAIMS)) {
    problems.push(`'${claim.name}' is not an optional claim Entra defines; known: ${Object.keys(KNOWN_OPTIONAL_CLAIMS).join(', ')} (a directory extension takes "source": "user")`);
    return problems;
  }
  const allowed = claim.source === null ? KNOWN_OPTIONAL_CLAIMS[claim.name] : [];
  for (const p of claim.additionalProperties) {
    if (!allowed.includes(p)) {
      problems.push(`'${p}' is not an additional property of '${claim.name}'${allowed.length ? `; it takes ${allowed.join(', ')}` : '; it takes none'}`);
    }
  }
  return problems;
}

const EMPTY: OptionalClaims = { idToken: [], accessToken: [], saml2Token: [] };
const parsed = new WeakMap<object, OptionalClaims>();

/**
 * An app's stored `optionalClaims` (ApplicationExtras, validated when written), read leniently: an
 * entry without a string name is skipped, never an error at token time. Memoised per stored object.
 */
export function readOptionalClaims(value: unknown): OptionalClaims {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return EMPTY;
  const known = parsed.get(value);
  if (known) return known;
  const out: OptionalClaims = { idToken: [], accessToken: [], saml2Token: [] };
  for (const type of OPTIONAL_CLAIM_TOKEN_TYPES) {
    const list = (value as Record<string, unknown>)[type];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (entry === null || typeof entry !== 'object') continue;
      const e = entry as Record<string, unknown>;
      if (typeof e.name !== 'string') continue;
      out[type].push({
        name: e.name,
        source: typeof e.source === 'string' ? e.source : null,
        essential: e.essential === true,
        additionalProperties: Array.isArray(e.additionalProperties) ? e.additionalProperties.filter((p): p is string => typeof p === 'string') : [],
      });
    }
  }
  parsed.set(value, out);
  return out;
}

/** What a sign-in knows that optional claims may read. */
export interface OptionalClaimFacts {
  token: 'id' | 'access';
  version: 1 | 2;
  /** Absent for app-only access tokens. */
  user?: Pick<User, 'userPrincipalName' | 'mail' | 'givenName' | 'surname' | 'country' | 'preferredLanguage'>;
  tenant: Pick<Tenant, 'countryLetterCode' | 'preferredLanguage'>;
  /** The request's OpenID Connect scopes (lower case): `profile` gates the v2 name claims. */
  oidc: readonly string[];
  /** The caller's IP address, when known. */
  clientAddress?: string;
  /** When the user signed in, seconds since the epoch. */
  authTime?: number;
  /** The sign-in session's id (sessionId below). */
  sessionId?: string;
  /** Access tokens: the resource's app id (`aud` with `use_guid`). */
  resourceAppId?: string;
}

export interface TokenExtras {
  /** Claims to add (placeClaims skips any the token already has: defaults are never duplicated). */
  claims: Record<string, unknown>;
  /** v1 access tokens whose resource set `aud` + `use_guid`: the audience to use instead. */
  audience?: string;
}

type Value = (f: OptionalClaimFacts, props: readonly string[]) => unknown;

const TWO_LETTERS = /^[A-Za-z]{2}$/;
const hasProfile = (f: OptionalClaimFacts) => f.oidc.includes('profile');

/**
 * Each predefined claim Entrada can fill: its value, or undefined when the token does not carry it.
 * Claims not listed (fwd, vnet, in_corp, onprem_sid, pwd_exp, pwd_url, tenant_region_scope,
 * verified_primary_email, verified_secondary_email, xms_edov, xms_pdl, ztdid) read data Entrada's
 * directory does not hold (on-premises sync, VNETs, MFA trusted IPs, password expiry notices,
 * authoritative emails, Multi-Geo, Autopilot): accepted, never emitted, as Entra omits a claim
 * without a value [D: "This claim is returned if it's present"]. acrs and xms_cc follow their own
 * rules (core/policy/conditional-access.ts, client-capabilities.ts); groups its own.
 */
const VALUES: Record<string, Value> = {
  // 0 for a member of the tenant, 1 for a guest; Entrada's users are all members [D].
  acct: (f) => (f.user ? 0 : undefined),
  auth_time: (f) => (f.user ? f.authTime : undefined),
  // A two-letter country code, else nothing [D]; the user's `country` as Graph sets it
  // [I: Microsoft Q&A: "the country of the user ... added while adding the user"]; upper case [I].
  ctry: (f) => (f.user?.country && TWO_LETTERS.test(f.user.country) ? f.user.country.toUpperCase() : undefined),
  // The optional claim alone is enough for managed users; the `email` scope is another way on v2 [D].
  email: (f) => f.user?.mail ?? undefined,
  // v2-specific: always in v1 tokens already; "Requires the profile scope" [D] — the request's
  // OpenID scopes, for access tokens too [I].
  family_name: (f) => (f.user && f.version === 2 && hasProfile(f) ? (f.user.surname ?? undefined) : undefined),
  given_name: (f) => (f.user && f.version === 2 && hasProfile(f) ? (f.user.givenName ?? undefined) : undefined),
  upn: (f) => (f.user && f.version === 2 && hasProfile(f) ? f.user.userPrincipalName : undefined),
  // v1-specific: v2 tokens carry it by default [D].
  preferred_username: (f) => (f.user && f.version === 1 ? f.user.userPrincipalName : undefined),
  // v2-specific (v1 tokens carry it by default: versionDefaults).
  ipaddr: (f) => (f.version === 2 && f.user ? f.clientAddress : undefined),
  login_hint: (f) => (f.user ? loginHintFor(f.user.userPrincipalName) : undefined),
  sid: (f) => (f.user ? f.sessionId : undefined),
  // The resource tenant's values [D]; app-only tokens carry them too [I: nothing ties them to a user].
  tenant_ctry: (f) => (f.tenant.countryLetterCode && TWO_LETTERS.test(f.tenant.countryLetterCode) ? f.tenant.countryLetterCode.toUpperCase() : undefined),
  // "Formatted LL-CC ("en-us")" [D]: lower case [I].
  xms_pl: (f) => f.user?.preferredLanguage?.toLowerCase() ?? undefined,
  // "Formatted LL ("en")" [D]: the language part of the tenant's preferred language [I].
  xms_tpl: (f) => f.tenant.preferredLanguage?.split('-')[0]?.toLowerCase() || undefined,
  // Access tokens only [D]: app-only tokens say `app` (v1 tokens always do); user tokens say
  // `user` only with include_user_token [D].
  idtyp: (f, props) => (f.token !== 'access' ? undefined : !f.user ? 'app' : props.includes('include_user_token') ? 'user' : undefined),
};

/** Claims Entra puts in every token of a version that claims.ts does not build: v1 `ipaddr` [D: "always included in v1.0 tokens"]. */
function versionDefaults(f: OptionalClaimFacts): Record<string, unknown> {
  return f.version === 1 && f.user && f.clientAddress ? { ipaddr: f.clientAddress } : {};
}

/**
 * The extra claims of one token: the version's defaults claims.ts leaves out, then each optional
 * claim `configured` names (the resource app's accessToken list, or the client app's idToken list).
 */
export function tokenExtras(configured: readonly OptionalClaim[], facts: OptionalClaimFacts): TokenExtras {
  const claims = versionDefaults(facts);
  let audience: string | undefined;
  for (const claim of configured) {
    if (claim.source !== null) continue; // directory extensions: Entrada's users have none [I]
    if (claim.name === 'aud') {
      // v1 access tokens only; "no effect in v2 tokens or either version's ID tokens" [D].
      if (facts.token === 'access' && facts.version === 1 && claim.additionalProperties.includes('use_guid')) audience = facts.resourceAppId;
      continue;
    }
    const value = VALUES[claim.name]?.(facts, claim.additionalProperties);
    if (value !== undefined && value !== null && value !== '' && !(claim.name in claims)) claims[claim.name] = value;
  }
  return audience === undefined ? { claims } : { claims, audience };
}

/** The leading claims every token starts with, in Entra's order; the rest follow alphabetically. */
const LEADING = new Set(['aud', 'iss', 'iat', 'nbf', 'exp']);

/**
 * `claims` with `extra` placed where Entra puts them: after aud/iss/iat/nbf/exp, in alphabetical
 * order among the rest [O: claims.ts; optional claims sort with the others [I]]. A claim the token
 * already has is kept as it is (defaults are not duplicated); existing claims keep their order.
 */
export function placeClaims(claims: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const pending = Object.keys(extra)
    .filter((k) => !(k in claims))
    .sort();
  if (pending.length === 0) return claims;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(claims)) {
    if (!LEADING.has(key)) while (pending.length > 0 && pending[0] < key) out[pending[0]] = extra[pending.shift()!];
    out[key] = value;
  }
  for (const key of pending) out[key] = extra[key];
  return out;
}

/**
 * `login_hint`: "an opaque, reliable login hint claim that's base 64 encoded" for the `login_hint`
 * parameter [D]. Entrada's is `O.` and base64url JSON naming the user, which its /authorize reads
 * back (loginHintUser) [I: Entra's values also start `O.`; their content is undocumented].
 */
export function loginHintFor(userPrincipalName: string): string {
  return `O.${Buffer.from(JSON.stringify({ upn: userPrincipalName })).toString('base64url')}`;
}

/** The user name in a login_hint claim Entrada issued; any other hint (a UPN) as it came. */
export function loginHintUser(hint: string): string {
  if (!/^O\.[A-Za-z0-9_-]{1,340}$/.test(hint)) return hint;
  try {
    const decoded = JSON.parse(Buffer.from(hint.slice(2), 'base64url').toString('utf8')) as unknown;
    const upn = decoded !== null && typeof decoded === 'object' ? (decoded as { upn?: unknown }).upn : undefined;
    return typeof upn === 'string' ? upn : hint;
  } catch {
    return hint;
  }
}

/**
 * `sid`: "a unique identifier for a session ... generated when a new session is established" [D].
 * Entrada's sign-in sessions are stored under a hash of their cookie only, so the id is derived from
 * what every token of one sign-in shares — the tenant, the user and the sign-in instant (kept by
 * codes and refresh tokens) — GUID-shaped like Entra's [I]. `sha256` is core/hash.ts's.
 */
export function sessionId(tenantId: string, userId: string, authTime: string, sha256: (s: string) => Uint8Array): string {
  const h = Buffer.from(sha256(`sid:${tenantId.toLowerCase()}:${userId.toLowerCase()}:${authTime}`)).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
