// What every directory operation receives: who calls (from a verified Graph token) and the ports it
// works through. Graph's HTTP layer (http/graph/) builds the actor; the CLI reaches these operations
// only through that HTTP layer, never by writing the database itself.

import type { Clock, DirectoryAdmin, Randomness } from '../core/ports.js';
import type { GraphCaller } from '../core/policy/graph-permissions.js';
import type { Guid } from '../core/model.js';

export interface GraphActor {
  tenantId: Guid;
  caller: GraphCaller;
  /** The calling app (the token's appid/azp) and its service principal in the tenant, if any. */
  app: { appId: Guid; displayName: string | null; servicePrincipalId: Guid | null };
  /** The signed-in user of a delegated token. */
  user: { id: Guid; userPrincipalName: string | null; displayName: string | null } | null;
  ipAddress: string | null;
  correlationId: string;
  userAgent: string | null;
}

export interface DirectoryServiceDeps {
  admin: DirectoryAdmin;
  clock: Clock;
  random: Randomness;
  /** Salted hash of a client secret (crypto/secret-hash.ts). */
  hashSecret: (value: string) => string;
  /** A new client secret value, Entra's 40-character shape (crypto/secret-hash.ts). */
  newSecret: () => string;
  /** scrypt hash of a user password (crypto/password-hash.ts). */
  hashPassword: (password: string) => Promise<string>;
  /** This node's cached directory forgets what it read (other nodes hear through storage). */
  onChange: () => void;
}

export { ENTRADA_CLI_APP_ID } from '../core/policy/graph-permissions.js';
export const ENTRADA_CLI_DISPLAY_NAME = 'Entrada command line';
