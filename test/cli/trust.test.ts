// `entrada trust` (src/cli/trust.ts, trust-settings.ts). Never the machine's store: every run gets
// a temporary folder for /usr/local/share/ca-certificates and a fake update-ca-certificates (a
// shell script that records its arguments), as TrustOptions in-process and as ENTRADA_TRUST_DIR /
// ENTRADA_UPDATE_CA_COMMAND for the spawned command (`npm run build` first).

import { spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTrust, type TrustOptions } from '../../src/cli/trust.js';
import { DEBIAN_TRUST_DIR, osRemoveCommand, osTrustCommand, runtimeSettings, trustFileName } from '../../src/cli/trust-settings.js';
import { ensureTls } from '../../src/crypto/local-ca.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

let dir: string;
let home: string;
let caPath: string;
let ca: X509Certificate;
let fileName: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'entrada-trust-'));
  home = join(dir, 'home');
  await ensureTls({ dir: join(home, 'tls'), hostnames: [] });
  caPath = join(home, 'tls', 'ca.pem');
  ca = new X509Certificate(readFileSync(caPath));
  fileName = trustFileName(ca);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh store folder and a fake update-ca-certificates recording its calls (exit `status`). */
function fakeStore(status = 0) {
  const root = mkdtempSync(join(dir, 'store-'));
  const trustDir = join(root, 'ca-certificates');
  mkdirSync(trustDir);
  const log = join(root, 'calls.log');
  const command = join(root, 'update-ca-certificates');
  writeFileSync(
    command,
    `#!/bin/sh\necho "call:$*" >> '${log}'\necho 'Updating certificates in /etc/ssl/certs...'\necho '1 added, 0 removed; done.'\nexit ${status}\n`,
    { mode: 0o755 },
  );
  chmodSync(root, 0o755);
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n') : []);
  return { root, trustDir, command, calls };
}

function trust(options: Partial<TrustOptions> & Pick<TrustOptions, 'mode'>) {
  const out: string[] = [];
  const err: string[] = [];
  const store = options.trustDir === undefined ? fakeStore() : undefined;
  // Never the real folder, whatever a test passes.
  const trustDir = options.trustDir ?? store!.trustDir;
  expect(trustDir.startsWith(dir)).toBe(true);
  const code = runTrust({ home, platform: 'linux', updateCommand: store?.command, isRoot: false, ...options, trustDir, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the file name and the texts', () => {
  it("entrada-<first 8 hex of the certificate's SHA-256>.crt", () => {
    expect(fileName).toBe(`entrada-${createHash('sha256').update(ca.raw).digest('hex').slice(0, 8)}.crt`);
    expect(DEBIAN_TRUST_DIR).toBe('/usr/local/share/ca-certificates');
  });

  it('the OS commands and per-runtime settings name the CA file', () => {
    expect(osTrustCommand('darwin', '/h/tls/ca.pem')).toBe('sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain /h/tls/ca.pem');
    expect(osTrustCommand('win32', 'C:\\Users\\Jo Doe\\.entrada\\tls\\ca.pem')).toBe('certutil -addstore -f Root "C:\\Users\\Jo Doe\\.entrada\\tls\\ca.pem"');
    expect(osRemoveCommand('darwin', ca, caPath)).toMatch(/^sudo security delete-certificate -c 'Entrada Local CA [0-9a-f]{8}' \/Library\/Keychains\/System\.keychain$/);
    expect(osRemoveCommand('win32', ca, caPath)).toBe(`certutil -delstore Root ${ca.serialNumber.toLowerCase()}`);
    const text = runtimeSettings("/my home/ca.pem").join('\n');
    for (const expected of [
      "NODE_EXTRA_CA_CERTS='/my home/ca.pem'",
      "REQUESTS_CA_BUNDLE='/my home/ca.pem'",
      "SSL_CERT_FILE='/my home/ca.pem'",
      'REPLACE the bundle',
      "python3-certifi",
      "keytool -importcert -noprompt -alias entrada -file '/my home/ca.pem' -cacerts",
      '.NET',
      `certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n entrada -i '/my home/ca.pem'`,
      'security add-trusted-cert',
      'certutil -addstore -f Root "/my home/ca.pem"',
    ]) {
      expect(text).toContain(expected);
    }
  });
});

describe('entrada trust --print', () => {
  it('changes nothing and prints the settings for the CA', () => {
    const store = fakeStore();
    const r = trust({ mode: 'print', trustDir: store.trustDir, updateCommand: store.command });
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, 2)).toEqual([`Entrada's CA: ${caPath} (${ca.subject}, SHA-256 ${ca.fingerprint256})`, 'Nothing was changed. Per runtime, to trust it:']);
    expect(r.out).toContain(`export NODE_EXTRA_CA_CERTS=${caPath}`);
    expect(readdirSync(store.trustDir)).toEqual([]);
    expect(store.calls()).toEqual([]);
  });

  it('before the first start: says so, still prints the settings, exit 0', () => {
    const r = trust({ mode: 'print', home: join(dir, 'never-started') });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`No CA at ${join(dir, 'never-started', 'tls', 'ca.pem')} yet: start Entrada once to create it`);
    expect(r.out).toContain(`NODE_EXTRA_CA_CERTS=${join(dir, 'never-started', 'tls', 'ca.pem')}`);
  });
});

