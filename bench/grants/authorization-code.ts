// Authorization code redemption with PKCE, as MSAL Node's acquireTokenByCode sends it for a web app:
// Demo Web App (confidential: its secret too), the code's verifier, USER_SCOPE. Codes are single-use,
// minted before the window through /authorize with a signed-in session (sign-in.ts). The answer
// holds an access token and an id token (two signatures) and an opaque refresh token.

import { form } from '../lib/http-client.js';
import { TENANT, USER_SCOPE, WEB } from '../lib/seed.js';
import { mintCodes } from './sign-in.js';
import { tokenTarget, type Grant } from './types.js';

export const authorizationCode: Grant = {
  key: 'authcode',
  title: 'authorization code + PKCE',
  singleUse: true,
  signaturesPerRequest: 2,
  note: 'Demo Web App, secret + PKCE; codes minted by /authorize (prompt=none) with a signed-in session, each redeemed once.',
  async prepare(server) {
    return {
      target: tokenTarget(server, TENANT),
      lines: async (count) =>
        (await mintCodes(server, count)).map(({ code, verifier }) =>
          form({
            grant_type: 'authorization_code',
            client_id: WEB.appId,
            client_secret: WEB.secret,
            code,
            code_verifier: verifier,
            redirect_uri: WEB.redirectUri,
            scope: USER_SCOPE,
          }),
        ),
    };
  },
};
