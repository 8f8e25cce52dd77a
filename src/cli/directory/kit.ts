// What every `entrada app|sp|user|group|grant …` family is built from: the command type, reading
// its flags, OData helpers, the output forms (Graph's JSON with --json, else a table or `label
// value` lines), and the shapes the families' `list`, `show` and `delete` commands share.

import type { FlagKind, FlagValue } from '../args.js';
import { CliError, type CliIo, type Session } from '../directory-session.js';

export type { FlagKind, FlagValue };

export type Json = Record<string, unknown>;

export interface RunContext {
  session: Session;
  /** Positional arguments, in the order of the spec's `args`. */
  args: string[];
  flags: Record<string, FlagValue>;
  io: CliIo;
  json: boolean;
}

export interface CommandSpec {
  /** The command words after `entrada`, e.g. ['app', 'credential', 'add']. */
  words: string[];
  /** Positional argument names; a trailing `?` marks an optional one. `--id` may stand for the first. */
  args: string[];
  flags: Record<string, FlagKind>;
  required?: string[];
  /** The usage line after the words. */
  synopsis: string;
  /** A Graph 404 exits 3 (az's `show` commands), not 1. */
  show?: boolean;
  run(ctx: RunContext): Promise<void>;
}

// ───────────────────────── flags ─────────────────────────

export function has(ctx: RunContext, name: string): boolean {
  return ctx.flags[name] !== undefined;
}
export function value(ctx: RunContext, name: string): string | undefined {
  const v = ctx.flags[name];
  return typeof v === 'string' ? v : undefined;
}
export function list(ctx: RunContext, name: string): string[] | undefined {
  const v = ctx.flags[name];
  return Array.isArray(v) ? v : undefined;
}
export function bool(ctx: RunContext, name: string): boolean | undefined {
  const v = ctx.flags[name];
  return typeof v === 'boolean' ? v : undefined;
}

// ───────────────────────── Graph helpers ─────────────────────────

/** An OData string literal: quotes doubled. */
export const lit = (value: string) => `'${value.replace(/'/g, "''")}'`;
/** A `$filter` query, percent-encoded as az does (`quote(…, safe='')`, `$` literal). */
export const filterQuery = (filter: string) => `$filter=${encodeURIComponent(filter)}`;
export const seg = (value: string) => encodeURIComponent(value);
/** One object of a collection: `/v1.0/applications/{id}`. */
export const objectPath = (collection: string, id: unknown) => `/v1.0/${collection}/${seg(String(id))}`;

/** What a command names does not exist: exit 3, as az's ResourceNotFoundError. */
export class NotFound extends CliError {
  constructor(message: string) {
    super(3, message);
  }
}

/** PATCH an object, then read it back as it now stands. */
export async function patchAndGet(ctx: RunContext, path: string, body: Json): Promise<Json> {
  await ctx.session.client.patch(path, body);
  return ctx.session.client.get(path);
}

// ───────────────────────── output ─────────────────────────

export function emit(ctx: RunContext, json: unknown, text: () => string): void {
  ctx.io.out(ctx.json ? JSON.stringify(json, null, 2) : text());
}

export function table(headers: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return empty;
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** `label  value` lines; a list prints one value a line, an empty one `(none)`. */
export function details(title: string, pairs: Array<[string, unknown]>): string {
  const width = Math.max(...pairs.map(([l]) => l.length));
  const lines = [title];
  for (const [label, value] of pairs) {
    const values = Array.isArray(value) ? value.map(String) : [value === null || value === undefined ? '' : String(value)];
    if (values.length === 0) values.push('(none)');
    for (const [i, v] of values.entries()) lines.push(`  ${(i === 0 ? label : '').padEnd(width)}  ${v}`.trimEnd());
  }
  return lines.join('\n');
}

export const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
export const day = (v: unknown) => str(v).slice(0, 10);

// ───────────────────────── list, show and delete ─────────────────────────

/** The `$filter` clause of `--display-name PREFIX`. */
export const displayNameStartsWith = (prefix: string) => `startswith(displayName,${lit(prefix)})`;

interface ListSpec {
  words: string[];
  synopsis: string;
  /** The collection, e.g. `/v1.0/users`. */
  path: string;
  /** Value flags that narrow the list, each to its `$filter` clause, ANDed in this order; `--filter ODATA` comes last. */
  filters: Record<string, (value: string) => string>;
  headers: string[];
  row(item: Json): string[];
  /** What the table prints when nothing matches. */
  empty: string;
}

/** `… list [--FLAG VALUE …] [--filter ODATA]`: GET the collection narrowed by the flags given, print a table. */
export function listCommand(spec: ListSpec): CommandSpec {
  const names = Object.keys(spec.filters);
  return {
    words: spec.words,
    args: [],
    flags: Object.fromEntries([...names, 'filter'].map((name): [string, FlagKind] => [name, 'value'])),
    synopsis: spec.synopsis,
    async run(ctx) {
      const clauses = names.filter((name) => has(ctx, name)).map((name) => spec.filters[name](value(ctx, name)!));
      if (has(ctx, 'filter')) clauses.push(value(ctx, 'filter')!);
      const items = await ctx.session.client.list(`${spec.path}${clauses.length ? `?${filterQuery(clauses.join(' and '))}` : ''}`);
      emit(ctx, items, () => table(spec.headers, items.map(spec.row), spec.empty));
    },
  };
}

/** Finds the object a command's ID argument names (resolve.ts). */
type Resolve = (ctx: RunContext, ref: string) => Promise<Json>;

/** `… show ID`: the object `resolve` finds, as `text` renders it; a Graph 404 exits 3. */
export function showCommand(spec: { words: string[]; synopsis: string; resolve: Resolve; text(found: Json): string }): CommandSpec {
  return {
    words: spec.words,
    args: ['ID'],
    flags: {},
    synopsis: spec.synopsis,
    show: true,
    async run(ctx) {
      const found = await spec.resolve(ctx, ctx.args[0]);
      emit(ctx, found, () => spec.text(found));
    },
  };
}

interface DeleteSpec {
  words: string[];
  synopsis: string;
  resolve: Resolve;
  /** The collection the object is deleted from, e.g. `users`. */
  collection: string;
  /** What `--json` prints besides `deleted: true`. */
  result(found: Json): Json;
  text(found: Json): string;
}

/** `… delete ID`: DELETE the object `resolve` finds. */
export function deleteCommand(spec: DeleteSpec): CommandSpec {
  return {
    words: spec.words,
    args: ['ID'],
    flags: {},
    synopsis: spec.synopsis,
    async run(ctx) {
      const found = await spec.resolve(ctx, ctx.args[0]);
      await ctx.session.client.delete(objectPath(spec.collection, found.id));
      emit(ctx, { ...spec.result(found), deleted: true }, () => spec.text(found));
    },
  };
}
