// Client credentials with a client secret: Demo Daemon, an app-only token for Demo API (one RS256
// signature; no refresh or id token). The body is the same every time, as a daemon sends it.

import { form } from '../lib/http-client.js';
import { APP_SCOPE, DAEMON, TENANT } from '../lib/seed.js';
import { tokenTarget, type Grant } from './types.js';

/** What Demo Daemon posts (the HTTP floor, bench/floor-server.ts, is sent the same body). */
export const CLIENT_CREDENTIALS_BODY = form({ grant_type: 'client_credentials', client_id: DAEMON.appId, client_secret: DAEMON.secret, scope: APP_SCOPE });

export const clientCredentials: Grant = {
  key: 'cc',
  title: 'client credentials (secret)',
  singleUse: false,
  signaturesPerRequest: 1,
  note: 'Demo Daemon, secret, api://entrada-demo-api/.default; one body repeated.',
  async prepare(server) {
    return { target: tokenTarget(server, TENANT), lines: async () => [CLIENT_CREDENTIALS_BODY] };
  },
};
