// Limits of the queue in front of password checks (crypto/password-hasher.ts), and what a refusal
// tells the client. Entra's own limits are not documented; these numbers are Entrada's [I].

/** Password checks that may wait for a free worker; one more is refused (ENTRADA_PASSWORD_QUEUE). */
export const DEFAULT_PASSWORD_QUEUE_SIZE = 64;

/**
 * A check still waiting after this long is refused rather than started [I]: MSAL's HTTP timeout
 * and a person at a sign-in page both give up at about this point, so finishing it would be wasted.
 */
export const PASSWORD_QUEUE_DEADLINE_MS = 10_000;

/** Retry-After bounds, in seconds. MSAL caps it at 3600 and treats the request as throttled meanwhile. */
const MIN_RETRY_AFTER = 1;
const MAX_RETRY_AFTER = 60;

/**
 * Worker threads for password checks when ENTRADA_PASSWORD_WORKERS is not set: half the cores, at
 * least one [I]. Each check keeps one core busy for ~0.3 s, so on two cores one worker leaves the
 * other core to the event loop and token signing.
 */
export function defaultPasswordWorkers(cores: number): number {
  return Math.max(1, Math.floor(cores / 2));
}

export type Admission = 'start' | 'wait' | 'refuse';

/** What happens to a new check: start on an idle worker, wait in the queue, or be refused (full). */
export function admit(state: { idleWorkers: number; waiting: number; queueSize: number }): Admission {
  if (state.idleWorkers > 0 && state.waiting === 0) return 'start';
  return state.waiting < state.queueSize ? 'wait' : 'refuse';
}

/**
 * Seconds until the queue has likely drained the `waiting` checks ahead, at `msPerCheck` each on
 * `workers` workers; rounded up and kept within 1–60 s, so a client comes back when there is room.
 */
export function retryAfterSeconds(state: { waiting: number; workers: number; msPerCheck: number }): number {
  const seconds = Math.ceil((state.waiting * state.msPerCheck) / Math.max(1, state.workers) / 1000);
  return Math.min(MAX_RETRY_AFTER, Math.max(MIN_RETRY_AFTER, seconds));
}
