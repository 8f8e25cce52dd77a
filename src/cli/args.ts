// Reading a command's arguments against what it declares: its flags (each with a kind) and its
// positional arguments. Anything undeclared is an error that names the closest declared name, so a
// typo (`--prot 9843`) stops the command instead of being ignored. Pure: no I/O, no imports, so
// `entrada --help` loads nothing else (main.ts).

/** `switch`: present or not (`--json`); `boolean`: takes true|false; `value`: one value; `list`: one or more. */
export type FlagKind = 'switch' | 'boolean' | 'value' | 'list';
export type FlagValue = string | string[] | boolean;

/** Bad arguments: the command says what is wrong (and its usage) and exits 2. */
export class UsageError extends Error {}

export interface ParsedFlags {
  /** `--help` or `-h` was given somewhere (before a `--`): nothing else was checked. */
  help: boolean;
  positionals: string[];
  flags: Record<string, FlagValue>;
}

/**
 * Reads `tokens` (the arguments after the command words) against `kinds`. `--name value`,
 * `--name=value`; a `list` flag takes every value up to the next flag; `--` ends the flags; `-`
 * alone is a positional (stdin). `command` (e.g. `entrada start`) names the command in errors.
 * Throws UsageError on an unknown flag (with a suggestion), a missing or malformed value, a flag
 * given twice.
 */
export function parseFlags(tokens: readonly string[], kinds: Readonly<Record<string, FlagKind>>, command: string): ParsedFlags {
  if (wantsHelp(tokens)) return { help: true, positionals: [], flags: {} };
  const positionals: string[] = [];
  const flags: Record<string, FlagValue> = {};
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === '--') {
      positionals.push(...tokens.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-') {
      positionals.push(token);
      continue;
    }
    if (!token.startsWith('--')) throw new UsageError(`'${command}' has no option ${token}${didYouMean(token.slice(1), Object.keys(kinds), '--')}`);
    const eq = token.indexOf('=');
    const name = token.slice(2, eq > 0 ? eq : undefined);
    const inline = eq > 0 ? token.slice(eq + 1) : undefined;
    const kind = kinds[name];
    if (kind === undefined) throw new UsageError(`'${command}' has no flag --${name}${didYouMean(name, Object.keys(kinds), '--')}`);
    if (flags[name] !== undefined && kind !== 'list') throw new UsageError(`--${name} is given twice`);
    const next = () => {
      const value = inline ?? (i + 1 < tokens.length && !tokens[i + 1].startsWith('--') ? tokens[++i] : undefined);
      // An empty value (`--port=`, `--port "$UNSET"`) would read as a default (port 0: a random
      // port), starting somewhere the user did not ask for: refused like a missing one.
      if (value === undefined || value.trim() === '') throw new UsageError(`--${name} needs a value`);
      return value;
    };
    if (kind === 'switch') {
      if (inline !== undefined && !/^(true|false)$/i.test(inline)) throw new UsageError(`--${name} takes no value (or =true|false)`);
      flags[name] = inline === undefined || inline.toLowerCase() === 'true';
    } else if (kind === 'boolean') {
      const v = next();
      if (!/^(true|false)$/i.test(v)) throw new UsageError(`--${name} takes true or false; got '${v}'`);
      flags[name] = v.toLowerCase() === 'true';
    } else if (kind === 'value') {
      flags[name] = next();
    } else {
      const values: string[] = inline !== undefined ? [inline] : [];
      while (inline === undefined && i + 1 < tokens.length && !tokens[i + 1].startsWith('--')) values.push(tokens[++i]);
      if (values.length === 0) throw new UsageError(`--${name} needs at least one value`);
      flags[name] = [...((flags[name] as string[] | undefined) ?? []), ...values];
    }
  }
  return { help: false, positionals, flags };
}

/** `--help`, `--help=true` or `-h` before any `--`. */
export function wantsHelp(tokens: readonly string[]): boolean {
  for (const t of tokens) {
    if (t === '--') return false;
    if (t === '--help' || t === '-h' || t.toLowerCase() === '--help=true') return true;
  }
  return false;
}

