// On-behalf-of: the bench's middle-tier API (bench/lib/seed.ts) exchanges a user's token for it for a
// Demo API token for the same user, as MSAL Node's acquireTokenOnBehalfOf sends it (its secret,
// requested_token_use=on_behalf_of, the downstream scope plus openid profile offline_access). The
// incoming token comes from one ROPC sign-in of alice on Demo CLI, and every request presents it,
// as a middle tier does for one user's calls. The server verifies its RS256 signature (cheap
// beside signing) and signs an access and an id token.

import { form, jsonOf } from '../lib/http-client.js';
import { ALICE, CLI, MIDDLE, TENANT, USER_SCOPE } from '../lib/seed.js';
import { tokenTarget, type Grant } from './types.js';

export const onBehalfOf: Grant = {
  key: 'obo',
  title: 'on-behalf-of',
  singleUse: false,
  signaturesPerRequest: 2,
  note: 'Bench Middle API (secret) → Demo API for alice; one incoming user token (ROPC on Demo CLI) in every request.',
  async prepare(server) {
    const target = tokenTarget(server, TENANT);
    const incoming = jsonOf(
      await server.client.post(new URL(target.url).pathname, {
        grant_type: 'password', client_id: CLI.appId, username: ALICE.upn, password: ALICE.password, scope: `${MIDDLE.uri}/access_as_user`,
      }),
      'ROPC for the middle tier\'s incoming token',
    );
    const body = form({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      client_id: MIDDLE.appId,
      client_secret: MIDDLE.secret,
      assertion: String(incoming['access_token']),
      requested_token_use: 'on_behalf_of',
      scope: USER_SCOPE,
    });
    return { target, lines: async () => [body] };
  },
};
