// The credential of the `entrada app|sp|user|group|grant …` commands: the command line is the
// installation's administrator (like a local `kubeadm`). It reads the signing keys from the
// same database the server uses and mints itself a short-lived app-only Microsoft Graph token, in
// the shape Entrada's token endpoint gives a client-credentials caller (core/tokens/claims.ts,
// v1: Graph asks for v1 tokens). The server then checks it like any other Graph token
// (http/graph/graph-auth.ts) and applies its permissions; the command line never writes the
// database itself.

import { randomBytes } from 'node:crypto';
import type { Guid, SigningKey } from '../core/model.js';
import { accessTokenClaims } from '../core/tokens/claims.js';
import { longestTokenLifetimeSeconds } from '../compose-signing-keys.js';
import { signingKeyRetentionMs } from '../core/signing-key-states.js';
import { KeyRing } from '../crypto/key-ring.js';
import { ENTRADA_CLI_APP_ID } from '../directory/context.js';

/** Five minutes: one command's worth. */
export const CLI_TOKEN_LIFETIME_SECONDS = 300;

/**
 * Graph's application permissions the commands need (graph-and-clients.md §D.2), the same set the
 * demo seed gives Demo Automation.
 */
export const CLI_GRAPH_ROLES = [
  'Application.ReadWrite.All',
  'AppRoleAssignment.ReadWrite.All',
  'DelegatedPermissionGrant.ReadWrite.All',
  'User.ReadWrite.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
  'AuditLog.Read.All',
] as const;

interface CliTokenInput {
  /** The installation's signing keys (storage.signingKeys.list()); the current one at `now` signs (core/signing-key-states.ts). */
  keys: SigningKey[];
  tenantId: Guid;
  /** The server's origin, `https://localhost:8443`: the v1 issuer is `{origin}/{tenantId}/`, as the server's own. */
  origin: string;
  now: Date;
}

/** A signed app-only Graph access token for the command line, valid for CLI_TOKEN_LIFETIME_SECONDS. */
export async function cliGraphToken(input: CliTokenInput): Promise<string> {
  if (input.keys.length === 0) {
    throw new Error('This database holds no signing key yet: start the server once (`entrada start`) with the same --home / --database.');
  }
  // The server's own retention (the longest token lifetime does not depend on a setting above a day).
  const retentionMs = signingKeyRetentionMs(longestTokenLifetimeSeconds({ accessTokenLifetime: CLI_TOKEN_LIFETIME_SECONDS }));
  const signer = KeyRing.create(input.keys, { clock: { now: () => input.now }, retentionMs });
  if (signer.kid === '') {
    throw new Error('No signing key of this database can sign now (`entrada keys list`): make one with `entrada keys rotate --now`.');
  }
  const opaque = (bytes: number) => randomBytes(bytes).toString('base64url');
  const claims = accessTokenClaims({
    version: 1,
    origin: input.origin.replace(/\/$/, ''),
    tenantId: input.tenantId,
    audience: 'https://graph.microsoft.com',
    clientAppId: ENTRADA_CLI_APP_ID,
    // [I] Authenticated with a key, as a certificate credential is ('2'), not a secret.
    clientAuth: '2',
    times: { now: Math.floor(input.now.getTime() / 1000), lifetime: CLI_TOKEN_LIFETIME_SECONDS },
    ids: { aio: opaque(48), rh: `0.${opaque(36)}`, uti: opaque(16) },
    // No service principal exists for the command line: its app id stands as oid/sub.
    app: { servicePrincipalId: ENTRADA_CLI_APP_ID, roles: [...CLI_GRAPH_ROLES] },
  });
  return signer.sign(claims, { x5t: true });
}
