// Graph's /v1.0/servicePrincipals and the owners of applications and service principals (issue
// 11): create, read, filter, update, delete; Microsoft Graph's own service principal; multi-tenant
// apps; an Application.ReadWrite.OwnedBy app that may change only what it owns; who may call what;
// bad and hostile input.

import { beforeAll, describe, expect, it } from 'vitest';
import { derivedId } from '../../src/seed/ids.js';
import { ALICE, AUTOMATION, DAEMON, TENANT, WEB } from '../support/demo-seed.js';
import { appGraphToken, graphCaller, graphError, type GraphReply } from '../support/graph.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient } from '../support/token-client.js';
import { PLAIN_FORM } from '../support/wire.js';

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const ALICE_ID = derivedId.user(TENANT, ALICE.upn);
const q = (filter: string) => `$filter=${encodeURIComponent(filter)}`;

const entrada = useEntrada();
let graph: ReturnType<typeof graphCaller>;

beforeAll(async () => {
  graph = graphCaller(entrada, await appGraphToken(entrada, AUTOMATION));
});

async function newApp(displayName: string, extra: Record<string, unknown> = {}): Promise<{ id: string; appId: string }> {
  const r = await graph.post('/v1.0/applications', { displayName, ...extra });
  expect(r.status, r.body).toBe(201);
  return r.json as { id: string; appId: string };
}

async function newSp(appId: string, extra: Record<string, unknown> = {}): Promise<Record<string, unknown> & { id: string }> {
  const r = await graph.post('/v1.0/servicePrincipals', { appId, ...extra });
  expect(r.status, r.body).toBe(201);
  return r.json as Record<string, unknown> & { id: string };
}

function values(r: GraphReply): Array<Record<string, unknown>> {
  expect(r.status, r.body).toBe(200);
  return r.json.value as Array<Record<string, unknown>>;
}

