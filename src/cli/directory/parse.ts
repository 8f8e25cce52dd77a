// Reading `entrada app|sp|user|group|grant …` arguments against the command table: the longest
// command whose words begin them, then its positional arguments and typed flags.

import type { CommandSpec, FlagKind, FlagValue } from './kit.js';

/** Flags every directory command takes. */
export const GLOBAL_FLAGS: Record<string, FlagKind> = { home: 'value', database: 'value', url: 'value', tenant: 'value', json: 'switch', help: 'switch' };

/** Bad arguments: the command prints its usage and exits 2. */
export class UsageError extends Error {}

export interface Parsed {
  spec: CommandSpec;
  args: string[];
  flags: Record<string, FlagValue>;
}

/** Global value flags may come before the command words (`entrada --home X app list`). */
export function commandFirst(argv: string[]): string[] {
  const leading: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i].startsWith('--')) {
    const name = argv[i].slice(2).split('=')[0];
    const takesValue = GLOBAL_FLAGS[name] === 'value' && !argv[i].includes('=');
    leading.push(...argv.slice(i, i + (takesValue ? 2 : 1)));
    i += takesValue ? 2 : 1;
  }
  return [...argv.slice(i), ...leading];
}

export function parseCommand(commands: readonly CommandSpec[], input: string[]): Parsed {
  const argv = commandFirst(input);
  const words: string[] = [];
  while (words.length < argv.length && !argv[words.length].startsWith('--')) words.push(argv[words.length]);
  // The longest command whose words begin the arguments.
  const spec = [...commands]
    .sort((a, b) => b.words.length - a.words.length)
    .find((c) => c.words.every((w, i) => words[i] === w));
  if (!spec) {
    const family = words[0] ?? '';
    throw new UsageError(words.length > 1 ? `unknown command 'entrada ${words.join(' ')}'` : `'entrada ${family}' needs a sub-command`);
  }
  const kinds: Record<string, FlagKind> = { ...GLOBAL_FLAGS, ...spec.flags, ...(spec.args.length > 0 ? { id: 'value' } : {}) };
  const positionals = words.slice(spec.words.length);
  const flags: Record<string, FlagValue> = {};
  const rest = argv.slice(words.length);
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i];
    if (!token.startsWith('--')) {
      positionals.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq > 0 ? eq : undefined);
    const inline = eq > 0 ? token.slice(eq + 1) : undefined;
    const kind = kinds[name];
    if (kind === undefined) throw new UsageError(`'entrada ${spec.words.join(' ')}' has no flag --${name}`);
    if (flags[name] !== undefined && kind !== 'list') throw new UsageError(`--${name} is given twice`);
    const next = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= rest.length || rest[i + 1].startsWith('--')) throw new UsageError(`--${name} needs a value`);
      return rest[++i];
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
      while (inline === undefined && i + 1 < rest.length && !rest[i + 1].startsWith('--')) values.push(rest[++i]);
      if (values.length === 0) throw new UsageError(`--${name} needs at least one value`);
      flags[name] = [...((flags[name] as string[] | undefined) ?? []), ...values];
    }
  }
  if (typeof flags.id === 'string') positionals.unshift(flags.id);
  delete flags.id;
  const required = spec.args.filter((a) => !a.endsWith('?')).length;
  if (flags.help !== true) {
    if (positionals.length < required) throw new UsageError(`'entrada ${spec.words.join(' ')}' needs ${spec.args.filter((a) => !a.endsWith('?')).join(' ')}`);
    if (positionals.length > spec.args.length) throw new UsageError(`unexpected argument '${positionals[spec.args.length]}'`);
    for (const name of spec.required ?? []) {
      if (flags[name] === undefined) throw new UsageError(`'entrada ${spec.words.join(' ')}' needs --${name}`);
    }
  }
  return { spec, args: positionals, flags };
}
