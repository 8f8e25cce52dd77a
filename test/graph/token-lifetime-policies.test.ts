// Graph's token lifetime policies (issue 18): /v1.0/policies/tokenLifetimePolicies (create, read,
// list, update, delete, appliesTo; Graph's shapes and 400s), assignment to applications and
// service principals ($ref), who may call them, the audit log; and what they do to tokens: the
// resource's policy sets the access token's lifetime, the client's the ID token's, the organization
// default applies below a service principal's policy and above an application's.

import { beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { ALICE, API_ID, AUTOMATION, CLI_ID, DAEMON, TENANT } from '../support/demo-seed.js';
import { appGraphToken, graphCaller, graphError, type GraphReply } from '../support/graph.js';
import { grantGraphRoles } from '../support/graph-roles.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient } from '../support/token-client.js';

const entrada = useEntrada();
let graph: ReturnType<typeof graphCaller>;
let apiAppId: string;
let apiSpId: string;
let cliAppId: string;

const ROOT = '/v1.0/policies/tokenLifetimePolicies';
const V2 = `/${TENANT}/oauth2/v2.0/token`;
const V1 = `/${TENANT}/oauth2/token`;

const definition = (lifetime: string) => [JSON.stringify({ TokenLifetimePolicy: { Version: 1, AccessTokenLifetime: lifetime } })];
const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/policies/tokenLifetimePolicies/${id}` });

beforeAll(async () => {
  const automation = graphCaller(entrada, await appGraphToken(entrada, AUTOMATION));
  await grantGraphRoles(automation, AUTOMATION.id, ['Policy.Read.All', 'Policy.ReadWrite.ApplicationConfiguration', 'AuditLog.Read.All']);
  graph = graphCaller(entrada, await appGraphToken(entrada, AUTOMATION));
  apiAppId = String((await graph.get(`/v1.0/applications(appId='${API_ID}')`)).json.id);
  apiSpId = String((await graph.get(`/v1.0/servicePrincipals(appId='${API_ID}')`)).json.id);
  cliAppId = String((await graph.get(`/v1.0/applications(appId='${CLI_ID}')`)).json.id);
});

function expectGraphError(r: GraphReply, status: number, code: string, message?: RegExp): void {
  expect(r.status, r.body).toBe(status);
  expect(graphError(r).code).toBe(code);
  if (message) expect(graphError(r).message).toMatch(message);
}

async function createPolicy(displayName: string, lifetime: string, isOrganizationDefault = false): Promise<string> {
  const r = await graph.post(ROOT, { displayName, definition: definition(lifetime), isOrganizationDefault });
  expect(r.status, r.body).toBe(201);
  return String(r.json.id);
}

/** The audit entries whose first target is `id`. */
async function auditsOf(id: string): Promise<Array<Record<string, unknown>>> {
  const audits = (await graph.get('/v1.0/auditLogs/directoryAudits?$top=50')).json.value as Array<Record<string, unknown>>;
  return audits.filter((a) => (a.targetResources as Array<{ id: string }>)[0].id === id);
}

const client = () => tokenClient(entrada);
const daemonToken = (endpoint = V2) =>
  client().post(endpoint, endpoint === V2
    ? { grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: 'api://entrada-demo-api/.default' }
    : { grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, resource: 'api://entrada-demo-api' });
const aliceToken = () =>
  client().post(V2, { grant_type: 'password', client_id: CLI_ID, username: ALICE.upn, password: ALICE.password, scope: 'api://entrada-demo-api/access_as_user openid' });
/** exp − iat, less Entra's 5-minute back-dating: the lifetime the token was given. */
const lifetimeOf = (jwt: unknown) => {
  const c = decodeJwt(String(jwt));
  return Number(c.exp) - Number(c.iat) - 300;
};

describe('/v1.0/policies/tokenLifetimePolicies', () => {
  it('creates (201, Graph’s shape, Location), reads, lists, patches, deletes (204) and audits each', async () => {
    const created = await graph.post(ROOT, { displayName: 'Two hours', definition: definition('02:00:00') });
    expect(created.status, created.body).toBe(201);
    const id = String(created.json.id);
    expect(created.headers.location).toBe(`https://localhost:8443${ROOT}/${id}`);
    expect(created.json).toEqual({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#policies/tokenLifetimePolicies/$entity',
      id,
      deletedDateTime: null,
      definition: definition('02:00:00'),
      description: null,
      displayName: 'Two hours',
      isOrganizationDefault: false,
    });
    expect((await graph.get(`${ROOT}/${id}`)).json).toMatchObject({ id, displayName: 'Two hours' });
    const list = await graph.get(ROOT);
    expect(list.json['@odata.context']).toBe('https://graph.microsoft.com/v1.0/$metadata#policies/tokenLifetimePolicies');
    expect((list.json.value as Array<{ id: string }>).map((p) => p.id)).toContain(id);

    const patched = await graph.patch(`${ROOT}/${id}`, { displayName: 'Four hours', definition: definition('04:00:00') });
    expect(patched.status, patched.body).toBe(204);
    expect((await graph.get(`${ROOT}/${id}`)).json).toMatchObject({ displayName: 'Four hours', definition: definition('04:00:00') });

    expect((await graph.delete(`${ROOT}/${id}`)).status).toBe(204);
    expectGraphError(await graph.get(`${ROOT}/${id}`), 404, 'Request_ResourceNotFound');

    const mine = (await auditsOf(id)).map((a) => [a.activityDisplayName, a.category]);
    expect(mine).toEqual(expect.arrayContaining([['Add policy', 'Policy'], ['Update policy', 'Policy'], ['Delete policy', 'Policy']]));
  });

  it.each<[string, unknown, RegExp]>([
    ['9 minutes (Entra’s minimum is 10)', { displayName: 'x', definition: definition('00:09:00') }, /outside Entra's range/],
    ['more than a day', { displayName: 'x', definition: definition('1.00:00:01') }, /outside Entra's range/],
    ['Version 2', { displayName: 'x', definition: [JSON.stringify({ TokenLifetimePolicy: { Version: 2, AccessTokenLifetime: '02:00:00' } })] }, /Version must be 1/],
    ['definition not JSON', { displayName: 'x', definition: ['{'] }, /not valid JSON/],
    ['no displayName', { definition: definition('02:00:00') }, /displayName/],
    ['no definition', { displayName: 'x' }, /definition/],
    ['an unknown property', { displayName: 'x', definition: definition('02:00:00'), lifetime: 7200 }, /lifetime/],
    ['a read-only id', { id: '00000000-0000-4000-8000-000000000000', displayName: 'x', definition: definition('02:00:00') }, /id/],
  ])('refuses %s with Graph’s 400', async (_name, body, message) => {
    expectGraphError(await graph.post(ROOT, body), 400, 'Request_BadRequest', message);
  });

  it('allows only one organization default', async () => {
    const first = await createPolicy('Org default A', '03:00:00', true);
    expectGraphError(await graph.post(ROOT, { displayName: 'Org default B', definition: definition('05:00:00'), isOrganizationDefault: true }), 400, 'Request_BadRequest', /already the organization default/);
    expect((await graph.delete(`${ROOT}/${first}`)).status).toBe(204);
  });

  it('needs Policy.Read.All to read and Policy.ReadWrite.ApplicationConfiguration to write', async () => {
    const daemonGraph = graphCaller(entrada, await appGraphToken(entrada, DAEMON));
    expectGraphError(await daemonGraph.get(ROOT), 403, 'Authorization_RequestDenied', /Policy\.Read\.All/);
    expectGraphError(await daemonGraph.post(ROOT, { displayName: 'x', definition: definition('02:00:00') }), 403, 'Authorization_RequestDenied', /Policy\.ReadWrite\.ApplicationConfiguration/);
  });
});