describe('/v1.0/servicePrincipals', () => {
  it('creates a service principal for an app (201, Graph shape), refuses a second (409), reads it by id and appId', async () => {
    const app = await newApp('SP Lifecycle', { identifierUris: ['api://sp-lifecycle'], appRoles: [{ value: 'Run', allowedMemberTypes: ['Application'], displayName: 'Run', description: 'Run' }] });
    const sp = await newSp(app.appId, { tags: ['WindowsAzureActiveDirectoryIntegratedApp'], appRoleAssignmentRequired: true });
    expect(sp).toMatchObject({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#servicePrincipals/$entity',
      appId: app.appId,
      displayName: 'SP Lifecycle',
      appDisplayName: 'SP Lifecycle',
      accountEnabled: true,
      appRoleAssignmentRequired: true,
      appOwnerOrganizationId: TENANT,
      servicePrincipalType: 'Application',
      servicePrincipalNames: [app.appId, 'api://sp-lifecycle'],
      tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
      signInAudience: 'AzureADMyOrg',
    });
    expect((sp.appRoles as Array<{ value: string }>).map((r) => r.value)).toEqual(['Run']);

    const again = await graph.post('/v1.0/servicePrincipals', { appId: app.appId.toUpperCase() });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({
      code: 'Request_MultipleObjectsWithSameKeyValue',
      message: `The service principal cannot be created, updated, or restored because the service principal name ${app.appId} is already in use.`,
      details: [{ code: 'ObjectConflict', target: 'servicePrincipalNames' }],
    });

    expect((await graph.get(`/v1.0/servicePrincipals/${sp.id}`)).json.appId).toBe(app.appId);
    expect((await graph.get(`/v1.0/servicePrincipals(appId='${app.appId}')`)).json.id).toBe(sp.id);
    const selected = await graph.get(`/v1.0/servicePrincipals/${sp.id}?$select=appId,tags`);
    expect(selected.json).toEqual({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#servicePrincipals(appId,tags)/$entity', id: sp.id, appId: app.appId, tags: ['WindowsAzureActiveDirectoryIntegratedApp'] });
  });

  it('lists and filters as the Azure CLI does: appId, displayName, startswith, servicePrincipalNames/any, type, accountEnabled', async () => {
    const app = await newApp('Filter Me', { identifierUris: ['api://filter-me'] });
    const sp = await newSp(app.appId, { accountEnabled: false });
    const ids = async (filter: string) => values(await graph.get(`/v1.0/servicePrincipals?${q(filter)}`)).map((s) => s.id);
    expect(await ids(`appId eq '${app.appId}'`)).toEqual([sp.id]);
    expect(await ids("displayName eq 'filter me'")).toEqual([sp.id]);
    expect(await ids("startswith(displayName,'Filter M')")).toEqual([sp.id]);
    expect(await ids("servicePrincipalNames/any(c:c eq 'api://filter-me')")).toEqual([sp.id]);
    expect(await ids(`id eq '${sp.id}'`)).toEqual([sp.id]);
    expect(await ids('accountEnabled eq false')).toContain(sp.id);
    const managed = values(await graph.get(`/v1.0/servicePrincipals?${q("servicePrincipalType eq 'ManagedIdentity'")}`));
    expect(managed.map((s) => s.displayName).sort()).toEqual(['demo-identity', 'demo-vm']);
    expect(managed[0]).toMatchObject({ appOwnerOrganizationId: null, signInAudience: null, servicePrincipalNames: [expect.any(String), expect.stringMatching(/^\/subscriptions\//)] });
    const all = values(await graph.get('/v1.0/servicePrincipals?$top=999'));
    expect(all.some((s) => s.appId === GRAPH_APP_ID)).toBe(true);
    const count = await graph.get('/v1.0/servicePrincipals/$count', { consistencylevel: 'eventual' });
    expect(Number(count.body)).toBe(all.length);
  });

  it('PATCHes accountEnabled, appRoleAssignmentRequired and tags (204), audited; deletes (204, then 404)', async () => {
    const app = await newApp('Patch Me');
    const sp = await newSp(app.appId);
    expect((await graph.patch(`/v1.0/servicePrincipals/${sp.id}`, { accountEnabled: false, appRoleAssignmentRequired: true, tags: ['a', 'b'] })).status).toBe(204);
    expect((await graph.get(`/v1.0/servicePrincipals/${sp.id}`)).json).toMatchObject({ accountEnabled: false, appRoleAssignmentRequired: true, tags: ['a', 'b'] });
    expect((await graph.patch(`/v1.0/servicePrincipals(appId='${app.appId}')`, { tags: [] })).status).toBe(204);
    expect((await graph.get(`/v1.0/servicePrincipals/${sp.id}`)).json.tags).toEqual([]);

    const audits = values(await graph.get(`/v1.0/auditLogs/directoryAudits?${q("activityDisplayName eq 'Update service principal'")}`));
    const entry = audits.find((a) => (a.targetResources as Array<{ id: string }>)[0].id === sp.id);
    expect(entry).toMatchObject({ category: 'ApplicationManagement', operationType: 'Update', initiatedBy: { app: { appId: AUTOMATION.id } } });

    expect((await graph.delete(`/v1.0/servicePrincipals/${sp.id}`)).status).toBe(204);
    const gone = await graph.get(`/v1.0/servicePrincipals/${sp.id}`);
    expect(gone.status).toBe(404);
    expect(graphError(gone).code).toBe('Request_ResourceNotFound');
    // The application stays; its service principal can be created again.
    expect((await graph.get(`/v1.0/applications/${app.id}`)).status).toBe(200);
    await newSp(app.appId);
  });

  it("an app that does not exist is refused: Graph's 400", async () => {
    const missing = 'e7ada000-0000-4000-8000-00000000dead';
    const r = await graph.post('/v1.0/servicePrincipals', { appId: missing });
    expect(r.status).toBe(400);
    expect(graphError(r)).toEqual({ code: 'Request_BadRequest', message: `The appId '${missing}' of the service principal does not reference a valid application object.` });
  });

  it("lists Microsoft Graph's service principal and refuses to change or delete it (403)", async () => {
    const msGraph = await graph.get(`/v1.0/servicePrincipals(appId='${GRAPH_APP_ID}')`);
    expect(msGraph.status).toBe(200);
    expect(msGraph.json).toMatchObject({ displayName: 'Microsoft Graph', servicePrincipalNames: [GRAPH_APP_ID, 'https://graph.microsoft.com'] });
    const id = String(msGraph.json.id);
    for (const r of [await graph.patch(`/v1.0/servicePrincipals/${id}`, { tags: ['mine'] }), await graph.delete(`/v1.0/servicePrincipals/${id}`), await graph.post(`/v1.0/servicePrincipals/${id}/owners/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${ALICE_ID}` })]) {
      expect(r.status).toBe(403);
      expect(graphError(r).code).toBe('Authorization_RequestDenied');
    }
    expect((await graph.get(`/v1.0/servicePrincipals/${id}`)).json.tags).toEqual([]);
  });

  it('a disabled service principal gets no tokens; enabling it again restores them (at once)', async () => {
    const app = await newApp('Toggle Me');
    const sp = await newSp(app.appId);
    const secret = String((await graph.post(`/v1.0/applications/${app.id}/addPassword`, { passwordCredential: { displayName: 't' } })).json.secretText);
    const token = () =>
      tokenClient(entrada, PLAIN_FORM).post(`/${TENANT}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: app.appId, client_secret: secret, scope: 'api://entrada-demo-api/.default' });
    expect((await token()).status).toBe(200);
    await graph.patch(`/v1.0/servicePrincipals/${sp.id}`, { accountEnabled: false });
    expect((await token()).status).toBe(400);
    await graph.patch(`/v1.0/servicePrincipals/${sp.id}`, { accountEnabled: true });
    expect((await token()).status).toBe(200);
  });
});

describe('owners of applications and service principals', () => {
  it('lists, adds ($ref) and removes owners; refuses duplicates, unknown objects and applications as owners', async () => {
    const app = await newApp('Owned App');
    const owners = values(await graph.get(`/v1.0/applications/${app.id}/owners`));
    // createApplication made the caller (Demo Automation's service principal) an owner.
    expect(owners).toEqual([expect.objectContaining({ '@odata.type': '#microsoft.graph.servicePrincipal', appId: AUTOMATION.id })]);

    const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
    expect((await graph.post(`/v1.0/applications/${app.id}/owners/$ref`, ref(ALICE_ID))).status).toBe(204);
    const listed = values(await graph.get(`/v1.0/applications/${app.id}/owners`));
    expect(listed).toContainEqual(expect.objectContaining({ '@odata.type': '#microsoft.graph.user', id: ALICE_ID, userPrincipalName: ALICE.upn }));

    const twice = await graph.post(`/v1.0/applications/${app.id}/owners/$ref`, ref(ALICE_ID));
    expect(twice.status).toBe(400);
    expect(graphError(twice).message).toBe("One or more added object references already exist for the following modified properties: 'owners'.");
    expect((await graph.post(`/v1.0/applications/${app.id}/owners/$ref`, ref('e7ada000-0000-4000-8000-00000000beef'))).status).toBe(404);
    const appAsOwner = await graph.post(`/v1.0/applications/${app.id}/owners/$ref`, ref(app.id));
    expect(appAsOwner.status).toBe(400);
    expect(graphError(appAsOwner).message).toMatch(/is invalid for the 'owners' reference/);
    expect((await graph.post(`/v1.0/applications/${app.id}/owners/$ref`, { '@odata.id': 'not a url' })).status).toBe(400);

    expect((await graph.delete(`/v1.0/applications/${app.id}/owners/${ALICE_ID}/$ref`)).status).toBe(204);
    expect((await graph.delete(`/v1.0/applications/${app.id}/owners/${ALICE_ID}/$ref`)).status).toBe(404);
    expect(values(await graph.get(`/v1.0/applications/${app.id}/owners`)).map((o) => o.id)).not.toContain(ALICE_ID);

    const sp = await newSp(app.appId);
    expect((await graph.post(`/v1.0/servicePrincipals/${sp.id}/owners/$ref`, ref(ALICE_ID))).status).toBe(204);
    expect(values(await graph.get(`/v1.0/servicePrincipals(appId='${app.appId}')/owners`)).map((o) => o.id)).toContain(ALICE_ID);
    expect((await graph.delete(`/v1.0/servicePrincipals/${sp.id}/owners/${ALICE_ID}/$ref`)).status).toBe(204);

    const audits = values(await graph.get(`/v1.0/auditLogs/directoryAudits?${q("activityDisplayName eq 'Remove owner from service principal'")}`));
    expect(audits.some((a) => (a.targetResources as Array<{ id: string }>)[0].id === sp.id)).toBe(true);
  });

  it('an app with only Application.ReadWrite.OwnedBy changes the apps it created or owns, and gets 403 on others', async () => {
    // The runner app, with a secret and a service principal.
    const runner = await newApp('OwnedBy Runner');
    const runnerSp = await newSp(runner.appId);
    const secret = String((await graph.post(`/v1.0/applications/${runner.id}/addPassword`, {})).json.secretText);
    // Microsoft Graph's Application.ReadWrite.OwnedBy app role, assigned to the runner.
    const msGraph = (await graph.get(`/v1.0/servicePrincipals(appId='${GRAPH_APP_ID}')`)).json;
    const ownedBy = (msGraph.appRoles as Array<{ id: string; value: string }>).find((r) => r.value === 'Application.ReadWrite.OwnedBy');
    expect(ownedBy?.id).toBe('18a4783c-866b-4cc7-a460-3d5e5662c884');
    const assigned = await graph.post(`/v1.0/servicePrincipals/${msGraph.id}/appRoleAssignedTo`, { principalId: runnerSp.id, resourceId: msGraph.id, appRoleId: ownedBy?.id });
    expect(assigned.status, assigned.body).toBe(201);

    const runnerGraph = graphCaller(entrada, await appGraphToken(entrada, { id: runner.appId, secret }));
    const created = await runnerGraph.post('/v1.0/applications', { displayName: 'Made By Runner' });
    expect(created.status, created.body).toBe(201);
    const mine = created.json as { id: string; appId: string };
    expect((await runnerGraph.patch(`/v1.0/applications/${mine.id}`, { notes: 'mine' })).status).toBe(204);
    const mineSp = await runnerGraph.post('/v1.0/servicePrincipals', { appId: mine.appId });
    expect(mineSp.status, mineSp.body).toBe(201);
    expect((await runnerGraph.patch(`/v1.0/servicePrincipals/${mineSp.json.id}`, { tags: ['owned'] })).status).toBe(204);

    const theirs = await runnerGraph.patch(`/v1.0/applications(appId='${WEB.id}')`, { notes: 'not mine' });
    expect(theirs.status).toBe(403);
    expect(graphError(theirs).code).toBe('Authorization_RequestDenied');
    const webSp = (await graph.get(`/v1.0/servicePrincipals(appId='${WEB.id}')`)).json;
    expect((await runnerGraph.patch(`/v1.0/servicePrincipals/${webSp.id}`, { tags: ['x'] })).status).toBe(403);
    expect((await runnerGraph.post('/v1.0/servicePrincipals', { appId: (await newApp('Not The Runners')).appId })).status).toBe(403);

    // Made an owner of another app, the runner may change it; removed again, it may not.
    const other = await newApp('Shared With Runner');
    const ref = { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${runnerSp.id}` };
    expect((await graph.post(`/v1.0/applications/${other.id}/owners/$ref`, ref)).status).toBe(204);
    expect((await runnerGraph.patch(`/v1.0/applications/${other.id}`, { notes: 'now mine' })).status).toBe(204);
    expect((await graph.delete(`/v1.0/applications/${other.id}/owners/${runnerSp.id}/$ref`)).status).toBe(204);
    expect((await runnerGraph.patch(`/v1.0/applications/${other.id}`, { notes: 'gone' })).status).toBe(403);
  });
});

describe('who may call the service principal, assignment, grant and owner operations', () => {
  it('no token → 401; a token for another audience → 401 Invalid audience; Demo Daemon (no write permission) → 403', async () => {
    const app = await newApp('Matrix');
    const sp = await newSp(app.appId);
    const apiSp = (await graph.get(`/v1.0/servicePrincipals(appId='e7ada000-0000-4000-8000-000000000001')`)).json.id;
    const grant = values(await graph.get('/v1.0/oauth2PermissionGrants'))[0].id;
    const ref = { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${ALICE_ID}` };
    const operations: Array<[method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown]> = [
      ['GET', '/v1.0/servicePrincipals'],
      ['GET', `/v1.0/servicePrincipals/${sp.id}`],
      ['POST', '/v1.0/servicePrincipals', { appId: app.appId }],
      ['PATCH', `/v1.0/servicePrincipals/${sp.id}`, { tags: ['x'] }],
      ['DELETE', `/v1.0/servicePrincipals/${sp.id}`],
      ['GET', `/v1.0/servicePrincipals/${apiSp}/appRoleAssignedTo`],
      ['POST', `/v1.0/servicePrincipals/${apiSp}/appRoleAssignedTo`, { principalId: sp.id, resourceId: apiSp, appRoleId: '00000000-0000-0000-0000-000000000000' }],
      ['POST', `/v1.0/servicePrincipals/${sp.id}/appRoleAssignments`, { principalId: sp.id, resourceId: apiSp, appRoleId: '00000000-0000-0000-0000-000000000000' }],
      ['POST', `/v1.0/users/${ALICE_ID}/appRoleAssignments`, { principalId: ALICE_ID, resourceId: apiSp, appRoleId: '00000000-0000-0000-0000-000000000000' }],
      ['DELETE', `/v1.0/servicePrincipals/${apiSp}/appRoleAssignedTo/00000000-0000-4000-8000-000000000000`],
      ['GET', '/v1.0/oauth2PermissionGrants'],
      ['GET', `/v1.0/oauth2PermissionGrants/${grant}`],
      ['POST', '/v1.0/oauth2PermissionGrants', { clientId: sp.id, consentType: 'AllPrincipals', principalId: null, resourceId: apiSp, scope: 'access_as_user' }],
      ['PATCH', `/v1.0/oAuth2PermissionGrants/${grant}`, { scope: 'access_as_user' }],
      ['DELETE', `/v1.0/oauth2PermissionGrants/${grant}`],
      ['GET', `/v1.0/applications/${app.id}/owners`],
      ['POST', `/v1.0/applications/${app.id}/owners/$ref`, ref],
      ['DELETE', `/v1.0/applications/${app.id}/owners/${ALICE_ID}/$ref`],
      ['POST', `/v1.0/servicePrincipals/${sp.id}/owners/$ref`, ref],
      ['DELETE', `/v1.0/servicePrincipals/${sp.id}/owners/${ALICE_ID}/$ref`],
    ];
    const apiToken = await tokenClient(entrada, PLAIN_FORM).post(`/${TENANT}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: 'api://entrada-demo-api/.default' });
    const anonymous = graphCaller(entrada, undefined);
    const otherAudience = graphCaller(entrada, String(apiToken.json.access_token));
    const daemon = graphCaller(entrada, await appGraphToken(entrada, DAEMON));
    for (const [method, url, body] of operations) {
      const none = await anonymous.call(method, url, body);
      expect(none.status, `${method} ${url}`).toBe(401);
      expect(graphError(none)).toEqual({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
      const wrong = await otherAudience.call(method, url, body);
      expect(wrong.status, `${method} ${url}`).toBe(401);
      expect(graphError(wrong)).toEqual({ code: 'InvalidAuthenticationToken', message: 'Access token validation failure. Invalid audience.' });
      const denied = await daemon.call(method, url, body);
      expect(denied.status, `${method} ${url}: ${denied.body}`).toBe(403);
      expect(graphError(denied).code).toBe('Authorization_RequestDenied');
    }
    // Nothing changed: the grant and the service principal are still there.
    expect((await graph.get(`/v1.0/oauth2PermissionGrants/${grant}`)).status).toBe(200);
    expect((await graph.get(`/v1.0/servicePrincipals/${sp.id}`)).json.tags).toEqual([]);
  });
});

describe('bad and hostile input', () => {
  it('wrong types, unknown properties and read-only ones are 400 naming the property; nothing is written', async () => {
    const app = await newApp('Bad Input');
    const before = values(await graph.get('/v1.0/servicePrincipals?$top=999')).length;
    const cases: Array<[unknown, RegExp]> = [
      [{ appId: 5 }, /^Invalid value specified for property 'appId' of resource 'ServicePrincipal'\./],
      [{}, /^Invalid value specified for property 'appId'/],
      [{ appId: 'not-a-guid' }, /^Invalid value specified for property 'appId'/],
      [{ appId: app.appId, color: 'blue' }, /^Invalid property 'color'\./],
      [{ appId: app.appId, displayName: 'Mine' }, /^Invalid property 'displayName'\./],
      [{ appId: app.appId, accountEnabled: 'yes' }, /^Invalid value specified for property 'accountEnabled'/],
      [{ appId: app.appId, tags: [1] }, /^Invalid value specified for property 'tags'/],
      [{ appId: app.appId, tags: 'a' }, /^Invalid value specified for property 'tags'/],
      [[app.appId], /request body must be a JSON object/],
    ];
    for (const [body, message] of cases) {
      const r = await graph.post('/v1.0/servicePrincipals', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(graphError(r).message).toMatch(message);
    }
    expect(values(await graph.get('/v1.0/servicePrincipals?$top=999')).length).toBe(before);

    const sp = await newSp(app.appId);
    for (const body of [{ displayName: 'x' }, { accountEnabled: 'no' }, { tags: [''] }, { appId: '00000000-0000-4000-8000-00000000a99d' }, { id: '00000000-0000-4000-8000-00000000a99e' }, { accountEnabled: false, servicePrincipalNames: ['x'] }]) {
      const r = await graph.patch(`/v1.0/servicePrincipals/${sp.id}`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    expect((await graph.get(`/v1.0/servicePrincipals/${sp.id}`)).json).toMatchObject({ accountEnabled: true, displayName: 'Bad Input' });
  });

  it('GET-modify-PATCH: the whole GET answer sent back with one change is accepted; read-only echoes unchanged are no change', async () => {
    const app = await newApp('Round Trip', { identifierUris: ['api://round-trip'], appRoles: [{ value: 'Run', allowedMemberTypes: ['Application'], displayName: 'Run', description: 'Run' }] });
    const sp = await newSp(app.appId);
    const got = await graph.get(`/v1.0/servicePrincipals/${sp.id}`);
    expect(got.status).toBe(200);
    const patched = await graph.patch(`/v1.0/servicePrincipals/${sp.id}`, { ...got.json, id: sp.id.toUpperCase(), appRoleAssignmentRequired: true, tags: ['HideApp'] });
    expect(patched.status, patched.body).toBe(204);
    expect((await graph.get(`/v1.0/servicePrincipals/${sp.id}`)).json).toMatchObject({ appRoleAssignmentRequired: true, tags: ['HideApp'], displayName: 'Round Trip' });
    // A read-only property with another value is still refused, by name.
    const changed = await graph.patch(`/v1.0/servicePrincipals/${sp.id}`, { ...got.json, servicePrincipalNames: ['api://elsewhere'] });
    expect([changed.status, graphError(changed).message]).toEqual([400, expect.stringMatching(/servicePrincipalNames/)]);
    const wrongType = await graph.patch(`/v1.0/servicePrincipals/${sp.id}`, { '@odata.type': '#microsoft.graph.user' });
    expect(wrongType.status).toBe(400);
  });

  it('malformed keys are 400 "Invalid object identifier", unknown ones 404', async () => {
    const malformed = await graph.get('/v1.0/servicePrincipals/not-a-guid');
    expect(malformed.status).toBe(400);
    expect(graphError(malformed)).toEqual({ code: 'Request_BadRequest', message: "Invalid object identifier 'not-a-guid'." });
    expect((await graph.delete("/v1.0/servicePrincipals/1' or '1'='1")).status).toBe(400);
    expect((await graph.get("/v1.0/servicePrincipals(appId='nope')")).status).toBe(400);
    expect((await graph.get('/v1.0/servicePrincipals/e7ada000-0000-4000-8000-00000000f00d')).status).toBe(404);
    expect((await graph.get('/v1.0/servicePrincipals/e7ada000-0000-4000-8000-00000000f00d/owners')).status).toBe(404);
    expect((await graph.get('/v1.0/applications/not-a-guid/owners')).status).toBe(400);
    expect((await graph.delete(`/v1.0/applications/${(await newApp('Key Test')).id}/owners/not-a-guid/$ref`)).status).toBe(400);
  });

  it('injection attempts in $filter are Request_UnsupportedQuery, never 500', async () => {
    const filters = [
      "appId eq 'x' or 1 eq 1",
      "displayName eq 'a' or displayName ne 'a'",
      "appId eq 'x''",
      "(appId eq 'x')",
      "displayName eq 'a') or (1 eq 1",
      "appId eq x'; DROP TABLE service_principals; --",
      "servicePrincipalNames/any(c:c eq 'x') or true",
      "passwordCredentials/any(c:c eq 'x')",
      "startswith(displayName,'a'",
      "appId eq '\u0000'",
    ];
    for (const filter of filters) {
      const r = await graph.get(`/v1.0/servicePrincipals?${q(filter)}`);
      if (r.status === 200) {
        expect(values(r)).toEqual([]);
        continue;
      }
      expect(r.status, filter).toBe(400);
      // NUL anywhere in the URL is refused up front (graph-reply.ts), before $filter is read.
      expect(graphError(r).code, filter).toBe(filter.includes('\u0000') ? 'BadRequest' : 'Request_UnsupportedQuery');
    }
    for (const url of ['/v1.0/oauth2PermissionGrants', `/v1.0/servicePrincipals(appId='${AUTOMATION.id}')/appRoleAssignments`]) {
      const r = await graph.get(`${url}?${q("clientId eq 'x' or 1 eq 1")}`);
      expect(r.status).toBe(400);
      expect(graphError(r).code).toBe('Request_UnsupportedQuery');
    }
  });
});

describe('multi-tenant applications', () => {
  const HOME = '1b2c3d4e-0000-4000-8000-0000000000a1';
  const OTHER = '1b2c3d4e-0000-4000-8000-0000000000b2';
  const ADMIN = { id: '1b2c3d4e-0000-4000-8000-00000000a001', secret: 'admin~secret~multi-tenant-test-1' };
  const MULTI = '1b2c3d4e-0000-4000-8000-00000000b001';
  const SINGLE = '1b2c3d4e-0000-4000-8000-00000000b002';
  const multi = useEntrada({
    seed: {
      tenants: [
        {
          id: HOME,
          displayName: 'Home',
          domains: ['home.localhost'],
          applications: [{ appId: ADMIN.id, displayName: 'Admin', passwordCredentials: [{ secretText: ADMIN.secret }] }],
          appRoleAssignments: [{ principal: ADMIN.id, resource: 'https://graph.microsoft.com', appRole: 'Application.ReadWrite.All' }],
        },
        {
          id: OTHER,
          displayName: 'Other',
          domains: ['other.localhost'],
          applications: [
            { appId: MULTI, displayName: 'Shared SaaS', signInAudience: 'AzureADMultipleOrgs' },
            { appId: SINGLE, displayName: 'Private', signInAudience: 'AzureADMyOrg' },
          ],
        },
      ],
    },
  });

  it("creates a service principal for another tenant's multi-tenant app, not for a single-tenant one", async () => {
    const home = graphCaller(multi, await appGraphToken(multi, ADMIN, HOME));
    const created = await home.post('/v1.0/servicePrincipals', { appId: MULTI });
    expect(created.status, created.body).toBe(201);
    expect(created.json).toMatchObject({ appId: MULTI, displayName: 'Shared SaaS', appOwnerOrganizationId: OTHER, signInAudience: 'AzureADMultipleOrgs' });
    const refused = await home.post('/v1.0/servicePrincipals', { appId: SINGLE });
    expect(refused.status).toBe(400);
    expect(graphError(refused).message).toBe(`The appId '${SINGLE}' of the service principal does not reference a valid application object.`);
    // The other tenant's own service principals are not this tenant's.
    const theirs = await home.get(`/v1.0/servicePrincipals?${q(`appId eq '${SINGLE}'`)}`);
    expect(theirs.json.value).toEqual([]);
  });
});
