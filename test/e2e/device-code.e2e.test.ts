// MSAL Node's device code flow against a listening Entrada: PublicClientApplication
// acquireTokenByDeviceCode with Demo CLI, the person's part done on /devicelogin with plain HTTPS
// requests (a small cookie jar: GET form → POST code → POST credentials), then the token verified.

import { PublicClientApplication, type DeviceCodeRequest } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { API, authority, baseUrl, CLI, demoUser, host, TENANT_ID } from './demo.js';
import { discover, verifyToken } from './verify.js';
import { completeDeviceLogin } from '../support/device-login.js';

type DeviceCodeResponse = Parameters<DeviceCodeRequest['deviceCodeCallback']>[0];

describe('MSAL Node PublicClientApplication: device code', () => {
  it(
    'shows Entra’s message, polls through authorization_pending, and gets tokens once the user signs in on /devicelogin',
    async () => {
      const alice = demoUser('alice');
      const app = new PublicClientApplication({ auth: { clientId: CLI.appId, authority: authority(), knownAuthorities: [host()] } });
      let shown: DeviceCodeResponse | undefined;
      let browser: Promise<string> | undefined;
      const result = await app.acquireTokenByDeviceCode({
        scopes: [`${API.uri}/access_as_user`],
        deviceCodeCallback: (response) => {
          shown = response;
          browser = completeDeviceLogin(fetch, response.verificationUri, response.userCode, alice);
        },
      });
      expect(shown).toMatchObject({ verificationUri: `${baseUrl()}/devicelogin`, expiresIn: 900, interval: 5 });
      expect(shown!.userCode).toMatch(/^[A-Z0-9]{9}$/);
      expect(shown!.message).toBe(
        `To sign in, use a web browser to open the page ${baseUrl()}/devicelogin and enter the code ${shown!.userCode} to authenticate.`,
      );
      expect(await browser).toContain('You have signed in to <span class="app">Demo CLI</span>');

      expect(result).not.toBeNull();
      expect(result!.account?.username).toBe(alice.upn);
      const doc = await discover(`${authority()}/v2.0`);
      const claims = await verifyToken(result!.accessToken, { issuer: doc.issuer, audience: API.appId, jwksUri: doc.jwks_uri });
      expect(claims).toMatchObject({ tid: TENANT_ID, azp: CLI.appId, azpacr: '0', scp: 'access_as_user', preferred_username: alice.upn });
      // The refresh token from the device flow serves silent calls.
      const silent = await app.acquireTokenSilent({ account: result!.account!, scopes: [`${API.uri}/access_as_user`], forceRefresh: true });
      expect(silent.fromCache).toBe(false);
    },
    120_000,
  );
});
