// Smart lockout [D: Entra docs howto-password-smart-lockout]: after `threshold` failed sign-ins
// (default 10) the account is locked for `durationSeconds` (default 60); after that each further
// failure locks it again, for longer each time (Entra does not disclose how much longer). The last
// three wrong passwords are remembered (as hashes) so that the same wrong password typed again does
// not count. During a lockout every sign-in is refused with AADSTS50053, even with the right
// password. Entra keeps separate counters for familiar and unfamiliar locations; Entrada simplifies
// that to one counter per user per client address [I], with at most MAX_TRACKED_ADDRESSES
// addresses per user: the addresses beyond share one bucket, so an attacker cycling addresses
// cannot grow storage without bound.
//
// Pure rules: a bucket's state and an attempt give the new state and the verdict. The storage
// (ports.ts SmartLockoutStore) runs them in one atomic read-modify-write per attempt.

import type { Instant, SmartLockoutSettings } from '../model.js';

/** Entra's defaults in the public cloud [D]. */
export const DEFAULT_SMART_LOCKOUT: Readonly<SmartLockoutSettings> = { threshold: 10, durationSeconds: 60 };

/**
 * What the settings may be. Entra's portal bounds are not documented; these are Entrada's [I]:
 * at least one failure, at least 5 seconds, and nothing a test could not wait out in a day.
 */
export const SMART_LOCKOUT_LIMITS = {
  threshold: { min: 1, max: 1000 },
  durationSeconds: { min: 5, max: 86_400 },
} as const;

/** Wrong passwords remembered per bucket, not counted again when retyped [D: "the last three bad password hashes"]. */
export const REMEMBERED_WRONG_PASSWORDS = 3;

/** Client addresses tracked apart per user; the rest share OVERFLOW_BUCKET [I]. */
export const MAX_TRACKED_ADDRESSES = 16;

/** The bucket shared by addresses beyond MAX_TRACKED_ADDRESSES (and by a request without one). */
export const OVERFLOW_BUCKET = '*';

/**
 * A bucket is forgotten (and its row swept) this long after its last failure or the end of its
 * last lockout, whichever is later [I]: a day of quiet starts the next failure from zero.
 */
export const FORGET_AFTER_MS = 24 * 3600 * 1000;

/** Lockouts grow by doubling up to an hour (or the configured duration, if longer) [I: Entra does not disclose the rate]. */
const LONGEST_LOCKOUT_SECONDS = 3600;

/** One bucket's state, as stored. */
export interface LockoutState {
  /** Distinct wrong passwords since the last correct one (or since the bucket was forgotten). */
  failures: number;
  /** Lockouts so far: each one lasts longer than the one before. */
  lockouts: number;
  /** When the current (or last) lockout ends; null before the first. */
  lockedUntil: Instant | null;
  /** Keyed hashes of the last wrong passwords, oldest first (never the passwords themselves). */
  recentWrong: string[];
  /** When the bucket may be forgotten (FORGET_AFTER_MS); the sweeper deletes it after that. */
  expiresAt: Instant;
}

export type LockoutAttempt = { outcome: 'correct' } | { outcome: 'wrong'; passwordKey: string };

/** allow: the right password, outside a lockout; wrong: AADSTS50126; locked: AADSTS50053. */
export type LockoutVerdict = 'allow' | 'wrong' | 'locked';

/** The state as of `now`: null once it may be forgotten. */
export function liveState(state: LockoutState | null | undefined, now: Date): LockoutState | null {
  return state && Date.parse(state.expiresAt) > now.getTime() ? state : null;
}

/** Whether the bucket is locked at `now` (checked before the password, which then costs nothing). */
export function isLocked(state: LockoutState | null | undefined, now: Date): boolean {
  const live = liveState(state, now);
  return live?.lockedUntil != null && Date.parse(live.lockedUntil) > now.getTime();
}

/** How long the `lockout`-th lockout (1 = the first) lasts, in seconds. */
export function lockoutSeconds(settings: SmartLockoutSettings, lockout: number): number {
  const longest = Math.max(settings.durationSeconds, LONGEST_LOCKOUT_SECONDS);
  const doublings = Math.min(Math.max(lockout - 1, 0), 30);
  return Math.min(settings.durationSeconds * 2 ** doublings, longest);
}

