// The certificates of Entrada's own signing keys, by kid: how a token Entrada issued is checked when
// it comes back (the on-behalf-of assertion, id_token_hint at logout, Graph's bearer token,
// userinfo, ARM). They follow the key ring (crypto/key-ring.ts): a key that is published now
// verifies, a retired key's tokens are refused here as by any verifier fetching the JWKS.

import type { Signer } from '../../core/ports.js';
import type { TokenDeps } from './context.js';

/** kid → base64 DER certificate for signers without certificates(): computed once per signer. */
const certificatesBySigner = new WeakMap<Signer, ReadonlyMap<string, string>>();

export function publishedCertificates(signer: TokenDeps['signer']): ReadonlyMap<string, string> {
  // The key ring answers for this instant (its keys change with rotations and time).
  if (signer.certificates) return signer.certificates();
  let map = certificatesBySigner.get(signer);
  if (!map) {
    const entries: Array<[string, string]> = [];
    for (const key of signer.jwks().keys as Array<{ kid?: unknown; x5c?: unknown }>) {
      const der = Array.isArray(key.x5c) ? key.x5c[0] : undefined;
      if (typeof key.kid === 'string' && typeof der === 'string') entries.push([key.kid, der]);
    }
    map = new Map(entries);
    certificatesBySigner.set(signer, map);
  }
  return map;
}
