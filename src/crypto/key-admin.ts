// Rotating and retiring the signing keys: `entrada keys list|rotate|retire`, startEntrada's `keys`,
// and automatic rotation (ENTRADA_KEY_ROTATION). What each state means and which key signs:
// core/signing-key-states.ts. Keys are installation-wide: Entra's signing keys are shared by all
// tenants (every tenant's JWKS is the same document [D]), so a rotation applies to every tenant.

import type { NewSigningKey, SigningKey } from '../core/model.js';
import type { Clock, SigningKeyStore } from '../core/ports.js';
import { expiredKeyRows, retirementDecision, rotationDueAt, signingKeyStates, type SigningKeyState } from '../core/signing-key-states.js';
import { generateSigningKey } from './signing-key.js';

/** A signing key as `entrada keys list` and startEntrada's `keys.list()` show it (no key material). */
export interface SigningKeyInfo {
  /** The JWK's `kid` (and `x5t`): what a token's header names. */
  kid: string;
  /** next: published, signs later; current: signs; previous: published, signs no more; retired: unpublished. */
  state: SigningKeyState;
  /** Creation order, 1 for the first key. */
  generation: number;
  createdAt: string;
  /** When it starts (or started) signing. */
  activatesAt: string;
  /**
   * When it leaves (or left) the JWKS: its retirement, or, once superseded, the end of its retention
   * (the longest token lifetime + 5 minutes after it stopped signing). null while current or next.
   */
  retiresAt: string | null;
  /** When `retire` retired it; null if it never was (a key can also be retired by retention). */
  retiredAt: string | null;
}

/** A refused rotation or retirement, with what to do. */
export class SigningKeyError extends Error {
  constructor(
    readonly reason: 'unknown' | 'already-retired' | 'no-successor' | 'busy',
    message: string,
  ) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

export interface SigningKeyAdminDeps {
  store: SigningKeyStore;
  clock: Clock;
  /** core/signing-key-states.ts signingKeyRetentionMs. */
  retentionMs: number;
  /** ENTRADA_KEY_PUBLISH_LEAD: how long a rotated key is published before it signs. */
  leadMs: number;
  /** Makes a key pair; default crypto/signing-key.ts (tests inject a cheaper one). */
  generate?: (now: Date, activatesAt: Date) => Promise<NewSigningKey>;
  /** After a change made here: this node's key ring reloads (other nodes hear through storage). */
  changed?: () => Promise<void>;
}

/** Rotations that lose to another node's, in a row, before rotate() gives up. */
const ROTATE_ATTEMPTS = 5;

export class SigningKeyAdmin {
  constructor(private readonly deps: SigningKeyAdminDeps) {}

  async list(): Promise<SigningKeyInfo[]> {
    return describeKeys(await this.deps.store.list(), this.deps.clock.now().getTime(), this.deps.retentionMs);
  }

  /**
   * A new key, published at once; it signs after the publish lead, or at once with `now: true`
   * (a compromised key: then retire the old one).
   */
  async rotate(options: { now?: boolean } = {}): Promise<SigningKeyInfo> {
    const now = this.deps.clock.now();
    const activatesAt = options.now ? now : new Date(now.getTime() + this.deps.leadMs);
    const candidate = await this.generate(now, activatesAt);
    for (let attempt = 0; attempt < ROTATE_ATTEMPTS; attempt++) {
      const keys = await this.deps.store.list();
      const stored = await this.deps.store.rotate(candidate, highestGeneration(keys));
      if (stored) {
        await this.deleteExpiredRows(keys, now);
        await this.deps.changed?.();
        return this.describe(stored.kid);
      }
    }
    throw new SigningKeyError('busy', 'Other nodes kept creating signing keys at the same moment; try again.');
  }

  /**
   * Unpublishes a key now: tokens it signed stop verifying (Entrada's own checks included). The
   * current key only when a next key can take over (core/signing-key-states.ts retirementDecision).
   */
  async retire(kid: string): Promise<SigningKeyInfo> {
    const now = this.deps.clock.now();
    const decision = retirementDecision(await this.deps.store.list(), kid, now.getTime(), this.deps.retentionMs);
    if (!decision.ok) throw new SigningKeyError(decision.reason, decision.message);
    if (!(await this.deps.store.retire(kid, now.toISOString()))) {
      throw new SigningKeyError('already-retired', `Signing key ${kid} is already retired.`);
    }
    await this.deps.changed?.();
    return this.describe(kid);
  }

  /**
   * Automatic rotation: creates the next key when the current one has signed for `intervalMs` and
   * none waits. Several nodes may call it at once: they all saw the same highest generation, so one
   * insert wins and the others do nothing. True when this call created the key.
   */
  async rotateIfDue(intervalMs: number): Promise<boolean> {
    const keys = await this.deps.store.list();
    const now = this.deps.clock.now();
    const dueAt = rotationDueAt(keys, signingKeyStates(keys, now.getTime(), this.deps.retentionMs), intervalMs);
    if (dueAt === undefined || dueAt > now.getTime()) return false;
    const candidate = await this.generate(now, new Date(now.getTime() + this.deps.leadMs));
    const stored = await this.deps.store.rotate(candidate, highestGeneration(keys));
    if (stored) await this.deleteExpiredRows(keys, now);
    await this.deps.changed?.();
    return stored !== undefined;
  }

  /**
   * The keys to start with: the first key on the first start (generating a key costs 100–300 ms, so
   * only then), and a key that signs at once if none can (every key retired by hand).
   */
  async ensureSigningKey(): Promise<SigningKey[]> {
    const now = this.deps.clock.now();
    let keys = await this.deps.store.list();
    if (keys.length === 0) keys = await this.deps.store.ensureInitial(await this.generate(now, now));
    if (signingKeyStates(keys, now.getTime(), this.deps.retentionMs).current === undefined) {
      await this.deps.store.rotate(await this.generate(now, now), highestGeneration(keys));
      keys = await this.deps.store.list();
    }
    return keys;
  }

  /**
   * Each rotation also deletes the rows of keys retired more than 30 days ago, so rows do not
   * accumulate (every node reads them all at each reload).
   */
  private async deleteExpiredRows(keys: readonly SigningKey[], now: Date): Promise<void> {
    await this.deps.store.delete(expiredKeyRows(keys, now.getTime(), this.deps.retentionMs));
  }

  private generate(now: Date, activatesAt: Date): Promise<NewSigningKey> {
    return (this.deps.generate ?? generateSigningKey)(now, activatesAt);
  }

  private async describe(kid: string): Promise<SigningKeyInfo> {
    return (await this.list()).find((k) => k.kid === kid)!;
  }
}

/** Each key with its state at `now`, in the order given (the store's: newest first). */
export function describeKeys(keys: readonly SigningKey[], now: number, retentionMs: number): SigningKeyInfo[] {
  const { keys: states } = signingKeyStates(keys, now, retentionMs);
  return keys.map((k, i) => ({
    kid: k.kid,
    state: states[i].state,
    generation: k.generation,
    createdAt: k.createdAt,
    activatesAt: k.activatesAt,
    retiresAt: states[i].retiresAt === null ? null : new Date(states[i].retiresAt!).toISOString(),
    retiredAt: k.retiredAt,
  }));
}

function highestGeneration(keys: readonly SigningKey[]): number {
  return keys.reduce((max, k) => Math.max(max, k.generation), 0);
}
