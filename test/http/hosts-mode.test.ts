// Hosts mode (issue 15) in process: on Microsoft's host names Entrada's issuers, discovery, instance
// discovery and error URIs are Entra's own, a minimal Azure Resource Manager answers on
// management.azure.com, and the normal localhost mode is unchanged.

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { useEntrada } from '../support/in-process.js';
import { claimsOf, form } from '../support/wire.js';

const TENANT = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
const DAEMON = { client_id: 'e7ada000-0000-4000-8000-000000000002', client_secret: 'daemon~secret~entrada-demo-0002' };
const LOGIN = { host: 'login.microsoftonline.com' };

describe('configuration', () => {
  it('hosts mode defaults to port 443, Microsoft names and login.microsoftonline.com', () => {
    const loaded = loadConfig({ ENTRADA_MICROSOFT_HOSTS: 'true' }, { home: '/tmp/x' });
    expect(loaded.ok && loaded.config).toMatchObject({ microsoftHosts: true, port: 443, publicOrigin: 'https://login.microsoftonline.com' });
    expect(loaded.ok && loaded.config.hostnames).toEqual(['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net', 'graph.microsoft.com', 'management.azure.com']);
  });
  it('is off by default, and an explicit port still wins', () => {
    const off = loadConfig({}, { home: '/tmp/x' });
    expect(off.ok && off.config).toMatchObject({ microsoftHosts: false, port: 8443, publicOrigin: 'https://localhost:8443', hostnames: [] });
    const on = loadConfig({ ENTRADA_MICROSOFT_HOSTS: '1' }, { home: '/tmp/x', port: '9443' });
    expect(on.ok && on.config).toMatchObject({ port: 9443, publicOrigin: 'https://login.microsoftonline.com:9443' });
    expect(loadConfig({ ENTRADA_MICROSOFT_HOSTS: 'maybe' }, { home: '/tmp/x' }).ok).toBe(false);
  });
});

