// The real hashing functions applySeed needs, for callers that have no reason to choose others.

import { hashPassword, verifyPassword } from '../crypto/password-hash.js';
import { hashSecret, verifySecret } from '../crypto/secret-hash.js';
import type { SeedDeps } from './apply.js';

export function defaultSeedDeps(now: Date = new Date()): SeedDeps {
  return { hashSecret, verifySecret, hashPassword, verifyPassword, now };
}
