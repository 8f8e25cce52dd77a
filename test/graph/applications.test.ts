// Graph's /v1.0/applications (issue 11): create, read, update, delete, secrets, federated
// credentials; the founding scenario without a restart; Graph's errors for bad input.

import { beforeAll, describe, expect, it } from 'vitest';
import { ALICE, AUTOMATION, TENANT, WEB } from '../support/demo-seed.js';
import { appGraphToken, graphCaller, graphError } from '../support/graph.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient } from '../support/token-client.js';
import { PLAIN_FORM } from '../support/wire.js';

const entrada = useEntrada();
let graph: ReturnType<typeof graphCaller>;

beforeAll(async () => {
  graph = graphCaller(entrada, await appGraphToken(entrada, AUTOMATION));
});

describe('/v1.0/applications', () => {
  it('creates an app (201, the full object), reads it by id and by appId, lists and filters it, deletes it', async () => {
    const created = await graph.post('/v1.0/applications', { displayName: 'Graph Created', web: { redirectUris: ['https://localhost:4000/cb'] }, signInAudience: 'AzureADMyOrg' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ displayName: 'Graph Created', publisherDomain: 'entrada.localhost', passwordCredentials: [], web: { redirectUris: ['https://localhost:4000/cb'] } });
    const { id, appId } = created.json as { id: string; appId: string };
    expect((await graph.get(`/v1.0/applications/${id}`)).json.appId).toBe(appId);
    expect((await graph.get(`/v1.0/applications(appId='${appId}')`)).json.id).toBe(id);
    const list = await graph.get(`/v1.0/applications?$filter=${encodeURIComponent(`appId eq '${appId}'`)}&$select=id,displayName`);
    expect(list.json.value).toEqual([{ id, displayName: 'Graph Created' }]);
    const starts = await graph.get(`/v1.0/applications?$filter=${encodeURIComponent("startswith(displayName,'graph cre')")}`);
    expect((starts.json.value as unknown[]).length).toBe(1);
    expect((await graph.delete(`/v1.0/applications/${id}`)).status).toBe(204);
    const gone = await graph.get(`/v1.0/applications/${id}`);
    expect(gone.status).toBe(404);
    expect(graphError(gone).code).toBe('Request_ResourceNotFound');
  });

  it('the founding scenario: ROPC refused with 7000218, PATCH isFallbackPublicClient, the same request succeeds', async () => {
    const client = tokenClient(entrada, PLAIN_FORM);
    const ropc = () => client.post(`/${TENANT}/oauth2/v2.0/token`, { grant_type: 'password', client_id: WEB.id, username: ALICE.upn, password: ALICE.password, scope: 'openid' });
    expect((await ropc()).code).toBe(7000218);
    const patched = await graph.patch(`/v1.0/applications(appId='${WEB.id}')`, { isFallbackPublicClient: true });
    expect(patched.status).toBe(204);
    const again = await ropc();
    expect(again.status).toBe(200);
    await graph.patch(`/v1.0/applications(appId='${WEB.id}')`, { isFallbackPublicClient: false });
    expect((await ropc()).code).toBe(7000218);
  });

  it('addPassword returns the secret once; the secret works; removePassword revokes it', async () => {
    const created = await graph.post('/v1.0/applications', { displayName: 'Secret Holder' });
    const { id, appId } = created.json as { id: string; appId: string };
    await graph.post('/v1.0/servicePrincipals', { appId });
    const added = await graph.post(`/v1.0/applications/${id}/addPassword`, { passwordCredential: { displayName: 'ci' } });
    expect(added.status).toBe(200);
    const secretText = String(added.json.secretText);
    expect(secretText).toHaveLength(40);
    expect(added.json.hint).toBe(secretText.slice(0, 3));
    const shown = await graph.get(`/v1.0/applications/${id}`);
    expect(JSON.stringify(shown.json)).not.toContain(secretText);
    expect((shown.json.passwordCredentials as Array<{ secretText: unknown }>)[0].secretText).toBeNull();
    const removed = await graph.post(`/v1.0/applications/${id}/removePassword`, { keyId: added.json.keyId });
    expect(removed.status).toBe(204);
    expect((await graph.get(`/v1.0/applications/${id}`)).json.passwordCredentials).toEqual([]);
  });

  it('refuses what the seed refuses, naming the property, and writes nothing', async () => {
    const bad = await graph.post('/v1.0/applications', { displayName: 'Bad', web: { redirectUris: ['http://example.com/cb'] } });
    expect(bad.status).toBe(400);
    expect(graphError(bad)).toMatchObject({ code: 'Request_BadRequest' });
    expect(graphError(bad).message).toMatch(/^Invalid value specified for property 'web' of resource 'Application'\./);
    const unknown = await graph.post('/v1.0/applications', { displayName: 'Bad', color: 'blue' });
    expect(graphError(unknown).message).toMatch(/^Invalid property 'color'\./);
    const wrongType = await graph.post('/v1.0/applications', { displayName: 'Bad', isFallbackPublicClient: 'yes' });
    expect(wrongType.status).toBe(400);
    const malformed = await graph.call('POST', '/v1.0/applications', '{"displayName":');
    expect(graphError(malformed).code).toBe('BadRequest');
    const list = await graph.get(`/v1.0/applications?$filter=${encodeURIComponent("displayName eq 'Bad'")}`);
    expect(list.json.value).toEqual([]);
  });

  it('the seed file\'s own changes are in the directory audit log', async () => {
    const audits = await graph.get(`/v1.0/auditLogs/directoryAudits?$top=999&$filter=${encodeURIComponent("activityDisplayName eq 'Add application'")}`);
    const seeded = (audits.json.value as Array<{ initiatedBy: { app: { displayName: string } | null }; targetResources: Array<{ displayName: string }> }>).find(
      (a) => a.targetResources[0].displayName === 'Demo Web App',
    );
    expect(seeded?.initiatedBy.app?.displayName).toBe('Entrada seed file');
  });

  it('takes back what GET returned (GET-modify-PATCH), and a PATCH without a body', async () => {
    const { id } = (await graph.post('/v1.0/applications', { displayName: 'Round Trip', web: { redirectUris: ['https://localhost:4300/cb'] } })).json as { id: string };
    await graph.post(`/v1.0/applications/${id}/addPassword`, {});
    const { '@odata.context': _context, ...fetched } = (await graph.get(`/v1.0/applications/${id}`)).json;
    const edited = { ...fetched, displayName: 'Round Trip 2', web: { ...(fetched.web as object), logoutUrl: 'https://localhost:4300/logout' } };
    const patched = await graph.patch(`/v1.0/applications/${id}`, edited);
    expect(patched.status, patched.body).toBe(204);
    expect((await graph.get(`/v1.0/applications/${id}`)).json).toMatchObject({ displayName: 'Round Trip 2', web: { logoutUrl: 'https://localhost:4300/logout', redirectUris: ['https://localhost:4300/cb'] } });
    expect((await graph.call('PATCH', `/v1.0/applications/${id}`)).status).toBe(204);
  });

  it('addPassword refuses impossible dates', async () => {
    const { id } = (await graph.post('/v1.0/applications', { displayName: 'Dates' })).json as { id: string };
    for (const passwordCredential of [{ startDateTime: '2020-02-30T00:00:00Z' }, { startDateTime: '9999-12-31T00:00:00Z' }, { endDateTime: 'tomorrow' }, { startDateTime: '2030-01-01T00:00:00Z', endDateTime: '2029-01-01T00:00:00Z' }]) {
      const r = await graph.post(`/v1.0/applications/${id}/addPassword`, { passwordCredential });
      expect(r.status, JSON.stringify(passwordCredential)).toBe(400);
    }
    expect((await graph.get(`/v1.0/applications/${id}`)).json.passwordCredentials).toEqual([]);
  });

  it('directoryAudits filters by time range and accepts its own order', async () => {
    const q = (filter: string) => graph.get(`/v1.0/auditLogs/directoryAudits?$orderby=activityDateTime%20desc&$filter=${encodeURIComponent(filter)}`);
    const all = await q('activityDateTime ge 2020-01-01T00:00:00Z and activityDateTime le 9999-12-31T00:00:00Z');
    expect(all.status, all.body).toBe(200);
    const times = (all.json.value as Array<{ activityDateTime: string }>).map((a) => a.activityDateTime);
    expect(times.length).toBeGreaterThan(0);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await q('activityDateTime gt 9000-01-01T00:00:00Z')).json.value).toEqual([]);
    expect((await graph.get('/v1.0/auditLogs/directoryAudits?$orderby=category')).status).toBe(400);
  });

  it('answers 401 without a token and 403 without the permission', async () => {
    const anonymous = await graphCaller(entrada, undefined).get('/v1.0/applications');
    expect(anonymous.status).toBe(401);
    expect(graphError(anonymous)).toEqual({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
  });
});
