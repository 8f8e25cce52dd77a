// startEntrada's `keys`: roll Entrada's signing keys from a test, as `entrada keys` does from a
// shell (crypto/key-admin.ts). Times are Entrada's clock, so `clock.advance` moves a rotated key
// to the moment it signs and a superseded key past its retention.

import type { SigningKeyAdmin, SigningKeyInfo } from '../crypto/key-admin.js';

export interface EntradaKeys {
  /** Every signing key, newest first, with its state now: `next`, `current`, `previous` or `retired`. */
  list(): Promise<SigningKeyInfo[]>;
  /**
   * A new key, published in the JWKS at once; it signs after ENTRADA_KEY_PUBLISH_LEAD (default 1h;
   * `env` sets it), or at once with `{ now: true }` (a compromised key). Resolves to the new key.
   */
  rotate(options?: { now?: boolean }): Promise<SigningKeyInfo>;
  /**
   * Unpublishes a key now: tokens it signed stop verifying, in Entrada too. The current key only
   * when a next key can take over; otherwise rejects with a SigningKeyError saying what to do.
   */
  retire(kid: string): Promise<SigningKeyInfo>;
}

export function inProcessKeys(admin: SigningKeyAdmin): EntradaKeys {
  return {
    list: () => admin.list(),
    rotate: (options) => admin.rotate(options),
    retire: (kid) => admin.retire(kid),
  };
}