describe('entrada trust on Debian/Ubuntu (a fake store)', () => {
  it('copies the CA as entrada-<hash>.crt and runs update-ca-certificates; twice is the same file; --remove takes out every entrada-*.crt and runs it with --fresh', () => {
    const store = fakeStore();
    writeFileSync(join(store.trustDir, 'corporate.crt'), 'not ours');
    const first = trust({ mode: 'add', trustDir: store.trustDir, updateCommand: store.command });
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toContain(`entrada: copied: ${caPath} (${ca.subject}, SHA-256 ${ca.fingerprint256}) to ${join(store.trustDir, fileName)}`);
    expect(first.out).toContain(`entrada: ran ${store.command}:\n  Updating certificates in /etc/ssl/certs...\n  1 added, 0 removed; done.`);
    expect(first.out).toContain('Undo: sudo entrada trust --remove');
    expect(new X509Certificate(readFileSync(join(store.trustDir, fileName))).fingerprint256).toBe(ca.fingerprint256);
    expect(store.calls()).toEqual(['call:']);

    writeFileSync(join(store.trustDir, 'entrada-0badc0de.crt'), 'an older Entrada CA');
    const again = trust({ mode: 'add', trustDir: store.trustDir, updateCommand: store.command });
    expect(again.code).toBe(0);
    expect(again.out).toContain(`entrada: already in the store: ${caPath}`);
    expect(again.out).toContain('also there, from another Entrada CA: entrada-0badc0de.crt');
    expect(readdirSync(store.trustDir).sort()).toEqual(['corporate.crt', 'entrada-0badc0de.crt', fileName].sort());

    const removed = trust({ mode: 'remove', trustDir: store.trustDir, updateCommand: store.command });
    expect(removed.code).toBe(0);
    expect(removed.out).toContain(`entrada: removed ${join(store.trustDir, 'entrada-0badc0de.crt')}`);
    expect(removed.out).toContain(`entrada: removed ${join(store.trustDir, fileName)}`);
    expect(removed.out).toContain("entrada: the OS store no longer trusts Entrada's CA.");
    expect(readdirSync(store.trustDir)).toEqual(['corporate.crt']);
    expect(store.calls()).toEqual(['call:', 'call:', 'call:--fresh']);

    const nothing = trust({ mode: 'remove', trustDir: store.trustDir, updateCommand: store.command });
    expect(nothing).toMatchObject({ code: 0, out: `entrada: no entrada-*.crt in ${store.trustDir}: nothing to remove.` });
    expect(store.calls()).toHaveLength(3);
  });

  it('no CA yet: exit 1 saying to start Entrada once; nothing copied, nothing run', () => {
    const store = fakeStore();
    const r = trust({ mode: 'add', home: join(dir, 'never-started'), trustDir: store.trustDir, updateCommand: store.command });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^entrada: no CA at .*never-started\/tls\/ca\.pem yet: start Entrada once to create it/);
    expect(readdirSync(store.trustDir)).toEqual([]);
    expect(store.calls()).toEqual([]);
  });

  it('update-ca-certificates failing: one line, exit 1 (with sudo when not root)', () => {
    const store = fakeStore(4);
    const r = trust({ mode: 'add', trustDir: store.trustDir, updateCommand: store.command });
    expect(r.code).toBe(1);
    expect(r.err).toBe(`entrada: ${store.command} failed (exit 4); run it with sudo: 1 added, 0 removed; done.`);
  });
});

