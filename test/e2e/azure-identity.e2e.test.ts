// @azure/identity against a listening Entrada: authorityHost + disableInstanceDiscovery, as the
// start-up banner prints it.

import { ClientSecretCredential, UsernamePasswordCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { API, authority, baseUrl, CLI, DAEMON, demoUser, TENANT_ID, WEB } from './demo.js';
import { verifyToken } from './verify.js';

const options = () => ({ authorityHost: baseUrl(), disableInstanceDiscovery: true });

describe('@azure/identity', () => {
  it('ClientSecretCredential gets an app-only token that verifies', async () => {
    const cred = new ClientSecretCredential(TENANT_ID, DAEMON.appId, DAEMON.secret!, options());
    const token = await cred.getToken(`${API.uri}/.default`);
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 50 * 60_000);
    const claims = await verifyToken(token.token, { issuer: `${authority()}/v2.0`, audience: API.appId, jwksUri: `${authority()}/discovery/v2.0/keys` });
    expect(claims).toMatchObject({ azp: DAEMON.appId, roles: ['Data.Read'], tid: TENANT_ID });
  });

  it('UsernamePasswordCredential signs a user in through a public client', async () => {
    const alice = demoUser('alice');
    const cred = new UsernamePasswordCredential(TENANT_ID, CLI.appId, alice.upn, alice.password, options());
    const token = await cred.getToken(`${API.uri}/access_as_user`);
    const claims = await verifyToken(token.token, { issuer: `${authority()}/v2.0`, audience: API.appId, jwksUri: `${authority()}/discovery/v2.0/keys` });
    expect(claims).toMatchObject({ scp: 'access_as_user', preferred_username: alice.upn, azp: CLI.appId });
  });

  it('a wrong secret carries AADSTS7000215 in the error', async () => {
    const cred = new ClientSecretCredential(TENANT_ID, DAEMON.appId, 'wrong-secret-value-here', options());
    await expect(cred.getToken(`${API.uri}/.default`)).rejects.toThrow(/7000215/);
  });

  it('UsernamePasswordCredential on a confidential-by-default app carries AADSTS7000218', async () => {
    const alice = demoUser('alice');
    const cred = new UsernamePasswordCredential(TENANT_ID, WEB.appId, alice.upn, alice.password, options());
    await expect(cred.getToken(`${API.uri}/access_as_user`)).rejects.toThrow(/7000218/);
  });
});
