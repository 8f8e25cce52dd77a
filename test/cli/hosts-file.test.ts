// `entrada hosts` (src/cli/hosts-file.ts, hosts-block.ts): the marked block's pure edits as tables,
// then the command on temporary files, then the built command spawned (npm run build first). Every
// write goes to a temporary file (--file); the machine's /etc/hosts is only read, to check it is
// left alone.

import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostsOptions, runHosts, writeHostsFile } from '../../src/cli/hosts-file.js';
import { addressProblem, applyBlock, BLOCK_BEGIN, BLOCK_END, findBlock, HostsBlockError, hostsBlock, hostsEntries, otherMentions, removeBlock } from '../../src/cli/hosts-block.js';
import { MICROSOFT_HOSTS } from '../../src/core/microsoft-hosts.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const ENTRIES = hostsEntries(['127.0.0.1', '::1'], MICROSOFT_HOSTS);
const BLOCK = hostsBlock(ENTRIES);
const lf = (lines: string[]) => lines.map((l) => `${l}\n`).join('');
const crlf = (lines: string[]) => lines.map((l) => `${l}\r\n`).join('');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'entrada-hosts-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the block', () => {
  it('one line per address and name, every Microsoft host, between the markers', () => {
    expect(BLOCK[0]).toBe('# BEGIN entrada hosts mode (entrada hosts --remove takes it out)');
    expect(BLOCK.at(-1)).toBe('# END entrada hosts mode');
    expect(ENTRIES).toHaveLength(2 * MICROSOFT_HOSTS.length);
    expect(ENTRIES).toContain('127.0.0.1 login.microsoftonline.com');
    expect(ENTRIES).toContain('::1 graph.microsoft.com');
    for (const name of MICROSOFT_HOSTS) expect(ENTRIES.filter((e) => e.endsWith(` ${name}`))).toHaveLength(2);
  });

  it('--address must be a usable IP address', () => {
    for (const ok of ['127.0.0.1', '192.168.1.20', '::1', 'fd00::5']) expect(addressProblem(ok), ok).toBeUndefined();
    for (const bad of ['localhost', '1.2.3', '999.1.1.1', '', 'entrada.example.com', '0.0.0.0', '::']) expect(addressProblem(bad), bad).toBeTypeOf('string');
  });
});

