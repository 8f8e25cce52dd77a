// Complete directory records for the storage contract suite; each test overrides what it checks.

import { randomUUID } from 'node:crypto';
import type {
  Application,
  AppRoleAssignment,
  OAuth2PermissionGrant,
  RefreshTokenRecord,
  ServicePrincipal,
  NewSigningKey,
  Tenant,
  User,
} from '../../src/core/model.js';
import type { AuthorizationCodeRecord, SignInSession } from '../../src/core/ports.js';

export function tenant(overrides: Partial<Tenant> = {}): Tenant {
  return { id: randomUUID(), displayName: 'Contoso', domains: ['contoso.entrada.localhost'], federatedIdentityProviders: [], ...overrides };
}

export function application(tenantId: string, overrides: Partial<Application> = {}): Application {
  return {
    id: randomUUID(),
    appId: randomUUID(),
    tenantId,
    displayName: 'Todo API',
    signInAudience: 'AzureADMyOrg',
    web: {
      redirectUris: ['https://app.example/callback'],
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: true },
    },
    spa: { redirectUris: [] },
    publicClient: { redirectUris: ['http://localhost'] },
    isFallbackPublicClient: null,
    passwordCredentials: [
      {
        keyId: randomUUID(),
        displayName: 'ci',
        hint: 'abc',
        secretHash: 'scrypt$salt$hash',
        startDateTime: '2026-01-01T00:00:00Z',
        endDateTime: '2027-01-01T00:00:00Z',
      },
    ],
    keyCredentials: [],
    identifierUris: [],
    appRoles: [
      {
        id: randomUUID(),
        value: 'Tasks.Read.All',
        displayName: 'Read all tasks',
        description: 'Read all tasks',
        allowedMemberTypes: ['Application'],
        isEnabled: true,
      },
    ],
    api: {
      oauth2PermissionScopes: [
        {
          id: randomUUID(),
          value: 'Tasks.Read',
          type: 'User',
          adminConsentDisplayName: 'Read tasks',
          adminConsentDescription: 'Read tasks',
          userConsentDisplayName: null,
          userConsentDescription: null,
          isEnabled: true,
        },
      ],
      requestedAccessTokenVersion: 2,
    },
    requiredResourceAccess: [],
    ...overrides,
  };
}

export function servicePrincipal(
  app: Pick<Application, 'appId' | 'displayName'>,
  tenantId: string,
  overrides: Partial<ServicePrincipal> = {},
): ServicePrincipal {
  return {
    id: randomUUID(),
    appId: app.appId,
    tenantId,
    displayName: app.displayName,
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    servicePrincipalType: 'Application',
    alternativeNames: [],
    ...overrides,
  };
}

export function user(tenantId: string, overrides: Partial<User> = {}): User {
  return {
    id: randomUUID(),
    tenantId,
    userPrincipalName: 'Adele.Vance@contoso.entrada.localhost',
    displayName: 'Adele Vance',
    givenName: 'Adele',
    surname: 'Vance',
    mail: 'adele.vance@contoso.example',
    accountEnabled: true,
    passwordHash: 'scrypt$salt$hash',
    ...overrides,
  };
}

export function assignment(principalId: string, resourceId: string, overrides: Partial<AppRoleAssignment> = {}): AppRoleAssignment {
  return {
    id: randomUUID(),
    principalId,
    principalType: 'ServicePrincipal',
    resourceId,
    appRoleId: randomUUID(),
    ...overrides,
  };
}

export function grant(clientId: string, resourceId: string, overrides: Partial<OAuth2PermissionGrant> = {}): OAuth2PermissionGrant {
  return {
    id: randomUUID(),
    clientId,
    consentType: 'AllPrincipals',
    principalId: null,
    resourceId,
    scope: 'Tasks.Read Tasks.Write',
    ...overrides,
  };
}

/** Instants in canonical form (Date#toISOString), which is how storage returns them. */
export function refreshToken(overrides: Partial<RefreshTokenRecord> = {}): RefreshTokenRecord {
  return {
    tokenHash: randomUUID(),
    familyId: randomUUID(),
    tenantId: randomUUID(),
    clientId: randomUUID(),
    userId: randomUUID(),
    clientType: 'public',
    scopes: ['openid', 'profile', 'offline_access', 'api://todo/Tasks.Read'],
    authTime: '2026-03-01T10:00:00.000Z',
    createdAt: '2026-03-01T10:00:00.000Z',
    expiresAt: '2026-03-15T10:00:00.000Z',
    revokedAt: null,
    amr: ['pwd'],
    ...overrides,
  };
}

/** Every optional field set (PKCE, nonce, resource); instants canonical, GUIDs lower-case. */
export function authorizationCode(overrides: Partial<AuthorizationCodeRecord> = {}): AuthorizationCodeRecord {
  return {
    codeHash: randomUUID(),
    tenantId: randomUUID(),
    clientId: randomUUID(),
    userId: randomUUID(),
    endpoint: 'v2',
    redirectUri: 'https://App.example/Callback?tab=Home',
    // Not sorted: storage must keep the order.
    scopes: ['openid', 'profile', 'offline_access', 'api://todo/Tasks.Write', 'api://todo/Tasks.Read'],
    resource: 'api://todo',
    nonce: 'n-0S6_WzA2Mj',
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    codeChallengeMethod: 'S256',
    authTime: '2026-03-01T09:58:00.000Z',
    createdAt: '2026-03-01T10:00:00.000Z',
    expiresAt: '2026-03-01T10:10:00.000Z',
    redeemedAt: null,
    amr: ['pwd', 'mfa'],
    ...overrides,
  };
}

/** Instants canonical, GUIDs lower-case. */
export function signInSession(overrides: Partial<SignInSession> = {}): SignInSession {
  return {
    sessionHash: randomUUID(),
    tenantId: randomUUID(),
    userId: randomUUID(),
    authTime: '2026-03-01T10:00:00.000Z',
    clientIds: [randomUUID(), randomUUID()],
    createdAt: '2026-03-01T10:00:00.000Z',
    expiresAt: '2026-03-02T10:00:00.000Z',
    amr: ['pwd'],
    ...overrides,
  };
}

/** A key to store (the store gives it its generation); activates when created unless overridden. */
export function signingKey(overrides: Partial<NewSigningKey> = {}): NewSigningKey {
  const kid = randomUUID().replaceAll('-', '');
  return {
    kid,
    privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${kid}\n-----END PRIVATE KEY-----\n`,
    certificate: `MII${kid}`,
    createdAt: '2026-03-01T10:00:00.000Z',
    activatesAt: overrides.createdAt ?? '2026-03-01T10:00:00.000Z',
    retiredAt: null,
    ...overrides,
  };
}
