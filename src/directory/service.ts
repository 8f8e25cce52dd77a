// Runs directory operations: reads straight from storage, writes in one serialised transaction
// with their audit entries, after which this node's cache forgets what it read.

import type { DirectoryStore } from '../core/ports.js';
import { auditEntry, type AuditChange } from './audit.js';
import type { DirectoryServiceDeps, GraphActor } from './context.js';

export type Audit = (change: AuditChange) => void;

export class DirectoryService {
  constructor(readonly deps: DirectoryServiceDeps) {}

  get read(): DirectoryStore {
    return this.deps.admin.read;
  }

  now(): Date {
    return this.deps.clock.now();
  }

  newId(): string {
    return this.deps.random.uuid();
  }

  /**
   * One change: `work` reads and writes through `tx` and reports what it changed through `audit`;
   * the audit entries are written in the same transaction, so a change is never unaudited and an
   * audit entry never describes a change that rolled back.
   */
  async write<T>(actor: GraphActor, work: (tx: DirectoryStore, audit: Audit) => Promise<T>): Promise<T> {
    const changes: AuditChange[] = [];
    const result = await this.deps.admin.transact(async (tx) => {
      const value = await work(tx, (change) => changes.push(change));
      const at = this.now();
      for (const change of changes) await tx.appendAudit(auditEntry(actor, change, at, this.newId()));
      return value;
    });
    if (changes.length) this.deps.onChange();
    return result;
  }
}
