// Reading `entrada app|sp|user|group|grant …` arguments against the command table: the longest
// command whose words begin them, then its positional arguments and typed flags (../args.ts, the
// same strict reading, with suggestions, as every other `entrada` command).

import { checkArity, commandFirst as globalFlagsLast, commandNotFound, leadingWords, parseFlags, UsageError, type FlagKind, type FlagValue } from '../args.js';
import type { CommandSpec } from './kit.js';

export { UsageError };

/** Flags every directory command takes. */
export const GLOBAL_FLAGS: Record<string, FlagKind> = { home: 'value', database: 'value', url: 'value', tenant: 'value', json: 'switch', help: 'switch' };

const GLOBAL_VALUE_FLAGS: ReadonlySet<string> = new Set(Object.keys(GLOBAL_FLAGS).filter((name) => GLOBAL_FLAGS[name] === 'value'));

export interface Parsed {
  spec: CommandSpec;
  args: string[];
  flags: Record<string, FlagValue>;
}

/** Global value flags may come before the command words (`entrada --home X app list`). */
export function commandFirst(argv: string[]): string[] {
  return globalFlagsLast(argv, GLOBAL_VALUE_FLAGS);
}

export function parseCommand(commands: readonly CommandSpec[], input: string[]): Parsed {
  const argv = commandFirst(input);
  const words = leadingWords(argv);
  // The longest command whose words begin the arguments.
  const spec = [...commands]
    .sort((a, b) => b.words.length - a.words.length)
    .find((c) => c.words.every((w, i) => words[i] === w));
  if (!spec) throw commandNotFound(commands.map((c) => c.words), words);
  const kinds: Record<string, FlagKind> = { ...GLOBAL_FLAGS, ...spec.flags, ...(spec.args.length > 0 ? { id: 'value' } : {}) };
  const name = `entrada ${spec.words.join(' ')}`;
  const parsed = parseFlags([...words.slice(spec.words.length), ...argv.slice(words.length)], kinds, name);
  if (parsed.help) return { spec, args: [], flags: { help: true } };
  const { positionals, flags } = parsed;
  if (typeof flags.id === 'string') positionals.unshift(flags.id);
  delete flags.id;
  checkArity(spec.args, positionals, name);
  for (const flag of spec.required ?? []) {
    if (flags[flag] === undefined) throw new UsageError(`'${name}' needs --${flag}`);
  }
  return { spec, args: positionals, flags };
}

