// Registration settings the demo tenant does not exercise: expired secrets, missing or disabled
// service principals, and the access token version following the resource, not the endpoint.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useEntrada } from '../support/in-process.js';
import { tokenClient } from '../support/token-client.js';
import { PLAIN_FORM } from '../support/wire.js';

const SEED = fileURLToPath(new URL('../fixtures/registrations.yaml', import.meta.url));
const TENANT = '2b1c7a55-0d6e-4f0b-9d44-5a1e0c3b7f10';
const app = (n: number) => `2b1c0000-0000-4000-8000-00000000000${n}`;

const entrada = useEntrada({ seed: SEED });
const { send } = tokenClient(entrada, PLAIN_FORM);

async function token(version: 'v1' | 'v2', params: Record<string, string>) {
  const url = version === 'v2' ? `/${TENANT}/oauth2/v2.0/token` : `/${TENANT}/oauth2/token`;
  const res = await send(url, { grant_type: 'client_credentials', ...params });
  const json = res.json() as Record<string, unknown>;
  const decode = (i: number) => JSON.parse(Buffer.from(String(json.access_token).split('.')[i], 'base64url').toString());
  return { status: res.statusCode, json, header: json.access_token ? decode(0) : undefined, claims: json.access_token ? decode(1) : undefined };
}

describe('registration settings', () => {
  it.each<[string, Record<string, string>, number]>([
    ['a secret that only matches an expired credential', { client_id: app(1), client_secret: 'expired-secret-value-0001' }, 7000222],
    ['an app without a service principal in the tenant', { client_id: app(3), client_secret: 'no-sp-secret-value-0003' }, 700016],
    ['an app whose service principal is disabled', { client_id: app(4), client_secret: 'disabled-secret-value-04' }, 7000112],
  ])('%s → AADSTS%s', async (_n, params, expected) => {
    const r = await token('v2', { scope: 'api://v1-api/.default', ...params });
    expect(r.json.error_codes).toEqual([expected]);
  });

  it('the resource decides the token version: v1 token through the v2 endpoint [D §7.1]', async () => {
    const r = await token('v2', { client_id: app(5), client_secret: 'worker-secret-value-0005', scope: 'api://v1-api/.default' });
    expect(r.status).toBe(200);
    expect(r.claims).toMatchObject({ aud: 'api://v1-api', ver: '1.0', iss: `https://localhost:8443/${TENANT}/`, appid: app(5), roles: ['Jobs.Run'] });
    expect(r.header.x5t).toBe(r.header.kid);
  });

  it('and a v2 token through the v1 endpoint, whose response keeps the v1 shape', async () => {
    const r = await token('v1', { client_id: app(5), client_secret: 'worker-secret-value-0005', resource: 'api://v2-api' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ resource: 'api://v2-api', expires_in: '3599' });
    expect(r.claims).toMatchObject({ aud: app(6), ver: '2.0', iss: `https://localhost:8443/${TENANT}/v2.0`, azp: app(5) });
    expect(r.claims.roles).toBeUndefined();
    expect(r.header.x5t).toBeUndefined();
  });

  it('a v1 resource may be named by its app id GUID', async () => {
    const r = await token('v1', { client_id: app(5), client_secret: 'worker-secret-value-0005', resource: app(2) });
    expect(r.claims).toMatchObject({ aud: app(2), roles: ['Jobs.Run'] });
  });

  it('"Assignment required?" on a resource: only clients holding one of its roles get app-only tokens', async () => {
    const worker = await token('v2', { client_id: app(5), client_secret: 'worker-secret-value-0005', scope: 'api://locked-api/.default' });
    expect(worker.claims).toMatchObject({ roles: ['Locked.Read'] });
    const unassigned = await token('v2', { client_id: app(9), client_secret: 'unassigned-secret-value-09', scope: 'api://locked-api/.default' });
    expect(unassigned.status).toBe(400);
    expect(unassigned.json.error_codes).toEqual([501051]);
    expect(unassigned.json.error_description).toContain(`Application '${app(9)}'(Unassigned Worker) is not assigned to a role for the application '${app(7)}'(Locked API).`);
    // A resource without the setting issues a token with no roles [D §3.4].
    const open = await token('v2', { client_id: app(9), client_secret: 'unassigned-secret-value-09', scope: 'api://v2-api/.default' });
    expect(open.status).toBe(200);
    expect(open.claims.roles).toBeUndefined();
  });

  it('"Assignment required?" on the app a user signs in to: AADSTS50105 unless the user is assigned', async () => {
    const ropc = (username: string, password: string) =>
      send(`/${TENANT}/oauth2/v2.0/token`, { grant_type: 'password', client_id: app(8), username, password, scope: 'openid' });
    expect((await ropc('dana@cases.localhost', 'Dana-password-0001')).statusCode).toBe(200);
    const eli = (await ropc('eli@cases.localhost', 'Eli-password-00001')).json();
    expect(eli.error_codes).toEqual([50105]);
    expect(eli.error_description).toContain("Your administrator has configured the application Locked CLI ('2b1c0000-0000-4000-8000-000000000008')");
  });
});
