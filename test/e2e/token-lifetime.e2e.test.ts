// Issue 18's token lifetimes as real clients meet them, over HTTPS against startEntrada: a seeded
// token lifetime policy and one made at run time change `exp` (checked with jose against the JWKS)
// and `expires_in` (MSAL Node's expiresOn follows it); without one, a user's token lives 60–90
// minutes and an app's one hour.

import { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRemoteJWKSet, customFetch, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startEntrada, type StartedEntrada } from '../../src/api/index.js';

let entrada: StartedEntrada;
const API_SCOPE = 'api://entrada-demo-api';

/** The demo seed plus a policy: Demo API's access tokens live 2 hours. */
function seed() {
  const demo = parse(readFileSync(fileURLToPath(new URL('../../src/seed/demo.yaml', import.meta.url)), 'utf8')) as { tenants: Array<Record<string, unknown>> };
  demo.tenants[0].tokenLifetimePolicies = [{ displayName: 'Demo API two hours', accessTokenLifetime: '2h', appliesTo: ['Demo API'] }];
  return demo;
}

beforeAll(async () => {
  entrada = await startEntrada({ seed: seed() as never });
});
afterAll(() => entrada.stop());

function daemon(): ConfidentialClientApplication {
  const app = entrada.app('Demo Daemon');
  return new ConfidentialClientApplication({
    auth: { clientId: app.appId, clientSecret: app.clientSecret!, authority: entrada.authority(), knownAuthorities: [new URL(entrada.url).host] },
    system: { networkClient: entrada.msalNetworkClient },
  });
}

function cli(): PublicClientApplication {
  return new PublicClientApplication({
    auth: { clientId: entrada.app('Demo CLI').appId, authority: entrada.authority(), knownAuthorities: [new URL(entrada.url).host] },
    system: { networkClient: entrada.msalNetworkClient },
  });
}

/** The verified token's lifetime as Entra counts it: exp − iat, less the 5-minute back-dating. */
async function lifetime(jwt: string, audience: string): Promise<number> {
  const jwks = createRemoteJWKSet(new URL(`${entrada.authority()}/discovery/v2.0/keys`), { [customFetch]: entrada.fetch });
  const { payload } = await jwtVerify(jwt, jwks, { issuer: `${entrada.authority()}/v2.0`, audience, currentDate: entrada.clock.now() });
  return Number(payload.exp) - Number(payload.iat) - 300;
}

/**
 * MSAL's expiresOn (the time it received the answer plus `expires_in`) less the token's issue time
 * (iat + 5 minutes): `expires_in` give or take the trip, which a minute's slack covers.
 */
function msalExpiresIn(result: { accessToken: string; expiresOn: Date | null }): number {
  const { iat } = JSON.parse(Buffer.from(result.accessToken.split('.')[1], 'base64url').toString()) as { iat: number };
  return (result.expiresOn?.getTime() ?? 0) / 1000 - (iat + 300);
}
const near = (seconds: number, expected: number) => expect(Math.abs(seconds - expected)).toBeLessThanOrEqual(60);

describe('token lifetime policies, end to end', () => {
  it("the seeded policy on Demo API: client credentials and ROPC tokens live 2 hours; MSAL's expiresOn agrees", async () => {
    const api = entrada.app('Demo API').appId;
    const app = await daemon().acquireTokenByClientCredential({ scopes: [`${API_SCOPE}/.default`], skipCache: true });
    expect(await lifetime(app!.accessToken, api)).toBe(7200);
    near(msalExpiresIn(app!), 7199);

    const alice = entrada.user('alice@entrada.localhost');
    const user = await cli().acquireTokenByUsernamePassword({ scopes: [`${API_SCOPE}/access_as_user`], username: alice.userPrincipalName, password: alice.password! });
    expect(await lifetime(user!.accessToken, api)).toBe(7200);
    // The ID token is the client's (Demo CLI, no policy): one hour.
    const idClaims = user!.idTokenClaims as { exp: number; iat: number };
    expect(idClaims.exp - idClaims.iat - 300).toBe(3600);
  });

  it('a policy made at run time on Microsoft Graph; removing it gives back the defaults (app 1 h, user 60–90 min)', async () => {
    await entrada.directory.createTokenLifetimePolicy({ displayName: 'Graph 30 minutes', accessTokenLifetime: '00:30:00', appliesTo: ['https://graph.microsoft.com'] });
    const short = await daemon().acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'], skipCache: true });
    const claims = JSON.parse(Buffer.from(short!.accessToken.split('.')[1], 'base64url').toString()) as { exp: number; iat: number };
    expect(claims.exp - claims.iat - 300).toBe(1800);
    near(msalExpiresIn(short!), 1799);

    await entrada.directory.deleteTokenLifetimePolicy('Graph 30 minutes');
    const back = await daemon().acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'], skipCache: true });
    near(msalExpiresIn(back!), 3599);

    const alice = entrada.user('alice@entrada.localhost');
    const user = await cli().acquireTokenByUsernamePassword({ scopes: ['User.Read'], username: alice.userPrincipalName, password: alice.password! });
    const { exp, iat } = JSON.parse(Buffer.from(user!.accessToken.split('.')[1], 'base64url').toString()) as { exp: number; iat: number };
    expect(exp - iat - 300).toBeGreaterThanOrEqual(3600);
    expect(exp - iat - 300).toBeLessThanOrEqual(5400);
  });
});