describe('assignment: …/tokenLifetimePolicies/$ref', () => {
  it('assigns to an application, lists it there and in appliesTo, refuses a second, removes it, and audits', async () => {
    const id = await createPolicy('API two hours', '02:00:00');
    const other = await createPolicy('API three hours', '03:00:00');
    const assigned = await graph.post(`/v1.0/applications/${apiAppId}/tokenLifetimePolicies/$ref`, ref(id));
    expect(assigned.status, assigned.body).toBe(204);
    // Again: nothing changes.
    expect((await graph.post(`/v1.0/applications/${apiAppId}/tokenLifetimePolicies/$ref`, ref(id))).status).toBe(204);

    const listed = await graph.get(`/v1.0/applications(appId='${API_ID}')/tokenLifetimePolicies`);
    expect((listed.json.value as Array<{ id: string }>).map((p) => p.id)).toEqual([id]);
    const appliesTo = await graph.get(`${ROOT}/${id}/appliesTo`);
    expect(appliesTo.json.value).toEqual([expect.objectContaining({ '@odata.type': '#microsoft.graph.application', id: apiAppId })]);

    expectGraphError(await graph.post(`/v1.0/applications/${apiAppId}/tokenLifetimePolicies/$ref`, ref(other)), 400, 'Request_BadRequest', /only one may be assigned/);
    expectGraphError(await graph.post(`/v1.0/applications/${apiAppId}/tokenLifetimePolicies/$ref`, { '@odata.id': 'https://graph.microsoft.com/v1.0/users/x' }), 400, 'Request_BadRequest', /Invalid URL format/);
    expectGraphError(await graph.post(`/v1.0/applications/${apiAppId}/tokenLifetimePolicies/$ref`, ref('6b0c8a52-0000-4000-8000-000000000000')), 404, 'Request_ResourceNotFound');

    expect((await graph.delete(`/v1.0/applications/${apiAppId}/tokenLifetimePolicies/${id}/$ref`)).status).toBe(204);
    expectGraphError(await graph.delete(`/v1.0/applications/${apiAppId}/tokenLifetimePolicies/${id}/$ref`), 404, 'Request_ResourceNotFound');
    expect((await graph.get(`/v1.0/applications/${apiAppId}/tokenLifetimePolicies`)).json.value).toEqual([]);

    const mine = (await auditsOf(id)).map((a) => [a.activityDisplayName, a.operationType]);
    expect(mine).toEqual(expect.arrayContaining([['Add policy to application', 'Assign'], ['Remove policy from application', 'Unassign']]));
    for (const p of [id, other]) expect((await graph.delete(`${ROOT}/${p}`)).status).toBe(204);
  });

  it('needs an Application.ReadWrite permission besides the policy one', async () => {
    const id = await createPolicy('Unassignable', '02:00:00');
    // Demo Daemon holds neither.
    const daemonGraph = graphCaller(entrada, await appGraphToken(entrada, DAEMON));
    expectGraphError(await daemonGraph.post(`/v1.0/servicePrincipals/${apiSpId}/tokenLifetimePolicies/$ref`, ref(id)), 403, 'Authorization_RequestDenied');
    expect((await graph.delete(`${ROOT}/${id}`)).status).toBe(204);
  });
});

