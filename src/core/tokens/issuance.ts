// Which tokens a user-flow response carries besides the access token [D: entra-protocol.md §3.1,
// §6]: an id_token when `openid` was asked; a refresh token for `offline_access` on v2, and always
// on v1 (the v1 endpoint has no offline_access scope and returned refresh tokens to user flows).

export function userFlowTokens(endpoint: 'v1' | 'v2', oidcScopes: readonly string[]): { idToken: boolean; refreshToken: boolean } {
  return {
    idToken: oidcScopes.includes('openid'),
    refreshToken: endpoint === 'v1' || oidcScopes.includes('offline_access'),
  };
}
