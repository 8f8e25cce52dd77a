// Issue 11 on PostgreSQL with two nodes sharing one database (directory cache TTL 60 s, so what is
// seen within a second was announced, not expired): a Graph PATCH through node 1 changes the
// client-type decision on node 2 at once; concurrent PATCHes of different properties both land;
// concurrent addPassword calls both give working secrets.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, AUTOMATION, TENANT } from '../support/demo-seed.js';
import { appGraphToken, graphCaller } from '../support/graph.js';
import { inProcessEntrada, type InProcessEntrada } from '../support/in-process.js';
import { IN_CI, probe, schemaFactory } from '../support/postgres.js';
import { tokenClient } from '../support/token-client.js';
import { PLAIN_FORM } from '../support/wire.js';

const unreachable = await probe();
if (unreachable !== undefined && !IN_CI) console.warn(`[graph two-nodes] skipped: PostgreSQL not reachable (${unreachable})`);

/** Polls `read` for up to 1 s until `ok`; returns the last value read. */
async function within1s<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 1_000;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() >= deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(unreachable !== undefined && !IN_CI)('Graph writes with two nodes on one PostgreSQL database', () => {
  const schemas = schemaFactory('entrada_graph2');
  let a: InProcessEntrada;
  let b: InProcessEntrada;

  beforeAll(async () => {
    if (unreachable !== undefined) throw new Error(`PostgreSQL is required when CI=true: ${unreachable}`);
    const url = await schemas.fresh();
    const env = { ENTRADA_DIRECTORY_CACHE_SECONDS: '60' };
    a = await inProcessEntrada({ database: url, env });
    b = await inProcessEntrada({ database: url, env });
  });
  afterAll(async () => {
    await Promise.all([a?.dispose(), b?.dispose()]);
    await schemas.dispose();
  });

  it('a PATCH through node 1 changes the decision on node 2 within one second', async () => {
    const graphA = graphCaller(a, await appGraphToken(a, AUTOMATION));
    const created = await graphA.post('/v1.0/applications', { displayName: 'Two Nodes' });
    const { id, appId } = created.json as { id: string; appId: string };
    expect((await graphA.post('/v1.0/servicePrincipals', { appId })).status).toBe(201);
    const ropc = async () =>
      (await tokenClient(b, PLAIN_FORM).post(`/${TENANT}/oauth2/v2.0/token`, { grant_type: 'password', client_id: appId, username: ALICE.upn, password: ALICE.password, scope: 'openid' })).code;
    expect(await ropc()).toBe(7000218); // node 2 has now cached the app as it is
    expect((await graphA.patch(`/v1.0/applications/${id}`, { isFallbackPublicClient: true })).status).toBe(204);
    expect(await within1s(ropc, (code) => code === undefined)).toBeUndefined();
  });

  it('concurrent PATCHes of different properties of one app, through both nodes, both land', async () => {
    const graphA = graphCaller(a, await appGraphToken(a, AUTOMATION));
    const graphB = graphCaller(b, await appGraphToken(b, AUTOMATION));
    const { id } = (await graphA.post('/v1.0/applications', { displayName: 'Concurrent' })).json as { id: string };
    for (let round = 0; round < 5; round++) {
      const [one, two] = await Promise.all([
        graphA.patch(`/v1.0/applications/${id}`, { displayName: `Concurrent ${round}` }),
        graphB.patch(`/v1.0/applications/${id}`, { web: { redirectUris: [`https://localhost:${4100 + round}/cb`] } }),
      ]);
      expect([one.status, two.status]).toEqual([204, 204]);
      const app = (await graphB.get(`/v1.0/applications/${id}`)).json as { displayName: string; web: { redirectUris: string[] } };
      expect(app.displayName).toBe(`Concurrent ${round}`);
      expect(app.web.redirectUris).toEqual([`https://localhost:${4100 + round}/cb`]);
    }
  });

  it('two addPassword calls at once both produce usable secrets', async () => {
    const graphA = graphCaller(a, await appGraphToken(a, AUTOMATION));
    const graphB = graphCaller(b, await appGraphToken(b, AUTOMATION));
    const { id, appId } = (await graphA.post('/v1.0/applications', { displayName: 'Two Secrets' })).json as { id: string; appId: string };
    await graphA.post('/v1.0/servicePrincipals', { appId });
    const [one, two] = await Promise.all([graphA.post(`/v1.0/applications/${id}/addPassword`, {}), graphB.post(`/v1.0/applications/${id}/addPassword`, {})]);
    const app = (await graphA.get(`/v1.0/applications/${id}`)).json as { passwordCredentials: unknown[] };
    expect(app.passwordCredentials).toHaveLength(2);
    for (const [node, secret] of [[a, one.json.secretText], [b, two.json.secretText], [b, one.json.secretText]] as const) {
      const r = await tokenClient(node, PLAIN_FORM).post(`/${TENANT}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: appId, client_secret: String(secret), scope: 'https://graph.microsoft.com/.default' });
      expect(r.status, r.description).toBe(200);
    }
  });
});
