// What Microsoft Graph's OpenID Connect UserInfo endpoint answers [D: entra docs userinfo.md]:
// `sub` (the pairwise subject of the ID token the app got), the name claims when the token holds
// the `profile` permission, `email` when it holds `email` and the user has a mail address.
// Graph also sends `picture` (a Graph photo URL); Entrada serves no photos, so it is left out.

import type { User } from '../model.js';

/** Whether a Graph token's `scp` lets it call UserInfo: `openid` is required [D]. */
export function canCallUserInfo(scopes: readonly string[]): boolean {
  return scopes.some((s) => s.toLowerCase() === 'openid');
}

/** The UserInfo body, in the documented example's order: sub, name, family_name, given_name, email [D]. */
export function userInfoClaims(
  user: Pick<User, 'displayName' | 'givenName' | 'surname' | 'mail'>,
  subject: string,
  scopes: readonly string[],
): Record<string, string> {
  const has = (name: string) => scopes.some((s) => s.toLowerCase() === name);
  const out: Record<string, string> = { sub: subject };
  if (has('profile')) {
    // [I] A name the directory does not hold is left out rather than sent empty.
    if (user.displayName) out.name = user.displayName;
    if (user.surname) out.family_name = user.surname;
    if (user.givenName) out.given_name = user.givenName;
  }
  if (has('email') && user.mail) out.email = user.mail;
  return out;
}

/**
 * `scp` of a delegated Microsoft Graph token: the granted Graph permissions and the OpenID Connect
 * scopes the request asked (openid, profile, email; never offline_access), as Entra's Graph tokens
 * carry them [O: `"scp": "openid profile User.Read email"` in Graph tokens of such sign-ins] — so
 * UserInfo accepts a token obtained with `openid`. Entra consents the OpenID scopes with the first
 * permission [I]; Entrada treats them as always granted (core/policy/scope.ts), so they are added
 * here whether or not the grant lists them.
 */
export function graphTokenScopes(granted: readonly string[], oidc: readonly string[]): string[] {
  const missing = (scope: string) => oidc.includes(scope) && !granted.some((s) => s.toLowerCase() === scope);
  // Entra's order as captured: openid and profile first, the permissions, then email [O].
  return [...['openid', 'profile'].filter(missing), ...granted, ...(missing('email') ? ['email'] : [])];
}
