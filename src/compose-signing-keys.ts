// The signing keys at run time (issue 17): the key ring that signs and publishes, the admin that
// rotates and retires, automatic rotation, and how a node hears of another's changes (compose.ts
// calls changed() when storage.watchDirectory fires; a 30 s reload is the backstop for a lost
// notification).

import type { Config } from './config/config.js';
import type { Clock, SigningKeyStore } from './core/ports.js';
import { CAE_ACCESS_TOKEN_LIFETIME } from './core/policy/client-capabilities.js';
import { signingKeyRetentionMs } from './core/signing-key-states.js';
import { SigningKeyAdmin } from './crypto/key-admin.js';
import { KeyRing } from './crypto/key-ring.js';

/** Managed identity tokens live 24 hours (flows/managed-identity/token.ts), as CAE-capable clients' tokens do. */
export const MANAGED_IDENTITY_TOKEN_SECONDS = 24 * 3600;

/** How often each node reads the keys again even without a notification. */
export const KEY_RELOAD_INTERVAL_MS = 30_000;

/**
 * The longest lifetime of anything Entrada signs: access and ID tokens (ENTRADA_ACCESS_TOKEN_LIFETIME,
 * at most a day), CAE-capable clients' access tokens and managed identity tokens (a day each).
 * The command line's own Graph token lives 5 minutes.
 */
export function longestTokenLifetimeSeconds(config: Pick<Config, 'accessTokenLifetime'>): number {
  return Math.max(config.accessTokenLifetime, CAE_ACCESS_TOKEN_LIFETIME, MANAGED_IDENTITY_TOKEN_SECONDS);
}

export interface SigningKeys {
  ring: KeyRing;
  admin: SigningKeyAdmin;
  /** Another node or process may have changed the keys: read them again (failures are logged). */
  changed(): void;
  close(): void;
}

interface SigningKeysInput {
  store: SigningKeyStore;
  clock: Clock;
  config: Pick<Config, 'accessTokenLifetime' | 'keyRotationMs' | 'keyPublishLeadMs'>;
  log?: (line: string) => void;
}

export async function createSigningKeys(input: SigningKeysInput): Promise<SigningKeys> {
  const { store, clock, config } = input;
  const log = input.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const retentionMs = signingKeyRetentionMs(longestTokenLifetimeSeconds(config));
  let ring: KeyRing | undefined;
  // After close() (the storage is closing) nothing is read or written any more, and nothing logged.
  let closed = false;
  const reload = () => ring?.reload() ?? Promise.resolve();
  const admin = new SigningKeyAdmin({ store, clock, retentionMs, leadMs: config.keyPublishLeadMs, changed: reload });

  // The ring says when a key is due (ENTRADA_KEY_ROTATION); one attempt at a time on this node,
  // and other nodes' attempts at the same moment create no second key (SigningKeyAdmin.rotateIfDue).
  let rotating = false;
  const rotateIfDue = async (intervalMs: number) => {
    if (rotating || closed) return;
    rotating = true;
    try {
      await admin.rotateIfDue(intervalMs);
    } catch (err) {
      if (!closed) log(`automatic signing-key rotation failed (tried again within ${KEY_RELOAD_INTERVAL_MS / 1000} s): ${String(err)}`);
    } finally {
      rotating = false;
    }
  };
  const rotationMs = config.keyRotationMs;
  ring = KeyRing.create(await admin.ensureSigningKey(), {
    clock,
    retentionMs,
    source: () => store.list(),
    rotationMs,
    onRotationDue: rotationMs === null ? undefined : () => void rotateIfDue(rotationMs),
  });

  const changed = () => {
    if (closed) return;
    reload().catch((err: unknown) => {
      if (!closed) log(`signing keys reload failed (tried again within ${KEY_RELOAD_INTERVAL_MS / 1000} s): ${String(err)}`);
    });
  };
  const timer = setInterval(changed, KEY_RELOAD_INTERVAL_MS);
  timer.unref();
  return {
    ring,
    admin,
    changed,
    close() {
      closed = true;
      clearInterval(timer);
    },
  };
}