describe('what a policy does to tokens', () => {
  it('without a policy: app-only one hour (3599); a user’s 60–90 minutes; the ID token one hour', async () => {
    const app = await daemonToken();
    expect(app.json.expires_in).toBe(3599);
    const user = await aliceToken();
    expect(user.status, user.description).toBe(200);
    const expiresIn = Number(user.json.expires_in);
    expect(expiresIn + 1).toBeGreaterThanOrEqual(3600);
    expect(expiresIn + 1).toBeLessThanOrEqual(5400);
    expect(lifetimeOf(user.json.access_token)).toBe(expiresIn + 1);
    expect(lifetimeOf(user.json.id_token)).toBe(3600);
  });

  it("the resource's policy (on its service principal) sets access tokens' lifetime, app-only and user, v1 and v2", async () => {
    const id = await createPolicy('Demo API 2 h', '02:00:00');
    expect((await graph.post(`/v1.0/servicePrincipals/${apiSpId}/tokenLifetimePolicies/$ref`, ref(id))).status).toBe(204);

    const app = await daemonToken();
    expect(app.json).toMatchObject({ expires_in: 7199, ext_expires_in: 7199 });
    expect(lifetimeOf(app.json.access_token)).toBe(7200);
    const v1 = await daemonToken(V1);
    expect(v1.json.expires_in).toBe('7199');
    expect(Number(v1.json.expires_on) - Number(v1.json.not_before)).toBe(7200 + 300);

    const user = await aliceToken();
    expect(user.json.expires_in).toBe(7199);
    expect(lifetimeOf(user.json.access_token)).toBe(7200);
    // The ID token is the client's (Demo CLI): no policy there, one hour.
    expect(lifetimeOf(user.json.id_token)).toBe(3600);

    // CAE-capable clients keep their day: policies are not honoured for them [D].
    const cae = await client().post(V2, {
      grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: 'api://entrada-demo-api/.default',
      claims: '{"access_token":{"xms_cc":{"values":["cp1"]}}}',
    });
    expect(cae.json.expires_in).toBe(86399);

    expect((await graph.delete(`${ROOT}/${id}`)).status).toBe(204);
    expect((await daemonToken()).json.expires_in).toBe(3599);
  });

  it("the client's policy sets the ID token's lifetime, not the access token's", async () => {
    const id = await createPolicy('Demo CLI 4 h', '04:00:00');
    expect((await graph.post(`/v1.0/applications/${cliAppId}/tokenLifetimePolicies/$ref`, ref(id))).status).toBe(204);
    const user = await aliceToken();
    expect(lifetimeOf(user.json.id_token)).toBe(4 * 3600);
    expect(Number(user.json.expires_in) + 1).toBeLessThanOrEqual(5400);
    expect((await graph.delete(`${ROOT}/${id}`)).status).toBe(204);
  });

  it('the organization default applies to every app; a service principal’s policy beats it; an application’s does not', async () => {
    const org = await createPolicy('Org 30 min', '00:30:00', true);
    const onApp = await createPolicy('API app 5 h', '05:00:00');
    expect((await graph.post(`/v1.0/applications/${apiAppId}/tokenLifetimePolicies/$ref`, ref(onApp))).status).toBe(204);
    expect((await daemonToken()).json.expires_in).toBe(1799);

    const onSp = await createPolicy('API sp 6 h', '06:00:00');
    expect((await graph.post(`/v1.0/servicePrincipals(appId='${API_ID}')/tokenLifetimePolicies/$ref`, ref(onSp))).status).toBe(204);
    expect((await daemonToken()).json.expires_in).toBe(6 * 3600 - 1);

    // Without the organization default, the application's policy applies.
    expect((await graph.delete(`/v1.0/servicePrincipals/${apiSpId}/tokenLifetimePolicies/${onSp}/$ref`)).status).toBe(204);
    expect((await graph.patch(`${ROOT}/${org}`, { isOrganizationDefault: false })).status).toBe(204);
    expect((await daemonToken()).json.expires_in).toBe(5 * 3600 - 1);
    for (const p of [org, onApp, onSp]) expect((await graph.delete(`${ROOT}/${p}`)).status).toBe(204);
  });
});
