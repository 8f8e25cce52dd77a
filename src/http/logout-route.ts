// GET/POST /{tenant}/oauth2/logout (v1) and /{tenant}/oauth2/v2.0/logout (v2): end the browser's
// sessions and go back to the app [D: v2-protocols-oidc.md "Send a sign-out request"].
//
// post_logout_redirect_uri is followed only when it is registered on an app this sign-out is
// about — the client_id sent, the audience of id_token_hint, or an app the session signed in to —
// so the endpoint is not an open redirector. Otherwise Entrada shows its "signed out" page, as
// Entra does. Refresh tokens are not revoked: Entra's sign-out ends the browser session only [D].

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from '../core/jwt.js';
import { isGuid } from '../core/guid.js';
import { redirectUriEquals, registeredRedirectUris } from '../core/policy/redirect-uri.js';
import { sessionHash } from '../flows/authorize/sessions.js';
import type { TokenDeps } from '../flows/token/context.js';
import { headerSafe, SESSION_COOKIE_PREFIX, sessionCookieValues } from './authorize-route.js';
import { decodeUtf8, parseForm } from './form.js';
import { sendPage } from './pages/csrf.js';
import { signedOutPage } from './pages/sign-in-pages.js';
import { formParams } from './token-route.js';

export function logoutRoutes(options: { deps: TokenDeps }) {
  return async function (app: FastifyInstance): Promise<void> {
    for (const path of ['/:tenant/oauth2/logout', '/:tenant/oauth2/v2.0/logout']) {
      app.get(path, (req, reply) => signOut(req, reply, safeParams(() => queryOf(req)), options.deps));
      app.post(path, (req, reply) => signOut(req, reply, { ...safeParams(() => queryOf(req)), ...safeParams(() => formParams(req)) }, options.deps));
    }
  };
}

async function signOut(req: FastifyRequest, reply: FastifyReply, params: Record<string, string>, deps: TokenDeps) {
  const now = deps.clock.now().toISOString();
  const appIds = new Set<string>();
  const cleared: string[] = [];
  for (const value of sessionCookieValues(req).slice(0, 8)) {
    const hash = sessionHash(value);
    const session = await deps.sessions.find(hash, now);
    if (session) {
      for (const id of session.clientIds) appIds.add(id);
      cleared.push(session.tenantId);
    }
    await deps.sessions.delete(hash);
  }
  const clientId = params['client_id'];
  if (clientId && isGuid(clientId)) appIds.add(clientId.toLowerCase());
  const hinted = audienceOf(params['id_token_hint']);
  if (hinted) appIds.add(hinted);

  const cookies = cleared.map((tid) => `${SESSION_COOKIE_PREFIX}${tid}=; Path=/; Secure; HttpOnly; SameSite=None; Max-Age=0`);
  if (cookies.length > 0) reply.header('set-cookie', cookies);
  const target = params['post_logout_redirect_uri'];
  if (target && (await registeredOnAny(target, [...appIds], deps))) {
    const state = params['state'];
    const location = state === undefined ? target : `${target}${target.includes('?') ? '&' : '?'}state=${encodeURIComponent(state)}`;
    return reply.code(302).header('cache-control', 'no-store').header('location', headerSafe(location)).send();
  }
  return sendPage(reply, signedOutPage({ host: req.host }), { extraCookies: cookies });
}

async function registeredOnAny(uri: string, appIds: string[], deps: Pick<TokenDeps, 'directory'>): Promise<boolean> {
  for (const id of appIds.slice(0, 32)) {
    const app = await deps.directory.getApplicationByAppId(id);
    if (app && registeredRedirectUris(app).some((r) => redirectUriEquals(r.uri, uri))) return true;
  }
  return false;
}

/** The `aud` of an id token hint, read without checking its signature: it only names which app's URIs to allow. */
function audienceOf(hint: string | undefined): string | undefined {
  if (!hint) return undefined;
  const decoded = decodeJwt(hint);
  const aud = decoded?.claims['aud'];
  return typeof aud === 'string' && isGuid(aud) ? aud.toLowerCase() : undefined;
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
