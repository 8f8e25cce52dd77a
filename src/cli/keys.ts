// `entrada keys list|rotate|retire KID`: the installation's token signing keys, in the database
// `entrada start` uses (the same --home / ENTRADA_HOME, --database / ENTRADA_DATABASE_URL). The
// command writes the database itself; running servers on it hear of the change (PostgreSQL NOTIFY,
// SQLite PRAGMA data_version) and reload their keys, at the latest within 30 s.

import { longestTokenLifetimeSeconds } from '../compose-signing-keys.js';
import { loadConfig } from '../config/config.js';
import { signingKeyRetentionMs } from '../core/signing-key-states.js';
import { SigningKeyAdmin, SigningKeyError, type SigningKeyInfo } from '../crypto/key-admin.js';
import { openStorage } from '../storage/open.js';
import { missingDatabase, whereLine } from './where.js';

type Flags = Record<string, string | undefined>;

interface Io {
  out(text: string): void;
  err(text: string): void;
}

const defaultIo: Io = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
};

export async function keysCommand(sub: 'list' | 'rotate' | 'retire', kid: string | undefined, flags: Flags, io: Io = defaultIo): Promise<number> {
  const loaded = loadConfig(process.env, flags);
  if (!loaded.ok) {
    io.err(`Invalid configuration:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}`);
    return 2;
  }
  const { config } = loaded;
  io.err(whereLine(config));
  const missing = missingDatabase(config, flags, process.env);
  if (missing) {
    io.err(`entrada: ${missing}`);
    return 2;
  }
  const storage = await openStorage({ url: config.databaseUrl, home: config.home });
  try {
    const admin = new SigningKeyAdmin({
      store: storage.signingKeys,
      clock: { now: () => new Date() },
      retentionMs: signingKeyRetentionMs(longestTokenLifetimeSeconds(config)),
      leadMs: config.keyPublishLeadMs,
    });
    if (sub === 'list') return list(await admin.list(), flags.json === 'true', io);
    if (sub === 'rotate') {
      const key = await admin.rotate({ now: flags.now === 'true' });
      io.out(
        flags.now === 'true'
          ? `Signing key ${key.kid} created; it signs now. Once nothing needs the old key's tokens, retire it: entrada keys retire <KID>.`
          : `Signing key ${key.kid} created: published now, signs from ${shown(key.activatesAt)} (ENTRADA_KEY_PUBLISH_LEAD).`,
      );
      return 0;
    }
    const before = (await admin.list()).find((k) => k.state === 'current')?.kid;
    await admin.retire(kid as string);
    const after = (await admin.list()).find((k) => k.state === 'current')?.kid;
    io.out(`Signing key ${kid} retired: no longer published; tokens it signed no longer verify.${before !== after && after ? ` ${after} signs from now.` : ''}`);
    return 0;
  } catch (err) {
    if (!(err instanceof SigningKeyError)) throw err;
    io.err(`entrada: ${err.message}`);
    return err.reason === 'unknown' ? 3 : 1;
  } finally {
    await storage.close();
  }
}

function list(keys: SigningKeyInfo[], json: boolean, io: Io): number {
  if (json) {
    io.out(JSON.stringify(keys, null, 2));
    return 0;
  }
  if (keys.length === 0) {
    io.err('No signing keys yet: `entrada start` makes the first one.');
    return 0;
  }
  const rows = [
    ['KID', 'STATE', 'CREATED', 'ACTIVATES', 'RETIRES / RETIRED'],
    ...keys.map((k) => [k.kid, k.state, shown(k.createdAt), shown(k.activatesAt), k.retiresAt ? shown(k.retiresAt) : '-']),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows) io.out(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
  return 0;
}

/** An instant to the second, as `entrada logs` prints them. */
function shown(instant: string): string {
  return instant.replace(/\.\d{3}Z$/, 'Z');
}
