// GET/POST /{tenant}/oauth2/logout (v1) and /{tenant}/oauth2/v2.0/logout (v2): end the browser's
// sessions and go back to the app [D: v2-protocols-oidc.md "Send a sign-out request"].
//
// Which sessions (issue 9, finding 9): a request that proves which account it is about — an
// id_token_hint signed by Entrada's own keys (expired or not) whose tid/oid is a session of this
// browser, or a logout_hint equal to a signed-in user's UPN (Entrada issues no login_hint claim,
// so the UPN is what MSAL can send) — ends that account's session at once. Anything else, e.g. an
// <img> on another site, gets the "Pick an account" page, and a session ends only when its account
// is picked there (a POST with the CSRF token of the sign-in pages). [I] Entra asks the same way
// (its "Pick an account" sign-out page) and accepts expired hints; not documented.
//
// post_logout_redirect_uri is followed only when it is registered on an app this sign-out is
// about — the client_id sent, the audience of a verified id_token_hint, or an app an ended session
// signed in to — so the endpoint is not an open redirector. Otherwise Entrada shows its "signed
// out" page, as Entra does. Refresh tokens are not revoked: Entra's sign-out ends the browser
// session only [D].

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from '../../core/jwt.js';
import { isGuid } from '../../core/guid.js';
import type { SignInSession } from '../../core/ports.js';
import { redirectUriEquals, registeredRedirectUris } from '../../core/policy/redirect-uri.js';
import { sessionHash } from '../../flows/authorize/sessions.js';
import type { TokenDeps } from '../../flows/shared/context.js';
import { publishedCertificates } from '../../flows/shared/published-certificates.js';
import { headerSafe, redirectSource } from '../kit/redirect.js';
import { SESSION_COOKIE_PREFIX, sessionCookieValues, SIGN_IN_CSRF_COOKIE } from '../kit/session-cookie.js';
import { decodeUtf8, formParams, parseForm } from '../kit/form.js';
import { CSRF_TOKEN_SHAPE, newCsrfToken, readCookie, sameToken, sendPage } from '../kit/csrf.js';
import { pageCsp } from '../kit/page.js';
import { signedOutPage } from './sign-in-pages.js';
import { signOutPickerPage } from './sign-out-pages.js';

export function logoutRoutes(options: { deps: TokenDeps }) {
  return async (app: FastifyInstance): Promise<void> => {
    for (const path of ['/:tenant/oauth2/logout', '/:tenant/oauth2/v2.0/logout']) {
      app.get(path, (req, reply) => signOut(req, reply, safeParams(() => queryOf(req)), false, options.deps));
      app.post(path, (req, reply) =>
        signOut(req, reply, { ...safeParams(() => queryOf(req)), ...safeParams(() => formParams(req)) }, true, options.deps),
      );
    }
  };
}

interface Live {
  hash: string;
  session: SignInSession;
}

async function signOut(req: FastifyRequest, reply: FastifyReply, params: Record<string, string>, posted: boolean, deps: TokenDeps) {
  const now = deps.clock.now().toISOString();
  const live: Live[] = [];
  for (const value of sessionCookieValues(req).slice(0, 8)) {
    const hash = sessionHash(value);
    const session = await deps.sessions.find(hash, now);
    if (session) live.push({ hash, session });
  }
  const hint = await ownIdToken(params['id_token_hint'], deps);
  const appIds = new Set<string>();
  const clientId = params['client_id'];
  if (clientId && isGuid(clientId)) appIds.add(clientId.toLowerCase());
  if (hint) appIds.add(hint.aud);

  const ending = sessionsToEnd(req, params, posted, live, hint);
  if (ending === 'ask') return askWhichAccount(req, reply, params, live, appIds, deps);

  for (const { hash, session } of ending) {
    await deps.sessions.delete(hash);
    for (const id of session.clientIds) appIds.add(id);
  }
  const cookies = ending.map(({ session }) => `${SESSION_COOKIE_PREFIX}${session.tenantId}=; Path=/; Secure; HttpOnly; SameSite=None; Max-Age=0`);
  if (cookies.length > 0) reply.header('set-cookie', cookies);
  const target = params['post_logout_redirect_uri'];
  if (target && (await registeredOnAny(target, [...appIds], deps))) {
    const state = params['state'];
    const location = state === undefined ? target : `${target}${target.includes('?') ? '&' : '?'}state=${encodeURIComponent(state)}`;
    return reply.code(302).header('cache-control', 'no-store').header('location', headerSafe(location)).send();
  }
  return sendPage(reply, signedOutPage({ host: req.host }), { extraCookies: cookies });
}

/**
 * The sessions this request may end without asking, or 'ask'. No live session: nothing to protect,
 * so the redirect rules apply at once.
 */
