// Graph's /v1.0/organization, /v1.0/domains and /v1.0/directoryObjects (issue 11): the caller's
// tenant, its verified domains, and objects of any type by id.

import { beforeAll, describe, expect, it } from 'vitest';
import { ALICE, AUTOMATION, CLI_ID, DAEMON, TENANT } from '../support/demo-seed.js';
import { appGraphToken, graphCaller, graphError } from '../support/graph.js';
import { useEntrada } from '../support/in-process.js';
import { tokenClient } from '../support/token-client.js';
import { PLAIN_FORM } from '../support/wire.js';

const entrada = useEntrada();
let graph: ReturnType<typeof graphCaller>;

beforeAll(async () => {
  graph = graphCaller(entrada, await appGraphToken(entrada, AUTOMATION));
});

describe('/v1.0/organization and /v1.0/domains', () => {
  it('answers the tenant with its verified domains', async () => {
    const list = await graph.get('/v1.0/organization');
    expect(list.status).toBe(200);
    expect(list.json['@odata.context']).toBe('https://graph.microsoft.com/v1.0/$metadata#organization');
    const [org] = list.json.value as Array<Record<string, unknown>>;
    expect(org).toMatchObject({
      id: TENANT,
      displayName: 'Entrada Demo',
      tenantType: 'AAD',
      verifiedDomains: [{ name: 'entrada.localhost', isDefault: true, isInitial: true, type: 'Managed', capabilities: 'Email, OfficeCommunicationsOnlineService' }],
    });
    expect((await graph.get(`/v1.0/organization/${TENANT}`)).json).toMatchObject({ id: TENANT, displayName: 'Entrada Demo' });
    expect((await graph.get('/v1.0/organization/0f0f0f0f-0000-4000-8000-000000000000')).status).toBe(404);

    // A signed-in user reads it with User.Read.
    const r = await tokenClient(entrada, PLAIN_FORM).post(`/${TENANT}/oauth2/v2.0/token`, {
      grant_type: 'password',
      client_id: CLI_ID,
      username: ALICE.upn,
      password: ALICE.password,
      scope: 'https://graph.microsoft.com/User.Read',
    });
    const alice = graphCaller(entrada, String(r.json.access_token));
    expect((await alice.get('/v1.0/organization')).status).toBe(200);
  });

  it('lists and gets domains in Graph\u2019s shape', async () => {
    const domains = await graph.get('/v1.0/domains');
    expect(domains.json.value).toEqual([
      expect.objectContaining({ id: 'entrada.localhost', isDefault: true, isInitial: true, isVerified: true, authenticationType: 'Managed', supportedServices: [] }),
    ]);
    expect((await graph.get('/v1.0/domains/ENTRADA.localhost')).json).toMatchObject({ id: 'entrada.localhost', isVerified: true });
    const missing = await graph.get('/v1.0/domains/contoso.com');
    expect([missing.status, graphError(missing).code]).toEqual([404, 'Request_ResourceNotFound']);
  });
});

describe('/v1.0/directoryObjects', () => {
  it('getByIds answers the tenant\u2019s objects with their @odata.type, filtered by types, unknown ids left out', async () => {
    const alice = String((await graph.get(`/v1.0/users/${ALICE.upn}`)).json.id);
    const group = String((await graph.post('/v1.0/groups', { displayName: 'ById', mailNickname: 'ById', mailEnabled: false, securityEnabled: true })).json.id);
    const sps = await graph.get(`/v1.0/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${DAEMON.id}'`)}`);
    const sp = String((sps.json.value as Array<{ id: string }>)[0].id);
    const unknown = '0f0f0f0f-0000-4000-8000-000000000000';

    const all = await graph.post('/v1.0/directoryObjects/getByIds', { ids: [alice, group, sp, unknown] });
    expect(all.status).toBe(200);
    expect(all.json['@odata.context']).toBe('https://graph.microsoft.com/v1.0/$metadata#directoryObjects');
    expect((all.json.value as Array<Record<string, unknown>>).map((o) => [o.id, o['@odata.type']])).toEqual([
      [alice, '#microsoft.graph.user'],
      [group, '#microsoft.graph.group'],
      [sp, '#microsoft.graph.servicePrincipal'],
    ]);
    const usersOnly = await graph.post('/v1.0/directoryObjects/getByIds', { ids: [alice, group, sp], types: ['user', 'servicePrincipal'] });
    expect((usersOnly.json.value as Array<{ id: string }>).map((o) => o.id)).toEqual([alice, sp]);

    expect((await graph.get(`/v1.0/directoryObjects/${group}`)).json).toMatchObject({ '@odata.type': '#microsoft.graph.group', displayName: 'ById' });

    const badType = await graph.post('/v1.0/directoryObjects/getByIds', { ids: [alice], types: ['planet'] });
    expect([badType.status, graphError(badType).code]).toEqual([400, 'Request_BadRequest']);
    const tooMany = await graph.post('/v1.0/directoryObjects/getByIds', { ids: Array.from({ length: 1001 }, () => alice) });
    expect(graphError(tooMany).message).toMatch(/At most 1000 ids/);
    const notGuid = await graph.post('/v1.0/directoryObjects/getByIds', { ids: ['alice'] });
    expect(graphError(notGuid).message).toMatch(/^Invalid object identifier 'alice'/);
  });

  it('needs Directory.Read.All: DAEMON (User.Read.All only) gets 403', async () => {
    const daemon = graphCaller(entrada, await appGraphToken(entrada, DAEMON));
    const r = await daemon.post('/v1.0/directoryObjects/getByIds', { ids: [TENANT] });
    expect([r.status, graphError(r).code]).toEqual([403, 'Authorization_RequestDenied']);
  });
});
