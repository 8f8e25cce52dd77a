// openid-client 6: discovery (it requires issuer === the URL it was given) + client credentials.

import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { API, authority, DAEMON, TENANT_ID } from './demo.js';
import { verifyToken } from './verify.js';

describe('openid-client', () => {
  it('discovers the v2 issuer and runs client credentials', async () => {
    const config = await client.discovery(new URL(`${authority()}/v2.0`), DAEMON.appId, DAEMON.secret!);
    expect(config.serverMetadata().issuer).toBe(`${authority()}/v2.0`);
    const tokens = await client.clientCredentialsGrant(config, { scope: `${API.uri}/.default` });
    const claims = await verifyToken(tokens.access_token, { issuer: `${authority()}/v2.0`, audience: API.appId, jwksUri: config.serverMetadata().jwks_uri! });
    expect(claims).toMatchObject({ azp: DAEMON.appId, tid: TENANT_ID, roles: ['Data.Read'] });
  });

  it('discovers the v1 issuer (trailing slash) too', async () => {
    const config = await client.discovery(new URL(`${authority()}/`), DAEMON.appId, DAEMON.secret!);
    expect(config.serverMetadata().issuer).toBe(`${authority()}/`);
  });

  it('surfaces AADSTS7000215 for a wrong secret', async () => {
    const config = await client.discovery(new URL(`${authority()}/v2.0`), DAEMON.appId, 'wrong-secret-value-here');
    const err = await client.clientCredentialsGrant(config, { scope: `${API.uri}/.default` }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(client.ResponseBodyError);
    expect((err as client.ResponseBodyError).error).toBe('invalid_client');
    expect((err as client.ResponseBodyError).cause).toMatchObject({ error_codes: [7000215] });
  });
});
