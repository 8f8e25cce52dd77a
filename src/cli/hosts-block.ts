// The marked block `entrada hosts --apply` keeps in a hosts file, as pure text edits: build it, put
// it in (replacing the one there), take it out. Every other line is kept byte for byte, and the
// file's line ending (LF or CRLF, as on Windows) is used for the lines added.

import { isIP } from 'node:net';

export const BLOCK_BEGIN = '# BEGIN entrada hosts mode (entrada hosts --remove takes it out)';
export const BLOCK_END = '# END entrada hosts mode';
/** Markers are recognised by these prefixes, so a hand-edited tail on the line still counts. */
const BEGIN_PREFIX = '# BEGIN entrada hosts mode';
const END_PREFIX = BLOCK_END;

/** Loopback in both families: clients resolving a name may try ::1 first (getaddrinfo's order). */
export const DEFAULT_ADDRESSES: readonly string[] = ['127.0.0.1', '::1'];

/** The hosts file is not one this command can edit safely (a marker without its pair, two blocks). */
export class HostsBlockError extends Error {}

/**
 * The entries: one `ADDRESS NAME` line per address and name. One name a line rather than all on
 * one: the first name of a hosts line is the canonical name of the others, and a client asking
 * for graph.microsoft.com should not be told it is login.microsoftonline.com.
 */
export function hostsEntries(addresses: readonly string[], names: readonly string[]): string[] {
  return addresses.flatMap((address) => names.map((name) => `${address} ${name}`));
}

/** The whole block, markers included (without line endings). */
export function hostsBlock(entries: readonly string[]): string[] {
  return [BLOCK_BEGIN, ...entries, BLOCK_END];
}

/** Why `address` cannot stand in the block (not an IP address, or the unspecified one); undefined when it can. */
export function addressProblem(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return `--address must be an IP address (like 127.0.0.1, 192.168.1.20 or ::1), not ${JSON.stringify(address)}: a hosts file maps names to addresses`;
  if (/^(0\.0\.0\.0|::|0:0:0:0:0:0:0:0)$/.test(address)) return `--address ${address} is the unspecified address, not one a client can connect to; give the server's address`;
  return undefined;
}

/** A line's text and its own ending ('' for a last line without one), so a line is written back as read. */
interface Line {
  text: string;
  ending: string;
}

function split(text: string): Line[] {
  return (text.match(/[^\n]*\n|[^\n]+$/g) ?? []).map((segment) => {
    const ending = segment.endsWith('\r\n') ? '\r\n' : segment.endsWith('\n') ? '\n' : '';
    return { text: segment.slice(0, segment.length - ending.length), ending };
  });
}

function join(lines: readonly Line[]): string {
  return lines.map((l) => l.text + l.ending).join('');
}

/** The ending for added lines: CRLF in a file that uses it (Windows), else LF. */
function endingOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Where the block is: its BEGIN and END line indexes, undefined when there is none; throws when malformed. */
export function findBlock(lines: readonly string[]): { begin: number; end: number } | undefined {
  const begins: number[] = [];
  const ends: number[] = [];
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t.startsWith(BEGIN_PREFIX)) begins.push(i);
    else if (t.startsWith(END_PREFIX)) ends.push(i);
  });
  const at = (indexes: number[]) => indexes.map((i) => i + 1).join(' and ');
  if (begins.length > 1) throw new HostsBlockError(`two entrada blocks (BEGIN markers on lines ${at(begins)}); remove one by hand, then rerun`);
  if (ends.length > 1) throw new HostsBlockError(`two END markers of the entrada block (lines ${at(ends)}); fix the file by hand, then rerun`);
  if (begins.length === 1 && ends.length === 0) throw new HostsBlockError(`the entrada block that begins on line ${begins[0] + 1} has no END marker; fix the file by hand, then rerun`);
  if (begins.length === 0 && ends.length === 1) throw new HostsBlockError(`an END marker of the entrada block on line ${ends[0] + 1} with no BEGIN; fix the file by hand, then rerun`);
  if (begins.length === 0) return undefined;
  if (ends[0] < begins[0]) throw new HostsBlockError(`the entrada block's END marker (line ${ends[0] + 1}) comes before its BEGIN (line ${begins[0] + 1}); fix the file by hand, then rerun`);
  return { begin: begins[0], end: ends[0] };
}

export interface Edit {
  text: string;
  /** What happened: added at the end, replaced the existing block, removed it, or no block to remove. */
  outcome: 'added' | 'replaced' | 'removed' | 'absent';
  /** Whether `text` differs from the input. */
  changed: boolean;
}

/** `text` with the block holding `entries`: the existing block replaced where it stands, else appended. */
export function applyBlock(text: string, entries: readonly string[]): Edit {
  const lines = split(text);
  const eol = endingOf(text);
  const found = findBlock(lines.map((l) => l.text));
  const block = hostsBlock(entries).map((t) => ({ text: t, ending: eol }));
  let out: Line[];
  if (found) {
    // The END line keeps its own ending (none when it closes a file without a final line ending).
    block[block.length - 1].ending = lines[found.end].ending;
    out = [...lines.slice(0, found.begin), ...block, ...lines.slice(found.end + 1)];
  } else {
    // Appending after a last line without a line ending gives it one (else the marker would join it).
    const previous = lines.map((l, i) => (i === lines.length - 1 && l.ending === '' ? { ...l, ending: eol } : l));
    out = [...previous, ...block];
  }
  const result = join(out);
  return { text: result, outcome: found ? 'replaced' : 'added', changed: result !== text };
}

/** `text` without the block (and nothing else removed); `absent` when it had none. */
export function removeBlock(text: string): Edit {
  const lines = split(text);
  const found = findBlock(lines.map((l) => l.text));
  if (!found) return { text, outcome: 'absent', changed: false };
  const result = join([...lines.slice(0, found.begin), ...lines.slice(found.end + 1)]);
  return { text: result, outcome: 'removed', changed: true };
}

/**
 * Lines outside the block that already name one of `names` (a hand-made entry, another tool's):
 * left as they are, but said, since the resolver may answer from them instead of the block.
 */
export function otherMentions(text: string, names: readonly string[]): { line: number; text: string }[] {
  const lines = split(text).map((l) => l.text);
  let found: { begin: number; end: number } | undefined;
  try {
    found = findBlock(lines);
  } catch {
    found = undefined;
  }
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const out: { line: number; text: string }[] = [];
  lines.forEach((line, i) => {
    if (found && i >= found.begin && i <= found.end) return;
    const fields = line.replace(/#.*/, '').trim().split(/\s+/);
    if (fields.length > 1 && fields.slice(1).some((f) => wanted.has(f.toLowerCase().replace(/\.$/, '')))) out.push({ line: i + 1, text: line.trim() });
  });
  return out;
}
