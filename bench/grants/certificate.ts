// Client credentials with a certificate: the bench's certificate daemon (bench/lib/seed.ts) sends a
// client_assertion JWT signed with its key, PS256 with x5t#S256 as MSAL Node signs it
// (test/support/client-certificate.ts). MSAL Node reuses one assertion for up to 10 minutes, and the
// server accepts the identical assertion again while refusing another that reuses its jti
// (src/flows/shared/client-auth.ts), so a set of assertions, distinct jtis, is replayed round-robin.
// Checking one costs the server an RSA verification and a jti upsert; the answer one signature.

import { msalAssertion } from '../../test/support/client-certificate.js';
import { form } from '../lib/http-client.js';
import { APP_SCOPE, CERT_DAEMON, TENANT } from '../lib/seed.js';
import { tokenTarget, type Grant } from './types.js';

const ASSERTIONS = 64;

export const certificate: Grant = {
  key: 'cert',
  title: 'client credentials (certificate)',
  singleUse: false,
  signaturesPerRequest: 1,
  note: `Bench Certificate Daemon; ${ASSERTIONS} PS256 client assertions (distinct jti), each replayed as MSAL replays its cached one.`,
  async prepare(server) {
    const target = tokenTarget(server, TENANT);
    const bodies = Array.from({ length: ASSERTIONS }, () =>
      form({
        grant_type: 'client_credentials',
        client_id: CERT_DAEMON.appId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: msalAssertion(server.seed.certificate, CERT_DAEMON.appId, target.url),
        scope: APP_SCOPE,
      }),
    );
    return { target, lines: async () => bodies };
  },
};