function sessionsToEnd(req: FastifyRequest, params: Record<string, string>, posted: boolean, live: Live[], hint: OwnIdToken | undefined): Live[] | 'ask' {
  if (live.length === 0) return [];
  const csrf = readCookie(req, SIGN_IN_CSRF_COOKIE, CSRF_TOKEN_SHAPE);
  const picked = params['account'];
  if (posted && csrf && sameToken(csrf, params['csrf']) && picked !== undefined) {
    return live.filter(({ session }) => accountValue(session) === picked);
  }
  if (hint) {
    const matching = live.filter(({ session }) => session.tenantId.toLowerCase() === hint.tid && session.userId.toLowerCase() === hint.oid);
    if (matching.length > 0) return matching;
  }
  // A logout_hint alone proves nothing: Entra's is the opaque `login_hint` claim, which Entrada
  // does not issue, and a user name is easy to guess — an <img> naming it would sign the user out.
  // It only narrows the "Pick an account" page (askWhichAccount) [I].
  return 'ask';
}

/** "Pick an account": the signed-in accounts; nothing ends until one is picked (a same-site POST). */
async function askWhichAccount(
  req: FastifyRequest,
  reply: FastifyReply,
  params: Record<string, string>,
  live: Live[],
  appIds: Set<string>,
  deps: TokenDeps,
): Promise<FastifyReply> {
  const all = [];
  for (const { session } of live) {
    const user = await deps.directory.getUser(session.tenantId, session.userId);
    all.push({ value: accountValue(session), upn: user?.userPrincipalName ?? session.userId, displayName: user?.displayName ?? 'Unknown account' });
  }
  // logout_hint (a user name here) lists only that account when it is signed in; still one click.
  const logoutHint = params['logout_hint']?.trim().toLowerCase();
  const hinted = logoutHint ? all.filter((a) => a.upn.toLowerCase() === logoutHint) : [];
  const accounts = hinted.length > 0 ? hinted : all;
  // The answer to the POST may redirect to post_logout_redirect_uri, which Chromium checks against form-action.
  const target = params['post_logout_redirect_uri'];
  const apps = new Set([...appIds, ...live.flatMap(({ session }) => session.clientIds)]);
  const formAction = ["'self'"];
  if (target && (await registeredOnAny(target, [...apps], deps))) formAction.push(redirectSource(target));
  const csrf = readCookie(req, SIGN_IN_CSRF_COOKIE, CSRF_TOKEN_SHAPE) ?? newCsrfToken();
  const action = req.url.split('?')[0];
  return sendPage(reply, signOutPickerPage({ host: req.host, csrf, action, carried: params, accounts }), {
    csrfCookie: { name: SIGN_IN_CSRF_COOKIE, value: csrf },
    csp: pageCsp({ formAction }),
  });
}

const accountValue = (session: SignInSession) => `${session.tenantId}/${session.userId}`;

interface OwnIdToken {
  aud: string;
  tid: string;
  oid: string;
}

/**
 * The claims of an id_token_hint that Entrada signed (any key it publishes), or undefined. Its
 * expiry is not checked: apps send the id token they kept, often expired, and Entra accepts it [I].
 */
async function ownIdToken(hint: string | undefined, deps: Pick<TokenDeps, 'signer' | 'assertionSignatures'>): Promise<OwnIdToken | undefined> {
  if (!hint || hint.length > 16_384) return undefined;
  const jwt = decodeJwt(hint);
  if (jwt?.header['alg'] !== 'RS256' || typeof jwt.header['kid'] !== 'string') return undefined;
  const der = publishedCertificates(deps.signer).get(jwt.header['kid']);
  if (der === undefined || !deps.assertionSignatures.verify('RS256', der, jwt.signingInput, jwt.signature)) return undefined;
  const { aud, tid, oid } = jwt.claims;
  if (typeof aud !== 'string' || !isGuid(aud) || typeof tid !== 'string' || typeof oid !== 'string') return undefined;
  return { aud: aud.toLowerCase(), tid: tid.toLowerCase(), oid: oid.toLowerCase() };
}

async function registeredOnAny(uri: string, appIds: string[], deps: Pick<TokenDeps, 'directory'>): Promise<boolean> {
  for (const id of appIds.slice(0, 32)) {
    const app = await deps.directory.getApplicationByAppId(id);
    if (app && registeredRedirectUris(app).some((r) => redirectUriEquals(r.uri, uri))) return true;
  }
  return false;
}

function queryOf(req: FastifyRequest): Record<string, string> {
  const q = req.url.indexOf('?');
  return q < 0 ? {} : parseForm(decodeUtf8(Buffer.from(req.url.slice(q + 1), 'latin1')));
}

/** Sign-out never fails on odd parameters: it signs out and shows the page. */
function safeParams(read: () => Record<string, string>): Record<string, string> {
  try {
    return read();
  } catch {
    return {};
  }
}
