// `entrada hosts [--apply | --remove] [--file PATH] [--address ADDR]`: the hosts-file lines that
// send Microsoft's host names (core/microsoft-hosts.ts) to Entrada, for hosts mode (issue 15).
// Without a flag it only prints them; --apply writes them into a marked block (hosts-block.ts),
// --remove takes the block out. Nothing else in the file is touched.
//
// Writes are atomic where they can be: a temporary file beside the target, renamed over it. In a
// container /etc/hosts is usually a file bind-mounted by the runtime, and a rename onto it fails
// (EBUSY; EXDEV across devices): the file is then rewritten in place, which is what every editor
// does there too.

import { randomBytes } from 'node:crypto';
import { chownSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MICROSOFT_HOSTS } from '../core/microsoft-hosts.js';
import { usageOf } from './command-table.js';
import { addressProblem, applyBlock, DEFAULT_ADDRESSES, type Edit, HostsBlockError, hostsBlock, hostsEntries, otherMentions, removeBlock } from './hosts-block.js';

type Flags = Record<string, string | undefined>;

export interface HostsOptions {
  mode: 'print' | 'apply' | 'remove';
  /** The hosts file (default: the platform's). */
  file: string;
  /** Whether --file was given (the messages then name it in the commands they suggest). */
  fileGiven: boolean;
  addresses: readonly string[];
  platform: NodeJS.Platform;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** The hosts file the resolver reads: /etc/hosts, or Windows' own. */
export function defaultHostsFile(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = process.env): string {
  return platform === 'win32' ? join(env.SystemRoot ?? 'C:\\Windows', 'System32', 'drivers', 'etc', 'hosts') : '/etc/hosts';
}

/** main.ts's entry. */
export function hostsCommand(flags: Flags): number {
  const usage = (message: string) => {
    process.stderr.write(`entrada: ${message}.\n${usageOf('hosts')}\n`);
    return 2;
  };
  if (flags.apply !== undefined && flags.remove !== undefined) return usage('--apply and --remove do not go together');
  if (flags.remove !== undefined && flags.address !== undefined) return usage('--remove takes the whole block out; --address is for printing or --apply');
  const address = flags.address?.trim();
  if (address !== undefined) {
    const problem = addressProblem(address);
    if (problem) return usage(problem);
  }
  return runHosts({
    mode: flags.apply !== undefined ? 'apply' : flags.remove !== undefined ? 'remove' : 'print',
    file: flags.file ?? defaultHostsFile(process.platform),
    fileGiven: flags.file !== undefined,
    addresses: address !== undefined ? [address] : DEFAULT_ADDRESSES,
    platform: process.platform,
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
  });
}

export function runHosts(o: HostsOptions): number {
  const entries = hostsEntries(o.addresses, MICROSOFT_HOSTS);
  const again = (flag: string) => `${o.platform === 'win32' ? '' : 'sudo '}entrada hosts ${flag}${o.fileGiven ? ` --file ${o.file}` : ''}`;
  if (o.mode === 'print') {
    // The block on stdout (so `entrada hosts | sudo tee -a /etc/hosts` works too), the note on stderr.
    for (const line of hostsBlock(entries)) o.out(line);
    o.err(`entrada: nothing was written. \`${again('--apply')}\` puts these lines into ${o.file} (in this marked block); \`${again('--remove')}\` takes them out.`);
    return 0;
  }
  let target: string;
  let text: string;
  try {
    // A symbolic link (some systems link /etc/hosts elsewhere) is followed: the file it names is edited.
    target = realpathSync(o.file);
    text = readFileSync(target, 'utf8');
  } catch (err) {
    return refuse(o, err, `reading ${o.file}`, again(o.mode === 'apply' ? '--apply' : '--remove'));
  }
  let edit: Edit;
  try {
    edit = o.mode === 'apply' ? applyBlock(text, entries) : removeBlock(text);
  } catch (err) {
    if (!(err instanceof HostsBlockError)) throw err;
    o.err(`entrada: ${o.file}: ${err.message}. Nothing was written.`);
    return 1;
  }
  if (edit.outcome === 'absent') {
    o.out(`entrada: ${o.file} has no entrada block: nothing to remove.`);
    return 0;
  }
  if (edit.changed) {
    try {
      writeHostsFile(target, edit.text);
    } catch (err) {
      return refuse(o, err, `writing ${o.file}`, again(o.mode === 'apply' ? '--apply' : '--remove'));
    }
  }
  if (o.mode === 'remove') {
    o.out(`entrada: removed the entrada block from ${o.file}; Microsoft's names resolve as before.`);
    return 0;
  }
  const what = `${o.addresses.join(' and ')} for ${MICROSOFT_HOSTS.join(', ')}`;
  if (!edit.changed) o.out(`entrada: ${o.file} already has this block (${what}): nothing written.`);
  else o.out(`entrada: ${edit.outcome === 'replaced' ? 'replaced the entrada block in' : 'added the entrada block to'} ${o.file}: ${what}.`);
  for (const other of otherMentions(edit.text, MICROSOFT_HOSTS)) {
    o.err(`entrada: note: line ${other.line} of ${o.file}, outside the block, also names a Microsoft host (left as is): ${other.text}`);
  }
  o.out(`Undo: ${again('--remove')}`);
  return 0;
}

/**
 * Replaces `file`'s content: a temporary file in the same folder (same mode and owner) renamed
 * over it, or, where the rename cannot replace it (a bind mount: EBUSY, EXDEV), written in place.
 */
export function writeHostsFile(file: string, text: string, rename: (from: string, to: string) => void = renameSync): 'renamed' | 'in place' {
  const before = statSync(file);
  const temporary = join(dirname(file), `.${basename(file)}.entrada-${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { flag: 'wx', mode: before.mode & 0o777 });
  } catch (err) {
    // A folder this process may not create files in (but a file it may write): in place.
    if (!isCode(err, 'EACCES', 'EPERM', 'EROFS')) throw err;
    writeFileSync(file, text);
    return 'in place';
  }
  try {
    try {
      chownSync(temporary, before.uid, before.gid);
    } catch {
      // Only root may give a file away; a user editing their own file keeps their ownership anyway.
    }
    rename(temporary, file);
    return 'renamed';
  } catch (err) {
    rmSync(temporary, { force: true });
    if (!isCode(err, 'EBUSY', 'EXDEV', 'EPERM', 'EACCES')) throw err;
    writeFileSync(file, text);
    return 'in place';
  }
}

/** A refusal in one line: permission → sudo (or an administrator's prompt); anything else → its message. */
function refuse(o: HostsOptions, err: unknown, doing: string, sudoCommand: string): number {
  if (isCode(err, 'EACCES', 'EPERM')) {
    o.err(
      o.platform === 'win32'
        ? `entrada: permission denied ${doing}: run it from a prompt opened with "Run as administrator" (${sudoCommand}).`
        : `entrada: permission denied ${doing}: run it with sudo (${sudoCommand}).`,
    );
  } else if (isCode(err, 'ENOENT')) o.err(`entrada: no file ${o.file}${o.fileGiven ? ' (--file)' : ''}; nothing was written.`);
  else if (isCode(err, 'EROFS')) o.err(`entrada: ${o.file} is on a read-only file system; nothing was written.`);
  else o.err(`entrada: failed ${doing}: ${err instanceof Error ? err.message : String(err)}`);
  return 1;
}

function isCode(err: unknown, ...codes: string[]): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && codes.includes(code);
}
