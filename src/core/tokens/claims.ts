// Access and ID token claim sets, v1 and v2 (entra-protocol.md §7). Pure: times, ids and the
// issuer origin come in; the signer (crypto/) adds the header and signature.

import { ENTRA_V1_ISSUER_ORIGIN, ENTRA_V2_ISSUER_ORIGIN, isMicrosoftOrigin } from '../microsoft-hosts.js';
import type { Guid, User } from '../model.js';
import { placeClaims } from './optional-claims.js';

/**
 * Issuers. v2 mirrors Entra's `https://login.microsoftonline.com/{tid}/v2.0` on our origin.
 * v1 Entra uses `https://sts.windows.net/{tid}/` (another host, trailing slash). On its own host
 * Entrada cannot serve that host, so its v1 issuer is `https://{our host}/{tid}/` — same shape and
 * trailing slash, and the v1 discovery document at `https://{our host}/{tid}/.well-known/openid-configuration`
 * names it, so a validator that discovers the issuer agrees with the tokens. Called on one of
 * Microsoft's hosts (hosts mode, issue 15), the issuers are exactly Entra's, whichever login host
 * the client used [D: entra-protocol.md §7.1; O: az's Graph tokens, graph-and-clients.md §F.1].
 */
export function issuerV2(origin: string, tenantId: Guid): string {
  return `${isMicrosoftOrigin(origin) ? ENTRA_V2_ISSUER_ORIGIN : origin}/${tenantId}/v2.0`;
}
export function issuerV1(origin: string, tenantId: Guid): string {
  return `${isMicrosoftOrigin(origin) ? ENTRA_V1_ISSUER_ORIGIN : origin}/${tenantId}/`;
}

/** Entra back-dates iat/nbf by 5 minutes for clock skew [O: exp − iat = 3900 for a 1 h token]. */
export const CLOCK_SKEW_SECONDS = 300;

/** How the client authenticated: appidacr / azpacr [D]. */
export type ClientAuthLevel = '0' | '1' | '2';

interface TokenTimes {
  /** Seconds since the epoch. */
  now: number;
  /** Access token lifetime in seconds (exp = now + lifetime). */
  lifetime: number;
}

/** Opaque per-token values (aio, rh, uti); random, supplied by the caller. */
export interface OpaqueIds {
  aio: string;
  rh: string;
  uti: string;
  /** `xms_ftd`, v2 app-only tokens only (see accessTokenClaims). */
  ftd?: string;
}

interface AccessTokenInput {
  version: 1 | 2;
  origin: string;
  tenantId: Guid;
  /** v2: the resource app id; v1: the resource as the client requested it (entra-protocol.md §7.1). */
  audience: string;
  clientAppId: Guid;
  clientAuth: ClientAuthLevel;
  times: TokenTimes;
  ids: OpaqueIds;
  /** App-only: the client's service principal object id. */
  app?: { servicePrincipalId: Guid; roles: string[] };
  /** Delegated: the user and the granted permission values. */
  user?: { user: User; subject: string; scp: string[]; roles: string[]; amr: string[] };
  /** Client capabilities granted (`xms_cc`, e.g. `["cp1"]`), from the request's `claims` (core/policy/client-capabilities.ts). */
  capabilities?: readonly string[];
  /** Authentication contexts asked for and satisfied (`acrs`; core/policy/conditional-access.ts). */
  acrs?: readonly string[];
  /** Optional claims and version defaults (core/tokens/optional-claims.ts tokenExtras), placed in Entra's order. */
  extra?: Record<string, unknown>;
}

/** aud, iss, iat, nbf, exp: the leading claims of every token, in Entra's order [D]. */
function leadingClaims(version: 1 | 2, origin: string, tenantId: Guid, aud: string, times: TokenTimes): Record<string, unknown> {
  return {
    aud,
    iss: version === 2 ? issuerV2(origin, tenantId) : issuerV1(origin, tenantId),
    iat: times.now - CLOCK_SKEW_SECONDS,
    nbf: times.now - CLOCK_SKEW_SECONDS,
    exp: times.now + times.lifetime,
  };
}

