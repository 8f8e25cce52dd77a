// Which access token a resource gets [D: entra-protocol.md §7.1]: the resource app's
// api.requestedAccessTokenVersion decides the version (null or 1 → v1, 2 → v2), not the endpoint
// the client called; v2 tokens name the resource by its app id, v1 tokens as the client did.
//
// Unset (null) stays v1 (issue 13, item 11). The evidence, checked 2026:
// - [D] Microsoft Graph's apiApplication reference: "If the value is null, this defaults to 1,
//   which corresponds to the v1.0 endpoint"; the protected-web-API registration page (entra-docs
//   includes/scenarios/accepted-token-versions.md, 2025): "If the value is null, the web API
//   accepts v1.0 tokens".
// - [O] MicrosoftDocs/azure-docs#19304 (2018: null was not treated as 2), Azure-Samples/
//   ms-identity-javascript-v2#39 (2023: "version 1 for access token is the default").
// - The 2026 capture of an app made by `az ad app create` receiving v2 tokens fits this: Microsoft
//   announced that from August 2024 apps created through any interface (portal, PowerShell/CLI,
//   Graph) get requestedAccessTokenVersion *stored as 2* ("a change from the previous default of
//   'null' (meaning '1')", quoted in Drenso/symfony-oidc docs/ms-entra-id.md). The new default is
//   the value written at creation, not a new meaning of null.

export function accessTokenFormat(
  requestedAccessTokenVersion: 1 | 2 | null,
  resourceAppId: string,
  requestedAs: string,
): { version: 1 | 2; audience: string } {
  const version = requestedAccessTokenVersion === 2 ? 2 : 1;
  return { version, audience: version === 2 ? resourceAppId : requestedAs };
}
