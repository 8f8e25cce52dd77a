// Signing-key rollover (issue 17): which key signs, which keys the JWKS publishes, and when that
// changes, as a pure function of the stored key rows, the time and the retention.
//
// Entra publishes several keys at once and rolls them "on a periodic basis and, in an emergency,
// immediately", with no set time between rolls; an app must accept a token signed by any key of the
// keys document [D: learn.microsoft.com/entra/identity-platform/signing-key-rollover]. A key moves
// through four states:
//
//   next      activates later: published, signs nothing yet (verifiers can learn it in advance)
//   current   the one key that signs
//   previous  superseded, still published until every token it signed has expired
//   retired   no longer published: a token it signed no longer verifies, here or anywhere
//
// Rules, in order (each decided here, not documented by Entra [I]):
// - A key retired at or before its activation never signs ("eligible" keys are the others).
// - Eligible keys are ordered by activation, then by generation (creation order), so two keys
//   activating at the same instant resolve the same way on every node.
// - current = the last eligible key that has activated, unless it has been retired; then (or when
//   none has activated yet: a first key stamped by a node whose clock runs ahead, a clock moved
//   back) the first eligible key still to activate takes over early. A superseded key never signs
//   again: retiring the current key never brings back the one before it (it may be why it was
//   rotated out).
// - previous: activated, superseded by the next eligible key's activation less than `retention`
//   ago, not retired. Past that it is retired by retention: nothing it signed is still valid.
// - retired: `retiredAt` ≤ now, or past retention.

import type { Instant, SigningKey } from './model.js';

export type SigningKeyState = 'next' | 'current' | 'previous' | 'retired';

/** What the states are computed from: a stored key's schedule (core/model.ts SigningKey). */
export type KeySchedule = Pick<SigningKey, 'kid' | 'generation' | 'activatesAt' | 'retiredAt'>;

export interface KeyStatus {
  kid: string;
  state: SigningKeyState;
  /** When it stopped signing for good (its successor activated); null while current, next, or never superseded. */
  supersededAt: number | null;
  /**
   * When it leaves the JWKS: its explicit retirement, or the end of its retention once superseded;
   * null while nothing decides it yet (the current key, a next key).
   */
  retiresAt: number | null;
}

export interface KeyStates {
  /** One status per input key, in input order. */
  keys: KeyStatus[];
  /** The kid of the key that signs now; undefined when no key can sign. */
  current: string | undefined;
  /**
   * The window the answer holds for, absent new rows: no state changes in [since, until). `since`
   * is -Infinity and `until` Infinity when no instant of the schedule lies on that side of now.
   */
  since: number;
  until: number;
}

/** The five minutes of clock skew verifiers allow past `exp` (Entrada's `nbf` margin too, core/tokens/claims.ts). */
export const SIGNING_KEY_SKEW_MS = 5 * 60 * 1000;

/**
 * How long a superseded key stays published: the longest lifetime of anything it can have signed
 * (seconds) plus the skew verifiers allow, so that every token it signed expires first.
 */
export function signingKeyRetentionMs(longestLifetimeSeconds: number): number {
  return longestLifetimeSeconds * 1000 + SIGNING_KEY_SKEW_MS;
}

interface Parsed {
  index: number;
  kid: string;
  generation: number;
  activatesAt: number;
  retiredAt: number | null;
}

/** Every key's state at `now` (ms), and the window in which none changes. */
export function signingKeyStates(keys: readonly KeySchedule[], now: number, retentionMs: number): KeyStates {
  const parsed: Parsed[] = keys.map((k, index) => ({
    index,
    kid: k.kid,
    generation: k.generation,
    activatesAt: Date.parse(k.activatesAt),
    retiredAt: k.retiredAt === null ? null : Date.parse(k.retiredAt),
  }));
  const eligible = parsed
    .filter((k) => k.retiredAt === null || k.retiredAt > k.activatesAt)
    .sort((a, b) => a.activatesAt - b.activatesAt || a.generation - b.generation);

  let lastActivated = -1;
  for (let i = 0; i < eligible.length && eligible[i].activatesAt <= now; i++) lastActivated = i;
  const m = lastActivated >= 0 ? eligible[lastActivated] : undefined;
  const current = m && !retiredBy(m, now) ? m : eligible[lastActivated + 1];

  // Superseded at the next eligible key's activation (only keys before the last activated one).
  const supersededAt = new Map<number, number>();
  for (let i = 0; i < lastActivated; i++) supersededAt.set(eligible[i].index, eligible[i + 1].activatesAt);

  const instants: number[] = [];
  const statuses = parsed.map((k): KeyStatus => {
    const superseded = supersededAt.get(k.index) ?? null;
    const endOfRetention = superseded === null ? null : superseded + retentionMs;
    const retiresAt = minOf(k.retiredAt, endOfRetention);
    instants.push(k.activatesAt);
    if (k.retiredAt !== null) instants.push(k.retiredAt);
    if (endOfRetention !== null) instants.push(endOfRetention);
    return { kid: k.kid, state: stateOf(k, k === current, retiresAt, now), supersededAt: superseded, retiresAt };
  });

  let since = Number.NEGATIVE_INFINITY;
  let until = Number.POSITIVE_INFINITY;
  for (const t of instants) {
    if (t <= now) since = Math.max(since, t);
    else until = Math.min(until, t);
  }
  return { keys: statuses, current: current?.kid, since, until };
}

