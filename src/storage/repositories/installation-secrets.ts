// Per-installation secrets, shared by every node through the database. Never logged.

import type { Kysely } from 'kysely';
import type { InstallationSecretStore } from '../../core/ports.js';
import type { Database } from '../schema.js';

export class KyselyInstallationSecretStore implements InstallationSecretStore {
  constructor(private readonly db: Kysely<Database>) {}

  async ensure(name: string, candidate: string): Promise<string> {
    const existing = await this.find(name);
    if (existing !== undefined) return existing;
    // Nodes racing here all insert; the primary key keeps the first, the others become no-ops, and
    // every node reads the winner.
    await this.db
      .insertInto('installation_secrets')
      .values({ name, value: candidate, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const winner = await this.find(name);
    if (winner === undefined) throw new Error(`installation secret ${name}: missing after insert`);
    return winner;
  }

  private async find(name: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('installation_secrets').select('value').where('name', '=', name).executeTakeFirst();
    return row?.value;
  }
}