describe('adding, replacing and removing it (pure)', () => {
  const original = ['127.0.0.1 localhost', '# a comment kept', '10.0.0.2 nas.lan   # trailing comment', ''];
  const table: { name: string; before: string; after: string; outcome: 'added' | 'replaced' }[] = [
    { name: 'appended to an LF file', before: lf(original), after: lf([...original, ...BLOCK]), outcome: 'added' },
    { name: 'CRLF file: CRLF lines added', before: crlf(original), after: crlf([...original, ...BLOCK]), outcome: 'added' },
    { name: 'no final line ending: one added before the block', before: '127.0.0.1 localhost', after: lf(['127.0.0.1 localhost', ...BLOCK]), outcome: 'added' },
    { name: 'an empty file', before: '', after: lf(BLOCK), outcome: 'added' },
    {
      name: 'an existing block replaced where it stands',
      before: lf(['127.0.0.1 localhost', BLOCK_BEGIN, '10.9.9.9 login.microsoftonline.com', BLOCK_END, '# after']),
      after: lf(['127.0.0.1 localhost', ...BLOCK, '# after']),
      outcome: 'replaced',
    },
    {
      name: 'a block whose markers were hand-edited (indented, a tail) still recognised',
      before: lf(['  # BEGIN entrada hosts mode, added by me', '10.9.9.9 graph.microsoft.com', '# END entrada hosts mode   ']),
      after: lf(BLOCK),
      outcome: 'replaced',
    },
    {
      name: 'an existing block ending the file without a line ending',
      before: `127.0.0.1 localhost\n${BLOCK_BEGIN}\n1.2.3.4 x\n${BLOCK_END}`,
      after: `127.0.0.1 localhost\n${BLOCK.join('\n')}`,
      outcome: 'replaced',
    },
  ];
  for (const row of table) {
    it(row.name, () => {
      const edit = applyBlock(row.before, ENTRIES);
      expect(edit.text).toBe(row.after);
      expect(edit.outcome).toBe(row.outcome);
      expect(applyBlock(edit.text, ENTRIES)).toEqual({ text: edit.text, outcome: 'replaced', changed: false });
    });
  }

  it('remove is the inverse of add, keeping every other byte (CRLF, mixed endings, no final line ending)', () => {
    for (const before of [lf(original), crlf(original), '127.0.0.1 localhost', '', 'a\r\nb\nc\r\n', '\n\n']) {
      const added = applyBlock(before, ENTRIES).text;
      const removed = removeBlock(added);
      expect(removed.outcome).toBe('removed');
      // A file without a final line ending got one when the block was appended after it.
      expect(removed.text, JSON.stringify(before)).toBe(before === '127.0.0.1 localhost' ? `${before}\n` : before);
    }
    expect(removeBlock(`a\n${BLOCK_BEGIN}\nx\n${BLOCK_END}\nb\n`).text).toBe('a\nb\n');
    expect(removeBlock(lf(original))).toEqual({ text: lf(original), outcome: 'absent', changed: false });
  });

  it('malformed files are refused with the line numbers, not guessed at', () => {
    const cases: [string, RegExp][] = [
      [lf([BLOCK_BEGIN, 'x', BLOCK_END, 'y', BLOCK_BEGIN, 'z', BLOCK_END]), /two entrada blocks \(BEGIN markers on lines 1 and 5\)/],
      [lf(['a', BLOCK_BEGIN, 'x']), /begins on line 2 has no END marker/],
      [lf(['a', BLOCK_END]), /END marker of the entrada block on line 2 with no BEGIN/],
      [lf([BLOCK_END, 'x', BLOCK_BEGIN]), /END marker \(line 1\) comes before its BEGIN \(line 3\)/],
      [lf([BLOCK_BEGIN, BLOCK_END, BLOCK_END]), /two END markers/],
    ];
    for (const [text, message] of cases) {
      expect(() => applyBlock(text, ENTRIES)).toThrow(HostsBlockError);
      expect(() => applyBlock(text, ENTRIES)).toThrow(message);
      expect(() => removeBlock(text)).toThrow(message);
    }
    expect(findBlock(['a', 'b'])).toBeUndefined();
  });

  it('names the lines outside the block that already map a Microsoft host', () => {
    const text = lf(['127.0.0.1 localhost', '10.0.0.1 Graph.Microsoft.com. other', '# 1.2.3.4 login.windows.net', ...BLOCK]);
    expect(otherMentions(text, MICROSOFT_HOSTS)).toEqual([{ line: 2, text: '10.0.0.1 Graph.Microsoft.com. other' }]);
  });
});

