// Smart lockout and a password that must be changed, end to end with MSAL Node against a listening
// Entrada (issue 17): acquireTokenByUsernamePassword gets Entra's AADSTS50053 after ten wrong
// passwords, for the right password too, and AADSTS50055 (suberror user_password_expired, which
// MSAL raises as InteractionRequiredAuthError) for a user whose password must be changed. The users are made through Microsoft Graph for this run, so
// the shared server's demo users are never locked.

import { randomUUID } from 'node:crypto';
import { AuthError, ConfidentialClientApplication, InteractionRequiredAuthError, PublicClientApplication, ServerError } from '@azure/msal-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { API, authority, baseUrl, CLI, demoApp, host } from './demo.js';

const AUTOMATION = demoApp('Demo Automation');
const run = randomUUID().slice(0, 8);

async function createUser(name: string, password: string, forceChangePasswordNextSignIn: boolean): Promise<string> {
  const cca = new ConfidentialClientApplication({ auth: { clientId: AUTOMATION.appId, clientSecret: AUTOMATION.secret!, authority: authority(), knownAuthorities: [host()] } });
  const token = await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
  const upn = `${name}-${run}@entrada.localhost`;
  const res = await fetch(`${baseUrl()}/v1.0/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token!.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      accountEnabled: true,
      displayName: `E2E ${name} ${run}`,
      mailNickname: `${name}-${run}`,
      userPrincipalName: upn,
      passwordProfile: { password, forceChangePasswordNextSignIn },
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return upn;
}

const pca = () => new PublicClientApplication({ auth: { clientId: CLI.appId, authority: authority(), knownAuthorities: [host()] } });

async function ropcError(username: string, password: string): Promise<AuthError> {
  const err = await pca()
    .acquireTokenByUsernamePassword({ scopes: [`${API.uri}/access_as_user`], username, password })
    .then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AuthError);
  return err as AuthError;
}

describe('MSAL Node: smart lockout and expired passwords', () => {
  const password = `Lockout-e2e-${run}!`;
  let locked: string;
  let expired: string;

  beforeAll(async () => {
    locked = await createUser('lockout', password, false);
    expired = await createUser('expired', password, true);
  });

  it('acquireTokenByUsernamePassword: ten wrong passwords, then AADSTS50053 with Entra’s message, even for the right password', async () => {
    for (let i = 0; i < 10; i++) {
      const wrong = await ropcError(locked, `wrong-${i}`);
      expect(wrong).toBeInstanceOf(ServerError);
      expect(wrong.errorCode).toBe('invalid_grant');
      expect(wrong.errorMessage).toContain('AADSTS50126:');
    }
    const err = await ropcError(locked, password);
    expect(err).toBeInstanceOf(ServerError);
    expect(err.errorCode).toBe('invalid_grant');
    expect(err.errorMessage).toContain("Description: AADSTS50053: The account is locked, you've tried to sign in too many times with an incorrect user ID or password.");
  });

  it('a password that must be changed: AADSTS50055, which MSAL reads as interaction required (suberror user_password_expired)', async () => {
    const err = await ropcError(expired, password);
    expect(err).toBeInstanceOf(InteractionRequiredAuthError);
    expect(err.errorCode).toBe('invalid_grant');
    expect(err.subError).toBe('user_password_expired');
    expect(err.errorMessage).toContain('AADSTS50055: The password is expired.');
  });
});
