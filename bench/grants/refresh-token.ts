// Refresh token redemption: Demo Web App with its secret, USER_SCOPE, as MSAL's acquireTokenSilent
// sends it once the access token expired. Entra's refresh tokens are not single-use (the one redeemed
// stays valid, src/flows/token/grants/refresh-token.ts), so a pool of them, each from its own code
// redemption, is replayed round-robin; every answer still writes a new refresh token.

import { form, inParallel, jsonOf } from '../lib/http-client.js';
import { TENANT, USER_SCOPE, WEB } from '../lib/seed.js';
import { mintCodes } from './sign-in.js';
import { tokenTarget, type Grant } from './types.js';

/** Refresh tokens in the pool (distinct families, as from as many signed-in users or devices). */
const POOL = 64;

export const refreshToken: Grant = {
  key: 'refresh',
  title: 'refresh token',
  singleUse: false,
  signaturesPerRequest: 2,
  note: `Demo Web App, secret; ${POOL} refresh tokens from code redemptions, replayed round-robin (they stay valid, as in Entra).`,
  async prepare(server) {
    const target = tokenTarget(server, TENANT);
    const codes = await mintCodes(server, POOL);
    const tokens = await inParallel(codes.length, 8, async (i) => {
      const { code, verifier } = codes[i];
      const answer = await server.client.post(new URL(target.url).pathname, {
        grant_type: 'authorization_code', client_id: WEB.appId, client_secret: WEB.secret, code, code_verifier: verifier, redirect_uri: WEB.redirectUri, scope: USER_SCOPE,
      });
      return String(jsonOf(answer, 'code redemption for a refresh token')['refresh_token']);
    });
    const bodies = tokens.map((token) => form({ grant_type: 'refresh_token', client_id: WEB.appId, client_secret: WEB.secret, refresh_token: token, scope: USER_SCOPE }));
    return { target, lines: async () => bodies };
  },
};
