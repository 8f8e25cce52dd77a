// Resource owner password credentials (ROPC): Demo CLI (public client flows allowed), alice, USER_SCOPE.
// Each request checks the password with scrypt on the server's password worker(s), behind a queue
// that refuses a check still waiting after 10 s with AADSTS90055 (src/core/policy/password-queue.ts).
// So the bound is scrypt's rate (bench/lib/scrypt-rate.ts), not signing, and the load uses few
// connections: with 32, each would wait ~32 checks (~10 s at 2^17) and be refused.

import { form } from '../lib/http-client.js';
import { ALICE, CLI, TENANT, USER_SCOPE } from '../lib/seed.js';
import { tokenTarget, type Grant } from './types.js';

export const password: Grant = {
  key: 'ropc',
  title: 'ROPC (password)',
  singleUse: false,
  signaturesPerRequest: 2,
  connections: 4,
  timeoutSeconds: 30,
  // The warm-up leaves up to one check per connection queued (~0.3 s each): let them finish first.
  settleSeconds: 2,
  note: 'Demo CLI, alice; 4 connections (the password queue); bound = scrypt checks/s at the seed\'s cost on the password worker(s), not signing.',
  async prepare(server) {
    const body = form({ grant_type: 'password', client_id: CLI.appId, username: ALICE.upn, password: ALICE.password, scope: USER_SCOPE });
    return { target: tokenTarget(server, TENANT), lines: async () => [body] };
  },
};
