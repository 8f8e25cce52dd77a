// Signing in to the portal with Entrada itself: authorization code + PKCE for the portal's
// first-party app (directory/portal-registration.ts) at /organizations, so the administrator of
// any tenant signs in on the ordinary sign-in pages. The code is redeemed at Entrada's own token
// endpoint, in process (app.inject), so the sign-in and the redemption are in the sign-in log like
// any app's. Only users holding an administrative directory role get a portal session
// (core/policy/portal-access.ts); others are refused in Graph's words.

import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from '../../core/jwt.js';
import { portalAccess } from '../../core/policy/portal-access.js';
import { roleNames } from '../../directory/authorize.js';
import { denied } from '../../directory/errors.js';
import { ENTRADA_PORTAL_APP_ID, PORTAL_CALLBACK_PATH } from '../../directory/portal-registration.js';
import { html } from '../../http/kit/html.js';
import { errorNotice, queryValue, portalPost, refusalPage, sendPortalPage, type PortalOptions } from './portal-kit.js';
import {
  clearedCookie,
  newSessionId,
  PORTAL_SESSION_COOKIE,
  PORTAL_SESSION_SECONDS,
  PORTAL_SIGNIN_COOKIE,
  readSignInState,
  safeReturnPath,
  SIGNIN_STATE_SECONDS,
  sessionCookie,
  signInCookie,
  type SignInState,
} from './session.js';

/** A tenant the person asked for: a GUID or a domain name; anything else means /organizations. */
const TENANT_HINT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(?:\.[a-z0-9-]+)+)$/i;
const SCOPE = 'openid profile';

function random(): string {
  return randomBytes(32).toString('base64url');
}

export function registerSignIn(app: FastifyInstance, options: PortalOptions): void {
  app.get('/portal/signin', async (req, reply) => {
    const query = req.query as Record<string, string | string[] | undefined>;
    const tenantHint = queryValue(query, 'tenant');
    const tenant = tenantHint && TENANT_HINT.test(tenantHint) ? tenantHint.toLowerCase() : 'organizations';
    const state = { state: random(), nonce: random(), verifier: random(), returnTo: safeReturnPath(queryValue(query, 'return_to')), tenant };
    const now = Math.floor(options.clock.now().getTime() / 1000);
    const params = new URLSearchParams({
      client_id: ENTRADA_PORTAL_APP_ID,
      response_type: 'code',
      redirect_uri: callbackUri(req),
      response_mode: 'query',
      scope: SCOPE,
      state: state.state,
      nonce: state.nonce,
      code_challenge: createHash('sha256').update(state.verifier).digest('base64url'),
      code_challenge_method: 'S256',
      // Lets a person who is signed in as someone else (an app's test user) pick the admin account.
      prompt: 'select_account',
    });
    return reply
      .header('set-cookie', signInCookie(options.seal.seal('signin', { ...state, expiresAt: now + SIGNIN_STATE_SECONDS }), SIGNIN_STATE_SECONDS))
      .header('cache-control', 'no-store')
      .redirect(`/${encodeURIComponent(tenant)}/oauth2/v2.0/authorize?${params}`, 302);
  });

  app.get(PORTAL_CALLBACK_PATH, async (req, reply) => {
    const query = req.query as Record<string, string | string[] | undefined>;
    const now = Math.floor(options.clock.now().getTime() / 1000);
    const code = queryValue(query, 'code');
    const error = queryValue(query, 'error');
    // Back from signing out (the portal's post_logout_redirect_uri is this same registered URI).
    if (code === undefined && error === undefined) return signedOut(reply);
    const pending = readSignInState(req, options.seal, now);
    const clearState = clearedCookie(PORTAL_SIGNIN_COOKIE, 'Lax');
    if (!pending || queryValue(query, 'state') !== pending.state) {
      return sendPortalPage(reply, retryPage(400, 'Sign-in not recognised', 'This sign-in was not started from this browser, or took longer than 10 minutes.'), undefined, [clearState]);
    }
    if (error !== undefined || code === undefined) {
      // Only an answer to this browser's own sign-in (the state matched) is shown.
      const description = queryValue(query, 'error_description') ?? error ?? 'The sign-in did not complete.';
      return sendPortalPage(reply, retryPage(400, 'Sign-in failed', description.slice(0, 1000)), undefined, [clearState]);
    }
    const redeemed = await redeem(app, req, pending, code);
    if (!redeemed.ok) return sendPortalPage(reply, retryPage(400, 'Sign-in failed', redeemed.message), undefined, [clearState]);
    const { tid, oid, upn } = redeemed;
    const roles = await options.service.read.listDirectoryRoles(tid, oid);
    const access = portalAccess(roles);
    if (!access.allowed) {
      return sendPortalPage(
        reply,
        {
          title: 'Insufficient privileges',
          nav: 'home',
          status: 403,
          // Graph's own refusal (directory/errors.ts), as every other portal refusal.
          main: html`<h1>Insufficient privileges</h1>
${errorNotice(denied(`${upn} signed in, but holds none of the directory roles the Entrada admin portal admits: ${roleNames(access.needed, ', ')}.`))}
<p>To give a user a role, list it under <code>directoryRoles</code> of the user in the seed file, or have an administrator add it on the user's page in this portal.</p>
<p><a href="/portal/signin">Sign in with another account</a></p>`,
        },
        undefined,
        [clearState],
      );
    }
    // The sign-in page just made (or reused) this browser's Entrada session for the user.
    const signIn = await options.signInSessions.current(req, tid, oid);
    if (!signIn) return sendPortalPage(reply, retryPage(400, 'Sign-in failed', 'This browser holds no Entrada sign-in session for the account (are cookies allowed for this site?).'), undefined, [clearState]);
    const session = { tenantId: tid, userId: oid, sid: newSessionId(), signIn, expiresAt: now + PORTAL_SESSION_SECONDS };
    return reply
      .code(303)
      .header('set-cookie', [clearState, sessionCookie(options.seal.seal('session', session), PORTAL_SESSION_SECONDS)])
      .header('cache-control', 'no-store')
      .header('location', pending.returnTo)
      .send();
  });

  // Ends the portal session, then Entrada's sign-out ends the browser's sign-in session: its "Pick
  // an account" page lists the administrator's account (logout_hint narrows it; a user name alone
  // never signs anyone out), and comes back to the portal's registered URI, which says so.
  portalPost(app, options, '/portal/signout', async ({ req, reply, viewer }) => {
    const params = new URLSearchParams({
      client_id: ENTRADA_PORTAL_APP_ID,
      logout_hint: viewer.user.userPrincipalName,
      post_logout_redirect_uri: callbackUri(req),
    });
    return reply
      .code(303)
      .header('set-cookie', clearedCookie(PORTAL_SESSION_COOKIE, 'Strict'))
      .header('location', `/${viewer.tenant.id}/oauth2/v2.0/logout?${params}`)
      .send();
  });
}