export function accessTokenClaims(input: AccessTokenInput): Record<string, unknown> {
  const { version, times, ids, tenantId } = input;
  const c = leadingClaims(version, input.origin, tenantId, input.audience, times);
  if (version === 1 && input.user) c.acr = '1';
  // acrs: the authentication context ids the token satisfies, both versions [D: access-token-claims-reference.md].
  if (input.user && input.acrs !== undefined && input.acrs.length > 0) c.acrs = [...input.acrs];
  c.aio = ids.aio;
  if (version === 1 && input.user) c.amr = input.user.amr;
  if (version === 1) {
    c.appid = input.clientAppId;
    c.appidacr = input.clientAuth;
  } else {
    c.azp = input.clientAppId;
    c.azpacr = input.clientAuth;
  }
  if (input.app) {
    // App-only tokens: idp is the issuing tenant on v1, and v1 carries idtyp "app" [D: §7.4's
    // app-only shape]. A captured v2 app token carries no idtyp (`aio aud azp azpacr exp iat iss nbf
    // oid rh sub tid uti ver xms_ftd`) [O: issue 13]: in v2 it is an optional claim the resource opts
    // into. Delegated tokens carry none in either version [D: §7.4].
    if (version === 1) {
      c.idp = c.iss;
      c.idtyp = 'app';
    }
    c.oid = input.app.servicePrincipalId;
    c.rh = ids.rh;
    if (input.app.roles.length > 0) c.roles = input.app.roles;
    c.sub = input.app.servicePrincipalId;
  }
  if (input.user) {
    const { user } = input.user;
    if (version === 1) {
      if (user.surname) c.family_name = user.surname;
      if (user.givenName) c.given_name = user.givenName;
    }
    c.name = user.displayName;
    c.oid = user.id;
    if (version === 2) c.preferred_username = user.userPrincipalName;
    c.rh = ids.rh;
    if (input.user.roles.length > 0) c.roles = input.user.roles;
    c.scp = input.user.scp.join(' ');
    c.sub = input.user.subject;
  }
  c.tid = tenantId;
  if (version === 1 && input.user) {
    c.unique_name = input.user.user.userPrincipalName;
    c.upn = input.user.user.userPrincipalName;
  }
  c.uti = ids.uti;
  c.ver = version === 2 ? '2.0' : '1.0';
  // Entra's trailing xms_* claims, alphabetical like the rest [O].
  if (input.capabilities !== undefined && input.capabilities.length > 0) c.xms_cc = [...input.capabilities];
  // [I] xms_ftd is opaque and undocumented; captured v2 app tokens carry one (a base64url string),
  // so Entrada's carry a random value of that form for validators that expect the claim set.
  if (version === 2 && input.app && ids.ftd !== undefined) c.xms_ftd = ids.ftd;
  return input.extra ? placeClaims(c, input.extra) : c;
}

interface IdTokenInput {
  /** ID tokens follow the endpoint the client called [D]. */
  version: 1 | 2;
  origin: string;
  tenantId: Guid;
  clientAppId: Guid;
  user: User;
  subject: string;
  times: TokenTimes;
  ids: OpaqueIds;
  amr: string[];
  /** Only when /authorize carried one (MSAL rejects an unexpected nonce) [M]. */
  nonce?: string;
  /** `email` scope asked and the user has a mail address. */
  email?: string;
  /** Optional claims and version defaults (core/tokens/optional-claims.ts tokenExtras), placed in Entra's order. */
  extra?: Record<string, unknown>;
}

export function idTokenClaims(input: IdTokenInput): Record<string, unknown> {
  const { version, times, ids, user, tenantId } = input;
  const c = leadingClaims(version, input.origin, tenantId, input.clientAppId, times);
  if (version === 1) {
    c.amr = input.amr;
    if (user.surname) c.family_name = user.surname;
    if (user.givenName) c.given_name = user.givenName;
  } else {
    c.aio = ids.aio;
  }
  if (input.email) c.email = input.email;
  c.name = user.displayName;
  if (input.nonce !== undefined) c.nonce = input.nonce;
  c.oid = user.id;
  if (version === 2) c.preferred_username = user.userPrincipalName;
  c.rh = ids.rh;
  c.sub = input.subject;
  c.tid = tenantId;
  if (version === 1) {
    c.unique_name = user.userPrincipalName;
    c.upn = user.userPrincipalName;
  }
  c.uti = ids.uti;
  c.ver = version === 2 ? '2.0' : '1.0';
  return input.extra ? placeClaims(c, input.extra) : c;
}

/** `client_info` in user-flow responses: base64url JSON {uid, utid}; MSAL builds homeAccountId from it [M]. */
export function clientInfo(userId: Guid, tenantId: Guid): string {
  return Buffer.from(JSON.stringify({ uid: userId, utid: tenantId })).toString('base64url');
}

/**
 * `c_hash` / `at_hash` (OpenID Connect Core §3.3.2.11, §3.2.2.9): the left half of the SHA-256 of
 * the code or access token, base64url — for RS256-signed id tokens returned from /authorize only [D].
 */
export function halfHash(value: string, sha256: (s: string) => Uint8Array): string {
  const digest = sha256(value);
  return Buffer.from(digest.subarray(0, digest.length / 2)).toString('base64url');
}
