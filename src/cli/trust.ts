// `entrada trust [--remove] [--print] [--home DIR]`: the local CA (`<home>/tls/ca.pem`, created by
// the first `entrada start`) in the operating system's store, so clients that read it — OpenSSL,
// curl, Go, .NET on Linux, Debian's Python packages, the Azure CLI — accept Entrada's certificate,
// which hosts mode (issue 15) needs: there a client is given no CA option at all.
//
// - Debian/Ubuntu (update-ca-certificates and /usr/local/share/ca-certificates exist): copies the
//   CA there as `entrada-<8 hex of its SHA-256>.crt` and runs update-ca-certificates; `--remove`
//   deletes every `entrada-*.crt` there and runs `update-ca-certificates --fresh` (which rebuilds
//   /etc/ssl/certs, dropping the links to removed files).
// - macOS, Windows: changes nothing; prints the command to run (security / certutil), exit 0.
// - Other systems: says so, prints the manual steps, exit 1.
// - `--print`: changes nothing anywhere; the per-runtime settings (trust-settings.ts).
//
// Test and advanced knobs, so the tests never touch the machine's store: ENTRADA_TRUST_DIR (the
// folder instead of /usr/local/share/ca-certificates) and ENTRADA_UPDATE_CA_COMMAND (the program
// run instead of update-ca-certificates, with the same arguments).

import { randomBytes, X509Certificate } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { usageOf } from './command-table.js';
import {
  DEBIAN_TRUST_DIR,
  describeCa,
  osRemoveCommand,
  osTrustCommand,
  otherLinuxSteps,
  quote,
  runtimeSettings,
  TRUST_FILE_PATTERN,
  trustFileName,
} from './trust-settings.js';

type Flags = Record<string, string | undefined>;

