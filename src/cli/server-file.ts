// `<home>/server.json`: where a running `entrada start` listens, so the other commands (the
// directory's Graph calls, the MSAL configuration `app add-cert` prints) reach the real port and
// host instead of assuming 8443. Written once the server listens, removed when it stops cleanly;
// a file left by a crash names a process that is gone, and is then ignored.

import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ServerFile {
  /** The origin it listens on, e.g. https://localhost:8443. */
  url: string;
  pid: number;
  startedAt: string;
  /** The CA certificate clients must trust (NODE_EXTRA_CA_CERTS). */
  caPath: string;
}

export const SERVER_FILE = 'server.json';

export function writeServerFile(home: string, info: ServerFile): void {
  const file = join(home, SERVER_FILE);
  // Written whole under another name, then renamed: a reader never sees half a file. The name is
  // unguessable and created exclusively ('wx'), so a link planted in a shared home is never followed.
  const temporary = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(info, null, 2)}\n`, { flag: 'wx', mode: 0o644 });
  renameSync(temporary, file);
}

/** Removes the file if it is this process's (another server may have started on the same home since). */
export function removeServerFile(home: string, pid: number): void {
  const file = join(home, SERVER_FILE);
  if (readServerFile(file)?.pid === pid) rmSync(file, { force: true });
}

/** The server recorded in `home`, if the file is there, well-formed, and its process is alive. */
export function runningServer(home: string, isAlive: (pid: number) => boolean = processAlive): ServerFile | undefined {
  const info = readServerFile(join(home, SERVER_FILE));
  return info && isAlive(info.pid) ? info : undefined;
}

function readServerFile(file: string): ServerFile | undefined {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const { url, pid, startedAt, caPath } = json as Record<string, unknown>;
  if (typeof url !== 'string' || !/^https:\/\//.test(url) || !Number.isSafeInteger(pid) || (pid as number) <= 0) return undefined;
  return { url, pid: pid as number, startedAt: String(startedAt ?? ''), caPath: String(caPath ?? '') };
}

/** Signal 0 tests for the process without touching it; EPERM means it exists but is another user's. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
