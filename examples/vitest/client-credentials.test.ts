// A vitest suite as an application's own tests would use Entrada: started in-process before the
// tests, stopped after. MSAL Node gets tokens as it would from Entra; jose checks them as an API
// would. (This file runs in Entrada's `npm test` too: the README shows it.)

import { ConfidentialClientApplication } from '@azure/msal-node';
import { createRemoteJWKSet, customFetch, jwtVerify } from 'jose';
import { startEntrada, type StartedEntrada } from 'entrada';
import { afterAll, beforeAll, expect, test } from 'vitest';

let entrada: StartedEntrada;

beforeAll(async () => {
  // The demo seed, in memory, on a free port, with a new CA in a temporary folder.
  entrada = await startEntrada();
});

afterAll(async () => {
  await entrada.stop();
});

/** MSAL Node pointed at Entrada, as at Entra but for the authority. */
function msalClient(clientId: string, clientSecret: string) {
  return new ConfidentialClientApplication({
    auth: {
      clientId,
      clientSecret,
      authority: entrada.authority(),
      // Without it MSAL asks login.microsoftonline.com whether the authority is genuine.
      knownAuthorities: [new URL(entrada.url).host],
    },
    // This process started before Entrada made its CA, so NODE_EXTRA_CA_CERTS cannot name it:
    // MSAL sends through a client that trusts the CA instead.
    system: { networkClient: entrada.msalNetworkClient },
  });
}

/** Verifies an access token for the Demo API as the API would: signature, issuer, audience, lifetime. */
async function verifyForDemoApi(accessToken: string) {
  const jwks = createRemoteJWKSet(new URL(`${entrada.authority()}/discovery/v2.0/keys`), { [customFetch]: entrada.fetch });
  const { payload } = await jwtVerify(accessToken, jwks, {
    issuer: `${entrada.authority()}/v2.0`,
    audience: entrada.app('Demo API').appId,
    // Entrada's time, which the test may have moved on.
    currentDate: entrada.clock.now(),
  });
  return payload;
}

test('the demo daemon gets an app-only token for the Demo API', async () => {
  const daemon = entrada.app('Demo Daemon');
  const result = await msalClient(daemon.appId, daemon.clientSecret!).acquireTokenByClientCredential({
    scopes: [entrada.app('Demo API').defaultScope], // api://entrada-demo-api/.default
  });

  const claims = await verifyForDemoApi(result!.accessToken);
  expect(claims.roles).toEqual(['Data.Read']);
  expect(claims.tid).toBe(entrada.tenant().id);
});

test('tokens issued after clock.advance carry the later time', async () => {
  const daemon = entrada.app('Demo Daemon');
  const msal = msalClient(daemon.appId, daemon.clientSecret!);
  const scopes = [entrada.app('Demo API').defaultScope];
  // skipCache: MSAL would otherwise hand back its cached token (still fresh by the real clock).
  const before = await verifyForDemoApi((await msal.acquireTokenByClientCredential({ scopes, skipCache: true }))!.accessToken);

  entrada.clock.advance('2h');
  try {
    const after = await verifyForDemoApi((await msal.acquireTokenByClientCredential({ scopes, skipCache: true }))!.accessToken);
    expect(after.iat! - before.iat!).toBeGreaterThanOrEqual(2 * 3600);
  } finally {
    entrada.clock.reset();
  }
});

test('an app created during the test signs in with its new secret at once', async () => {
  const app = await entrada.directory.createApplication({ displayName: 'Nightly Export' });
  const { secretText } = await entrada.directory.addPassword(app.appId);
  await entrada.directory.assignAppRole({ principal: app.appId, resource: 'Demo API', appRole: 'Data.Write' });

  const result = await msalClient(app.appId, secretText).acquireTokenByClientCredential({ scopes: [entrada.app('Demo API').defaultScope] });

  const claims = await verifyForDemoApi(result!.accessToken);
  expect(claims.azp).toBe(app.appId);
  expect(claims.roles).toEqual(['Data.Write']);
});
