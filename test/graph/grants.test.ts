// App role assignments and delegated permission grants through Graph (issue 11): both sides of an
// assignment, the seed's rules (role exists, enabled, allows the principal's kind; scopes exist and
// are enabled), Graph's errors, the audit log, and tokens that change at once: a client-credentials
// token carries a role as soon as it is assigned and loses it when the assignment goes; a
// delegated sign-in that needed consent (AADSTS65001) succeeds after a grant and fails again
// after its DELETE.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRECTORY_ROLES } from '../../src/core/policy/graph-permissions.js';
import { derivedId } from '../../src/seed/ids.js';
import { ADMIN, ALICE, AUTOMATION, BOB, CLI_ID, DAEMON, TENANT, WEB } from '../support/demo-seed.js';
import { appGraphToken, graphCaller, graphError, type GraphReply } from '../support/graph.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient } from '../support/token-client.js';
import { claimsOf, PLAIN_FORM } from '../support/wire.js';

const ALICE_ID = derivedId.user(TENANT, ALICE.upn);
const BOB_ID = derivedId.user(TENANT, BOB.upn);
const DEFAULT_ROLE = '00000000-0000-0000-0000-000000000000';
const q = (filter: string) => `$filter=${encodeURIComponent(filter)}`;

const entrada = useEntrada();
let graph: ReturnType<typeof graphCaller>;

beforeAll(async () => {
  graph = graphCaller(entrada, await appGraphToken(entrada, AUTOMATION));
});

function values(r: GraphReply): Array<Record<string, unknown>> {
  expect(r.status, r.body).toBe(200);
  return r.json.value as Array<Record<string, unknown>>;
}

async function spId(appId: string): Promise<string> {
  const r = await graph.get(`/v1.0/servicePrincipals(appId='${appId}')`);
  expect(r.status, r.body).toBe(200);
  return String(r.json.id);
}

/** A new API (an app with app roles and delegated permissions, identifier URI api://{name}) and its service principal. */
async function newApi(name: string): Promise<{ appId: string; id: string; spId: string; roles: Record<string, string> }> {
  const scope = (value: string, isEnabled = true) => ({ value, type: 'User', adminConsentDisplayName: value, adminConsentDescription: value, isEnabled });
  const role = (value: string, allowedMemberTypes: string[], isEnabled = true) => ({ value, allowedMemberTypes, displayName: value, description: value, isEnabled });
  const app = await graph.post('/v1.0/applications', {
    displayName: name,
    identifierUris: [`api://${name}`],
    api: { oauth2PermissionScopes: [scope('tasks.read'), scope('tasks.write'), scope('tasks.old', false)], requestedAccessTokenVersion: 2 },
    appRoles: [role('Jobs.Run', ['Application']), role('Reader', ['User']), role('Both', ['User', 'Application']), role('Retired', ['Application'], false)],
  });
  expect(app.status, app.body).toBe(201);
  const sp = await graph.post('/v1.0/servicePrincipals', { appId: app.json.appId });
  expect(sp.status, sp.body).toBe(201);
  const roles = Object.fromEntries((app.json.appRoles as Array<{ value: string; id: string }>).map((r) => [r.value, r.id]));
  return { appId: String(app.json.appId), id: String(app.json.id), spId: String(sp.json.id), roles };
}

