// Groups and directory roles as MSAL Node receives them (issue 18): a web app signs users in
// through Entrada's pages (authorization code + PKCE) and redeems the code with acquireTokenByCode.
// A user in 3 groups (one through a nested group) gets their ids in the ID token (the client asks
// for SecurityGroup) and in the access token (the API asks for SecurityGroup); a user in 201
// groups gets the overage claim, and the Graph call it names, made with the user's own Graph
// token, answers all 201; an administrator gets `wids` from a client asking for DirectoryRole.

import { ConfidentialClientApplication, type AuthenticationResult } from '@azure/msal-node';
import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEntrada, type StartedEntrada } from '../../src/api/index.js';
import { PageWalker } from '../support/page-walker.js';

const TENANT = '6a0ce2e0-0000-4000-8000-00000000e2e0';
const DOMAIN = 'groups-e2e.localhost';
const API = '6a0ce2e0-0000-4000-8000-0000000000a1';
const WEB = { id: '6a0ce2e0-0000-4000-8000-0000000000b1', secret: 'groups~e2e~web~secret~000001', redirect: 'https://localhost:3000/auth/callback' };
const ROLES_WEB = { id: '6a0ce2e0-0000-4000-8000-0000000000b2', secret: 'groups~e2e~web~secret~000002', redirect: 'https://localhost:3001/auth/callback' };
const ALICE = { upn: `alice@${DOMAIN}`, password: 'Alice-groups-e2e-password-1' };
const BOB = { upn: `bob@${DOMAIN}`, password: 'Bob-groups-e2e-password-2' };
const ADMIN = { upn: `admin@${DOMAIN}`, password: 'Admin-groups-e2e-password-0' };
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const BULK = Array.from({ length: 201 }, (_, i) => `Bulk ${String(i).padStart(3, '0')}`);

const SEED = {
  tenants: [
    {
      id: TENANT,
      displayName: 'Groups E2E',
      domains: [DOMAIN],
      applications: [
        {
          appId: API,
          displayName: 'Groups API',
          identifierUris: ['api://groups-e2e-api'],
          groupMembershipClaims: 'SecurityGroup',
          api: { requestedAccessTokenVersion: 2 as const, oauth2PermissionScopes: [{ value: 'access_as_user' }] },
        },
        {
          appId: WEB.id,
          displayName: 'Groups Web',
          groupMembershipClaims: 'SecurityGroup',
          web: { redirectUris: [WEB.redirect] },
          passwordCredentials: [{ secretText: WEB.secret }],
        },
        {
          appId: ROLES_WEB.id,
          displayName: 'Admin Web',
          groupMembershipClaims: 'DirectoryRole',
          web: { redirectUris: [ROLES_WEB.redirect] },
          passwordCredentials: [{ secretText: ROLES_WEB.secret }],
        },
      ],
      users: [
        { userPrincipalName: ALICE.upn, displayName: 'Alice Groups', password: ALICE.password },
        { userPrincipalName: BOB.upn, displayName: 'Bob Many', password: BOB.password },
        { userPrincipalName: ADMIN.upn, displayName: 'Groups Admin', password: ADMIN.password, directoryRoles: ['Global Administrator'] },
      ],
      groups: [
        { displayName: 'Engineers', members: ['Platform'] },
        { displayName: 'Platform', members: [ALICE.upn] },
        { displayName: 'Readers', members: [ALICE.upn] },
        ...BULK.map((displayName) => ({ displayName, members: [BOB.upn] })),
      ],
      oauth2PermissionGrants: [WEB.id, ROLES_WEB.id].flatMap((client) => [
        { client, resource: API, scope: 'access_as_user' },
        { client, resource: 'https://graph.microsoft.com', scope: 'User.Read' },
      ]),
    },
  ],
};

let entrada: StartedEntrada;
beforeAll(async () => {
  entrada = await startEntrada({ seed: SEED });
});
afterAll(() => entrada.stop());

function cca(client: typeof WEB): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: { clientId: client.id, clientSecret: client.secret, authority: entrada.authority(TENANT), knownAuthorities: [new URL(entrada.url).host] },
    system: { networkClient: entrada.msalNetworkClient },
  });
}

/** Sign-in through the pages, then acquireTokenByCode. */
async function signIn(client: typeof WEB, user: { upn: string; password: string }, scopes: string[]) {
  const app = cca(client);
  const verifier = 'g'.repeat(43);
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const url = await app.getAuthCodeUrl({ scopes, redirectUri: client.redirect, codeChallenge: challenge, codeChallengeMethod: 'S256' });
  const walk = await new PageWalker(entrada.fetch, entrada.url).authorize(url, user);
  expect(walk.location, walk.html).toBeDefined();
  const code = new URL(walk.location!).searchParams.get('code');
  const result: AuthenticationResult = await app.acquireTokenByCode({ code: code!, scopes, redirectUri: client.redirect, codeVerifier: verifier });
  return { app, result, access: decodeJwt(result.accessToken) as Record<string, unknown>, id: result.idTokenClaims as Record<string, unknown> };
}

/** The seeded groups' ids by displayName, read from the directory Entrada serves. */
async function groupIds(names: string[]): Promise<string[]> {
  const groups = await entrada.directory.service.read.listGroups(TENANT);
  return names.map((n) => groups.find((g) => g.displayName === n)!.id).sort();
}

describe('group claims with MSAL Node', () => {
  it('a user in 3 groups (one nested): the 3 ids in the ID token and in the access token', async () => {
    const { id, access } = await signIn(WEB, ALICE, ['api://groups-e2e-api/access_as_user']);
    const expected = await groupIds(['Engineers', 'Platform', 'Readers']);
    expect([...(id.groups as string[])].sort()).toEqual(expected);
    expect([...(access.groups as string[])].sort()).toEqual(expected);
  });

  it('a user in 201 groups: the overage claim, and getMemberObjects with the user’s Graph token answers all 201', async () => {
    const { app, result, access, id } = await signIn(WEB, BOB, ['api://groups-e2e-api/access_as_user']);
    for (const claims of [access, id]) {
      expect(claims).not.toHaveProperty('groups');
      expect(claims._claim_names).toEqual({ groups: 'src1' });
    }
    const endpoint = (access._claim_sources as { src1: { endpoint: string } }).src1.endpoint;
    expect(endpoint).toBe(`${entrada.url}/v1.0/users/${String(access.oid)}/getMemberObjects`);

    // The same account's Graph token, from MSAL's cache (refresh token), as an app would get it.
    const graph = await app.acquireTokenSilent({ account: result.account!, scopes: ['User.Read'] });
    const res = await entrada.fetch(endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${graph!.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ securityEnabledOnly: false }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { value: string[] };
    expect(body.value).toHaveLength(201);
    expect(new Set(body.value)).toEqual(new Set(await groupIds(BULK)));
  });

  it('an administrator signing in to an app asking for DirectoryRole: wids, no groups', async () => {
    const { id } = await signIn(ROLES_WEB, ADMIN, ['api://groups-e2e-api/access_as_user']);
    expect(id.wids).toEqual([GLOBAL_ADMIN]);
    expect(id).not.toHaveProperty('groups');
  });
});
