// MSAL Node acquireTokenOnBehalfOf against a listening Entrada over HTTPS (entra-protocol.md §3.7,
// msal-wire "acquireTokenOnBehalfOf (API A -> API B)"). The demo seed has no middle tier (Demo API
// has no secret and no consent to a downstream API), so this file starts its own Entrada on the
// registrations of test/fixtures/on-behalf-of.yaml, reusing the e2e CA (already trusted through
// NODE_EXTRA_CA_CERTS by global-setup.ts) so MSAL talks to it exactly as to `entrada start`.

import { ConfidentialClientApplication, PublicClientApplication, ServerError } from '@azure/msal-node';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createEntrada, type Entrada } from '../../src/compose.js';
import { verifyToken } from './verify.js';

const TENANT = '0b0b0b0b-1c2d-4e3f-8a4b-5c6d7e8f9a01';
const MIDDLE = { id: '0b0b0000-0000-4000-8000-000000000001', secret: 'middle~api~secret-value-0001', uri: 'api://obo-middle' };
const DOWNSTREAM = { id: '0b0b0000-0000-4000-8000-000000000003', uri: 'api://obo-downstream' };
const OTHER = { id: '0b0b0000-0000-4000-8000-000000000004', uri: 'api://obo-other' };
const FRONT_ID = '0b0b0000-0000-4000-8000-000000000005';
const DAEMON = { id: '0b0b0000-0000-4000-8000-000000000006', secret: 'obo~daemon~secret-value-0006' };
const ERIN = { upn: 'erin@obo.localhost', password: 'Erin-obo-password-1' };

let entrada: Entrada;
let home: string;
let url: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'entrada-e2e-obo-'));
  // The same CA as the global server: its certificate is the one NODE_EXTRA_CA_CERTS trusts.
  cpSync(join(inject('entradaHome'), 'tls'), join(home, 'tls'), { recursive: true });
  const seed = fileURLToPath(new URL('../fixtures/on-behalf-of.yaml', import.meta.url));
  const loaded = loadConfig({}, { home, database: 'sqlite::memory:', port: '0', seed, log: 'off' });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  entrada = await createEntrada(loaded.config);
  url = await entrada.listen();
});
afterAll(async () => {
  await entrada?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

const authority = () => `${url}/${TENANT}`;
const knownAuthorities = () => [new URL(url).host];

function middleTier(): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: { clientId: MIDDLE.id, clientSecret: MIDDLE.secret, authority: authority(), knownAuthorities: knownAuthorities() },
  });
}

/** The front end (a public client) signs Erin in and gets a token for `scope`. */
async function frontToken(scope: string): Promise<string> {
  const pca = new PublicClientApplication({ auth: { clientId: FRONT_ID, authority: authority(), knownAuthorities: knownAuthorities() } });
  const r = await pca.acquireTokenByUsernamePassword({ scopes: [scope], username: ERIN.upn, password: ERIN.password });
  return r!.accessToken;
}

async function serverError(p: Promise<unknown>): Promise<ServerError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ServerError);
  return err as ServerError;
}

describe('MSAL Node ConfidentialClientApplication: acquireTokenOnBehalfOf', () => {
  it('exchanges the token a public client got for the middle tier for a downstream token for the same user', async () => {
    const incoming = await frontToken(`${MIDDLE.uri}/access_as_user`);
    const inClaims = await verifyToken(incoming, { issuer: `${authority()}/v2.0`, audience: MIDDLE.id, jwksUri: `${authority()}/discovery/v2.0/keys` });

    const app = middleTier();
    const r = await app.acquireTokenOnBehalfOf({ oboAssertion: incoming, scopes: [`${DOWNSTREAM.uri}/Data.Read`] });
    expect(r?.fromCache).toBe(false);
    const out = await verifyToken(r!.accessToken, { issuer: `${authority()}/v2.0`, audience: DOWNSTREAM.id, jwksUri: `${authority()}/discovery/v2.0/keys` });
    expect(out).toMatchObject({ azp: MIDDLE.id, azpacr: '1', scp: 'Data.Read', oid: inClaims.oid, tid: TENANT, ver: '2.0' });
    expect(r!.scopes).toContain(`${DOWNSTREAM.uri}/Data.Read`);

    // MSAL caches OBO results by the assertion: the same call is served from its cache.
    const again = await app.acquireTokenOnBehalfOf({ oboAssertion: incoming, scopes: [`${DOWNSTREAM.uri}/Data.Read`] });
    expect(again?.fromCache).toBe(true);
  });

  it('gets a v1-format Microsoft Graph token (appid = the middle tier)', async () => {
    const incoming = await frontToken(`${MIDDLE.uri}/access_as_user`);
    const r = await middleTier().acquireTokenOnBehalfOf({ oboAssertion: incoming, scopes: ['https://graph.microsoft.com/User.Read'] });
    const out = await verifyToken(r!.accessToken, { issuer: `${authority()}/`, audience: 'https://graph.microsoft.com', jwksUri: `${authority()}/discovery/keys` });
    expect(out).toMatchObject({ appid: MIDDLE.id, scp: 'openid profile User.Read', upn: ERIN.upn, ver: '1.0' }); // MSAL adds openid profile [M]
  });

  it("another app's token surfaces AADSTS500131", async () => {
    const forOther = await frontToken(`${OTHER.uri}/access_as_user`);
    const err = await serverError(middleTier().acquireTokenOnBehalfOf({ oboAssertion: forOther, scopes: [`${DOWNSTREAM.uri}/Data.Read`] }));
    expect(err.errorCode).toBe('invalid_grant');
    expect(err.errorNo).toBe(500131);
  });

  it('an app-only token surfaces AADSTS7000114', async () => {
    const daemon = new ConfidentialClientApplication({
      auth: { clientId: DAEMON.id, clientSecret: DAEMON.secret, authority: authority(), knownAuthorities: knownAuthorities() },
    });
    const cc = await daemon.acquireTokenByClientCredential({ scopes: [`${MIDDLE.uri}/.default`] });
    const err = await serverError(middleTier().acquireTokenOnBehalfOf({ oboAssertion: cc!.accessToken, scopes: [`${DOWNSTREAM.uri}/Data.Read`] }));
    expect(err.errorNo).toBe(7000114);
  });
});