/**
 * One attempt against one bucket. During a lockout nothing changes and the answer is `locked`,
 * whatever the password [D]. The right password outside a lockout forgets the bucket (state null).
 * A wrong password already among the remembered ones changes nothing [D]; a new one counts, and at
 * the threshold or beyond it starts a lockout. The attempt that reaches the threshold is itself
 * answered as a wrong password: the next one is refused as locked [I].
 */
export function applyAttempt(
  current: LockoutState | null | undefined,
  attempt: LockoutAttempt,
  settings: SmartLockoutSettings,
  now: Date,
): { state: LockoutState | null; verdict: LockoutVerdict } {
  const state = liveState(current, now);
  if (state && isLocked(state, now)) return { state, verdict: 'locked' };
  if (attempt.outcome === 'correct') return { state: null, verdict: 'allow' };
  if (state?.recentWrong.includes(attempt.passwordKey)) return { state, verdict: 'wrong' };

  const failures = (state?.failures ?? 0) + 1;
  const recentWrong = [...(state?.recentWrong ?? []), attempt.passwordKey].slice(-REMEMBERED_WRONG_PASSWORDS);
  let lockouts = state?.lockouts ?? 0;
  let lockedUntil = state?.lockedUntil ?? null;
  if (failures >= settings.threshold) {
    lockouts += 1;
    lockedUntil = new Date(now.getTime() + lockoutSeconds(settings, lockouts) * 1000).toISOString();
  }
  const quietFrom = Math.max(now.getTime(), lockedUntil ? Date.parse(lockedUntil) : 0);
  const expiresAt = new Date(quietFrom + FORGET_AFTER_MS).toISOString();
  return { state: { failures, lockouts, lockedUntil, recentWrong, expiresAt }, verdict: 'wrong' };
}

/**
 * The bucket of a client address: the address in a normal form (lower case; an IPv4-mapped IPv6
 * address as plain IPv4, which is how a dual-stack socket reports an IPv4 peer), or
 * OVERFLOW_BUCKET for none.
 */
export function addressBucket(address: string | undefined): string {
  const a = (address ?? '').trim().toLowerCase();
  const plain = a.startsWith('::ffff:') && a.includes('.') ? a.slice('::ffff:'.length) : a;
  // A TCP peer address is at most 45 characters (IPv6 with an embedded IPv4, plus a zone is rare).
  return plain === '' || plain.length > 64 || plain === OVERFLOW_BUCKET ? OVERFLOW_BUCKET : plain;
}

/** A user's stored bucket. */
export interface LockoutBucket {
  bucket: string;
  state: LockoutState;
}

/**
 * Which bucket an attempt from `address` counts in: the address's own when it is tracked already
 * or fewer than `maxAddresses` live addresses are; otherwise the shared overflow bucket.
 */
export function chooseBucket(address: string | undefined, tracked: readonly LockoutBucket[], now: Date, maxAddresses = MAX_TRACKED_ADDRESSES): string {
  const own = addressBucket(address);
  if (own === OVERFLOW_BUCKET || tracked.some((t) => t.bucket === own && liveState(t.state, now))) return own;
  const live = tracked.filter((t) => t.bucket !== OVERFLOW_BUCKET && t.bucket !== own && liveState(t.state, now)).length;
  return live < maxAddresses ? own : OVERFLOW_BUCKET;
}

/** Before the password is checked: is the bucket `address` counts in locked? */
export function lockedFor(address: string | undefined, tracked: readonly LockoutBucket[], now: Date): boolean {
  const bucket = chooseBucket(address, tracked, now);
  return isLocked(tracked.find((t) => t.bucket === bucket)?.state, now);
}

/** One attempt from `address` against the user's buckets: which bucket, its new state (null: delete it) and the verdict. */
export function decideAttempt(
  address: string | undefined,
  tracked: readonly LockoutBucket[],
  attempt: LockoutAttempt,
  settings: SmartLockoutSettings,
  now: Date,
): { bucket: string; state: LockoutState | null; verdict: LockoutVerdict } {
  const bucket = chooseBucket(address, tracked, now);
  const { state, verdict } = applyAttempt(tracked.find((t) => t.bucket === bucket)?.state, attempt, settings, now);
  return { bucket, state, verdict };
}

/** The tenant's settings, Entra's defaults where it has none. */
export function smartLockoutSettings(tenant: { smartLockout?: SmartLockoutSettings }): SmartLockoutSettings {
  return tenant.smartLockout ?? DEFAULT_SMART_LOCKOUT;
}
