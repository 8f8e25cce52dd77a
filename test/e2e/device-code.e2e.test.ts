// MSAL Node's device code flow against a listening Entrada: PublicClientApplication
// acquireTokenByDeviceCode with Demo CLI, the person's part done on /devicelogin with plain HTTPS
// requests (a small cookie jar: GET form → POST code → POST credentials), then the token verified.

import { PublicClientApplication, type DeviceCodeRequest } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { API, authority, baseUrl, CLI, demoUser, host, TENANT_ID } from './demo.js';
import { discover, verifyToken } from './verify.js';

type DeviceCodeResponse = Parameters<DeviceCodeRequest['deviceCodeCallback']>[0];

/** What a person with a browser does: open the page, type the code, sign in. */
async function completeDeviceLogin(verificationUri: string, userCode: string, user: { upn: string; password: string }): Promise<string> {
  const jar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const submit = async (fields: Record<string, string>) => {
    const res = await fetch(verificationUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
      body: new URLSearchParams(fields).toString(),
    });
    remember(res);
    const html = await res.text();
    if (res.status !== 200) throw new Error(`/devicelogin answered ${res.status}: ${html}`);
    return html;
  };

  const form = await fetch(verificationUri);
  remember(form);
  const first = await form.text();
  const signIn = await submit({ csrf: csrfOf(first), step: 'code', otc: userCode });
  expect(signIn).toContain('Demo CLI');
  return submit({ csrf: csrfOf(signIn), step: 'signin', otc: userCode, username: user.upn, password: user.password, action: 'approve' });
}

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
          browser = completeDeviceLogin(response.verificationUri, response.userCode, alice);
        },
      });
      expect(shown).toMatchObject({ verificationUri: `${baseUrl()}/devicelogin`, expiresIn: 900, interval: 5 });
      expect(shown!.userCode).toMatch(/^[A-Z0-9]{9}$/);
      expect(shown!.message).toBe(
        `To sign in, use a web browser to open the page ${baseUrl()}/devicelogin and enter the code ${shown!.userCode} to authenticate.`,
      );
      expect(await browser).toContain('You have signed in to');

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
