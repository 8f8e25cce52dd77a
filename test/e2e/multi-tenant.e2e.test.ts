// Multi-tenant apps as MSAL Node meets them (issue 18), over real HTTPS against startEntrada with
// two tenants: Contoso registers the apps, Fabrikam's people use them. A Fabrikam user signs in to
// Contoso's multi-tenant web app through /organizations (consenting, which adds the app to
// Fabrikam) and gets Fabrikam's tokens; a single-tenant app is refused with AADSTS50194; and an
// administrator of Fabrikam walks the admin consent endpoint, after which the app's own
// client-credentials token in Fabrikam carries the consented application permission.

import { createHash } from 'node:crypto';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { createRemoteJWKSet, customFetch, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEntrada, type StartedEntrada } from '../../src/api/index.js';
import { API, BOB, FABRIKAM, GINA, multiTenantSeed, PASSWORD, PRIVATE, SAAS } from '../support/multi-tenant-seed.js';
import { PageWalker } from '../support/page-walker.js';

let entrada: StartedEntrada;

beforeAll(async () => {
  entrada = await startEntrada({ seed: multiTenantSeed() });
});
afterAll(() => entrada?.stop());

function webApp(app: { appId: string; secret: string }, tenant: string): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: { clientId: app.appId, clientSecret: app.secret, authority: `${entrada.url}/${tenant}`, knownAuthorities: [new URL(entrada.url).host] },
    system: { networkClient: entrada.msalNetworkClient },
  });
}

const pkce = () => {
  const verifier = 'w'.repeat(43);
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

describe('a Fabrikam user and a Contoso multi-tenant app, through /organizations', () => {
  it('consents (adding the app to Fabrikam) and gets tokens of Fabrikam: tid, iss, azp', async () => {
    const msal = webApp(SAAS, 'organizations');
    const { verifier, challenge } = pkce();
    const url = await msal.getAuthCodeUrl({ scopes: ['User.Read'], redirectUri: SAAS.redirectUri, codeChallenge: challenge, codeChallengeMethod: 'S256' });
    const walk = await new PageWalker(entrada.fetch, entrada.url).authorize(url, { upn: BOB, password: PASSWORD });
    expect(walk.steps).toEqual(['signin', 'consent']);
    const code = new URL(walk.location!).searchParams.get('code')!;
    const result = await msal.acquireTokenByCode({ code, scopes: ['User.Read'], redirectUri: SAAS.redirectUri, codeVerifier: verifier });

    expect(result.tenantId).toBe(FABRIKAM.id);
    expect(result.account?.tenantId).toBe(FABRIKAM.id);
    const jwks = createRemoteJWKSet(new URL(`${entrada.url}/${FABRIKAM.id}/discovery/v2.0/keys`), { [customFetch]: entrada.fetch });
    const { payload: id } = await jwtVerify(result.idToken, jwks, { issuer: `${entrada.url}/${FABRIKAM.id}/v2.0`, audience: SAAS.appId, currentDate: entrada.clock.now() });
    expect(id.tid).toBe(FABRIKAM.id);
    const access = JSON.parse(Buffer.from(result.accessToken.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    // A v1 Graph token: Entrada's v1 issuer for Fabrikam (https://sts.windows.net/{tid}/ in hosts mode).
    expect([access.tid, access.appid, access.iss]).toEqual([FABRIKAM.id, SAAS.appId, `${entrada.url}/${FABRIKAM.id}/`]);
  });

  it('a single-tenant app of Contoso on /organizations: AADSTS50194 to the app after the sign-in', async () => {
    const msal = webApp(PRIVATE, 'organizations');
    const url = await msal.getAuthCodeUrl({ scopes: ['openid'], redirectUri: PRIVATE.redirectUri });
    const walk = await new PageWalker(entrada.fetch, entrada.url).authorize(url, { upn: BOB, password: PASSWORD });
    const back = new URL(walk.location!).searchParams;
    expect(back.get('error')).toBe('invalid_request');
    expect(back.get('error_description')).toMatch(/^AADSTS50194: /);
  });
});

describe('the admin consent round trip', () => {
  it('Fabrikam\'s administrator adds the API, then consents to the app; the app\'s token in Fabrikam has the role', async () => {
    const walker = new PageWalker(entrada.fetch, entrada.url);
    // Fabrikam's session from the walk above belongs to another walker: this one signs Gina in.
    const apiWalk = await walker.authorize(`${entrada.url}/${FABRIKAM.domain}/adminconsent?client_id=${API.appId}&redirect_uri=${encodeURIComponent('https://api.example/cb')}&state=one`, { upn: GINA, password: PASSWORD });
    expect(apiWalk.steps).toEqual(['signin', 'consent']);
    expect(Object.fromEntries(new URL(apiWalk.location!).searchParams)).toEqual({ tenant: FABRIKAM.id, admin_consent: 'True', state: 'one' });

    const scope = 'https://graph.microsoft.com/.default';
    const appWalk = await walker.authorize(
      `${entrada.url}/organizations/v2.0/adminconsent?${new URLSearchParams({ client_id: SAAS.appId, redirect_uri: SAAS.redirectUri, state: 'two', scope })}`,
      { upn: GINA, password: PASSWORD },
    );
    // Signed in already: straight to the consent page.
    expect(appWalk.steps).toEqual(['consent']);
    expect(Object.fromEntries(new URL(appWalk.location!).searchParams)).toEqual({ admin_consent: 'True', tenant: FABRIKAM.id, scope, state: 'two' });

    const daemon = webApp(SAAS, FABRIKAM.id);
    const result = await daemon.acquireTokenByClientCredential({ scopes: [`${API.uri}/.default`] });
    const claims = JSON.parse(Buffer.from(result!.accessToken.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    expect([claims.tid, claims.azp, claims.aud, claims.roles]).toEqual([FABRIKAM.id, SAAS.appId, API.appId, ['Data.Read']]);
  });
});
