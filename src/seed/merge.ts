// How the seed file and changes made at run time combine (issue 11, "Runtime changes survive a
// restart"). The seed is applied at every start; the directory also changes while Entrada runs
// (Microsoft Graph, `entrada import`, `entrada app add-cert`). Each time the seed writes an object
// it records a fingerprint of it (SHA-256 of the object as storage returns it, as canonical JSON)
// in the seeded_objects table; at the next start that fingerprint tells a seed-written object from
// one changed since.
//
// Mode `merge` (the default), for each object the seed defines (tenant, application, service
// principal, managed identity, user, app role assignment, oauth2 permission grant):
//   - missing, never seeded                  → created                     "created"
//   - present, unchanged since the seed      → written as the seed says now "updated" / "unchanged"
//     last wrote it (fingerprint matches)
//   - present, changed since (by Graph, the  → left alone                  "kept" (changed at run time)
//     CLI, an import)
//   - missing, seeded before (deleted at     → not recreated               "kept deleted"
//     run time)
//   - present, never recorded                → treated as the seed's       "updated" / "unchanged"
//     the first time: written and recorded. A database from before this rule was written by the
//     seed alone (nothing else changed it across restarts: every start overwrote it), and an object
//     created at run time that the seed now also defines is one the seed file claims.
// Once an object is left alone, it stays the run-time version until it is deleted at run time (the
// seed then leaves it deleted) or the server starts with `--seed-mode reset`.
//
// Mode `reset` (`--seed-mode reset`, ENTRADA_SEED_MODE=reset): the seed overwrites everything it
// defines and recreates what was deleted, as every start did before this rule; an object whose
// run-time change or deletion this undoes is reported "reset". Microsoft Graph's own application
// is Entrada's, not the user's: it is rewritten at every start in both modes and never recorded.
// Objects absent from the seed are never touched in either mode.
//
// Secrets and passwords: storage keeps salted hashes, different at every hashing. The seed reuses
// a stored hash that verifies its plain value, so an unchanged seed writes an identical object,
// and the fingerprint stays put; a value changed in the seed fails verification and is hashed anew.
//
// Several nodes starting together on one PostgreSQL database: apply.ts runs its writes in one
// directory transaction (DirectoryAdmin.transact: one writer at a time), so the second node reads
// what the first committed, reuses its hashes and agrees with it. Fingerprints are recorded after
// that transaction commits, never for writes that were rolled back (a failed start leaves objects
// unrecorded, so the next start treats them as the seed's). In the short gap between a node's
// commit and its records, another node may see an object the first just updated as changed at
// run time and report it "kept"; the first node records it, and the next start agrees again.

import type { Guid } from '../core/model.js';
import type { DirectoryAdmin } from '../core/ports.js';
import { sha256Hex } from '../core/hash.js';

export type SeedMode = 'merge' | 'reset';
export const SEED_MODES: readonly SeedMode[] = ['merge', 'reset'];

/** The ledger's `kind` of each object the seed defines (managed identities are service principals). */
export type SeedKind =
  | 'tenant'
  | 'application'
  | 'servicePrincipal'
  | 'user'
  | 'group'
  | 'appRoleAssignment'
  | 'oauth2PermissionGrant'
  | 'namedLocation'
  | 'conditionalAccessPolicy'
  | 'tokenLifetimePolicy';
const KINDS: readonly SeedKind[] = [
  'tenant',
  'application',
  'servicePrincipal',
  'user',
  'group',
  'appRoleAssignment',
  'oauth2PermissionGrant',
  'namedLocation',
  'conditionalAccessPolicy',
  'tokenLifetimePolicy',
];

/** What the seed did with one object at this start (the list above). */
export type SeedOutcome = 'created' | 'updated' | 'unchanged' | 'kept' | 'kept deleted' | 'reset';

export interface SeedObjectReport {
  kind: SeedKind;
  id: Guid;
  displayName: string;
  outcome: SeedOutcome;
}

/** Where the seed's fingerprints live (storage.directoryAdmin). */
export type SeedLedger = Pick<DirectoryAdmin, 'seededFingerprints' | 'recordSeeded'>;

/** What to do with one object, decided from its stored form and its recorded fingerprint. */
export type SeedAction =
  | { do: 'write'; stored: boolean; fingerprint: string | undefined; reset: boolean }
  | { do: 'keep' }
  | { do: 'keep deleted' };

