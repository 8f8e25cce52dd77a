// Which access token a resource gets [D: entra-protocol.md §7.1]: the resource app's
// api.requestedAccessTokenVersion decides the version (null or 1 → v1, 2 → v2), not the endpoint
// the client called; v2 tokens name the resource by its app id, v1 tokens as the client did.

export function accessTokenFormat(
  requestedAccessTokenVersion: 1 | 2 | null,
  resourceAppId: string,
  requestedAs: string,
): { version: 1 | 2; audience: string } {
  const version = requestedAccessTokenVersion === 2 ? 2 : 1;
  return { version, audience: version === 2 ? resourceAppId : requestedAs };
}