function callbackUri(req: FastifyRequest): string {
  return `${req.requestContext.origin}${PORTAL_CALLBACK_PATH}`;
}

type Redeemed = { ok: true; tid: string; oid: string; upn: string } | { ok: false; message: string };

/** The code at Entrada's own token endpoint, in process; the id token's nonce and audience checked. */
async function redeem(app: FastifyInstance, req: FastifyRequest, pending: SignInState, code: string): Promise<Redeemed> {
  const tenant = pending.tenant;
  const res = await app.inject({
    method: 'POST',
    url: `/${encodeURIComponent(tenant)}/oauth2/v2.0/token`,
    headers: { host: req.headers.host ?? 'localhost', 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: ENTRADA_PORTAL_APP_ID,
      code,
      redirect_uri: callbackUri(req),
      code_verifier: pending.verifier,
      scope: SCOPE,
    }).toString(),
  });
  const body = safeJson(res.body);
  if (res.statusCode !== 200 || typeof body['id_token'] !== 'string') {
    return { ok: false, message: typeof body['error_description'] === 'string' ? body['error_description'] : `The token endpoint answered HTTP ${res.statusCode}.` };
  }
  const claims = decodeJwt(body['id_token'])?.claims;
  if (!claims || claims['aud'] !== ENTRADA_PORTAL_APP_ID || claims['nonce'] !== pending.nonce || typeof claims['tid'] !== 'string' || typeof claims['oid'] !== 'string') {
    return { ok: false, message: 'The ID token did not belong to this sign-in.' };
  }
  const upn = typeof claims['preferred_username'] === 'string' ? claims['preferred_username'] : claims['oid'];
  return { ok: true, tid: claims['tid'].toLowerCase(), oid: claims['oid'].toLowerCase(), upn };
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function retryPage(status: number, title: string, message: string) {
  return { ...refusalPage(status, title, message), main: html`<h1>${title}</h1><div class="notice error" role="alert"><p>${message}</p></div><p><a href="/portal/signin">Sign in again</a></p>` };
}

function signedOut(reply: FastifyReply): FastifyReply {
  return sendPortalPage(reply, { title: 'Signed out', nav: 'home', main: html`<h1>You signed out</h1><p>Your portal session and your Entrada sign-in have ended.</p><p><a class="button" href="/portal/signin">Sign in again</a></p>` }, undefined);
}