function daemonToken(scope: string) {
  return tokenClient(entrada, PLAIN_FORM).post(`/${TENANT}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope });
}

function ropc(user: { upn: string; password: string }, scope: string) {
  return tokenClient(entrada, PLAIN_FORM).post(`/${TENANT}/oauth2/v2.0/token`, { grant_type: 'password', client_id: CLI_ID, username: user.upn, password: user.password, scope });
}

describe('app role assignments', () => {
  it('appRoleAssignedTo: 201 in Graph shape; the client-credentials token carries the role at once and loses it on DELETE', async () => {
    const api = await newApi('grants-roles-api');
    const daemonSp = await spId(DAEMON.id);
    const before = await daemonToken('api://grants-roles-api/.default');
    expect(before.status).toBe(200);
    expect(claimsOf(before.json.access_token).roles).toBeUndefined();

    const created = await graph.post(`/v1.0/servicePrincipals/${api.spId}/appRoleAssignedTo`, { principalId: daemonSp, resourceId: api.spId, appRoleId: api.roles['Jobs.Run'] });
    expect(created.status, created.body).toBe(201);
    expect(created.json).toMatchObject({
      '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#servicePrincipals('${api.spId}')/appRoleAssignedTo/$entity`,
      appRoleId: api.roles['Jobs.Run'],
      principalId: daemonSp,
      principalType: 'ServicePrincipal',
      principalDisplayName: 'Demo Daemon',
      resourceId: api.spId,
      resourceDisplayName: 'grants-roles-api',
      deletedDateTime: null,
    });
    const assignmentId = String(created.json.id);
    expect(claimsOf((await daemonToken('api://grants-roles-api/.default')).json.access_token).roles).toEqual(['Jobs.Run']);

    // Both sides list it; a duplicate is refused.
    expect(values(await graph.get(`/v1.0/servicePrincipals/${api.spId}/appRoleAssignedTo`)).map((a) => a.id)).toEqual([assignmentId]);
    expect(values(await graph.get(`/v1.0/servicePrincipals(appId='${DAEMON.id}')/appRoleAssignments?${q(`resourceId eq '${api.spId}'`)}`)).map((a) => a.id)).toEqual([assignmentId]);
    const twice = await graph.post(`/v1.0/servicePrincipals/${api.spId}/appRoleAssignedTo`, { principalId: daemonSp, resourceId: api.spId, appRoleId: api.roles['Jobs.Run'] });
    expect(twice.status).toBe(400);
    expect(graphError(twice)).toEqual({ code: 'Request_BadRequest', message: 'Permission being assigned already exists on the object' });

    const audits = values(await graph.get(`/v1.0/auditLogs/directoryAudits?${q("activityDisplayName eq 'Add app role assignment to service principal'")}`));
    const entry = audits.find((a) => (a.targetResources as Array<{ id: string }>)[0].id === daemonSp && JSON.stringify(a).includes(api.roles['Jobs.Run']));
    expect(entry).toMatchObject({ category: 'ApplicationManagement', operationType: 'Assign' });

    expect((await graph.delete(`/v1.0/servicePrincipals/${api.spId}/appRoleAssignedTo/${assignmentId}`)).status).toBe(204);
    expect(claimsOf((await daemonToken('api://grants-roles-api/.default')).json.access_token).roles).toBeUndefined();
    expect((await graph.delete(`/v1.0/servicePrincipals/${api.spId}/appRoleAssignedTo/${assignmentId}`)).status).toBe(404);
    expect(values(await graph.get(`/v1.0/servicePrincipals/${api.spId}/appRoleAssignedTo`))).toEqual([]);
  });

  it("the principal's side: POST/DELETE /servicePrincipals/{id}/appRoleAssignments", async () => {
    const api = await newApi('grants-principal-side');
    const daemonSp = await spId(DAEMON.id);
    const created = await graph.post(`/v1.0/servicePrincipals/${daemonSp}/appRoleAssignments`, { principalId: daemonSp, resourceId: api.spId, appRoleId: api.roles.Both });
    expect(created.status, created.body).toBe(201);
    expect(claimsOf((await daemonToken('api://grants-principal-side/.default')).json.access_token).roles).toEqual(['Both']);
    // The path's principal must be the body's.
    const mismatch = await graph.post(`/v1.0/servicePrincipals/${daemonSp}/appRoleAssignments`, { principalId: await spId(WEB.id), resourceId: api.spId, appRoleId: api.roles.Both });
    expect(mismatch.status).toBe(400);
    expect(graphError(mismatch).message).toMatch(/^Invalid value specified for property 'principalId'/);
    // Not reachable through another principal's collection.
    expect((await graph.delete(`/v1.0/servicePrincipals(appId='${WEB.id}')/appRoleAssignments/${created.json.id}`)).status).toBe(404);
    expect((await graph.delete(`/v1.0/servicePrincipals/${daemonSp}/appRoleAssignments/${created.json.id}`)).status).toBe(204);
    expect(claimsOf((await daemonToken('api://grants-principal-side/.default')).json.access_token).roles).toBeUndefined();
  });

  it('users: GET/POST /users/{id | upn}/appRoleAssignments; User roles only; the default role of an app without roles', async () => {
    const api = await newApi('grants-user-side');
    const created = await graph.post(`/v1.0/users/${ALICE_ID}/appRoleAssignments`, { principalId: ALICE_ID, resourceId: api.spId, appRoleId: api.roles.Reader });
    expect(created.status, created.body).toBe(201);
    expect(created.json).toMatchObject({ principalType: 'User', principalDisplayName: 'Alice Example', resourceDisplayName: 'grants-user-side' });
    const listed = values(await graph.get(`/v1.0/users/${ALICE.upn}/appRoleAssignments`));
    expect(listed.map((a) => a.id)).toContain(created.json.id);
    expect(values(await graph.get(`/v1.0/users/${ALICE_ID}/appRoleAssignments?${q(`resourceId eq '${api.spId}'`)}`))).toHaveLength(1);

    const appOnly = await graph.post(`/v1.0/users/${ALICE_ID}/appRoleAssignments`, { principalId: ALICE_ID, resourceId: api.spId, appRoleId: api.roles['Jobs.Run'] });
    expect(appOnly.status).toBe(400);
    expect(graphError(appOnly).message).toMatch(/allows only Application members \(allowedMemberTypes\), but the principal is a user/);

    // Demo Web App defines no app roles: users may be assigned to it with the default role.
    const webSp = await spId(WEB.id);
    const plain = await graph.post(`/v1.0/servicePrincipals/${webSp}/appRoleAssignedTo`, { principalId: ALICE_ID, resourceId: webSp, appRoleId: DEFAULT_ROLE });
    expect(plain.status, plain.body).toBe(201);
    expect(plain.json.appRoleId).toBe(DEFAULT_ROLE);
    const spDefault = await graph.post(`/v1.0/servicePrincipals/${webSp}/appRoleAssignedTo`, { principalId: await spId(DAEMON.id), resourceId: webSp, appRoleId: DEFAULT_ROLE });
    expect(spDefault.status).toBe(400);
    expect((await graph.delete(`/v1.0/users/${ALICE.upn}/appRoleAssignments/${plain.json.id}`)).status).toBe(204);

    const audits = values(await graph.get(`/v1.0/auditLogs/directoryAudits?${q("activityDisplayName eq 'Add app role assignment grant to user'")}`));
    expect(audits.find((a) => (a.targetResources as Array<{ id: string }>)[0].id === ALICE_ID)).toMatchObject({ category: 'UserManagement' });
  });

  it('groups take User roles (principalType Group); deleting a service principal removes its assignments and grants', async () => {
    const api = await newApi('grants-group-api');
    const group = await graph.post('/v1.0/groups', { displayName: 'Grants Group', mailNickname: 'grants-group', mailEnabled: false, securityEnabled: true });
    expect(group.status, group.body).toBe(201);
    const toGroup = await graph.post(`/v1.0/servicePrincipals/${api.spId}/appRoleAssignedTo`, { principalId: group.json.id, resourceId: api.spId, appRoleId: api.roles.Reader });
    expect(toGroup.status, toGroup.body).toBe(201);
    expect(toGroup.json).toMatchObject({ principalType: 'Group', principalDisplayName: 'Grants Group' });
    const appOnly = await graph.post(`/v1.0/servicePrincipals/${api.spId}/appRoleAssignedTo`, { principalId: group.json.id, resourceId: api.spId, appRoleId: api.roles['Jobs.Run'] });
    expect(graphError(appOnly).message).toMatch(/but the principal is a group\.$/);

    // A client app of its own, assigned a role and granted a scope on the API; then the API's service principal goes.
    const client = await graph.post('/v1.0/applications', { displayName: 'grants-cascade-client' });
    const clientSp = await graph.post('/v1.0/servicePrincipals', { appId: client.json.appId });
    expect((await graph.post(`/v1.0/servicePrincipals/${api.spId}/appRoleAssignedTo`, { principalId: clientSp.json.id, resourceId: api.spId, appRoleId: api.roles['Jobs.Run'] })).status).toBe(201);
    const grant = await graph.post('/v1.0/oauth2PermissionGrants', { clientId: clientSp.json.id, consentType: 'AllPrincipals', resourceId: api.spId, scope: 'tasks.read' });
    expect(grant.status).toBe(201);
    expect((await graph.delete(`/v1.0/servicePrincipals/${api.spId}`)).status).toBe(204);
    expect(values(await graph.get(`/v1.0/servicePrincipals/${clientSp.json.id}/appRoleAssignments`))).toEqual([]);
    expect((await graph.get(`/v1.0/oauth2PermissionGrants/${grant.json.id}`)).status).toBe(404);
  });

  it("refuses what the seed refuses: unknown, disabled and wrong-kind roles, a foreign resourceId, unknown principals; nothing written", async () => {
    const api = await newApi('grants-refusals');
    const daemonSp = await spId(DAEMON.id);
    const post = (body: Record<string, unknown>) => graph.post(`/v1.0/servicePrincipals/${api.spId}/appRoleAssignedTo`, { principalId: daemonSp, resourceId: api.spId, ...body });
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ appRoleId: 'e7ada000-0000-4000-8000-00000000aaaa' }, 400, /^Invalid value specified for property 'appRoleId' of resource 'AppRoleAssignment'\. 'e7ada000-0000-4000-8000-00000000aaaa' is not an app role of 'grants-refusals'; its roles: Jobs\.Run \(/],
      [{ appRoleId: api.roles.Retired }, 400, /App role 'Retired' of 'grants-refusals' is disabled/],
      [{ appRoleId: api.roles.Reader }, 400, /allows only User members \(allowedMemberTypes\), but the principal is an application\.$/],
      [{ appRoleId: api.roles['Jobs.Run'], resourceId: daemonSp }, 400, /^Invalid value specified for property 'resourceId'/],
      [{ appRoleId: api.roles['Jobs.Run'], principalId: 'e7ada000-0000-4000-8000-00000000bbbb' }, 404, /^Resource 'e7ada000-0000-4000-8000-00000000bbbb' does not exist/],
      [{ appRoleId: 'Jobs.Run' }, 400, /^Invalid value specified for property 'appRoleId'/],
      [{ appRoleId: api.roles['Jobs.Run'], principalType: 'ServicePrincipal' }, 400, /^Invalid property 'principalType'/],
      [{ appRoleId: 42 }, 400, /^Invalid value specified for property 'appRoleId'/],
    ];
    for (const [body, status, message] of cases) {
      const r = await post(body);
      expect(r.status, `${JSON.stringify(body)}: ${r.body}`).toBe(status);
      expect(graphError(r).message).toMatch(message);
    }
    expect(values(await graph.get(`/v1.0/servicePrincipals/${api.spId}/appRoleAssignedTo`))).toEqual([]);
    expect((await graph.get(`/v1.0/servicePrincipals/${api.spId}/appRoleAssignedTo/not-an-id`)).status).toBe(404);
    expect((await graph.get('/v1.0/users/nobody@entrada.localhost/appRoleAssignments')).status).toBe(404);
  });
});