/** runHosts on `file`, its output collected. */
function hosts(mode: HostsOptions['mode'], file: string, addresses: string[] = ['127.0.0.1', '::1']) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runHosts({ mode, file, fileGiven: true, addresses, platform: 'linux', out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('entrada hosts on a file', () => {
  it('prints without writing; --apply adds; again changes nothing; --address replaces; --remove restores the file', () => {
    const file = join(dir, 'hosts-cycle');
    const original = '127.0.0.1 localhost\r\n::1 localhost\r\n';
    writeFileSync(file, original, { mode: 0o644 });
    chmodSync(file, 0o644);

    const printed = hosts('print', file);
    expect(printed.code).toBe(0);
    expect(printed.out.split('\n')).toEqual(BLOCK);
    expect(printed.err).toContain('nothing was written');
    expect(readFileSync(file, 'utf8')).toBe(original);

    const applied = hosts('apply', file);
    expect(applied).toMatchObject({ code: 0, err: '' });
    expect(applied.out).toContain(`added the entrada block to ${file}: 127.0.0.1 and ::1 for login.microsoftonline.com`);
    expect(applied.out).toContain(`Undo: sudo entrada hosts --remove --file ${file}`);
    expect(readFileSync(file, 'utf8')).toBe(original + crlf(BLOCK));
    expect(statSync(file).mode & 0o777).toBe(0o644);

    expect(hosts('apply', file).out).toContain('already has this block');
    const other = hosts('apply', file, ['10.1.2.3']);
    expect(other.out).toContain('replaced the entrada block');
    expect(readFileSync(file, 'utf8')).toBe(original + crlf(hostsBlock(hostsEntries(['10.1.2.3'], MICROSOFT_HOSTS))));

    expect(hosts('remove', file)).toMatchObject({ code: 0, out: `entrada: removed the entrada block from ${file}; Microsoft's names resolve as before.` });
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(hosts('remove', file)).toMatchObject({ code: 0, out: `entrada: ${file} has no entrada block: nothing to remove.` });
    // No temporary file left beside it.
    expect(readdirSync(dir).filter((f) => f.includes('hosts-cycle'))).toEqual(['hosts-cycle']);
  });

  it('a malformed file, a missing file: one line, exit 1, nothing written', () => {
    const file = join(dir, 'hosts-two-blocks');
    const text = lf([BLOCK_BEGIN, BLOCK_END, BLOCK_BEGIN, BLOCK_END]);
    writeFileSync(file, text);
    const r = hosts('apply', file);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`entrada: ${file}: two entrada blocks (BEGIN markers on lines 1 and 3); remove one by hand, then rerun. Nothing was written.`);
    expect(readFileSync(file, 'utf8')).toBe(text);
    const missing = hosts('apply', join(dir, 'no-such-hosts'));
    expect(missing).toMatchObject({ code: 1, err: `entrada: no file ${join(dir, 'no-such-hosts')} (--file); nothing was written.` });
    expect(existsSync(join(dir, 'no-such-hosts'))).toBe(false);
  });

  it('a hand-made line for a Microsoft host outside the block is kept and named', () => {
    const file = join(dir, 'hosts-manual');
    writeFileSync(file, '127.0.0.1 localhost\n10.0.0.7 graph.microsoft.com\n');
    const r = hosts('apply', file);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`entrada: note: line 2 of ${file}, outside the block, also names a Microsoft host (left as is): 10.0.0.7 graph.microsoft.com`);
    expect(readFileSync(file, 'utf8')).toBe(`127.0.0.1 localhost\n10.0.0.7 graph.microsoft.com\n${lf(BLOCK)}`);
  });

  it('a symbolic link: the file it names is edited, the link stays a link', () => {
    const real = join(dir, 'hosts-real');
    const link = join(dir, 'hosts-link');
    writeFileSync(real, '127.0.0.1 localhost\n');
    symlinkSync(real, link);
    expect(hosts('apply', link).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe(`127.0.0.1 localhost\n${lf(BLOCK)}`);
  });

  it('where a rename cannot replace the file (a bind-mounted /etc/hosts: EBUSY, EXDEV), it is rewritten in place', () => {
    for (const code of ['EBUSY', 'EXDEV']) {
      const file = join(dir, `hosts-${code}`);
      writeFileSync(file, 'a\n', { mode: 0o600 });
      const refuse = () => {
        throw Object.assign(new Error(`rename: ${code}`), { code });
      };
      expect(writeHostsFile(file, 'b\n', refuse)).toBe('in place');
      expect(readFileSync(file, 'utf8')).toBe('b\n');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readdirSync(dir).filter((f) => f.includes(`hosts-${code}`))).toEqual([`hosts-${code}`]);
    }
    const file = join(dir, 'hosts-rename');
    writeFileSync(file, 'a\n', { mode: 0o640 });
    chmodSync(file, 0o640);
    expect(writeHostsFile(file, 'c\n')).toBe('renamed');
    expect(readFileSync(file, 'utf8')).toBe('c\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });
});

// ───────────── the built command (dist/) ─────────────

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function entrada(args: string[], options: { uid?: number; gid?: number } = {}): Promise<Ran> {
  return new Promise((done, fail) => {
    // Without the suite's NODE_EXTRA_CA_CERTS (e2e setup), which another uid may not read: Node would warn on stderr.
    const { NODE_EXTRA_CA_CERTS: _ca, ...env } = process.env;
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'entrada.cjs'), ...args], { cwd: dir, env, ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('entrada hosts, spawned', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'cli', 'hosts-file.js'))) throw new Error('dist/ is missing or old: run `npm run build` first (npm test does).');
  });

  it('no flag: prints the block, writes nothing (the machine\'s /etc/hosts is unchanged)', async () => {
    const before = readFileSync('/etc/hosts', 'utf8');
    const r = await entrada(['hosts']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(lf(BLOCK));
    expect(r.stderr).toBe('entrada: nothing was written. `sudo entrada hosts --apply` puts these lines into /etc/hosts (in this marked block); `sudo entrada hosts --remove` takes them out.\n');
    expect(readFileSync('/etc/hosts', 'utf8')).toBe(before);
  });

  it('strict flags: a typo, --apply with --remove, a bad --address: exit 2 with the usage', async () => {
    const typo = await entrada(['hosts', '--aply', '--file', join(dir, 'never')]);
    expect(typo.code).toBe(2);
    expect(typo.stderr.split('\n')[0]).toBe("entrada: 'entrada hosts' has no flag --aply; did you mean --apply?");
    const both = await entrada(['hosts', '--apply', '--remove', '--file', join(dir, 'never')]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('entrada: --apply and --remove do not go together.\nUsage:\n  entrada hosts [--apply | --remove]');
    const address = await entrada(['hosts', '--address', 'my-server', '--apply', '--file', join(dir, 'never')]);
    expect(address.code).toBe(2);
    expect(address.stderr.split('\n')[0]).toBe('entrada: --address must be an IP address (like 127.0.0.1, 192.168.1.20 or ::1), not "my-server": a hosts file maps names to addresses.');
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('--apply --file --address, then --remove, through the command line', async () => {
    const file = join(dir, 'hosts-spawned');
    writeFileSync(file, '127.0.0.1 localhost\n');
    const applied = await entrada(['hosts', '--apply', '--file', file, '--address', '192.168.1.20']);
    expect(applied.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(`127.0.0.1 localhost\n${lf(hostsBlock(hostsEntries(['192.168.1.20'], MICROSOFT_HOSTS)))}`);
    const removed = await entrada(['hosts', '--remove', '--file', file]);
    expect(removed.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('127.0.0.1 localhost\n');
  });

  it('permission denied: one line saying to use sudo, exit 1, no stack trace', async () => {
    // As root, the command runs as nobody (65534); as a user, the file is made read-only.
    const asRoot = process.getuid?.() === 0;
    const folder = mkdtempSync(join(dir, 'denied-'));
    chmodSync(dir, 0o755);
    chmodSync(folder, 0o755);
    const file = join(folder, 'hosts');
    writeFileSync(file, '127.0.0.1 localhost\n', { mode: 0o644 });
    if (!asRoot) chmodSync(file, 0o444);
    const r = await entrada(['hosts', '--apply', '--file', file], asRoot ? { uid: 65534, gid: 65534 } : {});
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toBe(`entrada: permission denied writing ${file}: run it with sudo (sudo entrada hosts --apply --file ${file}).\n`);
    expect(readFileSync(file, 'utf8')).toBe('127.0.0.1 localhost\n');
  });
});