describe('elsewhere', () => {
  it('macOS and Windows: nothing changed, the exact command printed, exit 0', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const store = fakeStore();
      const add = trust({ mode: 'add', platform, trustDir: store.trustDir, updateCommand: store.command });
      expect(add.code, platform).toBe(0);
      expect(add.out.split('\n')[0]).toMatch(/^entrada: nothing was changed\. To trust Entrada's CA on (macOS|Windows)/);
      expect(add.out.split('\n')[1]).toBe(`  ${osTrustCommand(platform, caPath)}`);
      const remove = trust({ mode: 'remove', platform, trustDir: store.trustDir, updateCommand: store.command });
      expect(remove.code).toBe(0);
      expect(remove.out.split('\n')[1]).toBe(`  ${osRemoveCommand(platform, ca, caPath)}`);
      expect(readdirSync(store.trustDir)).toEqual([]);
      expect(store.calls()).toEqual([]);
    }
  });

  it('Linux without update-ca-certificates (or its folder): says so, prints the manual steps, exit 1', () => {
    const store = fakeStore();
    const none = trust({ mode: 'add', trustDir: store.trustDir, updateCommand: undefined });
    expect(none.code).toBe(1);
    expect(none.err).toContain('entrada: this system has no update-ca-certificates (Debian and Ubuntu have both), so nothing was changed.');
    expect(none.err).toContain('update-ca-trust');
    const noFolder = trust({ mode: 'add', trustDir: join(store.root, 'missing'), updateCommand: store.command });
    expect(noFolder.code).toBe(1);
    expect(noFolder.err).toContain(`no folder ${join(store.root, 'missing')}`);
    expect(store.calls()).toEqual([]);
  });
});

// ───────────── the built command (dist/) ─────────────

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built command with a fake store: both knobs always set, so it never reaches the real one. */
function entrada(args: string[], store: ReturnType<typeof fakeStore>, options: { uid?: number; gid?: number } = {}): Promise<Ran> {
  // Without the suite's NODE_EXTRA_CA_CERTS (e2e setup), which another uid may not read: Node would warn on stderr.
  const { NODE_EXTRA_CA_CERTS: _ca, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = { ...inherited, ENTRADA_TRUST_DIR: store.trustDir, ENTRADA_UPDATE_CA_COMMAND: store.command };
  delete env.ENTRADA_HOME;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'entrada.cjs'), ...args], { cwd: dir, env, ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('entrada trust, spawned', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'cli', 'trust.js'))) throw new Error('dist/ is missing or old: run `npm run build` first (npm test does).');
  });

  it('strict flags: a typo and --remove with --print are refused (exit 2)', async () => {
    const store = fakeStore();
    const typo = await entrada(['trust', '--prnt', '--home', home], store);
    expect(typo.code).toBe(2);
    expect(typo.stderr.split('\n')[0]).toBe("entrada: 'entrada trust' has no flag --prnt; did you mean --print?");
    const both = await entrada(['trust', '--remove', '--print', '--home', home], store);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('entrada: --remove and --print do not go together (--print changes nothing).\nUsage:\n  entrada trust [--remove | --print] [--home DIR]');
    expect(store.calls()).toEqual([]);
  });

  it('ENTRADA_TRUST_DIR and ENTRADA_UPDATE_CA_COMMAND: the store the command changes and the program it runs', async () => {
    const store = fakeStore();
    const r = await entrada(['trust', '--home', home], store);
    expect(r.code).toBe(0);
    expect(readdirSync(store.trustDir)).toEqual([fileName]);
    expect(store.calls()).toEqual(['call:']);
    const removed = await entrada(['trust', '--remove', '--home', home], store);
    expect(removed.code).toBe(0);
    expect(readdirSync(store.trustDir)).toEqual([]);
    expect(store.calls()).toEqual(['call:', 'call:--fresh']);
  });

  it('permission denied: one line saying to use sudo, exit 1, no stack trace', async () => {
    // As root, the command runs as nobody (65534); as a user, the store folder is made read-only.
    const asRoot = process.getuid?.() === 0;
    const store = fakeStore();
    for (const folder of [dir, home, join(home, 'tls')]) chmodSync(folder, 0o755);
    if (!asRoot) chmodSync(store.trustDir, 0o555);
    const r = await entrada(['trust', '--home', home], store, asRoot ? { uid: 65534, gid: 65534 } : {});
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toBe(`entrada: permission denied writing ${store.trustDir}: run it with sudo (sudo entrada trust --home ${home}).\n`);
    expect(readdirSync(store.trustDir)).toEqual([]);
    expect(store.calls()).toEqual([]);
  });
});
