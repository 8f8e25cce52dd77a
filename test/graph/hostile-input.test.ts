// Bad and hostile input to Graph (issue 11): every one a Graph 4xx in Graph's envelope naming the
// problem, never a 500, and nothing half-written.

import { beforeAll, describe, expect, it } from 'vitest';
import { AUTOMATION } from '../support/demo-seed.js';
import { appGraphToken, graphCaller, graphError, type GraphReply } from '../support/graph.js';
import { useEntrada } from '../support/in-process.js';

const entrada = useEntrada();
let graph: ReturnType<typeof graphCaller>;

beforeAll(async () => {
  graph = graphCaller(entrada, await appGraphToken(entrada, AUTOMATION));
});

function expectEnvelope(r: GraphReply, status: number, code: string | RegExp): void {
  expect(r.status, r.body).toBe(status);
  const error = r.json.error as { code: string; message: string; innerError: Record<string, string> };
  expect(error.code).toMatch(code);
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
}

async function appCount(): Promise<number> {
  return ((await graph.get('/v1.0/applications?$top=999')).json.value as unknown[]).length;
}

describe('Graph refuses bad input cleanly', () => {
  it('malformed, non-object, NUL-carrying, deeply nested and oversized bodies', async () => {
    const before = await appCount();
    expectEnvelope(await graph.call('POST', '/v1.0/applications', '{"displayName": "x"'), 400, 'BadRequest');
    expectEnvelope(await graph.call('POST', '/v1.0/applications', '[1,2]'), 400, 'BadRequest');
    expectEnvelope(await graph.call('POST', '/v1.0/applications', '"text"'), 400, 'BadRequest');
    expectEnvelope(await graph.post('/v1.0/applications', { displayName: 'nul\u0000name' }), 400, 'Request_BadRequest');
    const deep = `{"displayName":"deep","optionalClaims":{"a":${'['.repeat(50_000)}${']'.repeat(50_000)}}}`;
    expectEnvelope(await graph.call('POST', '/v1.0/applications', deep), 400, 'Request_BadRequest');
    const huge = JSON.stringify({ displayName: 'huge', notes: 'x'.repeat(2 * 1024 * 1024) });
    expectEnvelope(await graph.call('POST', '/v1.0/applications', huge), 413, 'Request_EntityTooLarge');
    const tooMany = { displayName: 'many', web: { redirectUris: Array.from({ length: 5000 }, (_, i) => `https://localhost/${i}`) } };
    const many = await graph.post('/v1.0/applications', tooMany);
    expectEnvelope(many, 400, 'Request_BadRequest');
    expect(graphError(many).message).toContain('256');
    expectEnvelope(await graph.call('POST', '/v1.0/applications', 'displayName=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UnsupportedMediaType');
    expect(await appCount()).toBe(before);
  });

  it('wrong types and unknown properties name the property', async () => {
    const cases: Array<[unknown, string]> = [
      [{ displayName: 42 }, 'displayName'],
      [{ displayName: 'x', signInAudience: 'Everyone' }, 'signInAudience'],
      [{ displayName: 'x', web: { redirectUris: 'https://localhost/cb' } }, 'web'],
      [{ displayName: 'x', api: { requestedAccessTokenVersion: 3 } }, 'api'],
      [{ displayName: 'x', appRoles: [{ value: 'has space', allowedMemberTypes: ['User'] }] }, 'appRoles'],
      [{ displayName: 'x', identifierUris: ['not a uri'] }, 'identifierUris'],
      [{ displayName: 'x', identifierUris: ['https://graph.microsoft.com'] }, 'identifierUris'],
      [{ displayName: 'x', identifierUris: ['https://example.com/api'] }, 'identifierUris'],
      [{ displayName: 'x', passwordCredentials: [] }, 'passwordCredentials'],
      [{ displayName: 'x', appId: '00000000-0000-0000-0000-000000000001' }, 'appId'],
      [{ displayName: 'x', favouriteColour: 'blue' }, 'favouriteColour'],
    ];
    for (const [body, property] of cases) {
      const r = await graph.post('/v1.0/applications', body);
      expect(r.status, `${JSON.stringify(body)} → ${r.body}`).toBe(400);
      expect(graphError(r).message, JSON.stringify(body)).toContain(property);
    }
  });

  it('$filter injection, bad paging and unknown query options are 400s', async () => {
    const filters = [
      "appId eq 'x' or 1 eq 1",
      "startswith(displayName,'a'",
      'displayName eq',
      "secretText eq 'x'",
      `displayName eq '${'a'.repeat(5000)}'`,
      "displayName ne 'x'",
    ];
    for (const f of filters) {
      const r = await graph.get(`/v1.0/applications?$filter=${encodeURIComponent(f)}`);
      expectEnvelope(r, 400, /^Request_UnsupportedQuery$/);
    }
    // Quotes doubled inside a literal are part of the value, not syntax: no injection, no match.
    const quoted = await graph.get(`/v1.0/applications?$filter=${encodeURIComponent("displayName eq 'a'') or (''='")}`);
    expect([quoted.status, quoted.json.value]).toEqual([200, []]);
    expectEnvelope(await graph.get('/v1.0/applications?$top=1000'), 400, 'Request_UnsupportedQuery');
    expectEnvelope(await graph.get('/v1.0/applications?$top=-1'), 400, 'Request_UnsupportedQuery');
    expectEnvelope(await graph.get('/v1.0/applications?$skiptoken=%00'), 400, 'BadRequest');
    expectEnvelope(await graph.get('/v1.0/applications?$skiptoken=bm9wZQ'), 400, 'Request_BadRequest');
    expectEnvelope(await graph.get('/v1.0/applications?$select=secretHash'), 400, 'Request_BadRequest');
    expectEnvelope(await graph.get('/v1.0/applications?$bogus=1'), 400, 'BadRequest');
    expectEnvelope(await graph.get('/v1.0/applications/$count'), 400, 'Request_UnsupportedQuery');
    const counted = await graph.get('/v1.0/applications/$count', { consistencylevel: 'eventual' });
    expect(counted.status).toBe(200);
    expect(Number(counted.body)).toBeGreaterThan(0);
  });

  it('unknown paths, keys and ids', async () => {
    expectEnvelope(await graph.get('/v1.0/nothingHere'), 400, 'BadRequest');
    expectEnvelope(await graph.get('/v1.0/applications/not-a-guid'), 400, 'Request_BadRequest');
    expectEnvelope(await graph.get("/v1.0/applications(appId='not-a-guid')"), 400, 'Request_BadRequest');
    expectEnvelope(await graph.get('/v1.0/applications/00000000-0000-0000-0000-00000000000A'), 404, 'Request_ResourceNotFound');
    expectEnvelope(await graph.get(`/v1.0/applications(appId='${'%00'.repeat(3)}')`), 400, 'BadRequest');
    expectEnvelope(await graph.get('/v1.0/users/a%00@entrada.localhost/memberOf'), 400, 'BadRequest');
    expectEnvelope(await graph.get(`/v1.0/users/${'u'.repeat(600)}@entrada.localhost`), 400, 'BadRequest');
    expectEnvelope(await graph.get('/v1.0/applications/%E0%A4%A'), 400, 'BadRequest');
    expectEnvelope(await graph.patch('/v1.0/applications/00000000-0000-0000-0000-000000000000', { displayName: 'x' }), 404, 'Request_ResourceNotFound');
  });

  it('pages with an absolute @odata.nextLink', async () => {
    const first = await graph.get('/v1.0/applications?$top=2&$select=id');
    expect((first.json.value as unknown[]).length).toBe(2);
    const next = String(first.json['@odata.nextLink']);
    expect(next).toMatch(/^https:\/\/localhost:8443\/v1\.0\/applications\?/);
    const second = await graph.get(next.replace('https://localhost:8443', ''));
    expect(second.status).toBe(200);
    expect(second.json.value).not.toEqual(first.json.value);
  });
});