describe('hosts mode', () => {
  const entrada = useEntrada({ env: { ENTRADA_MICROSOFT_HOSTS: 'true' } });
  const token = async (host: string, path: string, fields: Record<string, string>) =>
    entrada.app.inject({ method: 'POST', url: path, headers: { host, 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields) });

  it("issues tokens with Entra's exact issuers, whichever login host was called", async () => {
    for (const host of ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com']) {
      const v2 = await token(host, `/${TENANT}/oauth2/v2.0/token`, { ...DAEMON, grant_type: 'client_credentials', scope: 'api://entrada-demo-api/.default' });
      expect(v2.statusCode).toBe(200);
      const access = claimsOf(v2.json().access_token);
      // The demo API takes v1 tokens unless it asks for v2 (requestedAccessTokenVersion).
      expect([`https://sts.windows.net/${TENANT}/`, `https://login.microsoftonline.com/${TENANT}/v2.0`]).toContain(access['iss']);
      const graph = await token(host, `/${TENANT}/oauth2/token`, { ...DAEMON, grant_type: 'client_credentials', resource: 'https://graph.microsoft.com' });
      expect(claimsOf(graph.json().access_token)['iss']).toBe(`https://sts.windows.net/${TENANT}/`);
    }
  });

  it('serves discovery with the v2 issuer of login.microsoftonline.com and endpoints on the host called', async () => {
    const v2 = (await entrada.app.inject({ method: 'GET', url: `/${TENANT}/v2.0/.well-known/openid-configuration`, headers: { host: 'login.windows.net' } })).json();
    expect(v2.issuer).toBe(`https://login.microsoftonline.com/${TENANT}/v2.0`);
    expect(v2.token_endpoint).toBe(`https://login.windows.net/${TENANT}/oauth2/v2.0/token`);
    const v1 = (await entrada.app.inject({ method: 'GET', url: `/${TENANT}/.well-known/openid-configuration`, headers: LOGIN })).json();
    expect(v1.issuer).toBe(`https://sts.windows.net/${TENANT}/`);
  });

  it("answers instance discovery with the public cloud's alias group, for any alias, with or without :443", async () => {
    for (const endpoint of [
      'https://login.microsoftonline.com/common/oauth2/authorize',
      `https://login.windows.net/${TENANT}/oauth2/v2.0/authorize`,
      'https://login.microsoftonline.com:443/organizations/oauth2/v2.0/authorize',
    ]) {
      const res = await entrada.app.inject({ method: 'GET', url: `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(endpoint)}`, headers: LOGIN });
      expect(res.statusCode).toBe(200);
      expect(res.json().metadata).toEqual([
        { preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'] },
      ]);
      expect(res.json().tenant_discovery_endpoint).toMatch(/^https:\/\/login\.microsoftonline\.com\/[^/]+\/v2\.0\/\.well-known\/openid-configuration$/);
    }
    const unknown = await entrada.app.inject({ method: 'GET', url: `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent('https://login.evil.test/common/oauth2/authorize')}`, headers: LOGIN });
    expect(unknown.json().error_codes).toEqual([50049]);
  });

  it("sends error_uri on Microsoft's host", async () => {
    const res = await token('login.microsoftonline.com', `/${TENANT}/oauth2/v2.0/token`, { client_id: DAEMON.client_id, grant_type: 'client_credentials', scope: 'api://entrada-demo-api/.default' });
    expect(res.json().error_uri).toBe('https://login.microsoftonline.com/error?code=7000218');
  });

  it('answers Azure Resource Manager on management.azure.com only, with a token for ARM', async () => {
    const armToken = (await token('login.microsoftonline.com', `/${TENANT}/oauth2/v2.0/token`, { ...DAEMON, grant_type: 'client_credentials', scope: 'https://management.core.windows.net//.default' })).json();
    expect(claimsOf(armToken.access_token)).toMatchObject({ aud: 'https://management.core.windows.net/', iss: `https://sts.windows.net/${TENANT}/` });
    const arm = { host: 'management.azure.com', authorization: `Bearer ${armToken.access_token}` };
    const subs = await entrada.app.inject({ method: 'GET', url: '/subscriptions?api-version=2019-11-01', headers: arm });
    expect(subs.json()).toEqual({ value: [], count: { type: 'Total', value: 0 } });
    const tenants = await entrada.app.inject({ method: 'GET', url: '/tenants?api-version=2019-11-01', headers: arm });
    expect(tenants.json().value).toEqual([expect.objectContaining({ id: `/tenants/${TENANT}`, tenantId: TENANT, displayName: 'Entrada Demo' })]);
    const none = await entrada.app.inject({ method: 'GET', url: '/subscriptions?api-version=2019-11-01', headers: { host: 'management.azure.com' } });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('AuthenticationFailed');
    const graphToken = (await token('login.microsoftonline.com', `/${TENANT}/oauth2/v2.0/token`, { ...DAEMON, grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default' })).json();
    const wrongAudience = await entrada.app.inject({ method: 'GET', url: '/subscriptions', headers: { host: 'management.azure.com', authorization: `Bearer ${graphToken.access_token}` } });
    expect(wrongAudience.json().error.code).toBe('InvalidAuthenticationTokenAudience');
    const elsewhere = await entrada.app.inject({ method: 'GET', url: '/subscriptions', headers: { ...arm, host: 'login.microsoftonline.com' } });
    expect(elsewhere.statusCode).toBe(404);
  });
});

describe('localhost mode is unchanged', () => {
  const entrada = useEntrada();
  it('keeps its own host in issuers and ignores Microsoft host headers', async () => {
    const res = await entrada.app.inject({ method: 'GET', url: `/${TENANT}/.well-known/openid-configuration`, headers: LOGIN });
    expect(res.json().issuer).toBe(`https://localhost:8443/${TENANT}/`);
  });
});
