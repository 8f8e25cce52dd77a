// GET/POST /oidc/userinfo: Microsoft Graph's OpenID Connect UserInfo endpoint, which Entra's v2
// discovery names (https://graph.microsoft.com/oidc/userinfo) and Entrada serves on its own host
// [D: entra docs userinfo.md]. Also at /{tenant}/openid/userinfo, the path Entra's v1 discovery
// names [O], with the same rules [I]. The caller presents a delegated Microsoft Graph token
// (aud https://graph.microsoft.com or 00000003-0000-0000-c000-000000000000) holding `openid`.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DirectoryStore } from '../../core/ports.js';
import { canCallUserInfo, userInfoClaims } from '../../core/tokens/userinfo.js';
import type { TokenDeps } from '../../flows/shared/context.js';
import { GraphError } from '../../directory/errors.js';
import { verifyGraphToken } from './graph-auth.js';
import { handleGraph, sendGraphJson } from './graph-reply.js';

type UserInfoDeps = Pick<TokenDeps, 'signer' | 'assertionSignatures' | 'clock'>;

export function userInfoRoutes(store: Pick<DirectoryStore, 'getUser'>, deps: UserInfoDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    // Browser OIDC libraries (oidc-client-ts's loadUserInfo) call it from the page with a bearer
    // token, as Graph allows [I: Graph answers CORS for any origin]: readable by any origin, with
    // a preflight for the Authorization header. No cookie is involved, so `*` gives nothing away.
    const handler = (req: FastifyRequest, reply: FastifyReply) => {
      reply.header('access-control-allow-origin', '*');
      return handleGraph(req, reply, () => userInfo(req, reply, store, deps));
    };
    const preflight = (_req: FastifyRequest, reply: FastifyReply) =>
      reply
        .code(204)
        .header('access-control-allow-origin', '*')
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header('access-control-allow-headers', 'authorization, content-type')
        .header('access-control-max-age', '86400')
        .send();
    for (const path of ['/oidc/userinfo', '/:tenant/openid/userinfo']) {
      app.get(path, handler);
      app.post(path, handler);
      app.options(path, preflight);
    }
  };
}

async function userInfo(req: FastifyRequest, reply: FastifyReply, store: Pick<DirectoryStore, 'getUser'>, deps: UserInfoDeps): Promise<FastifyReply> {
  // A missing, malformed, expired or foreign token: Graph's 401 with its WWW-Authenticate challenge.
  const claims = verifyGraphToken(req, deps);
  const scopes = typeof claims['scp'] === 'string' ? claims['scp'].split(' ').filter(Boolean) : [];
  // [I] An app-only token, or one without `openid`, is a valid token without the right: Graph's 403.
  if (!canCallUserInfo(scopes)) throw new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  const user = typeof claims['oid'] === 'string' ? await store.getUser(String(claims['tid']).toLowerCase(), claims['oid'].toLowerCase()) : undefined;
  // [I] As for every Graph call: a token outliving its user no longer speaks for anyone.
  if (!user?.accountEnabled) {
    throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. The user of the token no longer exists or is disabled.');
  }
  // The token's own `sub` is the pairwise subject the app's ID token carries (flows/shared/issue.ts).
  return sendGraphJson(req, reply, userInfoClaims(user, String(claims['sub']), scopes));
}