/**
 * The rule above as a function. `stored`: the fingerprint of the object as stored now, undefined
 * when it is missing; `recorded`: the fingerprint recorded when the seed last wrote it.
 */
export function decide(mode: SeedMode, stored: string | undefined, recorded: string | undefined): SeedAction {
  const reset = mode === 'reset';
  if (stored === undefined) {
    if (recorded === undefined) return { do: 'write', stored: false, fingerprint: undefined, reset: false };
    return reset ? { do: 'write', stored: false, fingerprint: undefined, reset: true } : { do: 'keep deleted' };
  }
  if (recorded === undefined || recorded === stored) return { do: 'write', stored: true, fingerprint: stored, reset: false };
  return reset ? { do: 'write', stored: true, fingerprint: stored, reset: true } : { do: 'keep' };
}

/** The outcome of a write, from the fingerprints before (undefined: it was missing) and after. */
function writtenOutcome(action: Extract<SeedAction, { do: 'write' }>, after: string): SeedOutcome {
  if (!action.stored) return action.reset ? 'reset' : 'created';
  if (action.fingerprint === after) return 'unchanged';
  return action.reset ? 'reset' : 'updated';
}

/**
 * One start's application of the rule: the recorded fingerprints (read once, up front), the
 * outcome of each object, and the fingerprints to record once the writes are committed.
 */
export class SeedMerge {
  readonly reports: SeedObjectReport[] = [];
  private readonly pending: Array<{ kind: SeedKind; id: Guid; fingerprint: string }> = [];

  private constructor(
    private readonly mode: SeedMode,
    private readonly recorded: ReadonlyMap<SeedKind, ReadonlyMap<Guid, string>>,
    private readonly ledger: SeedLedger | undefined,
  ) {}

  /**
   * Without a ledger nothing counts as seeded before, so every object the seed defines is written
   * (callers that keep no history: tests, tools).
   */
  static async open(mode: SeedMode, ledger: SeedLedger | undefined): Promise<SeedMerge> {
    const recorded = new Map<SeedKind, ReadonlyMap<Guid, string>>();
    if (ledger) for (const kind of KINDS) recorded.set(kind, await ledger.seededFingerprints(kind));
    return new SeedMerge(mode, recorded, ledger);
  }

  /** What to do with the object `kind`/`id`, stored now as `stored` (undefined: missing). */
  plan(kind: SeedKind, id: Guid, stored: object | undefined): SeedAction {
    return decide(this.mode, stored && fingerprint(stored), this.recorded.get(kind)?.get(id.toLowerCase()));
  }

  /** Notes an object left alone (plan said keep or keep deleted). */
  kept(kind: SeedKind, id: Guid, displayName: string, action: Exclude<SeedAction, { do: 'write' }>): SeedObjectReport {
    return this.push({ kind, id, displayName, outcome: action.do === 'keep' ? 'kept' : 'kept deleted' });
  }

  /**
   * Notes an object written as planned; `readBack` is the object as storage returns it after the
   * write, so that the fingerprint matches what a later start reads.
   */
  written(kind: SeedKind, id: Guid, displayName: string, action: Extract<SeedAction, { do: 'write' }>, readBack: object | undefined): SeedObjectReport {
    if (readBack === undefined) throw new Error(`seed: the ${kind} ${id} just written cannot be read back`);
    const after = fingerprint(readBack);
    if (this.recorded.get(kind)?.get(id.toLowerCase()) !== after) this.pending.push({ kind, id, fingerprint: after });
    return this.push({ kind, id, displayName, outcome: writtenOutcome(action, after) });
  }

  /** Records the fingerprints of what was written; call once the writes are committed. */
  async commit(): Promise<void> {
    if (!this.ledger) return;
    for (const { kind, id, fingerprint: value } of this.pending) await this.ledger.recordSeeded(kind, id, value);
    this.pending.length = 0;
  }

  private push(report: SeedObjectReport): SeedObjectReport {
    this.reports.push(report);
    return report;
  }
}

/** SHA-256 (hex) of the object's canonical JSON. */
export function fingerprint(value: object): string {
  return sha256Hex(canonicalJson(value));
}

/**
 * JSON with object keys sorted at every level (array order kept) and undefined members left out,
 * so that two reads of one stored object give one string whatever order its keys were built in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}
