// A user's MFA requirement and sessions through Graph (issue 17; directory/user-authentication.ts):
// - /beta/users/{id | userPrincipalName}/authentication/requirements, GET and PATCH
//   {perUserMfaState}: Graph serves it in beta only [D], so only under /beta here (Entrada serves
//   no other beta path);
// - POST /v1.0/users/{id | userPrincipalName}/revokeSignInSessions and /v1.0/me/revokeSignInSessions:
//   200 with `{"value": true}` [D: user-revokesigninsessions example].

import type { FastifyInstance } from 'fastify';
import { toGraphAuthenticationRequirements } from '../../directory/conditional-access-views.js';
import {
  getAuthenticationRequirements,
  revokeMySignInSessions,
  revokeSignInSessions,
  updateAuthenticationRequirements,
} from '../../directory/user-authentication.js';
import type { GraphContext, KeyParams } from './graph-context.js';
import { handleGraph, jsonBody, sendGraph } from './graph-reply.js';

const REVOKED = { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean', value: true };

export function userAuthenticationRoutes(ctx: GraphContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<KeyParams>('/beta/users/:key/authentication/requirements', (req, reply) =>
      handleGraph(req, reply, async () => {
        const state = await getAuthenticationRequirements(ctx.service, await ctx.actor(req), req.params.key);
        // [I] Graph's context names the user as the request did.
        const context = `https://graph.microsoft.com/beta/$metadata#users('${encodeURIComponent(req.params.key)}')/authentication/requirements/$entity`;
        return sendGraph(req, reply, 200, { '@odata.context': context, ...toGraphAuthenticationRequirements(state) });
      }),
    );

    app.patch<KeyParams>('/beta/users/:key/authentication/requirements', (req, reply) =>
      handleGraph(req, reply, async () => {
        await updateAuthenticationRequirements(ctx.service, await ctx.actor(req), req.params.key, jsonBody(req));
        return sendGraph(req, reply, 204);
      }),
    );

    app.post<KeyParams>('/v1.0/users/:key/revokeSignInSessions', (req, reply) =>
      handleGraph(req, reply, async () => {
        await revokeSignInSessions(ctx.service, await ctx.actor(req), req.params.key);
        return sendGraph(req, reply, 200, REVOKED);
      }),
    );

    app.post('/v1.0/me/revokeSignInSessions', (req, reply) =>
      handleGraph(req, reply, async () => {
        await revokeMySignInSessions(ctx.service, await ctx.actor(req));
        return sendGraph(req, reply, 200, REVOKED);
      }),
    );
  };
}
