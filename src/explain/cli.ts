// `entrada explain <file|-> [--manifest FILE] [--json]`: diagnose an error the real Entra returned,
// offline. Exit codes: 0 when the input held login requests or errors it could read (and the
// report was printed), 1 when it held nothing it recognised or is broken JSON (a truncated HAR:
// nothing is described, since what remains is not the request that was made), 2 on usage errors
// (bad flags, unreadable file, invalid manifest).

import { readFile } from 'node:fs/promises';
import { parseFlags, UsageError, type ParsedFlags } from '../cli/args.js';
import { readManifest } from '../manifest/read.js';
import { diagnose } from './diagnose.js';
import { parseInput } from './parse/index.js';
import { renderJson, renderText } from './render.js';
import type { ManifestContext } from './report.js';
import { secretValues } from './secrets.js';

export const EXPLAIN_USAGE = `Usage: entrada explain <file|-> [--manifest FILE] [--json]

Explains an error from the real Microsoft Entra ID, offline: why the request was refused and what
to change in the app registration. The input (a file, or - for stdin) may be
  - an error body (JSON) or any text with an AADSTS message (an SDK exception, the error page),
  - a HAR file (browser devtools "Save all as HAR", Fiddler, Charles),
  - a curl command (e.g. the browser's "Copy as cURL"), optionally followed by its output,
  - a raw HTTP request (POST /tenant/oauth2/v2.0/token HTTP/1.1 …), optionally with the response.
--manifest FILE   the app registration's manifest (App registrations → <app> → Manifest → Download;
                  either format), to say exactly which setting decided
--json            machine-readable output
Secrets, passwords, codes, tokens and assertions in the input are never printed.
Exit status: 0 when a report was printed, 1 when the input holds nothing to explain or is broken
JSON (e.g. a truncated HAR), 2 on a usage error or an unreadable manifest.`;

export interface ExplainIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
  now(): Date;
}

export function processIo(): ExplainIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    readFile: (p) => readFile(p, 'utf8'),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
      return Buffer.concat(chunks).toString('utf8');
    },
    now: () => new Date(),
  };
}

interface Options {
  input: string;
  manifest?: string;
  json: boolean;
}

function parseOptions(argv: string[]): Options | { help: true } | { error: string } {
  let parsed: ParsedFlags;
  try {
    // The same strict reading as every `entrada` command: an unknown flag names the closest one.
    parsed = parseFlags(argv, { manifest: 'value', json: 'switch', help: 'switch' }, 'entrada explain');
  } catch (err) {
    if (err instanceof UsageError) return { error: err.message };
    throw err;
  }
  if (parsed.help) return { help: true };
  const { positionals, flags } = parsed;
  const manifest = typeof flags.manifest === 'string' ? flags.manifest : undefined;
  if (positionals.length === 0) return { error: 'name the input file, or - to read stdin' };
  if (positionals.length > 1) return { error: `one input at a time (got ${positionals.join(', ')})` };
  if (manifest === '') return { error: '--manifest needs a file' };
  return { input: positionals[0], manifest, json: flags.json === true };
}

export async function runExplain(argv: string[], io: ExplainIo = processIo()): Promise<number> {
  const opts = parseOptions(argv);
  if ('help' in opts) {
    io.stdout(`${EXPLAIN_USAGE}\n`);
    return 0;
  }
  if ('error' in opts) {
    io.stderr(`entrada explain: ${opts.error}\n\n${EXPLAIN_USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = opts.input === '-' ? await io.readStdin() : await io.readFile(opts.input);
  } catch (err) {
    io.stderr(`entrada explain: cannot read ${opts.input}: ${(err as Error).message}\n`);
    return 2;
  }
  let manifest: ManifestContext | null = null;
  if (opts.manifest !== undefined) {
    const loaded = await loadManifest(opts.manifest, io);
    if (typeof loaded === 'string') {
      io.stderr(`entrada explain: ${loaded}\n`);
      return 2;
    }
    manifest = loaded;
  }

  const parsed = parseInput(text);
  const report = diagnose({ parsed, manifest, now: io.now() });
  const secrets = secretValues(parsed.exchanges);
  if (opts.json) io.stdout(`${renderJson(report, secrets)}\n`);
  if (parsed.invalid !== undefined) {
    io.stderr(`entrada explain: ${opts.input === '-' ? 'stdin' : opts.input}: ${parsed.invalid}; nothing was explained.\n`);
    return 1;
  }
  if (parsed.exchanges.length === 0) {
    io.stderr(
      `entrada explain: found nothing to explain in ${opts.input === '-' ? 'stdin' : opts.input}: expected an Entra error body (JSON), ` +
        'text with an AADSTS message, a HAR file with requests to login.microsoftonline.com, a curl command or a raw HTTP request.\n' +
        parsed.notes.map((n) => `  note: ${n}\n`).join(''),
    );
    return 1;
  }
  if (!opts.json) io.stdout(`${renderText(report, secrets, { inputName: opts.input === '-' ? 'stdin' : opts.input })}\n`);
  return 0;
}

async function loadManifest(path: string, io: ExplainIo): Promise<ManifestContext | string> {
  let raw: string;
  try {
    raw = await io.readFile(path);
  } catch (err) {
    return `cannot read the manifest ${path}: ${(err as Error).message}`;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch (err) {
    // JSON.parse's message quotes the text: never echo a (possibly binary) file's bytes.
    const binary = raw.includes('\u0000') || raw.includes('\uFFFD') || /^PK\u0003\u0004/.test(raw);
    const pos = /position (\d+)/.exec((err as Error).message)?.[1];
    return `the manifest ${path} is not JSON${binary ? ' (it is a binary file, e.g. a .zip or an image: download the manifest again from App registrations → <app> → Manifest → Download)' : pos ? ` (syntax error at character ${pos})` : ''}`;
  }
  // A manifest does not name its tenant; the placeholder is never shown or compared.
  const result = readManifest(json, '00000000-0000-0000-0000-000000000000');
  if (!result.ok) return `${path}: ${result.errors.join('; ')}`;
  const obj = (json as { value?: unknown[] }).value?.length === 1 ? (json as { value: unknown[] }).value[0] : json;
  const publisher = (obj as Record<string, unknown>)['publisherDomain'];
  const { ok: _ok, ...read } = result;
  return { read, publisherDomain: typeof publisher === 'string' && publisher !== '' ? publisher : null };
}
