// `entrada logs | import | export`: commands that read or write the database `entrada start` uses
// (the same --home / ENTRADA_HOME, --database / ENTRADA_DATABASE_URL). Each says which on stderr,
// and refuses to run where there is no database rather than create an empty one.

import { loadConfig } from '../config/config.js';
import { openStorage, type Storage } from '../storage/open.js';
import { runLogs } from './logs.js';
import { exportManifest, importManifest } from './manifest-commands.js';
import { missingDatabase, whereLine } from './where.js';

type Flags = Record<string, string | undefined>;

const stdout = (text: string) => void process.stdout.write(`${text}\n`);
const stderr = (text: string) => void process.stderr.write(`${text}\n`);

/** The database the flags and environment name, opened; or the exit code after saying why not. */
async function openExisting(flags: Flags): Promise<Storage | number> {
  const loaded = loadConfig(process.env, flags);
  if (!loaded.ok) {
    stderr(`Invalid configuration:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}`);
    return 2;
  }
  const { config } = loaded;
  stderr(whereLine(config));
  const missing = missingDatabase(config, flags, process.env);
  if (missing) {
    stderr(`entrada: ${missing}`);
    return 2;
  }
  return openStorage({ url: config.databaseUrl, home: config.home });
}

/** The sign-in log; --follow polls it every second until Ctrl-C. */
export async function logsCommand(flags: Flags): Promise<number> {
  const storage = await openExisting(flags);
  if (typeof storage === 'number') return storage;
  let stopped = false;
  process.once('SIGINT', () => (stopped = true));
  try {
    const follow = flags.follow === 'true' ? { intervalMs: 1000, until: () => stopped } : undefined;
    return await runLogs(storage.signInLog, flags, { out: stdout, err: stderr }, follow);
  } finally {
    await storage.close();
  }
}

export async function manifestCommand(command: 'import' | 'export', arg: string, flags: Flags): Promise<number> {
  const storage = await openExisting(flags);
  if (typeof storage === 'number') return storage;
  try {
    const r = command === 'import' ? await importManifest(storage.directory, arg, flags.tenant) : await exportManifest(storage.directory, arg, flags.format);
    (r.code === 0 ? stdout : stderr)(r.out);
    return r.code;
  } finally {
    await storage.close();
  }
}
