// A user signs in through Entrada's sign-in page (authorization code flow with PKCE, as the demo
// web app would run it) and the app redeems the code. No web app runs: the browser's redirect to
// the app's redirect URI is answered by the test, which reads the code from it.

import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { expect, test } from './fixtures.js';

test('alice signs in to the demo web app', async ({ page, entrada }) => {
  const webApp = entrada.app('Demo Web App');
  const redirectUri = webApp.redirectUris.web[0]; // https://localhost:3000/auth/callback
  const alice = entrada.user('alice@entrada.localhost');
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');

  const authorize = new URL(`${entrada.authority()}/oauth2/v2.0/authorize`);
  authorize.search = new URLSearchParams({
    client_id: webApp.appId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid profile',
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();

  // Stand in for the web app at its redirect URI, and keep the URL the browser was sent to.
  let callback: URL | undefined;
  await page.route(`${redirectUri}**`, async (route) => {
    callback = new URL(route.request().url());
    await route.fulfill({ contentType: 'text/plain', body: 'signed in' });
  });

  await page.goto(authorize.href);
  await page.getByLabel('Email or user name').fill(alice.userPrincipalName);
  await page.getByLabel('Password').fill(alice.password!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('body')).toHaveText('signed in');

  expect(callback?.searchParams.get('state')).toBe(state);
  const code = callback?.searchParams.get('code');
  expect(code).toBeTruthy();

  // The web app's back channel: redeem the code with its secret and the PKCE verifier. Through
  // entrada.fetch, which trusts Entrada's CA: Node reads NODE_EXTRA_CA_CERTS only at start-up,
  // before the fixture made the CA.
  const response = await entrada.fetch(`${entrada.authority()}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: webApp.appId,
      client_secret: webApp.clientSecret!,
      code: code!,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      scope: 'openid profile',
    }),
  });
  expect(response.status).toBe(200);
  const tokens = (await response.json()) as { id_token: string };
  // Received straight from the token endpoint over TLS, so read without checking the signature
  // (OpenID Connect Core §3.1.3.7); an app would verify it as the vitest example does.
  const idToken = decodeJwt(tokens.id_token);
  expect(idToken.preferred_username).toBe(alice.userPrincipalName);
  expect(idToken.aud).toBe(webApp.appId);
});
