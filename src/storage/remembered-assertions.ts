// The assertion replay check without a database round trip for an assertion this node already
// recorded (issue 16). MSAL and @azure/identity sign one client assertion and send it again until
// it nears expiry, so every certificate-credential token request used to pay an upsert and a select
// (2.2–2.5 transactions a token; the weakest grant of `npm run bench`).
//
// Safe across nodes: a live record is never changed (repositories/assertion-jtis.ts), so once this
// node has seen the database accept (clientId, jti) for an assertion, the same assertion is
// accepted until that record's expiry, which is all the database would answer. A different
// assertion with the same jti, or any jti not remembered, still asks the database. Bounded: at most
// `maxEntries` remembered, the oldest forgotten first (only validly signed assertions get here, and
// forgetting one costs a database call, never a wrong answer).

import type { AssertionReplayStore } from '../core/ports.js';

interface Remembered {
  assertionHash: string;
  expiresAtMs: number;
}

/** Default number of (client, jti) pairs remembered: a few MiB at most [Entrada's choice]. */
const MAX_ENTRIES = 10_000;

export function rememberedAssertions(inner: AssertionReplayStore, options: { maxEntries?: number } = {}): AssertionReplayStore {
  const maxEntries = options.maxEntries ?? MAX_ENTRIES;
  const seen = new Map<string, Remembered>();
  return {
    async consume(clientId, jti, assertionHash, expiresAt, now) {
      // GUIDs in either case name the same client (repositories/normalize.ts guidKey).
      const key = `${clientId.toLowerCase()}\u0000${jti}`;
      const nowMs = Date.parse(now);
      const known = seen.get(key);
      if (known && known.expiresAtMs >= nowMs) {
        if (known.assertionHash === assertionHash) return true;
      } else if (known) {
        seen.delete(key);
      }
      const accepted = await inner.consume(clientId, jti, assertionHash, expiresAt, now);
      if (accepted) {
        seen.delete(key);
        seen.set(key, { assertionHash, expiresAtMs: Date.parse(expiresAt) });
        while (seen.size > maxEntries) {
          const oldest = seen.keys().next().value;
          if (oldest === undefined) break;
          seen.delete(oldest);
        }
      }
      return accepted;
    },
    deleteExpired: (before) => inner.deleteExpired(before),
  };
}