describe('oauth2PermissionGrants', () => {
  it('a grant makes a sign-in that needed consent (65001) succeed at once; its DELETE (az: oAuth2PermissionGrants) undoes it', async () => {
    const api = await newApi('grants-consent-api');
    const cliSp = await spId(CLI_ID);
    expect((await ropc(ALICE, 'api://grants-consent-api/tasks.read')).code).toBe(65001);

    const created = await graph.post('/v1.0/oauth2PermissionGrants', { clientId: cliSp, consentType: 'AllPrincipals', principalId: null, resourceId: api.spId, scope: 'tasks.read' });
    expect(created.status, created.body).toBe(201);
    expect(created.json).toMatchObject({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#oauth2PermissionGrants/$entity', clientId: cliSp, consentType: 'AllPrincipals', principalId: null, resourceId: api.spId, scope: 'tasks.read' });
    const id = String(created.json.id);
    const ok = await ropc(ALICE, 'api://grants-consent-api/tasks.read');
    expect(ok.status, ok.description).toBe(200);
    expect(claimsOf(ok.json.access_token).scp).toBe('tasks.read');
    expect((await ropc(ALICE, 'api://grants-consent-api/tasks.write')).code).toBe(65001);

    // One grant per client, resource and consent: a second is 409.
    const twice = await graph.post('/v1.0/oauth2PermissionGrants', { clientId: cliSp, consentType: 'AllPrincipals', resourceId: api.spId, scope: 'tasks.write' });
    expect(twice.status).toBe(409);
    expect(graphError(twice).code).toBe('Request_MultipleObjectsWithSameKeyValue');

    // PATCH the scope (204): the new permission works at once.
    expect((await graph.patch(`/v1.0/oauth2PermissionGrants/${id}`, { scope: 'tasks.read tasks.write' })).status).toBe(204);
    expect((await graph.get(`/v1.0/oauth2PermissionGrants/${id}`)).json.scope).toBe('tasks.read tasks.write');
    expect((await ropc(ALICE, 'api://grants-consent-api/tasks.write')).status).toBe(200);

    // Listed and filtered as az reads it.
    expect(values(await graph.get(`/v1.0/oauth2PermissionGrants?${q(`clientId eq '${cliSp}'`)}`)).map((g) => g.id)).toContain(id);
    expect(values(await graph.get(`/v1.0/oauth2PermissionGrants?${q(`resourceId eq '${api.spId}' and consentType eq 'AllPrincipals'`)}`)).map((g) => g.id)).toEqual([id]);

    expect((await graph.delete(`/v1.0/oAuth2PermissionGrants/${id}`)).status).toBe(204);
    expect((await ropc(ALICE, 'api://grants-consent-api/tasks.read')).code).toBe(65001);
    expect((await graph.get(`/v1.0/oauth2PermissionGrants/${id}`)).status).toBe(404);

    const audits = values(await graph.get(`/v1.0/auditLogs/directoryAudits?${q("activityDisplayName eq 'Remove delegated permission grant'")}`));
    expect(audits.some((a) => (a.targetResources as Array<{ id: string }>)[0].id === api.spId)).toBe(true);
  });

  it("Principal consent covers one user only; principalId is required for it and refused for AllPrincipals", async () => {
    const api = await newApi('grants-principal-api');
    const cliSp = await spId(CLI_ID);
    const missing = await graph.post('/v1.0/oauth2PermissionGrants', { clientId: cliSp, consentType: 'Principal', resourceId: api.spId, scope: 'tasks.read' });
    expect(missing.status).toBe(400);
    expect(graphError(missing).message).toMatch(/^Invalid value specified for property 'principalId'/);
    const extra = await graph.post('/v1.0/oauth2PermissionGrants', { clientId: cliSp, consentType: 'AllPrincipals', principalId: ALICE_ID, resourceId: api.spId, scope: 'tasks.read' });
    expect(extra.status).toBe(400);

    const created = await graph.post('/v1.0/oauth2PermissionGrants', { clientId: cliSp, consentType: 'Principal', principalId: ALICE_ID, resourceId: api.spId, scope: 'tasks.read' });
    expect(created.status, created.body).toBe(201);
    expect((await ropc(ALICE, 'api://grants-principal-api/tasks.read')).status).toBe(200);
    expect((await ropc(BOB, 'api://grants-principal-api/tasks.read')).code).toBe(65001);
    // Bob's own grant is another grant, not a duplicate.
    const bobs = await graph.post('/v1.0/oauth2PermissionGrants', { clientId: cliSp, consentType: 'Principal', principalId: BOB_ID, resourceId: api.spId, scope: 'tasks.read' });
    expect(bobs.status).toBe(201);
    expect((await ropc(BOB, 'api://grants-principal-api/tasks.read')).status).toBe(200);
    expect(values(await graph.get(`/v1.0/oauth2PermissionGrants?${q(`principalId eq '${BOB_ID}'`)}`)).map((g) => g.id)).toEqual([bobs.json.id]);
  });

  it('refuses scopes the resource does not expose, disabled or .default, bad types and unknown objects; nothing written', async () => {
    const api = await newApi('grants-bad-api');
    const cliSp = await spId(CLI_ID);
    const count = async () => values(await graph.get('/v1.0/oauth2PermissionGrants')).length;
    const before = await count();
    const base = { clientId: cliSp, consentType: 'AllPrincipals', principalId: null, resourceId: api.spId };
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ ...base, scope: 'tasks.delete' }, 400, /^Invalid value specified for property 'scope' of resource 'OAuth2PermissionGrant'\. 'tasks\.delete' is not a delegated permission \(oauth2PermissionScope\) of 'grants-bad-api'; it has: tasks\.read, tasks\.write/],
      [{ ...base, scope: 'Tasks.Read' }, 400, /did you mean 'tasks\.read'\?/],
      [{ ...base, scope: 'tasks.old' }, 400, /is disabled/],
      [{ ...base, scope: '.default' }, 400, /request-time shorthand/],
      [{ ...base, scope: 7 }, 400, /^Invalid value specified for property 'scope'/],
      [{ ...base, scope: 'tasks.read', consentType: 'Everyone' }, 400, /^Invalid value specified for property 'consentType'/],
      [{ ...base, scope: 'tasks.read', clientId: 'not-a-guid' }, 400, /^Invalid value specified for property 'clientId'/],
      [{ ...base, scope: 'tasks.read', clientId: 'e7ada000-0000-4000-8000-00000000cccc' }, 404, /does not exist/],
      [{ ...base, scope: 'tasks.read', consentType: 'Principal', principalId: 'e7ada000-0000-4000-8000-00000000dddd' }, 404, /does not exist/],
      [{ ...base, scope: 'tasks.read', expiryTime: '2030-01-01T00:00:00Z' }, 400, /^Invalid property 'expiryTime'/],
    ];
    for (const [body, status, message] of cases) {
      const r = await graph.post('/v1.0/oauth2PermissionGrants', body);
      expect(r.status, `${JSON.stringify(body)}: ${r.body}`).toBe(status);
      expect(graphError(r).message).toMatch(message);
    }
    expect(await count()).toBe(before);

    const grant = await graph.post('/v1.0/oauth2PermissionGrants', { ...base, scope: 'tasks.read' });
    const id = String(grant.json.id);
    for (const body of [{ scope: 'nope' }, { scope: 3 }, { clientId: await spId(WEB.id) }, { color: 'blue' }]) {
      const r = await graph.patch(`/v1.0/oauth2PermissionGrants/${id}`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    // Repeating unchanged properties is no change.
    expect((await graph.patch(`/v1.0/oauth2PermissionGrants/${id}`, { clientId: cliSp, scope: 'tasks.read' })).status).toBe(204);
    expect((await graph.get(`/v1.0/oauth2PermissionGrants/${id}`)).json.scope).toBe('tasks.read');
    for (const bad of ['not-a-guid', "1' or '1'='1", 'e7ada000-0000-4000-8000-00000000eeee']) {
      expect((await graph.get(`/v1.0/oauth2PermissionGrants/${encodeURIComponent(bad)}`)).status).toBe(404);
      expect((await graph.delete(`/v1.0/oauth2PermissionGrants/${encodeURIComponent(bad)}`)).status).toBe(404);
    }
  });
});

describe("Microsoft Graph's own permissions need a privileged role to give out", () => {
  const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
  const GROUP_READ_ALL_ROLE = '5b567255-7703-4780-807c-7be8301ae99b';
  const APP_ADMIN = { upn: 'ada.appadmin@entrada.localhost', password: 'Ada-App-Admin-Pass-5' };
  const PRA = { upn: 'pria.roleadmin@entrada.localhost', password: 'Pria-Role-Admin-Pass-6' };
  let graphSp: string;
  let cliGrant: { id: string; scope: string };
  let appAdmin: ReturnType<typeof graphCaller>;
  let roleAdmin: ReturnType<typeof graphCaller>;
  let globalAdmin: ReturnType<typeof graphCaller>;

  async function delegated(user: { upn: string; password: string }): Promise<ReturnType<typeof graphCaller>> {
    const r = await ropc(user, 'https://graph.microsoft.com/.default');
    expect(r.status, r.description).toBe(200);
    return graphCaller(entrada, String(r.json.access_token));
  }

  async function userWithRole(user: { upn: string; password: string }, role: string): Promise<void> {
    const created = await graph.post('/v1.0/users', {
      userPrincipalName: user.upn,
      displayName: user.upn,
      mailNickname: user.upn.split('@')[0].replace(/\./g, ''),
      accountEnabled: true,
      passwordProfile: { password: user.password, forceChangePasswordNextSignIn: false },
    });
    expect(created.status, created.body).toBe(201);
    await entrada.storage.directory.setDirectoryRole(TENANT, role, String(created.json.id), true);
  }

  beforeAll(async () => {
    graphSp = await spId(GRAPH_APP_ID);
    // The Demo CLI's Graph grant, widened for this block to the scopes these operations need.
    const cliSp = await spId(CLI_ID);
    const grants = values(await graph.get(`/v1.0/oauth2PermissionGrants?${q(`clientId eq '${cliSp}'`)}`));
    const found = grants.find((g) => g.resourceId === graphSp && g.consentType === 'AllPrincipals');
    cliGrant = { id: String(found?.id), scope: String(found?.scope) };
    const widened = await graph.patch(`/v1.0/oauth2PermissionGrants/${cliGrant.id}`, { scope: `${cliGrant.scope} AppRoleAssignment.ReadWrite.All DelegatedPermissionGrant.ReadWrite.All` });
    expect(widened.status, widened.body).toBe(204);
    await userWithRole(APP_ADMIN, DIRECTORY_ROLES.applicationAdministrator.id);
    await userWithRole(PRA, DIRECTORY_ROLES.privilegedRoleAdministrator.id);
    appAdmin = await delegated(APP_ADMIN);
    roleAdmin = await delegated(PRA);
    globalAdmin = await delegated(ADMIN);
  });

  afterAll(async () => {
    await graph.patch(`/v1.0/oauth2PermissionGrants/${cliGrant.id}`, { scope: cliGrant.scope });
  });

  it("app role assignments: an Application Administrator may not assign Microsoft Graph's app roles (403), other APIs' it may; Global and Privileged Role Administrators and app-only automation may", async () => {
    const api = await newApi('grants-privileged-api');
    const client = await newApi('grants-privileged-client');
    const toGraph = { principalId: client.spId, resourceId: graphSp, appRoleId: GROUP_READ_ALL_ROLE };

    const refused = await appAdmin.post(`/v1.0/servicePrincipals/${graphSp}/appRoleAssignedTo`, toGraph);
    expect([refused.status, graphError(refused).code], refused.body).toEqual([403, 'Authorization_RequestDenied']);
    expect(graphError(refused).message).toMatch(/Granting Microsoft Graph's application permissions \(app roles\) needs a Global Administrator or Privileged Role Administrator/);
    // Also from the principal's side.
    expect((await appAdmin.post(`/v1.0/servicePrincipals/${client.spId}/appRoleAssignments`, toGraph)).status).toBe(403);
    expect(values(await graph.get(`/v1.0/servicePrincipals/${client.spId}/appRoleAssignments`))).toEqual([]);

    const other = await appAdmin.post(`/v1.0/servicePrincipals/${api.spId}/appRoleAssignedTo`, { principalId: client.spId, resourceId: api.spId, appRoleId: api.roles['Jobs.Run'] });
    expect(other.status, other.body).toBe(201);

    for (const caller of [roleAdmin, globalAdmin, graph]) {
      const made = await caller.post(`/v1.0/servicePrincipals/${graphSp}/appRoleAssignedTo`, toGraph);
      expect(made.status, made.body).toBe(201);
      expect((await graph.delete(`/v1.0/servicePrincipals/${graphSp}/appRoleAssignedTo/${made.json.id}`)).status).toBe(204);
    }
  });

  it("delegated grants: an Application Administrator may grant Graph's user-consent scopes but not its admin-consent ones (403), on create and when a PATCH adds one", async () => {
    const client = await newApi('grants-privileged-consent');
    const api = await newApi('grants-privileged-consent-api');
    const base = { clientId: client.spId, consentType: 'AllPrincipals', principalId: null, resourceId: graphSp };

    const admin = await appAdmin.post('/v1.0/oauth2PermissionGrants', { ...base, scope: 'User.Read Directory.Read.All' });
    expect([admin.status, graphError(admin).code], admin.body).toEqual([403, 'Authorization_RequestDenied']);
    expect(graphError(admin).message).toMatch(/admin-consent permissions \(Directory\.Read\.All\) needs a Global Administrator or Privileged Role Administrator/);

    const userScopes = await appAdmin.post('/v1.0/oauth2PermissionGrants', { ...base, scope: 'User.Read openid' });
    expect(userScopes.status, userScopes.body).toBe(201);
    const id = String(userScopes.json.id);
    expect((await appAdmin.patch(`/v1.0/oauth2PermissionGrants/${id}`, { scope: 'User.Read openid Group.Read.All' })).status).toBe(403);
    expect((await graph.get(`/v1.0/oauth2PermissionGrants/${id}`)).json.scope).toBe('User.Read openid');
    // Other APIs' scopes are the Application Administrator's to grant.
    expect((await appAdmin.post('/v1.0/oauth2PermissionGrants', { ...base, resourceId: api.spId, scope: 'tasks.read' })).status).toBe(201);

    // A Privileged Role Administrator adds the admin scope; the Application Administrator may then take a scope away.
    expect((await roleAdmin.patch(`/v1.0/oauth2PermissionGrants/${id}`, { scope: 'User.Read openid Group.Read.All' })).status).toBe(204);
    expect((await appAdmin.patch(`/v1.0/oauth2PermissionGrants/${id}`, { scope: 'User.Read Group.Read.All' })).status).toBe(204);
    expect((await globalAdmin.delete(`/v1.0/oauth2PermissionGrants/${id}`)).status).toBe(204);
    // App-only automation (DelegatedPermissionGrant.ReadWrite.All) is not limited.
    const byApp = await graph.post('/v1.0/oauth2PermissionGrants', { ...base, scope: 'Directory.Read.All' });
    expect(byApp.status, byApp.body).toBe(201);
  });
});
