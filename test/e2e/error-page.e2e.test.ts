// The explanation behind every error_uri (issue #5): refusals caused through real clients, then
// /error?code=N&trace_id=T fetched over HTTPS must explain that very request — what decided and
// the fix in the portal's terms.

import { ClientSecretCredential } from '@azure/identity';
import { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { API, authority, baseUrl, CLI, DAEMON, demoUser, host, TENANT_ID, WEB } from './demo.js';

const ALICE = demoUser('alice');

/** The trace id in a client's error (Entra's error_description carries "Trace ID: …"). */
async function traceOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  const text = err instanceof Error ? `${err.message} ${(err as { errorMessage?: string }).errorMessage ?? ''}` : String(err);
  const m = /Trace ID: ([0-9a-f-]{36})/i.exec(text);
  if (!m) throw new Error(`no trace id in: ${text}`);
  return m[1];
}

async function explanation(code: number, traceId: string): Promise<string> {
  const res = await fetch(`${baseUrl()}/error?code=${code}&trace_id=${traceId}`);
  expect(res.status).toBe(200);
  // Plain text of the page, entities decoded, for readable assertions.
  return (await res.text()).replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

const msal = { authority: authority(), knownAuthorities: [host()] };

describe('/error?trace_id= explains refusals caused by real clients', () => {
  it('MSAL Node ROPC on an app whose public client flows are off: 7000218, decided by that setting', async () => {
    const pca = new PublicClientApplication({ auth: { clientId: WEB.appId, ...msal } });
    const trace = await traceOf(pca.acquireTokenByUsernamePassword({ scopes: [`${API.uri}/access_as_user`], username: ALICE.upn, password: ALICE.password }));
    const page = await explanation(7000218, trace);
    expect(page).toContain('This request');
    expect(page).toContain(`Why: grant_type=password carries no redirect URI, so the app's "Allow public client flows" setting decided; it is No, so the app is a confidential client`);
    expect(page).toContain('Fix: send client_secret or client_assertion, or set Authentication → Advanced settings → Allow public client flows → Yes');
    expect(page).toContain('Credential sent none');
  });

  it('MSAL Node device code on the same app: 7000218 at the first poll; found through Graph auditLogs by correlation id', async () => {
    // MSAL reports a refused poll only as "post_request_failed: invalid_client" (msal-wire §1.7):
    // the trace id never reaches the app. The correlation id it sent finds the request in the log.
    const correlationId = crypto.randomUUID();
    const pca = new PublicClientApplication({ auth: { clientId: WEB.appId, ...msal } });
    const failure = await pca.acquireTokenByDeviceCode({ scopes: [`${API.uri}/access_as_user`], correlationId, deviceCodeCallback: () => undefined }).then(() => undefined, (e: unknown) => e);
    expect(String(failure)).toMatch(/invalid_client/);

    const daemon = new ConfidentialClientApplication({ auth: { clientId: DAEMON.appId, clientSecret: DAEMON.secret, ...msal } });
    const graph = await daemon.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    const filter = encodeURIComponent(`correlationId eq '${correlationId}' and status/errorCode ne 0`);
    const res = await fetch(`${baseUrl()}/v1.0/auditLogs/signIns?$filter=${filter}`, { headers: { authorization: `Bearer ${graph!.accessToken}` } });
    const signIns = ((await res.json()) as { value: Array<{ id: string; status: { errorCode: number } }> }).value;
    expect(signIns.map((s) => s.status.errorCode)).toEqual([7000218]);
    const page = await explanation(7000218, signIns[0].id);
    expect(page).toMatch(/Why: grant_type=device_code carries no redirect URI, so the app's "Allow public client flows" setting decided; it is No/);
  });

  it('a secret sent by a public client (MSAL Node ConfidentialClientApplication, ROPC): 700025', async () => {
    const cca = new ConfidentialClientApplication({ auth: { clientId: CLI.appId, clientSecret: 'a-secret-this-public-client-should-not-send', ...msal } });
    const trace = await traceOf(cca.acquireTokenByUsernamePassword({ scopes: [`${API.uri}/access_as_user`], username: ALICE.upn, password: ALICE.password }));
    const page = await explanation(700025, trace);
    expect(page).toContain('it is Yes, so the app is a public client');
    expect(page).toContain('Fix: stop sending client_secret / client_assertion, or set Authentication → Advanced settings → Allow public client flows → No');
    expect(page).toMatch(/Credential sent client secret \(fingerprint [0-9a-f]{8}\)/);
    expect(page).not.toContain('a-secret-this-public-client-should-not-send');
  });

  it('@azure/identity ClientSecretCredential with a wrong secret: 7000215, with the general fix and the request facts', async () => {
    const cred = new ClientSecretCredential(TENANT_ID, DAEMON.appId, 'not-the-daemon-secret', { authorityHost: baseUrl(), disableInstanceDiscovery: true });
    const trace = await traceOf(cred.getToken(`${API.uri}/.default`));
    const page = await explanation(7000215, trace);
    expect(page).toContain('This request');
    expect(page).toContain(`Application Demo Daemon (${DAEMON.appId})`);
    expect(page).toContain('grant_type client_credentials');
    expect(page).not.toContain('not-the-daemon-secret');
  });

  it('client credentials with a delegated scope: 1002012 (the scope must be <resource>/.default)', async () => {
    const cca = new ConfidentialClientApplication({ auth: { clientId: DAEMON.appId, clientSecret: DAEMON.secret, ...msal } });
    const trace = await traceOf(cca.acquireTokenByClientCredential({ scopes: [`${API.uri}/access_as_user`] }));
    const page = await explanation(1002012, trace);
    expect(page).toContain('This request');
    expect(page).toContain('/.default');
  });
});