export interface TrustOptions {
  /** The Entrada home whose `tls/ca.pem` is trusted. */
  home: string;
  mode: 'add' | 'remove' | 'print';
  platform: NodeJS.Platform;
  /** Debian's folder for local CAs (ENTRADA_TRUST_DIR in tests). */
  trustDir: string;
  /** update-ca-certificates' path (ENTRADA_UPDATE_CA_COMMAND in tests); undefined when there is none. */
  updateCommand: string | undefined;
  /** Whether this process runs as root (the refusals then do not suggest sudo). */
  isRoot: boolean;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** main.ts's entry: the options from the flags and the environment. */
export function trustCommand(flags: Flags, env: NodeJS.ProcessEnv = process.env): number {
  if (flags.remove !== undefined && flags.print !== undefined) {
    process.stderr.write(`entrada: --remove and --print do not go together (--print changes nothing).\n${usageOf('trust')}\n`);
    return 2;
  }
  return runTrust({
    // The home as `entrada start` resolves it (config/config.ts): --home, ENTRADA_HOME, ./.entrada.
    home: resolve(flags.home ?? nonEmpty(env.ENTRADA_HOME) ?? './.entrada'),
    mode: flags.remove !== undefined ? 'remove' : flags.print !== undefined ? 'print' : 'add',
    platform: process.platform,
    trustDir: nonEmpty(env.ENTRADA_TRUST_DIR) ?? DEBIAN_TRUST_DIR,
    updateCommand: nonEmpty(env.ENTRADA_UPDATE_CA_COMMAND) ?? findOnPath('update-ca-certificates', env.PATH),
    isRoot: process.getuid?.() === 0,
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
  });
}

export function runTrust(o: TrustOptions): number {
  const caPath = join(o.home, 'tls', 'ca.pem');
  const read = readCa(caPath);
  // --remove needs no CA (the files it removes are named in the store); the others need a good one.
  if (typeof read === 'string' && o.mode !== 'remove') {
    o.err(`entrada: ${read}`);
    return 1;
  }
  const ca = typeof read === 'string' ? undefined : read;
  if (o.mode === 'print') return printSettings(o, caPath, ca);
  const os = o.platform === 'darwin' || o.platform === 'win32' ? o.platform : undefined;
  if (o.mode === 'add' && ca === undefined) {
    o.err(`entrada: no CA at ${caPath} yet: start Entrada once to create it (entrada start --home ${quote(o.home)}), or pass the --home it uses.`);
    return 1;
  }
  if (os !== undefined) {
    // Entrada does not change these stores itself: both need an administrator's confirmation.
    const command = o.mode === 'add' ? osTrustCommand(os, caPath) : osRemoveCommand(os, ca, caPath);
    const where = os === 'darwin' ? 'macOS (in a terminal)' : 'Windows (in a prompt opened with "Run as administrator")';
    o.out(`entrada: nothing was changed. To ${o.mode === 'add' ? 'trust' : 'stop trusting'} Entrada's CA on ${where}, run:`);
    o.out(`  ${command}`);
    if (o.mode === 'add') o.out('Runtimes with their own roots (Node.js, Java, Python with pip\'s certifi, Firefox) need their setting too: entrada trust --print');
    return 0;
  }
  if (o.updateCommand === undefined || !isDirectory(o.trustDir)) {
    const missing = o.updateCommand === undefined ? 'no update-ca-certificates' : `no folder ${o.trustDir}`;
    o.err(`entrada: this system has ${missing} (Debian and Ubuntu have both), so nothing was changed.`);
    o.err(o.mode === 'add' ? 'Trust the CA by hand:' : 'Take the CA out the way it was added, e.g. delete the file from the anchors folder and rerun the same tool.');
    if (o.mode === 'add') for (const line of [...otherLinuxSteps(caPath), 'Per runtime: entrada trust --print']) o.err(line);
    return 1;
  }
  return o.mode === 'add' ? addToDebianStore(o, caPath, ca as X509Certificate, o.updateCommand) : removeFromDebianStore(o, o.updateCommand);
}

function printSettings(o: TrustOptions, caPath: string, ca: X509Certificate | undefined): number {
  if (ca === undefined) o.out(`No CA at ${caPath} yet: start Entrada once to create it (entrada start --home ${quote(o.home)}). The settings below name that path.`);
  else o.out(`Entrada's CA: ${caPath} (${describeCa(ca)})`);
  o.out('Nothing was changed. Per runtime, to trust it:');
  for (const line of runtimeSettings(caPath)) o.out(line);
  return 0;
}

function addToDebianStore(o: TrustOptions, caPath: string, ca: X509Certificate, updateCommand: string): number {
  const name = trustFileName(ca);
  const target = join(o.trustDir, name);
  const pem = ca.toString();
  const already = existsSync(target) && readFileSync(target, 'utf8') === pem;
  if (!already) {
    // Written beside the target under a name update-ca-certificates ignores (not *.crt), then
    // renamed, so it never reads half a certificate.
    const temporary = join(o.trustDir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      writeFileSync(temporary, pem, { flag: 'wx', mode: 0o644 });
      renameSync(temporary, target);
    } catch (err) {
      rmSync(temporary, { force: true });
      return refuse(o, err, `writing ${o.trustDir}`, `sudo entrada trust --home ${quote(o.home)}`);
    }
  }
  o.out(`entrada: ${already ? 'already in the store' : 'copied'}: ${caPath} (${describeCa(ca)}) ${already ? 'is' : 'to'} ${target}`);
  const others = entradaFiles(o.trustDir).filter((f) => f !== name);
  if (others.length > 0) o.out(`entrada: also there, from another Entrada CA: ${others.join(', ')} (entrada trust --remove takes out all of them)`);
  const code = runUpdate(o, updateCommand, []);
  if (code !== 0) return code;
  o.out('entrada: the OS store now trusts Entrada\'s CA (OpenSSL, curl, Go, .NET, Debian\'s Python packages and azure-cli).');
  o.out(`Node.js still needs NODE_EXTRA_CA_CERTS=${quote(caPath)}; Java and browsers have their own stores: entrada trust --print. Undo: sudo entrada trust --remove`);
  return 0;
}

function removeFromDebianStore(o: TrustOptions, updateCommand: string): number {
  const files = entradaFiles(o.trustDir);
  if (files.length === 0) {
    o.out(`entrada: no entrada-*.crt in ${o.trustDir}: nothing to remove.`);
    return 0;
  }
  for (const file of files) {
    try {
      rmSync(join(o.trustDir, file));
    } catch (err) {
      return refuse(o, err, `removing ${join(o.trustDir, file)}`, 'sudo entrada trust --remove');
    }
    o.out(`entrada: removed ${join(o.trustDir, file)}`);
  }
  // --fresh: rebuilds the links in /etc/ssl/certs, so the removed CA leaves the bundle.
  const code = runUpdate(o, updateCommand, ['--fresh']);
  if (code === 0) o.out("entrada: the OS store no longer trusts Entrada's CA.");
  return code;
}

/** Runs update-ca-certificates, relaying what it says; its failure is one line, not a stack trace. */
function runUpdate(o: TrustOptions, command: string, args: string[]): number {
  const shown = [command, ...args].map(quote).join(' ');
  const ran = spawnSync(command, args, { encoding: 'utf8' });
  if (ran.error) {
    o.err(`entrada: could not run ${shown}: ${(ran.error as NodeJS.ErrnoException).code ?? ran.error.message}.`);
    return 1;
  }
  const said = `${ran.stdout ?? ''}${ran.stderr ?? ''}`.trim();
  if (ran.status !== 0) {
    const sudo = o.isRoot ? '' : '; run it with sudo';
    o.err(`entrada: ${shown} failed (${ran.status === null ? `signal ${ran.signal}` : `exit ${ran.status}`})${sudo}${said ? `: ${said.split('\n').at(-1)}` : ''}`);
    return 1;
  }
  o.out(`entrada: ran ${shown}${said ? `:\n${said.split('\n').map((l) => `  ${l}`).join('\n')}` : ''}`);
  return 0;
}

/** A refusal in one line: permission → sudo; anything else → its code and message. */
function refuse(o: TrustOptions, err: unknown, doing: string, sudoCommand: string): number {
  const code = (err as NodeJS.ErrnoException).code;
  if ((code === 'EACCES' || code === 'EPERM') && !o.isRoot) o.err(`entrada: permission denied ${doing}: run it with sudo (${sudoCommand}).`);
  else if (code === 'EROFS') o.err(`entrada: cannot change ${o.trustDir}: it is on a read-only file system.`);
  else o.err(`entrada: failed ${doing}: ${err instanceof Error ? err.message : String(err)}`);
  return 1;
}

/** The CA; undefined when the file does not exist; a sentence when it cannot be read or is no certificate. */
function readCa(path: string): X509Certificate | undefined | string {
  let text: string | undefined;
  try {
    text = readIfExists(path);
  } catch (err) {
    return `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`;
  }
  if (text === undefined) return undefined;
  try {
    return new X509Certificate(text);
  } catch {
    return `${path} is not a PEM certificate; move the home's tls folder away and start Entrada once to create a new CA.`;
  }
}

function entradaFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => TRUST_FILE_PATTERN.test(f)).sort();
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `name` in PATH, then in /usr/sbin and /sbin: Debian puts update-ca-certificates in /usr/sbin,
 * which a normal user's PATH leaves out (they would then be told "no update-ca-certificates"
 * instead of "run it with sudo").
 */
export function findOnPath(name: string, path: string | undefined): string | undefined {
  for (const dir of [...(path ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/sbin']) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
