// The same server on PostgreSQL (ENTRADA_DATABASE_URL), as two nodes sharing one database:
// they agree on one signing key, so a token from one verifies against the other's JWKS, and a
// refresh token issued by one is redeemed at the other.

import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, CLI_ID, DAEMON, TENANT } from '../support/demo-seed.js';
import { inProcessEntrada, type InProcessEntrada } from '../support/in-process.js';
import { IN_CI, probe, schemaFactory } from '../support/postgres.js';
import { tokenClient } from '../support/token-client.js';
import { PLAIN_FORM } from '../support/wire.js';

const unreachable = await probe();
if (unreachable !== undefined && !IN_CI) console.warn(`[postgres-nodes] skipped: PostgreSQL not reachable (${unreachable})`);

describe.skipIf(unreachable !== undefined && !IN_CI)('two nodes on one PostgreSQL database', () => {
  const schemas = schemaFactory('entrada_nodes');
  let a: InProcessEntrada;
  let b: InProcessEntrada;
  const node = (url: string) => inProcessEntrada({ database: url });

  beforeAll(async () => {
    if (unreachable !== undefined) throw new Error(`PostgreSQL is required when CI=true: ${unreachable}`);
    const url = await schemas.fresh();
    [a, b] = await Promise.all([node(url), node(url)]); // start together: migrations and key creation race
  });
  afterAll(async () => {
    await Promise.all([a?.dispose(), b?.dispose()]);
    await schemas.dispose();
  });

  const post = async (e: InProcessEntrada, params: Record<string, string>) =>
    (await tokenClient(e, PLAIN_FORM).post(`/${TENANT}/oauth2/v2.0/token`, params)).json as Record<string, string>;

  it('runs on PostgreSQL and shares one signing key', async () => {
    expect(a.storage.dialect).toBe('postgres');
    const token = await post(a, { grant_type: 'client_credentials', client_id: DAEMON.id, client_secret: DAEMON.secret, scope: 'api://entrada-demo-api/.default' });
    expect(a.signer.kid).toBe(b.signer.kid);
    const jwksOfB = (await b.app.inject({ method: 'GET', url: `/${TENANT}/discovery/v2.0/keys`, headers: { host: 'localhost:8443' } })).json();
    const { payload } = await jwtVerify(token.access_token, createLocalJWKSet(jwksOfB), { issuer: `https://localhost:8443/${TENANT}/v2.0` });
    expect(payload.roles).toEqual(['Data.Read']);
  });

  it('a refresh token issued by one node is redeemed at the other', async () => {
    const signIn = await post(a, { grant_type: 'password', client_id: CLI_ID, username: ALICE.upn, password: ALICE.password, scope: 'api://entrada-demo-api/access_as_user offline_access' });
    const refreshed = await post(b, { grant_type: 'refresh_token', client_id: CLI_ID, refresh_token: signIn.refresh_token });
    expect(refreshed.scope).toBe('api://entrada-demo-api/access_as_user');
    expect(typeof refreshed.refresh_token).toBe('string');
  });
});
