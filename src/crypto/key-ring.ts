// The signer Entrada runs with: every stored signing key, parsed once, and the schedule that says
// which one signs and which ones the JWKS publishes (core/signing-key-states.ts). The schedule is
// read from the clock at each call, so a key activates or leaves the JWKS at its instant on every
// node without a reload; reload() reads the rows again after another node or the CLI rotated or
// retired a key.
//
// sign() stays as cheap as a single-key signer: the states are computed once per stretch of time
// in which none changes ([since, until), at most a few times a day), and each call only compares
// the clock with that window before signing with the prepared key.

import type { SigningKey } from '../core/model.js';
import type { Clock, Signer } from '../core/ports.js';
import { rotationDueAt, signingKeyStates, type KeyStates } from '../core/signing-key-states.js';
import { prepareKey, TokenSigner, type PreparedKey } from './token-signer.js';

export interface KeyRingOptions {
  clock: Clock;
  /** How long a superseded key stays published (core/signing-key-states.ts signingKeyRetentionMs). */
  retentionMs: number;
  /** Where reload() reads the keys (storage.signingKeys.list); without it reload() keeps the keys given. */
  source?: () => Promise<SigningKey[]>;
  /** ENTRADA_KEY_ROTATION in ms; null or absent: no automatic rotation. */
  rotationMs?: number | null;
  /**
   * Called, not awaited, whenever the ring finds a new key due (automatic rotation): the caller
   * creates one and reloads. Called again at each later look until a next key exists.
   */
  onRotationDue?: () => void;
}

interface View {
  since: number;
  until: number;
  signer: TokenSigner;
  states: KeyStates;
}

export class KeyRing implements Signer {
  private rows: readonly SigningKey[];
  private readonly prepared = new Map<string, PreparedKey>();
  private view: View;
  private reloading: Promise<void> | undefined;
  private reloadAgain = false;

  private constructor(
    rows: readonly SigningKey[],
    private readonly options: KeyRingOptions,
  ) {
    this.rows = rows;
    this.view = this.compute(rows, this.now());
  }

  /** Parses the keys (throws on a key whose private key does not match its certificate). */
  static create(keys: readonly SigningKey[], options: KeyRingOptions): KeyRing {
    return new KeyRing(keys, options);
  }

  /** The key that signs now, chosen from the schedule at this call. */
  sign(payload: Record<string, unknown>, options?: { x5t?: boolean }): Promise<string> {
    const now = this.options.clock.now().getTime();
    let view = this.view;
    if (now < view.since || now >= view.until) view = this.refresh(now);
    return view.signer.sign(payload, options);
  }

  /** The `kid` of the key that signs now; '' when none can. */
  get kid(): string {
    return this.current().signer.kid;
  }

  /** The keys published now (next, current, previous), the current one first, as a JWK Set. */
  jwks(options: { issuer?: string } = {}): { keys: object[] } {
    return this.current().signer.jwks(options);
  }

  /** kid → base64 DER certificate of every key published now: what Entrada's own verifiers accept. */
  certificates(): ReadonlyMap<string, string> {
    return this.current().signer.certificates;
  }

  /** Every stored key (newest first) with its state now. */
  states(): { keys: readonly SigningKey[]; states: KeyStates } {
    return { keys: this.rows, states: this.current().states };
  }

  /**
   * Reads the keys again. Calls made while one runs are folded into it (it reads once more when it
   * finishes), so a burst of notifications costs two reads. On failure the keys stay as they were.
   */
  reload(): Promise<void> {
    const source = this.options.source;
    if (!source) return Promise.resolve();
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    const run = async () => {
      try {
        do {
          this.reloadAgain = false;
          this.install(await source());
        } while (this.reloadAgain);
      } finally {
        this.reloading = undefined;
      }
    };
    this.reloading = run();
    return this.reloading;
  }

  private install(rows: readonly SigningKey[]): void {
    // Computed before anything is replaced: a key that does not parse leaves the ring as it was.
    const view = this.compute(rows, this.now());
    this.rows = rows;
    this.view = view;
    const kept = new Set(rows.map((k) => k.kid));
    for (const kid of this.prepared.keys()) if (!kept.has(kid)) this.prepared.delete(kid);
  }

  private current(): View {
    const now = this.now();
    const view = this.view;
    return now < view.since || now >= view.until ? this.refresh(now) : view;
  }

  private refresh(now: number): View {
    this.view = this.compute(this.rows, now);
    return this.view;
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }

  private compute(rows: readonly SigningKey[], now: number): View {
    const states = signingKeyStates(rows, now, this.options.retentionMs);
    const published: PreparedKey[] = [];
    let signing: PreparedKey | undefined;
    // Rows are newest first: the current key, then the next keys, then the previous ones.
    for (const state of ['current', 'next', 'previous'] as const) {
      states.keys.forEach((status, i) => {
        if (status.state !== state) return;
        const key = this.prepare(rows[i]);
        if (state === 'current') signing = key;
        published.push(key);
      });
    }
    let until = states.until;
    const dueAt = rotationDueAt(rows, states, this.options.rotationMs ?? null);
    if (dueAt !== undefined && dueAt > now) until = Math.min(until, dueAt);
    const onDue = this.options.onRotationDue;
    // After this call returns (it may run while the ring is being built, or inside sign()).
    if (dueAt !== undefined && dueAt <= now && onDue) queueMicrotask(onDue);
    return { since: states.since, until, signer: new TokenSigner(signing, published), states };
  }

  private prepare(key: SigningKey): PreparedKey {
    let prepared = this.prepared.get(key.kid);
    if (!prepared) {
      prepared = prepareKey(key);
      this.prepared.set(key.kid, prepared);
    }
    return prepared;
  }
}
