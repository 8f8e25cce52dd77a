// The package's public entry point (`import { startEntrada } from 'entrada'`): Entrada inside a
// test suite. Everything exported here is part of the package's API; the rest of src/ is not.

export { startEntrada, type SeedDefinition, type StartedEntrada, type StartEntradaOptions } from './start-entrada.js';
export type { EntradaApp, EntradaTenant, EntradaUser } from './catalogue.js';
export type { TestClock } from './clock.js';
export type { MsalNetworkClient, TrustingFetch } from './trusting-fetch.js';
export { IN_PROCESS_ACTOR_NAME, type EntradaDirectory, type NewApplication, type NewSecret, type NewUser } from './directory.js';
export type {
  ConditionalAccessPolicyChanges,
  EntradaSignInPolicy,
  GraphConditionalAccessPolicy,
  GraphNamedLocation,
  NewConditionalAccessPolicy,
  NewNamedLocation,
} from './sign-in-policy.js';
export type { EntradaTokenLifetimes, GraphTokenLifetimePolicy, NewTokenLifetimePolicy } from './token-lifetime.js';
export type { PerUserMfaState } from '../core/model.js';
/** Thrown by `directory` operations: Microsoft Graph's error (status, code such as Request_BadRequest, message). */
export { GraphError } from '../directory/errors.js';
export type { RefusalEvent } from '../http/kit/refusal.js';
export type { EntradaKeys } from './keys.js';
/** Signing-key rollover: a key as `keys.list()` shows it, and the error of a refused `keys.retire()`. */
export { SigningKeyError, type SigningKeyInfo } from '../crypto/key-admin.js';
export type { SigningKeyState } from '../core/signing-key-states.js';
export type { Clock } from '../core/ports.js';
/** Claims challenges as a resource API sends them (WWW-Authenticate: … error="insufficient_claims", claims="…") and their claims. */
export { challengeClaims, claimsChallengeHeader, claimsFromChallenge } from '../core/tokens/claims-challenge.js';