function stateOf(k: Parsed, isCurrent: boolean, retiresAt: number | null, now: number): SigningKeyState {
  if (retiredBy(k, now)) return 'retired';
  if (isCurrent) return 'current';
  if (k.activatesAt > now) return 'next';
  return retiresAt !== null && retiresAt <= now ? 'retired' : 'previous';
}

function retiredBy(k: Parsed, now: number): boolean {
  return k.retiredAt !== null && k.retiredAt <= now;
}

function minOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

export type RetirementDecision =
  | { ok: true; /** The key that signs once it is retired, when it was the current one. */ takesOver: string | undefined }
  | { ok: false; reason: 'unknown' | 'already-retired' | 'no-successor'; message: string };

/**
 * Whether `kid` may be retired at `at`. Retiring a next or previous key is always allowed (its
 * tokens stop verifying: that is what retiring is for). The current key only when another key takes
 * over at once, which after the rules above means a published next key: a key that is refused here
 * would leave the installation unable to sign.
 */
export function retirementDecision(keys: readonly KeySchedule[], kid: string, at: number, retentionMs: number): RetirementDecision {
  const key = keys.find((k) => k.kid === kid);
  if (!key) return { ok: false, reason: 'unknown', message: `No signing key '${kid}' (\`entrada keys list\` shows them).` };
  const before = signingKeyStates(keys, at, retentionMs);
  if (before.keys[keys.indexOf(key)].state === 'retired') {
    return { ok: false, reason: 'already-retired', message: `Signing key ${kid} is already retired.` };
  }
  const retiredAt = new Date(at).toISOString() as Instant;
  const after = signingKeyStates(keys.map((k) => (k === key ? { ...k, retiredAt } : k)), at, retentionMs);
  if (after.current === undefined) {
    return {
      ok: false,
      reason: 'no-successor',
      message:
        `Signing key ${kid} is the current signing key and no other key is ready to take over. ` +
        'Create one first (`entrada keys rotate`, or `entrada keys rotate --now` to make it sign at once), then retire this one.',
    };
  }
  return { ok: true, takesOver: before.current === kid ? after.current : undefined };
}

/**
 * When automatic rotation (ENTRADA_KEY_ROTATION) wants a new key: once the current key has signed
 * for `intervalMs` (counted from its activation) and no next key is waiting. undefined: not due
 * on this schedule (no interval, no current key, or a next key already published).
 */
export function rotationDueAt(keys: readonly KeySchedule[], states: KeyStates, intervalMs: number | null): number | undefined {
  if (intervalMs === null || states.current === undefined) return undefined;
  if (states.keys.some((k) => k.state === 'next')) return undefined;
  const current = keys.find((k) => k.kid === states.current)!;
  return Date.parse(current.activatesAt) + intervalMs;
}

/**
 * How long a retired key's row is kept (`entrada keys list` still shows it) before a rotation
 * deletes it [Entrada's choice]: with rotations at most daily, the table then holds a few dozen rows.
 */
export const RETIRED_KEY_ROWS_KEPT_MS = 30 * 86_400_000;

/** The kids of keys retired (explicitly or by retention) at least `keptMs` before `now`: rows that may go. */
export function expiredKeyRows(keys: readonly KeySchedule[], now: number, retentionMs: number, keptMs = RETIRED_KEY_ROWS_KEPT_MS): string[] {
  return signingKeyStates(keys, now, retentionMs)
    .keys.filter((k) => k.state === 'retired' && k.retiresAt !== null && k.retiresAt + keptMs <= now)
    .map((k) => k.kid);
}
