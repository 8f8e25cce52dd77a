// A signed-in browser session on a bench server, and authorization codes minted through it, as a
// browser gets them: alice signs in once on /authorize's page (one password check), then each
// /authorize with prompt=none and the session cookie answers 302 to the redirect URI with a code
// (test/http/authorize.test.ts, "reuses the session"). PKCE S256 with a fresh verifier per code.

import { hiddenFields, pkcePair } from '../../test/support/sign-in.js';
import { CookieJar, form, inParallel, type Answer } from '../lib/http-client.js';
import { ALICE, TENANT, USER_SCOPE, WEB } from '../lib/seed.js';
import type { Server } from '../lib/server.js';

const AUTHORIZE = `/${TENANT}/oauth2/v2.0/authorize`;
const MINT_CONCURRENCY = 16;

const sessions = new WeakMap<Server, Promise<CookieJar>>();

/** The cookies of alice's session on `server` (signed in once per server). */
export function signedIn(server: Server): Promise<CookieJar> {
  let session = sessions.get(server);
  if (!session) {
    session = signIn(server);
    sessions.set(server, session);
  }
  return session;
}

async function signIn(server: Server): Promise<CookieJar> {
  const jar = new CookieJar();
  const page = await server.client.request(authorizeUrl(pkcePair().challenge, {}), { headers: { cookie: jar.header() } });
  jar.keep(page);
  if (page.status !== 200) throw new Error(`sign-in page: HTTP ${page.status}: ${page.body.slice(0, 300)}`);
  const action = /<form[^>]*action="([^"]+)"/.exec(page.body)?.[1];
  if (!action) throw new Error('sign-in page: no form');
  const answer = await server.client.request(action.replace(/&amp;/g, '&'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: form({ ...hiddenFields(page.body), username: ALICE.upn, password: ALICE.password, action: 'signin' }),
  });
  jar.keep(answer);
  if (answer.status !== 302) throw new Error(`sign-in: HTTP ${answer.status} (expected a 302 to the app): ${answer.body.slice(0, 300)}`);
  return jar;
}

export interface MintedCode {
  code: string;
  verifier: string;
}

/** `count` authorization codes for Demo Web App (USER_SCOPE), each with its PKCE verifier. */
export async function mintCodes(server: Server, count: number): Promise<MintedCode[]> {
  const jar = await signedIn(server);
  return inParallel(count, MINT_CONCURRENCY, async () => {
    const { verifier, challenge } = pkcePair();
    const answer = await server.client.request(authorizeUrl(challenge, { prompt: 'none' }), { headers: { cookie: jar.header() } });
    return { code: codeOf(answer), verifier };
  });
}

function authorizeUrl(challenge: string, extra: Record<string, string>): string {
  const query = new URLSearchParams({
    client_id: WEB.appId,
    response_type: 'code',
    redirect_uri: WEB.redirectUri,
    scope: USER_SCOPE,
    state: 'bench',
    nonce: 'bench',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  return `${AUTHORIZE}?${query}`;
}

function codeOf(answer: Answer): string {
  const location = answer.headers.location;
  const code = answer.status === 302 && location ? new URL(location).searchParams.get('code') : null;
  if (!code) throw new Error(`/authorize with the session: HTTP ${answer.status} ${location ?? ''} ${answer.body.slice(0, 300)}`);
  return code;
}
