// Issue 17's hard paths as MSAL Node meets them: per-user MFA, Conditional Access (MFA, block,
// authentication context), the MFA step of the sign-in pages and of /devicelogin, claims
// challenges, and revokeSignInSessions. Real HTTPS against startEntrada; every refusal is checked
// the way MSAL's documentation says an app handles it (InteractionRequiredAuthError + claims).

import { InteractionRequiredAuthError, PublicClientApplication, type AuthenticationResult } from '@azure/msal-node';
import { createRemoteJWKSet, customFetch, decodeJwt, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { claimsFromChallenge, startEntrada, type NewConditionalAccessPolicy, type StartedEntrada } from '../../src/api/index.js';
import { PageWalker } from '../support/page-walker.js';

let entrada: StartedEntrada;
const REDIRECT = 'http://localhost';
const SCOPE = 'api://entrada-demo-api/access_as_user';
/** Policies and settings a test adds, removed after it. */
const undo: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  entrada = await startEntrada();
});
afterAll(() => entrada.stop());
afterEach(async () => {
  while (undo.length) await undo.pop()!();
});

const alice = () => entrada.user('alice@entrada.localhost');
const cli = () => entrada.app('Demo CLI');

function pca(): PublicClientApplication {
  return new PublicClientApplication({
    auth: { clientId: cli().appId, authority: entrada.authority(), knownAuthorities: [new URL(entrada.url).host] },
    system: { networkClient: entrada.msalNetworkClient },
  });
}

/** Interactive sign-in of the Demo CLI (authorization code + PKCE, loopback redirect) through the pages. */
async function interactive(app: PublicClientApplication, walker: PageWalker, options: { claims?: string; mfa?: 'approve' | 'deny' } = {}) {
  const verifier = 'v'.repeat(43);
  const { createHash } = await import('node:crypto');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const url = await app.getAuthCodeUrl({ scopes: [SCOPE], redirectUri: REDIRECT, codeChallenge: challenge, codeChallengeMethod: 'S256', claims: options.claims });
  const walk = await walker.authorize(url, { upn: alice().userPrincipalName, password: alice().password!, mfa: options.mfa });
  if (!walk.location) return { walk, result: undefined };
  const code = new URL(walk.location).searchParams.get('code');
  if (!code) return { walk, result: undefined };
  const result = await app.acquireTokenByCode({ code, scopes: [SCOPE], redirectUri: REDIRECT, codeVerifier: verifier, claims: options.claims });
  return { walk, result };
}

async function refusal(p: Promise<unknown>): Promise<InteractionRequiredAuthError & { errorNo?: string | number; claims?: string }> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(InteractionRequiredAuthError);
  return err as InteractionRequiredAuthError & { errorNo?: string | number; claims?: string };
}

async function verified(result: AuthenticationResult) {
  const jwks = createRemoteJWKSet(new URL(`${entrada.authority()}/discovery/v2.0/keys`), { [customFetch]: entrada.fetch });
  const { payload } = await jwtVerify(result.accessToken, jwks, { issuer: `${entrada.authority()}/v2.0`, audience: entrada.app('Demo API').appId, currentDate: entrada.clock.now() });
  return payload;
}

function mfaPolicy(extra: Partial<NewConditionalAccessPolicy> = {}): NewConditionalAccessPolicy {
  return {
    displayName: 'Require MFA for the Demo API',
    state: 'enabled' as const,
    conditions: {
      users: { includeUsers: [alice().id] },
      applications: { includeApplications: [entrada.app('Demo API').appId] },
      clientAppTypes: ['all'],
    },
    grantControls: { operator: 'OR' as const, builtInControls: ['mfa'] },
    ...extra,
  };
}

async function addPolicy(body: NewConditionalAccessPolicy): Promise<string> {
  const created = await entrada.directory.createConditionalAccessPolicy(body);
  const id = String(created.id);
  undo.push(() => entrada.directory.deleteConditionalAccessPolicy(id));
  return id;
}

describe('per-user MFA', () => {
  it('ROPC is refused with 50076 and basic_action; MSAL throws InteractionRequiredAuthError [D: §3.5]', async () => {
    await entrada.directory.setPerUserMfa(alice().id, 'enforced');
    undo.push(() => entrada.directory.setPerUserMfa(alice().id, 'disabled'));
    const err = await refusal(pca().acquireTokenByUsernamePassword({ scopes: [SCOPE], username: alice().userPrincipalName, password: alice().password! }));
    expect(err.errorCode).toBe('invalid_grant');
    expect(err.subError).toBe('basic_action');
    expect(err.errorMessage).toMatch(/^AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access 'e7ada000-0000-4000-8000-000000000001'/);
  });

  it('the sign-in page asks for the second factor; the tokens then satisfy MFA and refresh works', async () => {
    await entrada.directory.setPerUserMfa(alice().id, 'enforced');
    undo.push(() => entrada.directory.setPerUserMfa(alice().id, 'disabled'));
    const app = pca();
    const { walk, result } = await interactive(app, new PageWalker(entrada.fetch, entrada.url));
    expect(walk.steps).toContain('mfa');
    const claims = await verified(result!);
    expect(decodeJwt(result!.idToken).amr).toBeUndefined(); // v2 id tokens carry no amr [D]
    expect(claims.scp).toBe('access_as_user');
    // The refresh token remembers the MFA: a silent refresh still passes.
    const silent = await app.acquireTokenSilent({ account: result!.account!, scopes: [SCOPE], forceRefresh: true });
    expect(silent.accessToken).not.toBe(result!.accessToken);
  });

  it('Deny on the MFA step is AADSTS500121 on the page', async () => {
    await entrada.directory.setPerUserMfa(alice().id, 'enforced');
    undo.push(() => entrada.directory.setPerUserMfa(alice().id, 'disabled'));
    const { walk } = await interactive(pca(), new PageWalker(entrada.fetch, entrada.url), { mfa: 'deny' });
    expect(walk.html).toContain('AADSTS500121');
  });
});

