// Issue 11 end to end: the real Microsoft Graph JS client, authenticated by an @azure/identity
// credential (Demo Automation's client credentials), manages a listening Entrada's directory over
// HTTPS: an API with an app role and a scope, a client with a secret, a user, a group, an app role
// assignment and a consent grant; MSAL Node then uses them. And the founding scenario without a
// restart: ROPC refused with AADSTS7000218, PATCH isFallbackPublicClient, the same call succeeds.

import { randomUUID } from 'node:crypto';
import { ClientSecretCredential } from '@azure/identity';
import { ConfidentialClientApplication, PublicClientApplication, ServerError } from '@azure/msal-node';
import { Client, GraphError } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { authority, baseUrl, demoApp, host, TENANT_ID } from './demo.js';
import { verifyToken } from './verify.js';

const AUTOMATION = demoApp('Demo Automation');
const run = randomUUID().slice(0, 8);

function graphClient(clientId: string, secret: string): Client {
  const credential = new ClientSecretCredential(TENANT_ID, clientId, secret, { authorityHost: baseUrl(), disableInstanceDiscovery: true });
  return Client.initWithMiddleware({
    baseUrl: baseUrl(),
    defaultVersion: 'v1.0',
    // The client sends tokens only to Microsoft's Graph hosts unless told about another.
    customHosts: new Set([new URL(baseUrl()).hostname]),
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] }),
  });
}

describe('Microsoft Graph client against Entrada', () => {
  let graph: Client;
  const api = { uri: `api://e2e-graph-api-${run}`, roleId: randomUUID(), scopeId: randomUUID() } as { uri: string; roleId: string; scopeId: string; id: string; appId: string; spId: string };
  const client = {} as { id: string; appId: string; spId: string; secret: string };
  const user = { upn: `e2e-${run}@entrada.localhost`, password: `E2e-password-${run}!` } as { upn: string; password: string; id: string };

  beforeAll(async () => {
    graph = graphClient(AUTOMATION.appId, AUTOMATION.secret!);
    const created = await graph.api('/applications').post({
      displayName: `E2E Graph API ${run}`,
      identifierUris: [api.uri],
      appRoles: [{ id: api.roleId, value: 'Jobs.Run', displayName: 'Run jobs', description: 'Run jobs', allowedMemberTypes: ['Application'], isEnabled: true }],
      api: {
        requestedAccessTokenVersion: 2,
        oauth2PermissionScopes: [{ id: api.scopeId, value: 'jobs.read', type: 'User', adminConsentDisplayName: 'Read jobs', adminConsentDescription: 'Read jobs', isEnabled: true }],
      },
    });
    Object.assign(api, { id: created.id, appId: created.appId });
    api.spId = (await graph.api('/servicePrincipals').post({ appId: api.appId })).id;

    const app = await graph.api('/applications').post({ displayName: `E2E Graph Client ${run}`, isFallbackPublicClient: false });
    Object.assign(client, { id: app.id, appId: app.appId });
    client.spId = (await graph.api('/servicePrincipals').post({ appId: client.appId })).id;
    client.secret = (await graph.api(`/applications/${client.id}/addPassword`).post({ passwordCredential: { displayName: 'e2e' } })).secretText;
  });

  it('creates an app whose object reads back through $filter and the appId key', async () => {
    const listed = await graph.api('/applications').filter(`appId eq '${api.appId}'`).select('id,displayName,identifierUris').get();
    expect(listed.value).toEqual([{ id: api.id, displayName: `E2E Graph API ${run}`, identifierUris: [api.uri] }]);
    const byAppId = await graph.api(`/applications(appId='${api.appId}')`).get();
    expect(byAppId.appRoles[0]).toMatchObject({ id: api.roleId, value: 'Jobs.Run' });
  });

  it('an app role assigned through Graph is in the next client credentials token (MSAL Node, the new secret)', async () => {
    const assignment = await graph.api(`/servicePrincipals/${api.spId}/appRoleAssignedTo`).post({ principalId: client.spId, resourceId: api.spId, appRoleId: api.roleId });
    expect(assignment).toMatchObject({ principalId: client.spId, resourceId: api.spId, appRoleId: api.roleId, principalType: 'ServicePrincipal' });
    const cca = new ConfidentialClientApplication({ auth: { clientId: client.appId, clientSecret: client.secret, authority: authority(), knownAuthorities: [host()] } });
    const result = await cca.acquireTokenByClientCredential({ scopes: [`${api.uri}/.default`] });
    const claims = await verifyToken(result!.accessToken, { issuer: `${authority()}/v2.0`, audience: api.appId, jwksUri: `${authority()}/discovery/v2.0/keys` });
    expect(claims.roles).toEqual(['Jobs.Run']);
  });

  it('a user and a group created through Graph: the user is a member, and signs in once consent is granted', async () => {
    const created = await graph.api('/users').post({
      accountEnabled: true,
      displayName: `E2E User ${run}`,
      mailNickname: `e2e-${run}`,
      userPrincipalName: user.upn,
      passwordProfile: { password: user.password, forceChangePasswordNextSignIn: false },
    });
    user.id = created.id;
    const group = await graph.api('/groups').post({ displayName: `E2E Group ${run}`, mailNickname: `e2e-group-${run}`, mailEnabled: false, securityEnabled: true });
    await graph.api(`/groups/${group.id}/members/$ref`).post({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${user.id}` });
    const members = await graph.api(`/groups/${group.id}/members`).get();
    expect(members.value.map((m: { id: string }) => m.id)).toEqual([user.id]);

    const grant = await graph.api('/oauth2PermissionGrants').post({ clientId: client.spId, consentType: 'AllPrincipals', principalId: null, resourceId: api.spId, scope: 'jobs.read' });
    expect(grant.scope).toBe('jobs.read');
  });

  it('the founding scenario without a restart: 7000218, PATCH isFallbackPublicClient through Graph, success', async () => {
    const pca = new PublicClientApplication({ auth: { clientId: client.appId, authority: authority(), knownAuthorities: [host()] } });
    const ropc = () => pca.acquireTokenByUsernamePassword({ scopes: [`${api.uri}/jobs.read`], username: user.upn, password: user.password });
    const refused = await ropc().then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(ServerError);
    expect((refused as ServerError).errorMessage).toContain('AADSTS7000218');

    await graph.api(`/applications/${client.id}`).update({ isFallbackPublicClient: true });
    const result = await ropc();
    const claims = await verifyToken(result!.accessToken, { issuer: `${authority()}/v2.0`, audience: api.appId, jwksUri: `${authority()}/discovery/v2.0/keys` });
    expect(claims).toMatchObject({ scp: 'jobs.read', oid: user.id, azp: client.appId });
  });

  it('every change is in auditLogs/directoryAudits, and Graph errors reach the client as GraphError', async () => {
    const audits = await graph.api('/auditLogs/directoryAudits').filter(`activityDisplayName eq 'Add application'`).top(999).get();
    const mine = audits.value.find((a: { targetResources: Array<{ id: string }> }) => a.targetResources[0].id === client.id);
    expect(mine).toMatchObject({ category: 'ApplicationManagement', operationType: 'Add', result: 'success', initiatedBy: { app: { appId: AUTOMATION.appId, displayName: 'Demo Automation' } } });
    const missing = await graph.api(`/applications/${randomUUID()}`).get().then(() => undefined, (e: unknown) => e);
    expect(missing).toBeInstanceOf(GraphError);
    expect(missing).toMatchObject({ statusCode: 404, code: 'Request_ResourceNotFound' });
  });
});