/**
 * Flags that may come before the command words (`entrada --home X logs`), moved after them so the
 * words come first. `valueFlags` are those that take the next token as their value.
 */
export function commandFirst(argv: readonly string[], valueFlags: ReadonlySet<string>): string[] {
  const leading: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '-' && argv[i] !== '--') {
    const takesValue = argv[i].startsWith('--') && !argv[i].includes('=') && valueFlags.has(argv[i].slice(2));
    const width = takesValue ? 2 : 1;
    leading.push(...argv.slice(i, i + width));
    i += width;
  }
  return [...argv.slice(i), ...leading];
}

/** The words at the start of `argv` (up to the first flag). */
export function leadingWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  while (words.length < argv.length && !argv[words.length].startsWith('-')) words.push(argv[words.length]);
  return words;
}

/** Flags as the string record loadConfig reads: a switch given is 'true', one set false is left out. */
export function stringFlags(flags: Readonly<Record<string, FlagValue>>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, v] of Object.entries(flags)) {
    if (v !== false) out[name] = Array.isArray(v) ? v.join(',') : String(v);
  }
  return out;
}

/** Too few or too many positional arguments for `args` (a trailing `?` marks an optional one). */
export function checkArity(args: readonly string[], positionals: readonly string[], command: string): void {
  const required = args.filter((a) => !a.endsWith('?'));
  if (positionals.length < required.length) throw new UsageError(`'${command}' needs ${required.join(' ')}`);
  if (positionals.length > args.length) throw new UsageError(`unexpected argument '${positionals[args.length]}'`);
}

/**
 * Why `words` name no command of `table` (each entry a command's words): a sub-command is missing,
 * or one word is not a command there, with the closest ones.
 */
export function commandNotFound(table: ReadonlyArray<readonly string[]>, words: readonly string[]): UsageError {
  const startsWith = (c: readonly string[], n: number) => c.length > n && c.slice(0, n).every((w, i) => words[i] === w);
  let depth = 0;
  while (depth < words.length && table.some((c) => startsWith(c, depth + 1))) depth++;
  const known = words.slice(0, depth).join(' ');
  const next = [...new Set(table.filter((c) => startsWith(c, depth)).map((c) => c[depth]))];
  if (depth > 0 && depth === words.length) return new UsageError(`'entrada ${known}' needs a sub-command: ${next.join(', ')}`);
  const prefix = known === '' ? '' : `${known} `;
  return new UsageError(`unknown command 'entrada ${prefix}${words[depth] ?? ''}'${didYouMean(words[depth] ?? '', next, prefix)}`);
}

/** A message as a sentence: a full stop unless it ends with one, or with a question. */
export function sentence(message: string): string {
  return /[.?!]$/.test(message) ? message : `${message}.`;
}

// ───────────────────────── suggestions ─────────────────────────

/**
 * `; did you mean --port?` for the declared names closest to `input` (edit distance ≤ 2,
 * transpositions counting one, and less than the input's length so a one-letter typo of a
 * two-letter name does not match everything), else the one name `input` begins; '' when none fits.
 */
export function didYouMean(input: string, known: readonly string[], prefix = ''): string {
  const names = suggestions(input, known);
  if (names.length === 0) return '';
  return `; did you mean ${names.map((n) => `${prefix}${n}`).join(' or ')}?`;
}

/** The names `didYouMean` proposes, best first (at most three). */
export function suggestions(input: string, known: readonly string[]): string[] {
  const word = input.toLowerCase();
  if (word === '') return [];
  const scored = known
    .map((name) => ({ name, d: editDistance(word, name.toLowerCase()) }))
    .filter(({ d }) => d <= 2 && d < word.length);
  if (scored.length > 0) {
    const best = Math.min(...scored.map(({ d }) => d));
    return scored.filter(({ d }) => d === best).map(({ name }) => name).slice(0, 3);
  }
  const extending = known.filter((name) => name.toLowerCase().startsWith(word));
  return extending.length === 1 ? extending : [];
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * adjacent letters each cost one (`prot` → `port` is one swap).
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
