// Entrada's Application back into the portal's manifest formats (entra-protocol.md §9.2). Secrets
// are written as the portal writes them: metadata only, `secretText` null. Only fields Entrada
// models are written; reading the output with read.ts gives the same Application back.

import type { Application, PasswordCredential } from '../core/model.js';
import type { SecretMetadata } from './read.js';

type Json = Record<string, unknown>;

function secretsOf(app: Application): SecretMetadata[] {
  return app.passwordCredentials.map((p: PasswordCredential) => ({
    keyId: p.keyId,
    displayName: p.displayName,
    hint: p.hint,
    startDateTime: p.startDateTime,
    endDateTime: p.endDateTime,
  }));
}

/** Microsoft Graph's application resource (what `GET /v1.0/applications/{id}` returns). */
export function toGraphJson(app: Application): Json {
  return {
    id: app.id,
    appId: app.appId,
    displayName: app.displayName,
    signInAudience: app.signInAudience,
    identifierUris: app.identifierUris,
    isFallbackPublicClient: app.isFallbackPublicClient,
    api: {
      requestedAccessTokenVersion: app.api.requestedAccessTokenVersion,
      oauth2PermissionScopes: app.api.oauth2PermissionScopes.map((s) => ({
        id: s.id,
        value: s.value,
        type: s.type,
        isEnabled: s.isEnabled,
        adminConsentDisplayName: s.adminConsentDisplayName,
        adminConsentDescription: s.adminConsentDescription,
        userConsentDisplayName: s.userConsentDisplayName,
        userConsentDescription: s.userConsentDescription,
      })),
    },
    appRoles: app.appRoles.map((r) => ({ ...r })),
    requiredResourceAccess: app.requiredResourceAccess.map((r) => ({ resourceAppId: r.resourceAppId, resourceAccess: r.resourceAccess.map((a) => ({ ...a })) })),
    web: {
      redirectUris: app.web.redirectUris,
      implicitGrantSettings: { ...app.web.implicitGrantSettings },
    },
    spa: { redirectUris: app.spa.redirectUris },
    publicClient: { redirectUris: app.publicClient.redirectUris },
    passwordCredentials: secretsOf(app).map((s) => ({ ...s, customKeyIdentifier: null, secretText: null })),
    keyCredentials: app.keyCredentials.map((k) => ({
      keyId: k.keyId,
      displayName: k.displayName,
      type: k.type,
      usage: k.usage,
      key: k.key,
      customKeyIdentifier: Buffer.from(k.thumbprintSha1, 'base64url').toString('hex').toUpperCase(),
      startDateTime: k.startDateTime,
      endDateTime: k.endDateTime,
    })),
  };
}

const AAD_TYPE = { web: 'Web', spa: 'Spa', publicClient: 'InstalledClient' } as const;

/** The older AAD Graph manifest the portal's "AAD Graph App Manifest" tab shows. */
export function toAadManifest(app: Application): Json {
  return {
    id: app.id,
    appId: app.appId,
    name: app.displayName,
    signInAudience: app.signInAudience,
    identifierUris: app.identifierUris,
    allowPublicClient: app.isFallbackPublicClient,
    accessTokenAcceptedVersion: app.api.requestedAccessTokenVersion,
    oauth2AllowImplicitFlow: app.web.implicitGrantSettings.enableAccessTokenIssuance,
    oauth2AllowIdTokenImplicitFlow: app.web.implicitGrantSettings.enableIdTokenIssuance,
    replyUrlsWithType: (['web', 'spa', 'publicClient'] as const).flatMap((p) => app[p].redirectUris.map((url) => ({ url, type: AAD_TYPE[p] }))),
    oauth2Permissions: app.api.oauth2PermissionScopes.map((s) => ({ ...s })),
    appRoles: app.appRoles.map((r) => ({ ...r })),
    requiredResourceAccess: app.requiredResourceAccess.map((r) => ({ resourceAppId: r.resourceAppId, resourceAccess: r.resourceAccess.map((a) => ({ ...a })) })),
    passwordCredentials: secretsOf(app).map((s) => ({ ...s, customKeyIdentifier: null, secretText: null })),
    keyCredentials: app.keyCredentials.map((k) => ({
      keyId: k.keyId,
      displayName: k.displayName,
      type: k.type,
      usage: k.usage,
      value: k.key,
      customKeyIdentifier: Buffer.from(k.thumbprintSha1, 'base64url').toString('base64'),
      startDateTime: k.startDateTime,
      endDateTime: k.endDateTime,
    })),
  };
}