describe('Conditional Access', () => {
  it('a policy added after sign-in: the silent refresh throws InteractionRequiredAuthError with its claims; the interactive retry with them passes the MFA step', async () => {
    const app = pca();
    const walker = new PageWalker(entrada.fetch, entrada.url);
    const first = await interactive(app, walker);
    expect(first.walk.steps).not.toContain('mfa');
    const policyId = await addPolicy(mfaPolicy());

    const err = await refusal(app.acquireTokenSilent({ account: first.result!.account!, scopes: [SCOPE], forceRefresh: true }));
    expect(err.errorMessage).toMatch(/^AADSTS50076:/);
    expect(JSON.parse(err.claims!)).toEqual({ access_token: { capolids: { essential: true, values: [policyId] } } });

    // As MSAL's docs say: acquire interactively, passing the claims on.
    const again = await interactive(app, walker, { claims: err.claims });
    expect(again.walk.steps).toEqual(['mfa']); // the browser session skips the password, not the second factor
    expect(await verified(again.result!)).toMatchObject({ scp: 'access_as_user' });
  });

  it('a block policy for this address is 53003 with message_only and the policy id [O]', async () => {
    const location = await entrada.directory.createNamedLocation({ displayName: 'Loopback', ipRanges: ['127.0.0.1/32', '::1/128'], isTrusted: false });
    undo.push(() => entrada.directory.deleteNamedLocation(String(location.id)));
    const policyId = await addPolicy(mfaPolicy({
      displayName: 'Block loopback',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'], locations: { includeLocations: [String(location.id)] } },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    }));
    const err = await pca().acquireTokenByUsernamePassword({ scopes: [SCOPE], username: alice().userPrincipalName, password: alice().password! }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InteractionRequiredAuthError); // suberror message_only [M]
    const e = err as InteractionRequiredAuthError & { claims?: string };
    expect(e.errorMessage).toMatch(/^AADSTS53003: Access has been blocked by Conditional Access policies/);
    expect(e.subError).toBe('message_only');
    expect(JSON.parse(e.claims!).access_token.capolids.values).toEqual([policyId]);
    // The sign-in page shows the same refusal.
    const { walk } = await interactive(pca(), new PageWalker(entrada.fetch, entrada.url));
    expect(walk.html).toContain('AADSTS53003');
  });

  it('an API step-up challenge (authentication context c1): silent → 50076, interactive with the claims → acrs ["c1"]', async () => {
    await addPolicy(mfaPolicy({
      displayName: 'Sensitive operations',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeAuthenticationContextClassReferences: ['c1'] }, clientAppTypes: ['all'] },
    }));
    const app = pca();
    const walker = new PageWalker(entrada.fetch, entrada.url);
    const first = await interactive(app, walker);
    expect(first.walk.steps).not.toContain('mfa');
    expect((await verified(first.result!)).acrs).toBeUndefined();

    // The API answers 401 with a claims challenge; the app hands its claims to MSAL.
    const claims = claimsFromChallenge(entrada.claimsChallenge({ acrs: 'c1' }))!;
    const err = await refusal(app.acquireTokenSilent({ account: first.result!.account!, scopes: [SCOPE], claims }));
    expect(err.errorMessage).toMatch(/^AADSTS50076:/);
    const stepped = await interactive(app, walker, { claims });
    expect(stepped.walk.steps).toEqual(['mfa']);
    expect((await verified(stepped.result!)).acrs).toEqual(['c1']);
  });
});

describe('device code', () => {
  it('/devicelogin asks for the second factor, then the device gets its tokens', async () => {
    await entrada.directory.setPerUserMfa(alice().id, 'enforced');
    undo.push(() => entrada.directory.setPerUserMfa(alice().id, 'disabled'));
    const walker = new PageWalker(entrada.fetch, entrada.url);
    let pages: string[] = [];
    const result = await pca().acquireTokenByDeviceCode({
      scopes: [SCOPE],
      deviceCodeCallback: (r) => {
        void walker.deviceLogin(`${entrada.url}/devicelogin`, r.userCode, { upn: alice().userPrincipalName, password: alice().password! }).then((steps) => (pages = steps));
      },
    });
    expect(pages).toContain('mfa');
    expect(await verified(result!)).toMatchObject({ scp: 'access_as_user' });
  });
});

describe('revokeSignInSessions', () => {
  it('refresh tokens issued before are refused with 50173', async () => {
    const app = pca();
    const { result } = await interactive(app, new PageWalker(entrada.fetch, entrada.url));
    entrada.clock.advance('1s');
    await entrada.directory.revokeSignInSessions(alice().id);
    const err = await app.acquireTokenSilent({ account: result!.account!, scopes: [SCOPE], forceRefresh: true }).then(() => undefined, (e: unknown) => e);
    expect(String((err as Error).message)).toMatch(/AADSTS50173/);
  });
});
