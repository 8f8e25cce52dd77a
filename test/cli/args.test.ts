// The strict reading of `entrada` arguments (src/cli/args.ts): declared flags and positionals
// only, and for a typo the closest declared name.

import { describe, expect, it } from 'vitest';
import { checkArity, commandFirst, commandNotFound, didYouMean, editDistance, parseFlags, sentence, stringFlags, type FlagKind } from '../../src/cli/args.js';
import { COMMAND_WORDS, TOP_COMMANDS } from '../../src/cli/command-table.js';

const START_FLAGS = Object.keys(TOP_COMMANDS.find((c) => c.words[0] === 'start')!.flags);

describe('suggestions', () => {
  it.each([
    // [typed, known, suggestion]
    ['prot', START_FLAGS, '; did you mean --port?'],
    ['prt', START_FLAGS, '; did you mean --port?'],
    ['hme', START_FLAGS, '; did you mean --home?'],
    ['show-secret', START_FLAGS, '; did you mean --show-secrets?'],
    ['seed-mod', START_FLAGS, '; did you mean --seed-mode?'],
    ['mi-prot', START_FLAGS, '; did you mean --mi-port?'],
    ['metric', START_FLAGS, '; did you mean --metrics?'],
    // a unique prefix, however far
    ['data', START_FLAGS, '; did you mean --database?'],
    ['public', START_FLAGS, '; did you mean --public-origin?'],
    // a prefix of several names, too far from each: nothing
    ['mi', START_FLAGS, ''],
    ['colour', START_FLAGS, ''],
    ['', START_FLAGS, ''],
    // case does not matter; ties are all named
    ['PORT', START_FLAGS, '; did you mean --port?'],
    ['mi-hst', START_FLAGS, '; did you mean --mi-host?'],
    ['lo', ['log', 'lg'], '; did you mean --log or --lg?'],
  ])('--%s → %j', (typed, known, expected) => {
    expect(didYouMean(typed, known, '--')).toBe(expected);
  });

  it.each([
    ['frobnicate', ''],
    ['strat', '; did you mean start?'],
    ['lgos', '; did you mean logs?'],
    ['exlpain', '; did you mean explain?'],
    ['usr', '; did you mean user?'],
    ['x', ''],
    ['groups', '; did you mean group?'],
  ])('command %s → %j', (typed, expected) => {
    expect(didYouMean(typed, COMMAND_WORDS)).toBe(expected);
  });

  it.each([
    ['port', 'port', 0],
    ['prot', 'port', 1],
    ['port', 'pot', 1],
    ['start', 'strat', 1],
    ['abc', 'cab', 2],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('edit distance %s ↔ %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('parseFlags', () => {
  const kinds: Record<string, FlagKind> = { port: 'value', quiet: 'switch', enabled: 'boolean', uris: 'list', json: 'switch' };
  const parse = (...tokens: string[]) => parseFlags(tokens, kinds, 'entrada start');

  it.each<[string[], { positionals: string[]; flags: Record<string, unknown> }]>([
    [[], { positionals: [], flags: {} }],
    [['--port', '9843'], { positionals: [], flags: { port: '9843' } }],
    [['--port=9843', 'x'], { positionals: ['x'], flags: { port: '9843' } }],
    [['--port', '-5'], { positionals: [], flags: { port: '-5' } }],
    [['--quiet', 'file'], { positionals: ['file'], flags: { quiet: true } }],
    [['--quiet=false'], { positionals: [], flags: { quiet: false } }],
    [['--enabled', 'TRUE'], { positionals: [], flags: { enabled: true } }],
    [['--uris', 'a', 'b', '--json', '--uris=c'], { positionals: [], flags: { uris: ['a', 'b', 'c'], json: true } }],
    [['-', '--json'], { positionals: ['-'], flags: { json: true } }],
    [['--', '--port', '-x'], { positionals: ['--port', '-x'], flags: {} }],
  ])('%j', (tokens, expected) => {
    expect(parse(...tokens)).toEqual({ help: false, ...expected });
  });

  it.each([
    [['--prot', '9843'], "'entrada start' has no flag --prot; did you mean --port?"],
    [['--colour', 'blue'], "'entrada start' has no flag --colour"],
    [['-p', '9843'], "'entrada start' has no option -p"],
    [['--port'], '--port needs a value'],
    [['--port', '--quiet'], '--port needs a value'],
    // Empty would read as port 0, a random port: `--port=` and `--port "$UNSET"` are refused.
    [['--port='], '--port needs a value'],
    [['--port', ''], '--port needs a value'],
    [['--port', '  '], '--port needs a value'],
    [['--port', '1', '--port', '2'], '--port is given twice'],
    [['--quiet=yes'], '--quiet takes no value (or =true|false)'],
    [['--enabled', 'maybe'], "--enabled takes true or false; got 'maybe'"],
    [['--uris'], '--uris needs at least one value'],
  ])('%j is refused: %s', (tokens, message) => {
    expect(() => parse(...tokens)).toThrow(message);
  });

  it('--help or -h anywhere (before --) asks for the usage, whatever else is wrong', () => {
    for (const tokens of [['--help'], ['--prot', '1', '--help'], ['-h'], ['--help=true']]) expect(parse(...tokens).help).toBe(true);
    expect(parse('--', '--help').help).toBe(false);
  });
});

describe('commands', () => {
  const table = [['start'], ['seed', 'check'], ['logs'], ['app', 'list'], ['app', 'show'], ['app', 'credential', 'add']];

  it.each([
    [['frobnicate'], "unknown command 'entrada frobnicate'"],
    [['strat'], "unknown command 'entrada strat'; did you mean start?"],
    [['seed'], "'entrada seed' needs a sub-command: check"],
    [['seed', 'chek', 'f.yaml'], "unknown command 'entrada seed chek'; did you mean seed check?"],
    [['app', 'shwo', 'X'], "unknown command 'entrada app shwo'; did you mean app show?"],
    [['app', 'credential'], "'entrada app credential' needs a sub-command: add"],
    [['app', 'credential', 'ad'], "unknown command 'entrada app credential ad'; did you mean app credential add?"],
  ])('%j: %s', (words, message) => {
    expect(commandNotFound(table, words).message).toBe(message);
  });

  it('flags before the command words move after them; those that take a value take it along', () => {
    const values = new Set(['home']);
    expect(commandFirst(['--home', '/h', '--json', 'logs', '--limit', '5'], values)).toEqual(['logs', '--limit', '5', '--home', '/h', '--json']);
    expect(commandFirst(['--home=/h', 'logs'], values)).toEqual(['logs', '--home=/h']);
    expect(commandFirst(['-', 'x'], values)).toEqual(['-', 'x']);
  });

  it('counts positional arguments (a trailing ? marks an optional one)', () => {
    expect(() => checkArity(['FILE'], [], 'entrada seed check')).toThrow("'entrada seed check' needs FILE");
    expect(() => checkArity(['FILE'], ['a', 'b'], 'entrada seed check')).toThrow("unexpected argument 'b'");
    expect(() => checkArity(['FILE', 'MORE?'], ['a'], 'x')).not.toThrow();
  });

  it('flags reach loadConfig as strings; a switch set false is left out', () => {
    expect(stringFlags({ port: '1', quiet: true, json: false, uris: ['a', 'b'] })).toEqual({ port: '1', quiet: 'true', uris: 'a,b' });
  });

  it('messages end as sentences', () => {
    expect(sentence("'entrada seed' needs a sub-command")).toBe("'entrada seed' needs a sub-command.");
    expect(sentence('did you mean --port?')).toBe('did you mean --port?');
  });

  it('every command word is one a typo can be suggested from, and no two commands share their words', () => {
    const words = TOP_COMMANDS.map((c) => c.words.join(' '));
    expect(new Set(words).size).toBe(words.length);
    expect(COMMAND_WORDS).toEqual(expect.arrayContaining(['start', 'seed', 'import', 'export', 'logs', 'explain', 'app', 'sp', 'user', 'group', 'grant']));
  });
});
